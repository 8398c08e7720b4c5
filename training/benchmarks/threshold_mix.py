"""What the neutral share assumed while tuning thresholds does on other sets (printed, never asserted).

    .venv/bin/python training/benchmarks/threshold_mix.py --model DIR [--data SET ...] [--shares 0.45,0.6,0.7,0.8]

Scores the model's own dev split (split.json) once, re-tunes the per-label thresholds for each
assumed neutral share (none = plain F1 on dev as it is), and prints macro-F1, macro precision and
the share of neutral sentences flagged on the test split and on each --data set with each set of
thresholds. The model's shipped thresholds are the row marked "shipped".
"""

import argparse
from pathlib import Path

import numpy as np
from tonefall.classifier import ToneClassifier
from tonefall.labels import LABELS
from tonefall.model_dir import SPLIT_FILE
from tonefall_train.data import label_matrix, load_examples, load_split
from tonefall_train.metrics import apply_thresholds, score_report, tune_thresholds

DATA = Path(__file__).resolve().parents[1] / "data"


def figures(y_true, scores, thresholds, langs) -> str:
    report = score_report(y_true, apply_thresholds(scores, thresholds), langs)
    present = [label for label in LABELS if report["per_label"][label]["support"]]
    precision = np.mean([report["per_label"][label]["precision"] for label in present])
    return f"F1 {report['macro_f1']:.3f}  P {precision:.3f}  flagged {report['neutral_flagged_rate']:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--data", type=Path, action="append", default=[])
    parser.add_argument("--shares", default="0.45,0.6,0.7,0.8")
    args = parser.parse_args()
    classifier = ToneClassifier.load(args.model)
    split = load_split(args.model / SPLIT_FILE)
    sets = {"test split": split.test}
    sets.update({path.name: load_examples([path]) for path in (args.data or [DATA / "challenge3"])})
    dev_scores = classifier.scores([e.text for e in split.dev])
    y_dev = label_matrix(split.dev)
    choices = {"shipped": classifier.info.thresholds, "plain": tune_thresholds(y_dev, dev_scores)}
    for share in (float(x) for x in args.shares.split(",")):
        choices[f"neutral {share:.2f}"] = tune_thresholds(y_dev, dev_scores, neutral_share=share)
    scored = {name: (label_matrix(ex), classifier.scores([e.text for e in ex]), [e.lang for e in ex])
              for name, ex in sets.items()}
    for name, thresholds in choices.items():
        cut = " ".join(f"{thresholds[label]:.2f}" for label in LABELS)
        print(f"{name:13s} [{cut}]")
        for set_name, (y, scores, langs) in scored.items():
            print(f"    {set_name:14s} {figures(y, scores, thresholds, langs)}")


if __name__ == "__main__":
    main()
