"""Build training/data/replies/<name>.jsonl from a hand-written source file, computing offsets.

Source format (training/data/replies/src/<name>.txt), one reply after another:

    # id=sv-r001 lang=sv domain=bank
    Hej Anna, {}

    Jag förstår hur jobbigt det här är. {e} Jag skickar ett nytt kort i dag. {}
    > Kortet funkar inte!! {}
    - Logga in i appen. {}
    Med vänliga hälsningar {}
    Lisa {}

Every sentence is followed by its label tag: `{}` neutral, or letters e=empathetic,
d=defensive, w=weak-hedged, o=officialese (`{do}` = defensive + officialese). Sentences on one
source line are joined with one space; blank lines are kept. A line starting with "> " is a quoted
customer line (its sentences must be `{}`); "- ", "* ", "• " and "1. " start bullet items.
Offsets are Python string indices, end exclusive, so text[start:end] is each sentence.
"""

import json
import re
import sys
from pathlib import Path

TAG = re.compile(r"\s*\{([edwo]*)\}")
LETTERS = {"e": "empathetic", "d": "defensive", "w": "weak-hedged", "o": "officialese"}
ORDER = list(LETTERS.values())
HEADER = re.compile(r"^# id=(\S+) lang=(\S+) domain=(\S+)\s*$")
MARKER = re.compile(r"^(> |- |\* |• |\d{1,2}\. )")


def parse_line(line: str, where: str) -> tuple[str, list[tuple[str, list[str]]]]:
    """Split one source line into its prefix marker and (sentence, labels) pairs."""
    marker_match = MARKER.match(line)
    marker = marker_match.group(1) if marker_match else ""
    body = line[len(marker):]
    pieces, position = [], 0
    for tag in TAG.finditer(body):
        sentence = body[position:tag.start()].strip()
        if not sentence:
            raise ValueError(f"{where}: label tag without a sentence before it")
        labels = sorted({LETTERS[c] for c in tag.group(1)}, key=ORDER.index)
        pieces.append((sentence, labels))
        position = tag.end()
    if body[position:].strip():
        raise ValueError(f"{where}: text after the last label tag: {body[position:].strip()!r}")
    if marker == "> " and any(labels for _, labels in pieces):
        raise ValueError(f"{where}: quoted customer sentences take no labels")
    return marker, pieces


def build_reply(header: re.Match, lines: list[tuple[int, str]], source: Path) -> dict:
    reply_id, lang, domain = header.groups()
    text, sentences, out_lines = "", [], []
    for lineno, line in lines:
        if not line.strip():
            out_lines.append("")
            continue
        marker, pieces = parse_line(line.rstrip("\n"), f"{source}:{lineno}")
        current = marker
        for index, (sentence, labels) in enumerate(pieces):
            if index:
                current += " "
            start = len(text) + sum(len(l) + 1 for l in out_lines) + len(current)
            current += sentence
            sentences.append({"start": start, "end": start + len(sentence), "labels": labels,
                              "quoted": marker == "> "})
        out_lines.append(current)
    text = "\n".join(out_lines).strip("\n")
    shift = len("\n".join(out_lines)) - len("\n".join(out_lines).lstrip("\n"))
    for s in sentences:
        s["start"] -= shift
        s["end"] -= shift
    reply = {"id": reply_id, "lang": lang, "domain": domain, "text": text, "sentences": sentences}
    check_reply(reply)
    return reply


def check_reply(reply: dict) -> None:
    """Offsets in order, non-overlapping, and covering every non-space, non-marker character."""
    text, covered, previous_end = reply["text"], set(), 0
    for s in reply["sentences"]:
        assert previous_end <= s["start"] < s["end"] <= len(text), (reply["id"], s)
        piece = text[s["start"]:s["end"]]
        assert piece == piece.strip() and piece, (reply["id"], s)
        covered.update(range(s["start"], s["end"]))
        previous_end = s["end"]
    for lineno, line in enumerate(text.split("\n")):
        offset = sum(len(l) + 1 for l in text.split("\n")[:lineno])
        marker = MARKER.match(line)
        skip = len(marker.group(1)) if marker else 0
        for i, ch in enumerate(line):
            if i >= skip and not ch.isspace():
                assert offset + i in covered, (reply["id"], line)


def build_file(source: Path) -> list[dict]:
    replies, header, lines = [], None, []
    for lineno, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        match = HEADER.match(line)
        if match:
            if header:
                replies.append(build_reply(header, lines, source))
            header, lines = match, []
        elif line.startswith("#"):
            raise ValueError(f"{source}:{lineno}: bad header, expected '# id=... lang=... domain=...'")
        elif header:
            lines.append((lineno, line))
    if header:
        replies.append(build_reply(header, lines, source))
    return replies


def main(argv: list[str]) -> None:
    for name in argv or [p.stem for p in sorted((Path(__file__).parents[1] / "replies" / "src").glob("*.txt"))]:
        source = Path(__file__).parents[1] / "replies" / "src" / f"{name}.txt"
        replies = build_file(source)
        out = source.parents[1] / f"{name}.jsonl"
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in replies), encoding="utf-8")
        print(f"{out}: {len(replies)} replies, {sum(len(r['sentences']) for r in replies)} sentences")


if __name__ == "__main__":
    main(sys.argv[1:])
