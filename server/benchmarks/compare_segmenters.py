"""Our segmenter against two reference ones on the hand-checked replies, printed (never asserted).

    .venv/bin/python server/benchmarks/compare_segmenters.py [--raw] [--context 30]

References (dev extra only, never at run time):
- NLTK Punkt, trained unsupervised per language with ``PunktTrainer`` on the text of
  training/data/sentences/LANG/*.jsonl (NLTK's own punkt models are data that PyPI does not ship;
  that corpus is disjoint from the replies scored here, so Punkt never sees them).
- ICU's sentence BreakIterator (``icu4py``), locale ``LANG@ss=standard`` (ICU's abbreviation
  suppressions where it has them).

A boundary is where a sentence ends (white space trimmed), except the end of the reply. Every
reply in training/data/replies/*.jsonl is scored against its gold offsets: precision, recall and
F1 per segmenter and language, over all boundaries and over those inside a line (a line break
always ends a sentence in our convention, so line ends are easy). By default the references
segment each line on its own, which gives them that convention; ``--raw`` hands them the whole
reply instead. Then every boundary where a segmenter disagrees with the gold is printed in
context, ``⟂`` marking the place: what ours gets wrong are the cases for the tests. Last, on
the texts of the challenge sets (no sentence offsets), the places where both references agree
with each other and not with ours: candidates to check by hand.
"""

import argparse
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from icu4py.breakers import SentenceBreaker
from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktTrainer
from tonefall.segment import Utf16Index, line_body_start, segment

DATA = Path(__file__).resolve().parents[2] / "training" / "data"
LINE = re.compile(r"[^\r\n\u2028\u2029\x85\x0b\x0c]+")

Spans = Callable[[str], Iterable[tuple[int, int]]]


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    def add(self, predicted: set[int], gold: set[int]) -> None:
        self.true_positive += len(predicted & gold)
        self.false_positive += len(predicted - gold)
        self.false_negative += len(gold - predicted)

    def row(self) -> str:
        found, wanted = self.true_positive + self.false_positive, self.true_positive + self.false_negative
        precision = self.true_positive / found if found else 1.0
        recall = self.true_positive / wanted if wanted else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return f"P {precision:6.1%}  R {recall:6.1%}  F1 {f1:6.1%}  (fp {self.false_positive}, fn {self.false_negative})"


def load_replies() -> list[dict]:
    replies = []
    for path in sorted((DATA / "replies").glob("*.jsonl")):
        replies += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return replies


def load_unlabelled(langs: set[str]) -> list[dict]:
    """The texts of training/data/challenge*/LANG.jsonl: written apart from the replies, with no
    sentence offsets (a record may be a whole short post), so only a vote can judge them."""
    texts: dict[str, dict] = {}
    for path in sorted(DATA.glob("challenge*/*.jsonl")):
        if path.stem in langs:
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    texts.setdefault(record["text"], {"id": record["group"], "lang": record["lang"], "text": record["text"]})
    return list(texts.values())


def boundaries(text: str, spans: Iterable[tuple[int, int]]) -> set[int]:
    """Sentence ends with trailing white space trimmed, without the reply's own end."""
    ends = set()
    for start, end in spans:
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            ends.add(end)
    ends.discard(len(text.rstrip()))
    return ends


def inside_lines(text: str, ends: set[int]) -> set[int]:
    """The boundaries that are not at the end of a line."""
    return {end for end in ends if text[end:].split("\n", 1)[0].strip()}


def per_line(spans: Spans) -> Spans:
    """Apply a reference to each line's text on its own (list and quote markers left out, as
    ours does): our line-break convention, given to it."""
    def split(text: str) -> Iterable[tuple[int, int]]:
        for line in LINE.finditer(text):
            body = line.start() + line_body_start(line.group())[0]
            for start, end in spans(text[body:line.end()]):
                yield body + start, body + end
    return split


def train_punkt(lang: str) -> PunktSentenceTokenizer:
    """Punkt's parameters learnt without supervision from the sentence corpus of one language."""
    sentences = []
    for path in sorted((DATA / "sentences" / lang).glob("*.jsonl")):
        sentences += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    trainer = PunktTrainer()
    trainer.INCLUDE_ALL_COLLOCS = True
    trainer.train(" ".join(sentences), finalize=True)
    return PunktSentenceTokenizer(trainer.get_params())


