"""Build training/data/sentences/<lang>/<domain>.jsonl from hand-written tagged sources.

Source format (training/data/sentences_src/<lang>/<domain>.txt), one sentence a line:

    12 {e} Jag förstår att det här har varit jobbigt för dig.
    12 {} Jag ser att ärendet fortfarande är öppet.
    13 {do} Enligt gällande villkor ...

The first field is a paraphrase-family number within the file (group id becomes
<lang>-<domain>-<nnn>), then a label tag as in build_replies.py (e=empathetic, d=defensive,
w=weak-hedged, o=officialese, {} = neutral), then the sentence exactly as written.
Blank lines and lines starting with "#" are ignored. This is a format converter only:
every sentence is written by hand in the source.
"""

import json
import re
import sys
from pathlib import Path

DATA = Path(__file__).parents[1]
LINE = re.compile(r"^(\d+)\s+\{([edwo]*)\}\s+(\S.*?)\s*$")
LETTERS = {"e": "empathetic", "d": "defensive", "w": "weak-hedged", "o": "officialese"}
ORDER = list(LETTERS.values())


def parse_source(source: Path, lang: str) -> list[dict]:
    """Turn one tagged source file into sentence records, naming file and line on errors."""
    domain, records = source.stem, []
    for lineno, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = LINE.match(line)
        if not match:
            raise ValueError(f"{source}:{lineno}: expected '<family> {{tags}} <sentence>'")
        family, tags, text = match.groups()
        labels = sorted({LETTERS[c] for c in tags}, key=ORDER.index)
        records.append({"text": text, "labels": labels, "lang": lang, "domain": domain,
                        "group": f"{lang}-{domain}-{int(family):03d}"})
    return records


def main(argv: list[str]) -> None:
    for lang in argv:
        out_dir = DATA / "sentences" / lang
        out_dir.mkdir(parents=True, exist_ok=True)
        for source in sorted((DATA / "sentences_src" / lang).glob("*.txt")):
            records = parse_source(source, lang)
            out = out_dir / f"{source.stem}.jsonl"
            out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                           encoding="utf-8")
            print(f"{out}: {len(records)} sentences")


if __name__ == "__main__":
    main(sys.argv[1:])
