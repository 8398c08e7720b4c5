"""Tone cues and hover-card advice per language: the words that carry a flagged sentence's tone.

Data: ``<lang>.json`` beside this module (sv, nb, nn, da, en), one source for the service and
for training's lexicon baseline (training imports this; the run-time side owns the data)::

    {"lang": "sv", "advice": {label: {"why": str, "tip": str}}, "cues": {label: [cue, ...]}}

Cue syntax: case-insensitive, on word boundaries where the cue starts/ends with a letter (so
", men" matches right after a word); white space matches any white space; a ``*`` ending a
word matches the rest of that word; a leading ``^`` anchors the cue at the sentence start
(after opening punctuation), as in the defensive opener "^men".
"""

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from tonefall.errors import DataError
from tonefall.labels import LABELS, LANGUAGES

CUES_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class CueSpan:
    """A cue in a sentence: code-point offsets into the sentence, its label, the cue as written."""

    start: int
    end: int
    label: str
    cue: str


def cue_pattern(cue: str) -> re.Pattern:
    """Compile one cue (syntax in the module docstring); group 1 is the cue's text."""
    anchored = cue.startswith("^")
    words = cue.lstrip("^").split()
    if not words:
        raise ValueError(f"empty cue {cue!r}")

    def word_regex(word: str) -> str:
        # Straight and curly apostrophes are both typed ("I'm", "I’m").
        core = re.escape(word.rstrip("*")).replace("'", "['’]")
        return core + r"\w*" if word.endswith("*") else core

    body = r"\s+".join(word_regex(word) for word in words)
    # Word edges only where the cue itself starts/ends with a letter: ", men" follows a word.
    before = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
    after = r"(?!\w)" if re.search(r"[\w*]$", words[-1]) else ""
    start = r"^[\W_]*?" if anchored else before
    return re.compile(f"{start}({body}){after}", re.IGNORECASE)


@dataclass(frozen=True)
class LanguageCues:
    """One language's compiled cues and advice."""

    lang: str
    patterns: dict[str, list[tuple[str, re.Pattern]]]
    advice: dict[str, dict[str, str]]

    def find(self, sentence: str, labels: list[str] | tuple[str, ...] = LABELS) -> list[CueSpan]:
        """Cues of ``labels`` in ``sentence``, in text order."""
        found = [CueSpan(m.start(1), m.end(1), label, cue)
                 for label in labels for cue, pattern in self.patterns.get(label, [])
                 for m in pattern.finditer(sentence)]
        return sorted(found, key=lambda span: (span.start, span.end, span.label))


def load_language_file(path: Path) -> LanguageCues:
    """Read and compile one language file; DataError names the file and field."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(f"{path}: cannot read cue file ({exc})") from exc
    cues, advice = raw.get("cues", {}), raw.get("advice", {})
    unknown = sorted(set(cues) - set(LABELS)) + sorted(set(advice) - set(LABELS))
    if unknown:
        raise DataError(f"{path}: unknown label(s) {unknown}; valid: {', '.join(LABELS)}")
    try:
        patterns = {label: [(cue, cue_pattern(cue)) for cue in cues.get(label, [])] for label in LABELS}
    except (ValueError, re.error) as exc:
        raise DataError(f"{path}: field 'cues': {exc}") from exc
    return LanguageCues(raw.get("lang", Path(path).stem), patterns, advice)


@cache
def language_cues(lang: str) -> LanguageCues | None:
    """The packaged cues of ``lang`` (None for languages without a file, e.g. "other")."""
    path = CUES_DIR / f"{lang}.json"
    return load_language_file(path) if lang in LANGUAGES and path.is_file() else None


def find_cues(sentence: str, labels: list[str], lang: str) -> list[tuple[int, int]]:
    """Merged (start, end) spans, code points into ``sentence``, of the cues of ``labels``."""
    cues = language_cues(lang)
    if cues is None or not labels:
        return []
    return _merge([(span.start, span.end) for span in cues.find(sentence, labels)])


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def advice(lang: str) -> dict[str, dict[str, str]]:
    """{label: {"why", "tip"}} for the hover card; English when ``lang`` has no file."""
    cues = language_cues(lang) or language_cues("en")
    return cues.advice if cues else {}


def all_advice() -> dict[str, dict[str, dict[str, str]]]:
    return {lang: advice(lang) for lang in LANGUAGES}
