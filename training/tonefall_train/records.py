"""Evaluation records kept in a model directory (``evaluations/<set>.json``), read by the card.

``tonefall evaluate --record NAME`` and ``tonefall baselines --record NAME`` write here, so the
model card reports every evaluation set that was run, generated, never edited by hand. A record
holds one summary per system (``model`` and any peers) on the same sentences.
"""

import json
import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
from tonefall.labels import LABELS
from tonefall.model_dir import EVALUATIONS_DIR

MODEL_SYSTEM = "model"
_NAME = re.compile(r"^[\w.+-]{1,80}$")


def summarise(report: Mapping) -> dict:
    """The figures the card shows, from a full score report (evaluate.ScoredExamples.report)."""
    per_label = report["per_label"]
    present = [label for label in LABELS if per_label[label]["support"] > 0]
    confusion = report.get("label_confusion")
    neutral = confusion["row_totals"][-1] if confusion else None
    return {
        "n": report["n"],
        "neutral_share": None if neutral is None or not report["n"] else neutral / report["n"],
        "macro_f1": report["macro_f1"],
        "macro_precision": float(np.mean([per_label[label]["precision"] for label in present])) if present else None,
        "macro_recall": float(np.mean([per_label[label]["recall"] for label in present])) if present else None,
        "neutral_flagged_rate": report["neutral_flagged_rate"],
        "per_label": {label: {key: per_label[label][key] for key in ("precision", "recall", "f1", "support")}
                      for label in LABELS},
        "per_language": {lang: {"n": part["n"], "macro_f1": part["macro_f1"],
                                "neutral_flagged_rate": part["neutral_flagged_rate"]}
                         for lang, part in report["per_language"].items()},
    }


def record_evaluation(model_dir: Path, name: str, data: str, systems: Mapping[str, Mapping]) -> Path:
    """Add or replace ``systems`` ({system: full report}) in the record of set ``name``."""
    if not _NAME.match(name):
        raise ValueError(f"record name {name!r}: use letters, digits, '.', '+', '-' or '_' only")
    path = Path(model_dir) / EVALUATIONS_DIR / f"{name}.json"
    record = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"name": name, "systems": {}}
    record["data"] = data
    record["systems"].update({system: summarise(report) for system, report in systems.items()})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def read_records(model_dir: Path) -> list[dict]:
    """Every record of the model directory, sorted by name."""
    folder = Path(model_dir) / EVALUATIONS_DIR
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))]
