"""Fit baselines on the training command's split, score its test part, compare side by side."""

from collections.abc import Mapping, Sequence
from pathlib import Path

from tonefall.errors import DataError
from tonefall.labels import LABELS
from tonefall.model_dir import SPLIT_FILE

from tonefall_train.baselines import Baseline, make_baseline
from tonefall_train.data import Splits, load_examples, load_split, split_examples
from tonefall_train.evaluate import ScoredExamples, score_model_dir, write_evaluation


def score_baseline(baseline: Baseline, splits: Splits) -> ScoredExamples:
    """Fit on train, tune thresholds on dev, score test."""
    baseline.fit(splits.train, splits.dev)
    test = splits.test
    return ScoredExamples(test, baseline.scores([e.text for e in test], [e.lang for e in test]), baseline.thresholds)


def choose_splits(data_paths: Sequence[Path], model_dir: Path | None, seed: int = 13) -> tuple[Splits, str]:
    """The split to compare on, and where it came from.

    With data: split it as the training command does (split_examples, same seed). Without data
    but with a model: the split saved beside the model, so every system sees the model's exact
    train/dev/test sentences even if the corpus has grown since.
    """
    if data_paths:
        return split_examples(load_examples(data_paths), seed=seed), f"split_examples(seed={seed})"
    if model_dir is None:
        raise DataError("give --data PATH, or --model DIR with a saved split.json")
    path = Path(model_dir) / SPLIT_FILE
    if not path.is_file():
        raise DataError(f"{path}: no saved split; pass --data to split the corpus afresh")
    return load_split(path), str(path)


def run_baselines(
    splits: Splits,
    names: Sequence[str],
    base_spec: str | None = None,
    model_dir: Path | None = None,
    out_dir: Path | None = None,
    lexicon_dir: Path | None = None,
    split_source: str = "",
) -> dict[str, dict]:
    """{system: report} for each baseline (and the model, if given) on the test part of ``splits``."""
    if not splits.test or not splits.train:
        raise DataError(f"the split has train {len(splits.train)}, test {len(splits.test)} sentences: need more data")
    systems: dict[str, ScoredExamples] = {}
    for name in names:
        systems[name] = score_baseline(make_baseline(name, base_spec, lexicon_dir), splits)
    if model_dir is not None:
        systems[f"model:{Path(model_dir).name}"] = score_model_dir(model_dir, splits.test)
    sizes = {"source": split_source, "train": len(splits.train), "dev": len(splits.dev), "test": len(splits.test)}
    reports = {}
    for name, scored in systems.items():
        reports[name] = {**scored.report(), "split": sizes}
        if out_dir is not None:
            write_evaluation(scored, reports[name], Path(out_dir) / name.replace(":", "-"), system=name)
    return reports


def _num(value) -> str:
    return "    -" if value is None else f"{value:5.3f}"


def format_comparison(reports: Mapping[str, Mapping]) -> str:
    """One row per system: macro-F1, macro-F1 per language, F1 per label, neutral flagged share."""
    languages = sorted({lang for report in reports.values() for lang in report["per_language"]})
    short = {"empathetic": "emp", "defensive": "def", "weak-hedged": "hedge", "officialese": "offic"}
    width = max([6, *map(len, reports)])
    header = (f"{'system':<{width}} {'macro':>5} | " + " ".join(f"{lang:>5}" for lang in languages)
              + " | " + " ".join(f"{short[label]:>5}" for label in LABELS) + " | neutral-flag")
    lines = ["macro-F1 overall | macro-F1 per language | F1 per label | share of neutral sentences flagged", header,
             "-" * len(header)]
    for name, report in reports.items():
        per_lang = " ".join(_num(report["per_language"].get(lang, {}).get("macro_f1")) for lang in languages)
        per_label = " ".join(_num(report["per_label"][label]["f1"]) for label in LABELS)
        lines.append(f"{name:<{width}} {_num(report['macro_f1'])} | {per_lang} | {per_label} | "
                     f"{_num(report['neutral_flagged_rate'])}")
    return "\n".join(lines)
