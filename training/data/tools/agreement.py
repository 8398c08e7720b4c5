"""Second, independent labelling of a corpus sample, and Cohen's kappa per label.

    python training/data/tools/agreement.py sample --share 0.12 --seed 7
        writes training/data/agreement/blind/<lang>.jsonl: id, lang, domain, text (no labels)
    (a second annotator writes training/data/agreement/second/<lang>.jsonl: id, labels)
    python training/data/tools/agreement.py kappa
        prints kappa per label and language, writes training/data/agreement/report.json and
        training/data/agreement/disagreements.jsonl (id, text, first, second) to resolve.

Ids are "<file relative to sentences/>:<line>", so the sample points back into the corpus.
``--source challenge3`` samples (and scores) an evaluation set instead of the corpus.

A later labelling round keeps its own files: ``--round hard`` reads and writes
training/data/agreement/hard/ instead, and ``sample --since COMMIT`` only draws sentences
that were not in the corpus at COMMIT (e.g. a round of new sentences).
"""

import argparse
import json
import random
import subprocess
from collections import defaultdict
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from tonefall.labels import LABELS

DATA = Path(__file__).parents[1]
OUT = DATA / "agreement"


def corpus(source: str = "sentences") -> dict[str, dict]:
    """Every record of training/data/<source>/ (the corpus, or an evaluation set) by id."""
    records = {}
    for path in sorted((DATA / source).rglob("*.jsonl")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                records[f"{path.relative_to(DATA / source)}:{lineno}"] = json.loads(line)
    return records


def texts_at(commit: str) -> set[str]:
    """Every sentence text the corpus had at a git commit."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=DATA, check=True, capture_output=True, text=True).stdout
    root = git("rev-parse", "--show-prefix").strip()  # path of training/data/ inside the repository
    names = git("ls-tree", "-r", "--name-only", commit, "--", "sentences").split()
    return {json.loads(line)["text"] for name in names if name.endswith(".jsonl")
            for line in git("show", f"{commit}:{root}{name}").splitlines() if line.strip()}


def sample(out: Path, share: float, seed: int, langs: list[str], since: str | None, source: str = "sentences") -> None:
    old = texts_at(since) if since else set()
    by_lang = defaultdict(list)
    for key, record in corpus(source).items():
        if record["text"] not in old:
            by_lang[record["lang"]].append((key, record))
    (out / "blind").mkdir(parents=True, exist_ok=True)
    for lang, items in sorted(by_lang.items()):
        if langs and lang not in langs:
            continue
        rng = random.Random(f"{seed}-{lang}")
        chosen = rng.sample(items, max(1, round(share * len(items))))
        chosen.sort(key=lambda item: item[0])
        rows = [{"id": key, "lang": lang, "domain": r["domain"], "text": r["text"]} for key, r in chosen]
        path = out / "blind" / f"{lang}.jsonl"
        path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
        print(f"{path}: {len(rows)} of {len(items)} sentences")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def kappa(out: Path, source: str = "sentences") -> None:
    # Join on the sentence text, not the id: corpus files may have been edited since sampling.
    by_text = {record["text"]: record for record in corpus(source).values()}
    report, disagreements = {}, []
    for path in sorted((out / "second").glob("*.jsonl")):
        texts = {row["id"]: row["text"] for row in read_jsonl(out / "blind" / path.name)}
        rows = read_jsonl(path)
        second = [row for row in rows if texts.get(row["id"]) in by_text]
        dropped = len(rows) - len(second)
        if dropped:
            print(f"{path}: {dropped} sentences no longer in the corpus (edited since sampling); skipped")
        first = {row["id"]: by_text[texts[row["id"]]] for row in second}
        lang_report = {}
        for label in LABELS:
            a = [label in first[row["id"]]["labels"] for row in second]
            b = [label in row["labels"] for row in second]
            lang_report[label] = {"kappa": _kappa(a, b), "agree": round(sum(x == y for x, y in zip(a, b)) / len(a), 3)}
        lang_report["n"] = len(second)
        lang_report["exact_set_agreement"] = round(sum(sorted(first[r["id"]]["labels"]) == sorted(r["labels"]) for r in second) / len(second), 3)
        report[path.stem] = lang_report
        for row in second:
            if sorted(first[row["id"]]["labels"]) != sorted(row["labels"]):
                disagreements.append({"id": row["id"], "text": first[row["id"]]["text"], "first": first[row["id"]]["labels"], "second": row["labels"]})
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (out / "disagreements.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in disagreements), encoding="utf-8")
    print(f"{'lang':6}{'n':>6}" + "".join(f"{label:>14}" for label in LABELS) + f"{'exact set':>12}")
    for lang, r in report.items():
        print(f"{lang:6}{r['n']:>6}" + "".join(_shown(r[label]["kappa"]) for label in LABELS) + f"{r['exact_set_agreement']:>12.3f}")
    print(f"{len(disagreements)} disagreements -> {out / 'disagreements.jsonl'}")


def _kappa(first: list[bool], second: list[bool]) -> float | None:
    """Cohen's kappa, or None when it is undefined: both annotators gave one and the same value
    to every sentence (JSON has no NaN, so strict readers would reject the report)."""
    if len(set(first) | set(second)) < 2:
        return None
    return round(float(cohen_kappa_score(first, second)), 3)


def _shown(kappa: float | None) -> str:
    return f"{'n/a':>14}" if kappa is None else f"{kappa:>14.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--share", type=float, default=0.12)
    s.add_argument("--seed", type=int, default=7)
    s.add_argument("--lang", action="append", default=[], help="only these languages (repeatable)")
    s.add_argument("--since", help="only sentences added after this git commit")
    k = sub.add_parser("kappa")
    for command in (s, k):
        command.add_argument("--round", help="keep this round's files under agreement/<round>/")
        command.add_argument("--source", default="sentences",
                             help="folder of training/data/ to sample from (e.g. an evaluation set: challenge3)")
    args = parser.parse_args()
    out = OUT / args.round if args.round else OUT
    if args.command == "sample":
        sample(out, args.share, args.seed, args.lang, args.since, args.source)
    else:
        kappa(out, args.source)


if __name__ == "__main__":
    main()
