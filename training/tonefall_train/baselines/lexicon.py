"""Lexicon baseline: hand-written cue phrases per language and label, like a prose linter.

The cue lists live in ``tonefall_train/lexicon/<lang>.json`` ({"cues": {label: [phrase, ...]}}).
A phrase matches case-insensitively on word boundaries; white space in it matches any white
space, a ``*`` at the end of a word matches the rest of that word, and a leading ``^`` anchors it
at the start of the sentence (after any opening punctuation). Nothing is learned: a sentence
gets a label when one of that label's cues occurs in it.
"""

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from tonefall.errors import DataError
from tonefall.labels import LABELS

from tonefall_train.baselines.base import Baseline
from tonefall_train.data import Example

# Data files beside the code (package data in the wheel).
LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicon"


@dataclass(frozen=True)
class CueMatch:
    """One cue found in a sentence: code-point offsets, its label and the cue as written."""

    start: int
    end: int
    label: str
    cue: str


def _word_pattern(word: str) -> str:
    prefix = word.endswith("*")
    # Agents type straight or curly apostrophes ("I'm", "I’m"): either matches.
    escaped = re.escape(word.rstrip("*")).replace("'", "['’]")
    return escaped + r"\w*" if prefix else escaped


def cue_pattern(cue: str) -> re.Pattern:
    """Compile one cue phrase (see the module docstring for its small syntax)."""
    anchored = cue.startswith("^")
    words = cue.lstrip("^").split()
    if not words:
        raise ValueError(f"empty cue {cue!r}")
    parts = [_word_pattern(word) for word in words]
    body = r"\s+".join(parts)
    # Word edges by look-around on \w (\b misbehaves next to apostrophes), and only where the
    # cue itself starts or ends with a letter: ", men" must match right after a word.
    before = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
    after = r"(?!\w)" if re.search(r"[\w*]$", words[-1]) else ""
    prefix = r"^[\W_]*?" if anchored else before
    return re.compile(prefix + "(" + body + ")" + after, re.IGNORECASE)


def lexicon_files(directory: Path | None = None) -> dict[str, Path]:
    """{language: cue file} from ``directory`` or the packaged lexicon."""
    root = Path(directory) if directory else LEXICON_DIR
    return {path.stem: path for path in sorted(root.glob("*.json"))}


def load_cues(path: Path) -> dict[str, list[str]]:
    """{label: cue phrases} from one language file; DataError names the file and the problem."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(f"{path}: cannot read cue list ({exc})") from exc
    cues = raw.get("cues") if isinstance(raw, dict) else None
    if not isinstance(cues, dict):
        raise DataError(f"{path}: expected an object with a 'cues' object")
    unknown = [label for label in cues if label not in LABELS]
    if unknown:
        raise DataError(f"{path}: field 'cues': unknown label(s) {unknown}; valid: {', '.join(LABELS)}")
    return {label: list(cues.get(label, [])) for label in LABELS}


class Lexicon:
    """Compiled cue patterns for every language; finds cues in a sentence."""

    def __init__(self, cues_by_lang: dict[str, dict[str, list[str]]]):
        self.cues_by_lang = cues_by_lang
        self._patterns = {
            lang: [(label, cue, cue_pattern(cue)) for label in LABELS for cue in cues[label]]
            for lang, cues in cues_by_lang.items()
        }
        # Unknown language: try every list (the Nordic lists overlap little with English).
        self._patterns[None] = [p for lang in sorted(cues_by_lang) for p in self._patterns[lang]]

    @classmethod
    def load(cls, directory: Path | None = None) -> "Lexicon":
        return cls({lang: load_cues(path) for lang, path in lexicon_files(directory).items()})

    def matches(self, text: str, lang: str | None = None) -> list[CueMatch]:
        """Every cue occurrence in ``text`` for ``lang`` (all languages when None or unknown)."""
        patterns = self._patterns.get(lang, self._patterns[None])
        found = []
        for label, cue, pattern in patterns:
            found += [CueMatch(m.start(1), m.end(1), label, cue) for m in pattern.finditer(text)]
        return sorted(found, key=lambda m: (m.start, m.end, m.label))

    def counts(self, text: str, lang: str | None = None) -> np.ndarray:
        """Matches per label, LABELS order."""
        counts = np.zeros(len(LABELS))
        for match in self.matches(text, lang):
            counts[LABELS.index(match.label)] += 1
        return counts


@lru_cache(maxsize=1)
def packaged_lexicon() -> Lexicon:
    return Lexicon.load()


class LexiconBaseline(Baseline):
    """Flags a label when any of its cues occurs; score 1 - 0.5**matches (0, 0.5, 0.75, ...)."""

    name = "lexicon"
    tune_on_dev = False  # a linter's rule fires on one match: threshold 0.5

    def __init__(self, lexicon: Lexicon | None = None):
        super().__init__()
        self.lexicon = lexicon or packaged_lexicon()

    def _fit(self, train: Sequence[Example]) -> None:
        """Nothing to learn."""

    def scores(self, texts: Sequence[str], langs: Sequence[str] | None = None) -> np.ndarray:
        langs = langs if langs is not None else [None] * len(texts)
        counts = np.array([self.lexicon.counts(text, lang) for text, lang in zip(texts, langs)]).reshape(-1, len(LABELS))
        return 1.0 - 0.5**counts
