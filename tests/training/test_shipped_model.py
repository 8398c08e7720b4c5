"""The shipped model meets the corpus issue's quality bar on its own held-out test split.

Scores come from the int8 ONNX model through the service's classifier (what users get), on the
test sentences saved beside the model (split.json): a retrained model that is worse than the
bar cannot be shipped without this test failing.
"""

from pathlib import Path

import pytest
from tonefall.labels import LANGUAGES
from tonefall.model_dir import MODEL_FILE
from tonefall_train.evaluate import evaluate_model_dir, load_test_split

SHIPPED = Path(__file__).resolve().parents[2] / "models" / "tonefall-nordic-v1"

pytestmark = [pytest.mark.release,
              pytest.mark.skipif(not (SHIPPED / MODEL_FILE).is_file(), reason="no shipped model")]


@pytest.fixture(scope="module")
def report():
    return evaluate_model_dir(SHIPPED, load_test_split(SHIPPED))


def test_split_is_large_and_covers_every_language(report):
    assert report["n"] >= 800
    assert set(report["per_language"]) == set(LANGUAGES)


def test_macro_f1_over_the_four_labels(report):
    assert report["macro_f1"] >= 0.88


def test_every_language(report):
    scores = {lang: part["macro_f1"] for lang, part in report["per_language"].items()}
    assert min(scores.values()) >= 0.85, scores


def test_neutral_sentences_rarely_flagged(report):
    assert report["neutral_flagged_rate"] <= 0.08
