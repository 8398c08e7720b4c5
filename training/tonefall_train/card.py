"""MODEL_CARD.md for a trained model directory, filled from its ModelInfo (templates/MODEL_CARD.md.tmpl)."""

from __future__ import annotations

from pathlib import Path
from string import Template
from typing import Any

from tonefall.labels import LABELS
from tonefall.model_dir import CARD_FILE, MODEL_FILE, NOTES_FILE, ModelInfo

from tonefall_train.records import MODEL_SYSTEM, read_records

TEMPLATE = Path(__file__).parent / "templates" / "MODEL_CARD.md.tmpl"
# Settings worth showing in the card's training table, in this order.
SHOWN_SETTINGS = ("layers", "freeze_embeddings", "freeze_layers", "max_length", "epochs",
                  "best_epoch", "batch_size", "lr", "head_lr", "warmup", "weight_decay", "patience",
                  "max_pos_weight", "trainable_parameters", "parameters", "token_lengths",
                  "prepare_seconds", "fit_seconds", "total_seconds", "cpu_seconds")


def _figure(value: Any) -> str:
    return "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _markdown_table(header: list[str], rows: list[list[Any]], fmt=_figure) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(fmt(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _label_table(report: dict) -> str:
    rows = [[label] + [report["per_label"][label][key] for key in ("precision", "recall", "f1", "support")]
            for label in LABELS]
    return _markdown_table(["label (test)", "precision", "recall", "F1", "support"], rows)


def _language_table(report: dict) -> str:
    per_language = report["per_language"]
    rows = [[lang, scores["n"], scores["macro_f1"], scores["neutral_flagged_rate"]]
            + [scores["per_label"][label]["f1"] for label in LABELS]
            for lang, scores in per_language.items()]
    return _markdown_table(["language", "n", "macro-F1", "neutral flagged"] + [f"F1 {label}" for label in LABELS], rows)


def _peer_margin(systems: dict) -> str:
    peers = {name: s["macro_f1"] for name, s in systems.items() if name != MODEL_SYSTEM and s["macro_f1"] is not None}
    model = systems.get(MODEL_SYSTEM, {}).get("macro_f1")
    if not peers or model is None:
        return "n/a"
    best = max(peers, key=peers.get)
    return f"{best} {peers[best]:.3f} ({model - peers[best]:+.3f})"


def evaluations_section(model_dir: Path) -> str:
    """One row per evaluation record (evaluations/*.json), then per-label figures per set."""
    records = [r for r in read_records(model_dir) if MODEL_SYSTEM in r["systems"]]
    if not records:
        return "No evaluation recorded yet (`tonefall evaluate --record NAME`)."
    rows = [[r["name"], r["systems"][MODEL_SYSTEM]["n"], r["systems"][MODEL_SYSTEM]["neutral_share"],
             r["systems"][MODEL_SYSTEM]["macro_f1"], r["systems"][MODEL_SYSTEM]["macro_precision"],
             r["systems"][MODEL_SYSTEM]["macro_recall"], r["systems"][MODEL_SYSTEM]["neutral_flagged_rate"],
             _peer_margin(r["systems"])] for r in records]
    parts = [_markdown_table(["set", "n", "neutral share", "macro-F1", "macro precision", "macro recall",
                              "neutral flagged", "best peer (margin)"], rows)]
    for r in records:
        summary = r["systems"][MODEL_SYSTEM]
        label_rows = [[label] + [summary["per_label"][label][k] for k in ("precision", "recall", "f1", "support")]
                      for label in LABELS]
        languages = ", ".join(f"{lang} {_figure(part['macro_f1'])} (n {part['n']}, neutral flagged "
                              f"{_figure(part['neutral_flagged_rate'])})" for lang, part in summary["per_language"].items())
        peers = ", ".join(f"{name} {_figure(s['macro_f1'])} (neutral flagged {_figure(s['neutral_flagged_rate'])})"
                          for name, s in r["systems"].items() if name != MODEL_SYSTEM)
        parts += [f"### {r['name']}", f"Data: `{r['data']}`. Per language: {languages}."
                  + (f" Peers on the same sentences: {peers}." if peers else ""),
                  _markdown_table([f"label ({r['name']})", "precision", "recall", "F1", "support"], label_rows)]
    return "\n\n".join(parts)


def _notes(model_dir: Path) -> str:
    path = Path(model_dir) / NOTES_FILE
    return path.read_text(encoding="utf-8").strip() if path.is_file() else "None."


def card_fields(model_dir: Path, info: ModelInfo, plots: dict[str, str]) -> dict[str, str]:
    """Every $placeholder of the template, as text (plots: plot name -> file name in model_dir)."""
    metrics, training = info.metrics, info.training
    test, dev, check = metrics["test"], metrics["dev"], metrics["onnx_vs_torch_dev"]
    settings = [[key, training[key]] for key in SHOWN_SETTINGS if key in training]
    return {
        "name": info.name,
        "created": info.created,
        "base_model": info.base_model,
        "onnx_mb": f"{(Path(model_dir) / MODEL_FILE).stat().st_size / 1e6:.1f}",
        "onnx_sha256": info.onnx_sha256,
        "max_length": str(info.max_length),
        "text_prefix": info.text_prefix,
        "tonefall_version": info.tonefall_version,
        "languages": ", ".join(info.languages),
        "data": ", ".join(f"`{path}`" for path in training.get("data", [])),
        "data_sha256": info.data_sha256,
        "seed": str(training.get("seed")),
        "split_sizes": ", ".join(f"{k} {v}" for k, v in training.get("split_sizes", {}).items()),
        "test_macro_f1": _figure(test["macro_f1"]),
        "test_micro_f1": _figure(test["micro_f1"]),
        "test_neutral_flagged": _figure(test["neutral_flagged_rate"]),
        "dev_macro_f1": _figure(dev["macro_f1"]),
        "label_table": _label_table(test),
        "language_table": _language_table(test),
        "thresholds": ", ".join(f"{label} {info.thresholds[label]:.2f}" for label in LABELS),
        "label_agreement": f"{check['label_agreement']:.1%}",
        "sentence_agreement": f"{check['sentence_agreement']:.1%}",
        "torch_macro_f1": _figure(check["torch_macro_f1"]),
        "onnx_macro_f1": _figure(check["onnx_macro_f1"]),
        "gate_verdict": (f"**Not to ship: the int8 file failed this check** ({info.gate_failure}); `tonefall serve` "
                         "refuses this model unless forced." if info.gate_failure else ""),
        "training_table": _markdown_table(["setting", "value"], settings, fmt=str),
        "history": ", ".join(f"{h['epoch']}: {_figure(h['dev_macro_f1'])}" for h in training.get("history", [])),
        "total_seconds": _figure(training.get("total_seconds")),
        "threads": str(training.get("threads")),
        "input_normalization": info.input_normalization or "none (raw text)",
        "evaluations": evaluations_section(model_dir),
        "notes": _notes(model_dir),
        **{f"plot_{name}": file for name, file in plots.items()},
    }


def write_card(model_dir: Path, info: ModelInfo, plots: dict[str, str]) -> Path:
    """Render MODEL_CARD.md into model_dir; ``plots`` as returned by plots.write_plots."""
    text = Template(TEMPLATE.read_text(encoding="utf-8")).substitute(card_fields(model_dir, info, plots))
    path = Path(model_dir) / CARD_FILE
    path.write_text(text, encoding="utf-8")
    return path
