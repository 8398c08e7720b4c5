"""TF-IDF character n-grams + one-vs-rest logistic regression: the classic strong text baseline.

Character n-grams inside word boundaries (``char_wb``, 2-5) catch inflections and compounds
("beklagar", "olägenheterna") in all five languages without a tokenizer.
"""

import warnings
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from tonefall.labels import LABELS

from tonefall_train.baselines.base import Baseline
from tonefall_train.data import Example, label_matrix


def per_label_logistic(max_iter: int = 2000) -> OneVsRestClassifier:
    """One balanced logistic regression per label (shared with the frozen-embedding baseline)."""
    return OneVsRestClassifier(LogisticRegression(class_weight="balanced", max_iter=max_iter))


def fit_per_label(model, features, targets: np.ndarray):
    """Fit quietly: a label absent from train becomes a constant predictor (sklearn warns)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Label .* is present in all training examples")
        return model.fit(features, targets)


def positive_scores(model, features) -> np.ndarray:
    """n x len(LABELS) probabilities of the positive class."""
    return np.asarray(model.predict_proba(features), dtype=float).reshape(-1, len(LABELS))


class TfidfBaseline(Baseline):
    name = "tfidf"

    def __init__(self, ngram_range: tuple[int, int] = (2, 5), min_df: int = 1):
        super().__init__()
        self.pipeline: Pipeline = make_pipeline(
            TfidfVectorizer(analyzer="char_wb", ngram_range=ngram_range, min_df=min_df, sublinear_tf=True),
            per_label_logistic(),
        )

    def _fit(self, train: Sequence[Example]) -> None:
        fit_per_label(self.pipeline, [e.text for e in train], label_matrix(train).astype(int))

    def scores(self, texts: Sequence[str], langs: Sequence[str] | None = None) -> np.ndarray:
        return positive_scores(self.pipeline, list(texts))
