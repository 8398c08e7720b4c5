"""Scores for multi-label tone predictions: plain, JSON-serialisable dicts built on scikit-learn.

Arrays are ``n x len(LABELS)`` with columns in ``tonefall.labels.LABELS`` order: ``y_true`` and
``y_pred`` hold 0/1, ``scores`` hold probabilities in [0, 1]. A row of zeros is a neutral sentence.
"""

from collections.abc import Mapping, Sequence

import numpy as np
from sklearn.metrics import (
    brier_score_loss,
    f1_score,
    precision_recall_curve,
    precision_recall_fscore_support,
)
from tonefall.labels import LABELS

NEUTRAL = "neutral"
DEFAULT_THRESHOLD = 0.5
# Thresholds end up in model.json, which requires them strictly inside (0, 1).
THRESHOLD_BOUNDS = (0.01, 0.99)


def _as_matrix(values, name: str) -> np.ndarray:
    matrix = np.asarray(values)
    if matrix.ndim != 2 or matrix.shape[1] != len(LABELS):
        raise ValueError(f"{name} must have shape (n, {len(LABELS)}), got {matrix.shape}")
    return matrix


def label_scores(y_true, y_pred) -> dict[str, dict[str, float | int]]:
    """Precision, recall, F1 and support per label (0 where a ratio has an empty denominator)."""
    y_true, y_pred = _as_matrix(y_true, "y_true"), _as_matrix(y_pred, "y_pred")
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, average=None, labels=list(range(len(LABELS))), zero_division=0
    )
    return {
        label: {
            "precision": float(precision[i]),
            "recall": float(recall[i]),
            "f1": float(f1[i]),
            "support": int(support[i]),
        }
        for i, label in enumerate(LABELS)
    }


def macro_f1(per_label: Mapping[str, Mapping[str, float | int]]) -> float | None:
    """Mean F1 over the labels that occur (support > 0); None when no label occurs.

    Labels absent from a slice are skipped so that, say, a language with no defensive sentences in
    the test set is not charged a zero for it; their false positives still show in precision.
    """
    present = [scores["f1"] for scores in per_label.values() if scores["support"] > 0]
    return float(np.mean(present)) if present else None


def neutral_flagged_rate(y_true, y_pred) -> float | None:
    """Share of truly neutral sentences that got any label (the false alarms users see)."""
    y_true, y_pred = _as_matrix(y_true, "y_true"), _as_matrix(y_pred, "y_pred")
    neutral = ~y_true.any(axis=1)
    if not neutral.any():
        return None
    return float(y_pred[neutral].any(axis=1).mean())


def _slice_report(y_true: np.ndarray, y_pred: np.ndarray) -> dict:
    per_label = label_scores(y_true, y_pred)
    return {
        "n": len(y_true),
        "macro_f1": macro_f1(per_label),
        "neutral_flagged_rate": neutral_flagged_rate(y_true, y_pred),
        "per_label": per_label,
    }


def score_report(y_true, y_pred, langs: Sequence[str]) -> dict:
    """Overall and per-language scores.

    Keys: ``n``, ``macro_f1`` (over the four labels), ``micro_f1``, ``neutral_flagged_rate``,
    ``per_label`` ({label: precision/recall/f1/support}) and ``per_language``
    ({lang: the same keys without micro_f1}).
    """
    y_true, y_pred = _as_matrix(y_true, "y_true"), _as_matrix(y_pred, "y_pred")
    langs = np.asarray(langs)
    if len(langs) != len(y_true) or len(y_pred) != len(y_true):
        raise ValueError(f"lengths differ: y_true {len(y_true)}, y_pred {len(y_pred)}, langs {len(langs)}")
    report = _slice_report(y_true, y_pred)
    report["micro_f1"] = float(f1_score(y_true, y_pred, average="micro", zero_division=0))
    report["per_language"] = {
        str(lang): _slice_report(y_true[langs == lang], y_pred[langs == lang]) for lang in sorted(set(langs.tolist()))
    }
    return report


def _best_f1_threshold(truth: np.ndarray, scores: np.ndarray, weights: np.ndarray | None = None) -> float:
    precision, recall, thresholds = precision_recall_curve(truth, scores, sample_weight=weights)
    f1 = np.divide(2 * precision * recall, precision + recall, out=np.zeros_like(precision), where=(precision + recall) > 0)
    best = int(np.argmax(f1[:-1]))  # the last point (recall 0) has no threshold
    chosen = thresholds[best]
    # Cut halfway to the next lower score rather than on a dev example's own score: less overfit.
    lower = scores[scores < chosen]
    if lower.size:
        chosen = (chosen + lower.max()) / 2
    return float(np.clip(chosen, *THRESHOLD_BOUNDS))


