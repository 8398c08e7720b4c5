"""Baselines that the fine-tuned model has to beat, all behind one small interface.

``fit(train, dev)`` learns from training examples and tunes per-label thresholds on dev;
``scores(texts, langs)`` gives n x 4 scores in [0, 1] (LABELS order); ``thresholds`` turns them
into labels. ``compare.run_baselines`` fits them on the training command's split and scores the
test part.
"""

from tonefall_train.baselines.base import Baseline

__all__ = ["BASELINE_NAMES", "Baseline", "make_baseline"]

BASELINE_NAMES = ("lexicon", "tfidf", "frozen")


def make_baseline(name: str, base_spec: str | None = None) -> Baseline:
    """A fresh, unfitted baseline by name (imports lazily: only `frozen` needs torch)."""
    if name == "lexicon":
        from tonefall_train.baselines.lexicon import LexiconBaseline

        return LexiconBaseline()
    if name == "tfidf":
        from tonefall_train.baselines.tfidf import TfidfBaseline

        return TfidfBaseline()
    if name == "frozen":
        from tonefall_train.baselines.frozen import FrozenBaseline

        return FrozenBaseline(base_spec)
    raise ValueError(f"unknown baseline {name!r}; available: {', '.join(BASELINE_NAMES)}")
