"""Evaluate a model directory (or any scorer) on labelled sentences and on whole replies.

Plain functions return JSON-serialisable dicts; ``write_evaluation`` saves the JSON and the plots
and ``format_report`` renders the tables the CLI prints.
"""

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tonefall.errors import DataError
from tonefall.labels import LABELS
from tonefall.model_dir import SPLIT_FILE

from tonefall_train.data import Example, label_matrix
from tonefall_train.metrics import apply_thresholds, label_confusion, reliability, score_report
from tonefall_train.plots import write_plots

REPORT_FILE = "evaluation.json"


@dataclass
class ScoredExamples:
    """Examples with a scorer's n x 4 scores and the thresholds that turn them into labels."""

    examples: Sequence[Example]
    scores: np.ndarray
    thresholds: Mapping[str, float]

    @property
    def y_true(self) -> np.ndarray:
        return label_matrix(self.examples).astype(int)

    @property
    def y_pred(self) -> np.ndarray:
        return apply_thresholds(self.scores, self.thresholds)

    def report(self) -> dict:
        """score_report() plus thresholds, the label confusion counts and calibration per label."""
        report = score_report(self.y_true, self.y_pred, [e.lang for e in self.examples])
        report["thresholds"] = dict(self.thresholds)
        report["label_confusion"] = label_confusion(self.y_true, self.y_pred)
        report["calibration"] = reliability(self.y_true, self.scores)
        return report


def score_model_dir(model_dir: Path, examples: Sequence[Example]) -> ScoredExamples:
    """Run the exported ONNX model through the service's own classifier (what users get)."""
    from tonefall.classifier import ToneClassifier

    classifier = ToneClassifier.load(Path(model_dir))
    scores = _scores_with_progress(classifier, [e.text for e in examples])
    return ScoredExamples(examples, scores, classifier.info.thresholds)


def _scores_with_progress(classifier, texts: Sequence[str], chunk: int = 256) -> np.ndarray:
    from tqdm import tqdm

    parts = [
        classifier.scores(texts[start:start + chunk])
        for start in tqdm(range(0, len(texts), chunk), desc="scoring", unit="chunk", disable=len(texts) <= chunk)
    ]
    return np.concatenate(parts) if parts else np.zeros((0, len(LABELS)), dtype=np.float32)


def _scored_report(model_dir: Path, examples: Sequence[Example]) -> tuple[ScoredExamples, dict]:
    """Scores and their report, named after the model."""
    from tonefall.model_dir import read_info

    scored = score_model_dir(model_dir, examples)
    report = scored.report()
    # The classifier's load already checked the ONNX hash: no need to hash 25 MB again.
    report["model"] = read_info(Path(model_dir), verify_hash=False).name
    return scored, report


def evaluate_model_dir(model_dir: Path, examples: Sequence[Example]) -> dict:
    """The full report (see ScoredExamples.report) for a model directory on ``examples``."""
    return _scored_report(model_dir, examples)[1]


def load_test_split(model_dir: Path) -> list[Example]:
    """The held-out test sentences the training command saved beside the model (split.json)."""
    from tonefall_train.data import load_split

    path = Path(model_dir) / SPLIT_FILE
    if not path.is_file():
        raise DataError(f"{path}: no saved split (the model was not trained by `tonefall train`); pass --data instead")
    return load_split(path).test


# --- whole replies -------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldSentence:
    start: int
    end: int
    labels: tuple[str, ...]
    quoted: bool


@dataclass(frozen=True)
class Reply:
    id: str
    lang: str
    text: str
    sentences: tuple[GoldSentence, ...]
    source: str