def natural_mix_weights(y_true, neutral_share: float) -> np.ndarray:
    """Row weights under which neutral rows make up ``neutral_share`` of the data.

    Written corpora are dense with tone (~45 % neutral); real replies are two thirds neutral or
    more. Weighting the neutral rows up lets F1 see the false alarms a real reply would bring.
    """
    if not 0.0 < neutral_share < 1.0:
        raise ValueError(f"neutral_share must lie strictly between 0 and 1, got {neutral_share}")
    y_true = _as_matrix(y_true, "y_true")
    neutral = ~y_true.any(axis=1)
    n_neutral, n_toned = int(neutral.sum()), int((~neutral).sum())
    if not n_neutral or not n_toned:
        return np.ones(len(y_true))
    weight = neutral_share / (1 - neutral_share) * n_toned / n_neutral
    return np.where(neutral, weight, 1.0)


def tune_thresholds(y_true, scores, neutral_share: float | None = None) -> dict[str, float]:
    """Per-label threshold on the scores that maximises F1 on (dev) data.

    With ``neutral_share`` the F1 is computed as if that share of the rows were neutral (see
    natural_mix_weights). A label with no positive or no negative example keeps
    DEFAULT_THRESHOLD: nothing to tune on.
    """
    y_true, scores = _as_matrix(y_true, "y_true"), _as_matrix(scores, "scores").astype(float)
    weights = None if neutral_share is None else natural_mix_weights(y_true, neutral_share)
    thresholds = {}
    for i, label in enumerate(LABELS):
        truth = y_true[:, i]
        if truth.min() == truth.max():
            thresholds[label] = DEFAULT_THRESHOLD
        else:
            thresholds[label] = _best_f1_threshold(truth, scores[:, i], weights)
    return thresholds


def apply_thresholds(scores, thresholds: Mapping[str, float]) -> np.ndarray:
    """0/1 predictions: score >= the label's threshold."""
    scores = _as_matrix(scores, "scores")
    cut = np.array([thresholds[label] for label in LABELS])
    return (scores >= cut).astype(int)


def label_confusion(y_true, y_pred) -> dict:
    """Counts of true label → predicted label, with ``neutral`` as an extra row and column.

    Multi-label: a sentence adds one count for every (true label, predicted label) pair; a sentence
    with no true (or no predicted) label counts under ``neutral`` on that side. Row i, column j:
    how many sentences carrying true label i were given label j.
    """
    y_true, y_pred = _as_matrix(y_true, "y_true"), _as_matrix(y_pred, "y_pred")
    names = [*LABELS, NEUTRAL]
    true_ext = np.hstack([y_true, ~y_true.any(axis=1, keepdims=True)]).astype(int)
    pred_ext = np.hstack([y_pred, ~y_pred.any(axis=1, keepdims=True)]).astype(int)
    counts = true_ext.T @ pred_ext
    return {"labels": names, "counts": counts.tolist(), "row_totals": true_ext.sum(axis=0).tolist()}


def reliability(y_true, scores, n_bins: int = 10) -> dict[str, dict]:
    """Calibration per label: equal-width score bins with mean score, observed rate and count.

    Binning follows sklearn.calibration.calibration_curve (strategy "uniform"), but empty bins
    are kept with count 0 so that plots can show where the scores fall. Also the Brier score.
    """
    y_true, scores = _as_matrix(y_true, "y_true"), _as_matrix(scores, "scores").astype(float)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    result = {}
    for i, label in enumerate(LABELS):
        bins = np.searchsorted(edges[1:-1], scores[:, i], side="right")
        counts = np.bincount(bins, minlength=n_bins)
        score_sums = np.bincount(bins, weights=scores[:, i], minlength=n_bins)
        true_sums = np.bincount(bins, weights=y_true[:, i], minlength=n_bins)
        filled = counts > 0
        result[label] = {
            "bin_edges": edges.tolist(),
            "count": counts.tolist(),
            "mean_score": [float(s / c) if c else None for s, c in zip(score_sums, counts)],
            "observed_rate": [float(t / c) if c else None for t, c in zip(true_sums, counts)],
            "brier": float(brier_score_loss(y_true[:, i], np.clip(scores[:, i], 0, 1))) if len(scores) else None,
            "expected_calibration_error": float(
                np.sum(np.abs(true_sums[filled] - score_sums[filled])) / max(len(scores), 1)
            ),
        }
    return result
