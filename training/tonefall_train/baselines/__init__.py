"""Baselines that the fine-tuned model has to beat, all behind one small interface.

``fit(train, dev)`` learns from training examples and tunes per-label thresholds on dev;
``scores(texts, langs)`` gives n x 4 scores in [0, 1] (LABELS order); ``thresholds`` turns them
into labels. ``compare.run_baselines`` fits them on the training command's split and scores the
test part.
"""

from pathlib import Path

from tonefall_train.baselines.base import Baseline

__all__ = ["BASELINE_NAMES", "Baseline", "make_baseline"]

BASELINE_NAMES = ("lexicon", "tfidf", "frozen")


def make_baseline(name: str, base_spec: str | None = None, lexicon_dir: Path | None = None) -> Baseline:
    """A fresh, unfitted baseline by name (imports lazily: only `frozen` needs torch).

    ``lexicon_dir``: cue files (<lang>.json, the service's format) instead of the service's
    packaged ``tonefall/cues``.
    """
    if name == "lexicon":
        from tonefall_train.baselines.lexicon import LexiconBaseline, load_cue_dir

        return LexiconBaseline(load_cue_dir(lexicon_dir) if lexicon_dir else None)
    if name == "tfidf":
        from tonefall_train.baselines.tfidf import TfidfBaseline

        return TfidfBaseline()
    if name == "frozen":
        from tonefall_train.baselines.frozen import FrozenBaseline

        return FrozenBaseline(base_spec)
    raise ValueError(f"unknown baseline {name!r}; available: {', '.join(BASELINE_NAMES)}")