def find_reply_files(paths: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(path.rglob("*.jsonl"))
        elif path.is_file():
            files.append(path)
        else:
            raise DataError(f"{path}: no such file or directory")
    return files


def load_replies(paths: Sequence[Path]) -> list[Reply]:
    """Replies per training/data/FORMAT.md; DataError names file and line of the first problem."""
    replies = []
    for path in find_reply_files(paths):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                replies.append(_parse_reply(line, f"{path}:{lineno}"))
    return replies


def _parse_reply(line: str, source: str) -> Reply:
    try:
        raw = json.loads(line)
        text = raw["text"]
        sentences = tuple(
            GoldSentence(int(s["start"]), int(s["end"]), tuple(l for l in LABELS if l in s["labels"]), bool(s.get("quoted", False)))
            for s in raw["sentences"]
        )
        reply = Reply(str(raw.get("id", source)), str(raw["lang"]), text, sentences, source)
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise DataError(f"{source}: not a reply record ({type(exc).__name__}: {exc})") from exc
    bad = [s for s in sentences if not 0 <= s.start < s.end <= len(text)]
    if bad:
        raise DataError(f"{source}: sentence offsets {bad[0].start}-{bad[0].end} outside the text")
    return reply


def segmentation_agreement(replies: Sequence[Reply]) -> tuple[dict, list[tuple[Reply, GoldSentence]]]:
    """Compare tonefall.segment with the gold sentences; return figures and the matched gold sentences.

    ``boundary_recall``: share of gold sentences whose exact (start, end) the segmenter produced;
    ``boundary_precision``: share of produced sentences that are gold sentences;
    ``replies_exact``: share of replies segmented exactly like the gold.
    """
    from tonefall.segment import segment

    matched: list[tuple[Reply, GoldSentence]] = []
    produced_total = exact_replies = 0
    mismatches = []
    for reply in replies:
        produced = {(s.start, s.end) for s in segment(reply.text)}
        produced_total += len(produced)
        hits = [gold for gold in reply.sentences if (gold.start, gold.end) in produced]
        matched += [(reply, gold) for gold in hits]
        gold_spans = {(g.start, g.end) for g in reply.sentences}
        if gold_spans == produced:
            exact_replies += 1
        elif len(mismatches) < 10:
            missing = sorted(gold_spans - produced)[:1]
            mismatches.append({"reply": reply.id, "gold_not_produced": [reply.text[a:b] for a, b in missing]})
    gold_total = sum(len(r.sentences) for r in replies)
    figures = {
        "replies": len(replies),
        "gold_sentences": gold_total,
        "produced_sentences": produced_total,
        "boundary_recall": len(matched) / gold_total if gold_total else None,
        "boundary_precision": len(matched) / produced_total if produced_total else None,
        "replies_exact": exact_replies / len(replies) if replies else None,
        "mismatch_examples": mismatches,
    }
    return figures, matched


def evaluate_replies(model_dir: Path, replies: Sequence[Reply]) -> dict:
    """Segmentation agreement, then label scores on the matched, unquoted sentences."""
    figures, matched = segmentation_agreement(replies)
    examples = [
        Example(reply.text[g.start:g.end], g.labels, reply.lang, reply.id, "", reply.source)
        for reply, g in matched
        if not g.quoted
    ]
    figures["labelled_sentences"] = len(examples)
    figures["labels"] = evaluate_model_dir(model_dir, examples) if examples else None
    return figures


# --- output --------------------------------------------------------------------------------


def default_out_dir(model_dir: Path, data_paths: Sequence[Path], root: Path = Path("runs")) -> Path:
    """runs/eval-<model>-<data>: readable and stable for the same inputs."""
    data_name = "+".join(Path(p).stem or Path(p).name for p in data_paths) or "test-split"
    slug = re.sub(r"[^\w.+-]+", "_", f"eval-{Path(model_dir).name}-{data_name}")[:120]
    return root / slug


def write_evaluation(scored: ScoredExamples, report: Mapping, out_dir: Path, prefix: str = "",
                     system: str = "") -> dict[str, str]:
    """Write ``<prefix>evaluation.json`` and the three plots; return {kind: file name}."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = write_plots(scored.y_true, scored.y_pred, scored.scores, report, out_dir, prefix=prefix, system=system)
    report_path = out_dir / f"{prefix}{REPORT_FILE}"
    report_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return {"report": report_path.name, **files}


def _cell(value) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def _summary_line(report: Mapping) -> str:
    return "   ".join([
        f"sentences: {report['n']}",
        f"macro-F1: {_cell(report['macro_f1']).strip()}",
        f"micro-F1: {_cell(report.get('micro_f1')).strip()}",
        f"neutral flagged: {_cell(report['neutral_flagged_rate']).strip()}",
    ])


def _label_table(report: Mapping) -> list[str]:
    lines = [f"{'label':<13} {'precision':>9} {'recall':>7} {'F1':>7} {'support':>8} {'threshold':>9}"]
    for label in LABELS:
        row = report["per_label"][label]
        threshold = report.get("thresholds", {}).get(label)
        cells = [_cell(row["precision"]), _cell(row["recall"]), _cell(row["f1"])]
        lines.append(f"{label:<13} {cells[0]:>9} {cells[1]:>7} {cells[2]:>7} {row['support']:>8} {_cell(threshold):>9}")
    return lines


def _language_table(report: Mapping) -> list[str]:
    """F1 per label for each language ("-" where the language has no sentence with that label)."""
    label_heads = " ".join(f"{label[:11]:>11}" for label in LABELS)
    lines = [f"{'language':<9} {'n':>6} {'macro-F1':>9} {label_heads} {'neutral-flag':>12}"]
    for lang, part in report["per_language"].items():
        rows = part["per_label"]
        f1s = " ".join(f"{_cell(rows[label]['f1'] if rows[label]['support'] else None):>11}" for label in LABELS)
        flagged = _cell(part["neutral_flagged_rate"])
        lines.append(f"{lang:<9} {part['n']:>6} {_cell(part['macro_f1']):>9} {f1s} {flagged:>12}")
    return lines


def format_report(report: Mapping) -> str:
    """Summary, per-label and per-language tables as plain text."""
    return "\n".join([_summary_line(report), "", *_label_table(report), "", *_language_table(report)])


def format_reply_figures(figures: Mapping) -> str:
    lines = [
        "   ".join([
            f"replies: {figures['replies']}",
            f"gold sentences: {figures['gold_sentences']}",
            f"segmenter sentences: {figures['produced_sentences']}",
        ]),
        "   ".join([
            f"boundary recall: {_cell(figures['boundary_recall']).strip()}",
            f"boundary precision: {_cell(figures['boundary_precision']).strip()}",
            f"replies segmented exactly: {_cell(figures['replies_exact']).strip()}",
        ]),
    ]
    for mismatch in figures["mismatch_examples"][:3]:
        lines.append(f"  e.g. {mismatch['reply']}: gold sentence not produced: {mismatch['gold_not_produced']}")
    if figures.get("labels"):
        lines += ["", f"labels on the {figures['labelled_sentences']} matched unquoted sentences:",
                  format_report(figures["labels"])]
    return "\n".join(lines)


def run_evaluation(model_dir: Path, examples: Sequence[Example], replies: Sequence[Reply], out_dir: Path) -> dict:
    """What `tonefall evaluate` does: score sentences and replies, write JSON and plots to out_dir."""
    scored, report = _scored_report(model_dir, examples)
    files = write_evaluation(scored, report, out_dir, system=report["model"])
    result = {"model": report["model"], "sentences": report, "replies": None, "files": files}
    if replies:
        result["replies"] = evaluate_replies(model_dir, replies)
        path = Path(out_dir) / "replies.json"
        path.write_text(json.dumps(result["replies"], indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        files["replies"] = path.name
    return result
