"""The baseline interface and the threshold tuning every learned baseline shares."""

from collections.abc import Sequence

import numpy as np
from tonefall.labels import LABELS

from tonefall_train.data import Example, label_matrix
from tonefall_train.metrics import DEFAULT_THRESHOLD, tune_thresholds


class Baseline:
    """Subclasses set ``name`` and implement ``_fit`` and ``scores``."""

    name = "baseline"
    # A rule-based baseline keeps its fixed thresholds; learned ones tune them on dev.
    tune_on_dev = True

    def __init__(self) -> None:
        self.thresholds: dict[str, float] = {label: DEFAULT_THRESHOLD for label in LABELS}

    def fit(self, train: Sequence[Example], dev: Sequence[Example] | None = None) -> "Baseline":
        self._fit(train)
        if dev and self.tune_on_dev:
            dev_scores = self.scores([e.text for e in dev], [e.lang for e in dev])
            self.thresholds = tune_thresholds(label_matrix(dev), dev_scores)
        return self

    def _fit(self, train: Sequence[Example]) -> None:
        raise NotImplementedError

    def scores(self, texts: Sequence[str], langs: Sequence[str] | None = None) -> np.ndarray:
        """n x len(LABELS) scores in [0, 1]; ``langs`` is used by language-specific baselines."""
        raise NotImplementedError
