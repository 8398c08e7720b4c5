"""How each corpus round moves the score on independent sets (printed and plotted, never asserted).

    .venv/bin/python training/benchmarks/round_curve.py [--eval SET ...] [--systems tfidf,frozen] [--plot FILE]

Issue #15 asks for the curve "score on an independent set against each round of real-register
data", so the next round can be chosen from it. Fine-tuning takes over an hour per run here, so
the curve uses the two cheap peers the model is compared with (TF-IDF + LR, frozen e5 + LR):
each is fitted on the corpus's train split restricted to rounds 1..k, thresholds tuned on the
matching dev split (natural mix, as training does), and scored on every --eval set (default:
challenge set 3; any JSONL set with text/labels/lang, e.g. a private real-text set kept outside
the repository). Rounds are told apart by family number (FORMAT.md): <600 rounds 1-2, 600s
round 3, 900s round 4, 1000s round 5, 2000-4999 round 6, 5000s round 7, 6000s round 8.
"""

import argparse
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from tonefall.labels import LABELS

from tonefall_train.baselines import make_baseline
from tonefall_train.data import Example, label_matrix, load_examples, split_examples
from tonefall_train.metrics import apply_thresholds, score_report, tune_thresholds

DATA = Path(__file__).resolve().parents[1] / "data"
# (first family number of the round, round name); a family belongs to the last start <= it.
ROUND_STARTS = ((0, "1-2"), (600, "3"), (900, "4"), (1000, "5"), (2000, "6"), (5000, "7"), (6000, "8"))
NEUTRAL_SHARE = 0.7  # as training's default --tune-neutral-share


def round_of(example: Example) -> str:
    family = example.group.rsplit("-", 1)[-1]
    number = int(family) if family.isdigit() else 0
    return [name for start, name in ROUND_STARTS if number >= start][-1]


def up_to(examples: Sequence[Example], rounds: Sequence[str]) -> list[Example]:
    wanted = set(rounds)
    return [e for e in examples if round_of(e) in wanted]


def figures(examples: Sequence[Example], scores: np.ndarray, thresholds) -> dict:
    report = score_report(label_matrix(examples), apply_thresholds(scores, thresholds), [e.lang for e in examples])
    present = [label for label in LABELS if report["per_label"][label]["support"]]
    precision = float(np.mean([report["per_label"][label]["precision"] for label in present]))
    return {"f1": report["macro_f1"], "precision": precision, "flagged": report["neutral_flagged_rate"]}


def frozen_features(texts: Sequence[str]):
    """One embedding pass over the texts not embedded before, then lookups. The frozen peer's own
    cache is keyed by the exact text list, which differs for every round and every corpus change;
    this one keeps one vector per text, so a new round embeds only its own sentences."""
    from tonefall_train.baselines.frozen import FrozenBaseline, embed, embedding_cache_dir

    store = embedding_cache_dir() / "round_curve.npz"
    known: dict[str, np.ndarray] = {}
    if store.is_file():
        saved = np.load(store, allow_pickle=False)
        known = dict(zip(saved["texts"].tolist(), saved["vectors"]))
    missing = sorted(set(texts) - known.keys())
    if missing:
        known.update(zip(missing, embed(FrozenBaseline().base, missing)))
        store.parent.mkdir(parents=True, exist_ok=True)
        temporary = store.with_suffix(".tmp.npz")
        np.savez(temporary, texts=np.array(list(known)), vectors=np.stack(list(known.values())))
        temporary.replace(store)
    return lambda batch: np.stack([known[text] for text in batch])


def make_system(system: str, features=None):
    baseline = make_baseline(system)
    if features is not None:
        baseline._features = features
    return baseline


def curve(system: str, splits, eval_sets: dict[str, list[Example]], round_names: Sequence[str]) -> list[dict]:
    features = None
    if system == "frozen":
        every = [e for part in (splits.train, splits.dev, *eval_sets.values()) for e in part]
        features = frozen_features([e.text for e in every])
    rows = []
    for k in range(1, len(round_names) + 1):
        rounds = round_names[:k]
        train, dev = up_to(splits.train, rounds), up_to(splits.dev, rounds)
        baseline = make_system(system, features)
        baseline.fit(train)
        dev_scores = baseline.scores([e.text for e in dev], [e.lang for e in dev])
        thresholds = tune_thresholds(label_matrix(dev), dev_scores, neutral_share=NEUTRAL_SHARE)
        row = {"system": system, "rounds": rounds[-1], "train": len(train)}
        for name, examples in eval_sets.items():
            scores = baseline.scores([e.text for e in examples], [e.lang for e in examples])
            row[name] = figures(examples, scores, thresholds)
        rows.append(row)
        print(format_row(row, eval_sets), flush=True)
    return rows


def format_row(row: dict, eval_sets) -> str:
    cells = " | ".join(f"{name}: F1 {row[name]['f1']:.3f} P {row[name]['precision']:.3f} "
                       f"flag {row[name]['flagged']:.3f}" for name in eval_sets)
    return f"{row['system']:7s} up to round {row['rounds']:4s} train {row['train']:6d} | {cells}"


def plot(rows: list[dict], eval_sets, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(eval_sets), figsize=(5 * len(eval_sets), 3.6), squeeze=False)
    for axis, name in zip(axes[0], eval_sets):
        for system in sorted({r["system"] for r in rows}):
            mine = [r for r in rows if r["system"] == system]
            axis.plot([r["rounds"] for r in mine], [r[name]["f1"] for r in mine], marker="o", label=f"{system} F1")
            axis.plot([r["rounds"] for r in mine], [r[name]["flagged"] for r in mine], marker="x", linestyle=":",
                      label=f"{system} neutral flagged")
        axis.set_title(name)
        axis.set_xlabel("corpus up to round")
        axis.set_ylim(0, 1)
        axis.grid(alpha=0.3)
    axes[0][0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"plot: {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA / "sentences")
    parser.add_argument("--eval", type=Path, action="append", default=[])
    parser.add_argument("--systems", default="tfidf,frozen")
    parser.add_argument("--plot", type=Path, default=None)
    args = parser.parse_args()
    splits = split_examples(load_examples([args.data]))  # the training command's split (seed 13)
    present = {round_of(e) for e in splits.train}
    round_names = [name for _, name in ROUND_STARTS if name in present]
    eval_sets = {path.name: load_examples([path]) for path in (args.eval or [DATA / "challenge3"])}
    rows = [row for system in args.systems.split(",") for row in curve(system, splits, eval_sets, round_names)]
    if args.plot:
        plot(rows, eval_sets, args.plot)


if __name__ == "__main__":
    main()
