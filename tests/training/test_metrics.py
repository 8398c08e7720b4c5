"""Metrics on small hand-made arrays whose answers are worked out by hand, and the plots they feed."""

import json

import numpy as np
import pytest
from tonefall.labels import LABELS
from tonefall_train import metrics, plots

EMP, DEF, HEDGE, OFF = range(4)


def _rows(*label_sets):
    matrix = np.zeros((len(label_sets), len(LABELS)), dtype=int)
    for i, labels in enumerate(label_sets):
        for j in labels:
            matrix[i, j] = 1
    return matrix


@pytest.fixture
def example():
    # 6 sentences: 2 sv, 4 en.
    y_true = _rows({EMP}, set(), {DEF, OFF}, {HEDGE}, set(), {EMP})
    y_pred = _rows({EMP}, {OFF}, {DEF}, set(), set(), {EMP, HEDGE})
    langs = ["sv", "sv", "en", "en", "en", "en"]
    return y_true, y_pred, langs


def test_metrics_per_label_scores_match_hand_count(example):
    y_true, y_pred, langs = example
    report = metrics.score_report(y_true, y_pred, langs)
    per_label = report["per_label"]
    assert per_label["empathetic"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 2}
    assert per_label["defensive"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    # weak-hedged: 1 true (missed), 1 predicted (wrong) -> all zero.
    assert per_label["weak-hedged"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    # officialese: 1 true (missed), 1 predicted on a neutral sentence.
    assert per_label["officialese"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert report["macro_f1"] == pytest.approx(0.5)
    assert report["n"] == 6


def test_metrics_neutral_flagged_rate_counts_neutral_sentences_with_any_label(example):
    y_true, y_pred, _ = example
    # Two neutral sentences (rows 1 and 4); row 1 got officialese.
    assert metrics.neutral_flagged_rate(y_true, y_pred) == pytest.approx(0.5)
    assert metrics.neutral_flagged_rate(_rows({EMP}), _rows(set())) is None


def test_metrics_per_language_macro_skips_labels_absent_from_that_language(example):
    y_true, y_pred, langs = example
    report = metrics.score_report(y_true, y_pred, langs)
    sv = report["per_language"]["sv"]
    # sv has only empathetic as a true label, predicted right; officialese on the neutral row is a
    # false positive that shows in precision but the label has no support in sv.
    assert sv["macro_f1"] == pytest.approx(1.0)
    assert sv["neutral_flagged_rate"] == pytest.approx(1.0)
    assert sv["per_label"]["officialese"]["support"] == 0
    en = report["per_language"]["en"]
    # en: empathetic 1.0, defensive 1.0, weak-hedged 0.0, officialese 0.0
    assert en["macro_f1"] == pytest.approx(0.5)
    assert en["n"] == 4


def test_metrics_report_is_json_serialisable(example):
    report = metrics.score_report(*example)
    assert json.loads(json.dumps(report)) == report


def test_metrics_rejects_wrong_shapes():
    with pytest.raises(ValueError, match="shape"):
        metrics.score_report(np.zeros((2, 3)), np.zeros((2, 3)), ["sv", "sv"])
    with pytest.raises(ValueError, match="lengths differ"):
        metrics.score_report(np.zeros((2, 4)), np.zeros((2, 4)), ["sv"])


def test_metrics_tune_thresholds_separates_when_possible():
    y_true = _rows({EMP}, {EMP}, set(), set(), {DEF})
    scores = np.array(
        [
            [0.9, 0.1, 0.2, 0.5],
            [0.6, 0.2, 0.2, 0.5],
            [0.4, 0.3, 0.2, 0.5],
            [0.1, 0.3, 0.2, 0.5],
            [0.2, 0.35, 0.2, 0.5],
        ]
    )
    thresholds = metrics.tune_thresholds(y_true, scores)
    # empathetic: positives at 0.9, 0.6, next lower score 0.4 -> halfway 0.5.
    assert thresholds["empathetic"] == pytest.approx(0.5)
    # defensive: positive 0.35, next lower 0.3 -> 0.325.
    assert thresholds["defensive"] == pytest.approx(0.325)
    # no positive example: the default.
    assert thresholds["weak-hedged"] == metrics.DEFAULT_THRESHOLD
    predicted = metrics.apply_thresholds(scores, thresholds)
    assert (predicted[:, :2] == y_true[:, :2]).all()


def test_metrics_tune_thresholds_stays_inside_open_unit_interval():
    y_true = _rows({EMP}, set())
    scores = np.array([[1.0, 0, 0, 0], [1.0, 0, 0, 0]])
    assert 0 < metrics.tune_thresholds(y_true, scores)["empathetic"] < 1


def test_metrics_label_confusion_counts_pairs_with_neutral(example):
    y_true, y_pred, _ = example
    confusion = metrics.label_confusion(y_true, y_pred)
    names = confusion["labels"]
    assert names == [*LABELS, "neutral"]
    counts = np.array(confusion["counts"])
    at = lambda t, p: counts[names.index(t), names.index(p)]
    assert at("empathetic", "empathetic") == 2
    assert at("empathetic", "weak-hedged") == 1
    assert at("neutral", "officialese") == 1
    assert at("neutral", "neutral") == 1
    assert at("officialese", "defensive") == 1
    assert at("weak-hedged", "neutral") == 1
    assert confusion["row_totals"] == [2, 1, 1, 1, 2]


def test_metrics_reliability_bins_count_every_score():
    y_true = _rows({EMP}, set(), {EMP}, set())
    scores = np.array([[0.95, 0, 0, 0], [0.05, 0, 0, 0], [0.55, 0, 0, 0], [0.51, 0, 0, 1.0]])
    bins = metrics.reliability(y_true, scores, n_bins=10)
    emp = bins["empathetic"]
    assert sum(emp["count"]) == 4
    assert emp["count"][5] == 2 and emp["observed_rate"][5] == pytest.approx(0.5)
    assert emp["mean_score"][5] == pytest.approx(0.53)
    assert emp["count"][9] == 1 and bins["officialese"]["count"][9] == 1
    assert emp["brier"] == pytest.approx(np.mean([0.05**2, 0.05**2, 0.45**2, 0.51**2]))


def test_plots_write_non_empty_pngs(tmp_path, example):
    y_true, y_pred, langs = example
    scores = np.clip(y_pred * 0.8 + 0.1, 0, 1)
    report = metrics.score_report(y_true, y_pred, langs)
    files = plots.write_plots(y_true, y_pred, scores, report, tmp_path)
    assert set(files) == {"f1_by_language", "label_confusion", "reliability"}
    for name in files.values():
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 5000


def test_metrics_natural_mix_weights_give_neutral_rows_the_asked_share():
    from tonefall_train.metrics import natural_mix_weights

    y = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 1, 1]])
    weights = natural_mix_weights(y, 0.75)
    neutral = ~y.any(axis=1)
    assert weights[~neutral].tolist() == [1.0, 1.0, 1.0]
    assert weights[neutral].sum() / weights.sum() == pytest.approx(0.75)
    with pytest.raises(ValueError):
        natural_mix_weights(y, 1.0)


def test_metrics_tune_thresholds_for_a_natural_mix_cuts_above_neutral_false_alarms():
    # Positives score 0.6-0.9; the neutral rows sit at 0.55 and 0.65. Unweighted, catching
    # every positive is worth the one false alarm at 0.65 ... weighted as a real reply's
    # neutral majority, it is not.
    y = np.zeros((8, 4), dtype=int)
    y[:4, 0] = 1
    scores = np.full((8, 4), 0.1)
    scores[:, 0] = [0.6, 0.7, 0.8, 0.9, 0.55, 0.65, 0.2, 0.1]
    plain = metrics.tune_thresholds(y, scores)["empathetic"]
    natural = metrics.tune_thresholds(y, scores, neutral_share=0.9)["empathetic"]
    assert plain <= 0.6 < natural