def icu_spans(lang: str) -> Spans:
    def split(text: str) -> Iterable[tuple[int, int]]:
        index = Utf16Index(text)  # ICU counts UTF-16 code units
        for start, end in SentenceBreaker(text, f"{lang}@ss=standard").segments():
            yield index.from_utf16(start), index.from_utf16(end)
    return split


def segmenters(langs: set[str], raw: bool) -> dict[str, Callable[[str], Spans]]:
    """Name → (language → span function)."""
    punkt = {lang: train_punkt(lang) for lang in sorted(langs)}
    wrap = (lambda spans: spans) if raw else per_line
    return {
        "tonefall": lambda lang: lambda text: ((s.start, s.end) for s in segment(text)),
        "punkt": lambda lang: wrap(punkt[lang].span_tokenize),
        "icu": lambda lang: wrap(icu_spans(lang)),
    }


def in_context(text: str, offset: int, width: int) -> str:
    left, right = text[max(0, offset - width):offset], text[offset:offset + width]
    return (left + "⟂" + right).replace("\n", "⏎")


def compare(replies: list[dict], systems: dict[str, Callable[[str], Spans]], context: int) -> None:
    """Print the scores of each segmenter on one gold set, then every disagreement with it."""
    scores: dict[tuple[str, str, str], Score] = {}
    disagreements: dict[str, list[str]] = {name: [] for name in systems}
    for reply in replies:
        text, lang = reply["text"], reply["lang"]
        gold = boundaries(text, ((s["start"], s["end"]) for s in reply["sentences"]))
        for name, for_lang in systems.items():
            predicted = boundaries(text, for_lang(lang)(text))
            scoped = {"all": (predicted, gold), "in-line": (inside_lines(text, predicted), inside_lines(text, gold))}
            for scope, (found, wanted) in scoped.items():
                for group in (lang, "*"):
                    scores.setdefault((name, scope, group), Score()).add(found, wanted)
            for offset in sorted(predicted ^ gold):
                kind = "extra break" if offset in predicted else "missed break"
                disagreements[name].append(f"{reply['id']:>11}  {kind:12}  {in_context(text, offset, context)}")
    for (name, scope, group), score in sorted(scores.items(), key=lambda item: (item[0][1], item[0][2], item[0][0])):
        print(f"{scope:8} {group:3} {name:9} {score.row()}")
    for name, lines in disagreements.items():
        print(f"\n{name}: {len(lines)} boundaries differ from the gold")
        print("\n".join(lines))


def outvoted(texts: list[dict], systems: dict[str, Callable[[str], Spans]], context: int) -> None:
    """Print each place where both references agree with each other and not with ours."""
    lines = []
    for item in texts:
        text, lang = item["text"], item["lang"]
        ours, punkt, icu = (boundaries(text, systems[name](lang)(text)) for name in ("tonefall", "punkt", "icu"))
        for offset in sorted((ours ^ punkt) & (ours ^ icu)):
            kind = "extra break" if offset in ours else "missed break"
            lines.append(f"{item['id']:>11}  {kind:12}  {in_context(text, offset, context)}")
    print(f"{len(lines)} places where ours is outvoted (check each by hand: the vote can be wrong)")
    print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw", action="store_true", help="references get the whole reply, not each line")
    parser.add_argument("--context", type=int, default=30, help="characters shown each side of a disagreement")
    args = parser.parse_args()

    replies = load_replies()
    langs = {reply["lang"] for reply in replies}
    systems = segmenters(langs, args.raw)
    mode = "the whole reply" if args.raw else "each line"
    print(f"== {len(replies)} hand-checked replies (training/data/replies); references segment {mode}\n")
    compare(replies, systems, args.context)
    unlabelled = load_unlabelled(langs)
    print(f"\n== {len(unlabelled)} texts of the challenge sets, no gold: ours against the two references\n")
    outvoted(unlabelled, systems, args.context)


if __name__ == "__main__":
    main()
