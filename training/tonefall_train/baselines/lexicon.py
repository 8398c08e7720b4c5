"""Lexicon baseline: hand-written cue phrases per language and label, like a prose linter.

The cue lists are the service's (``tonefall/cues/<lang>.json``, syntax and matcher in
``tonefall.cues``): one source for the hover card's cue words and this baseline. Nothing is
learned: a sentence gets a label when one of that label's cues occurs in it.
"""

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
from tonefall.cues import CueSpan, LanguageCues, language_cues, load_language_file
from tonefall.labels import LABELS, LANGUAGES

from tonefall_train.baselines.base import Baseline
from tonefall_train.data import Example


def load_cue_dir(directory: Path) -> dict[str, LanguageCues]:
    """{language: cues} from the ``<lang>.json`` files in ``directory`` (the service's format)."""
    return {path.stem: load_language_file(path) for path in sorted(Path(directory).glob("*.json"))}


@cache
def packaged_cues() -> dict[str, LanguageCues]:
    """{language: cues} of the service's packaged cue files."""
    return {lang: cues for lang in LANGUAGES if (cues := language_cues(lang)) is not None}


class LexiconBaseline(Baseline):
    """Flags a label when any of its cues occurs; score 1 - 0.5**matches (0, 0.5, 0.75, ...)."""

    name = "lexicon"
    tune_on_dev = False  # a linter's rule fires on one match: threshold 0.5

    def __init__(self, cues: dict[str, LanguageCues] | None = None):
        super().__init__()
        self.cues = cues or packaged_cues()

    def _fit(self, train: Sequence[Example]) -> None:
        """Nothing to learn."""

    def matches(self, text: str, lang: str | None = None) -> list[CueSpan]:
        """Every cue in ``text`` for ``lang``; every language's cues when it is None or has no list."""
        langs = [lang] if lang in self.cues else sorted(self.cues)
        return [span for code in langs for span in self.cues[code].find(text)]

    def counts(self, text: str, lang: str | None = None) -> np.ndarray:
        """Matches per label, LABELS order."""
        labels = [LABELS.index(span.label) for span in self.matches(text, lang)]
        return np.bincount(labels, minlength=len(LABELS)).astype(float)

    def scores(self, texts: Sequence[str], langs: Sequence[str] | None = None) -> np.ndarray:
        langs = langs if langs is not None else [None] * len(texts)
        counts = [self.counts(text, lang) for text, lang in zip(texts, langs)]
        return 1.0 - 0.5 ** np.array(counts).reshape(-1, len(LABELS))
