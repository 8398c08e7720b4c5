"""What the API endpoints do, as plain functions of text and a classifier (tests call them directly)."""

from collections.abc import Callable

import numpy as np

from tonefall.classifier import ToneClassifier
from tonefall.cues import find_cues
from tonefall.errors import TonefallError
from tonefall.labels import LABELS
from tonefall.language import detect_language
from tonefall.schemas import MAX_TEXT_CHARS
from tonefall.segment import Segment, Utf16Index, segment


class InputTooLarge(TonefallError):
    """The request's text is over the limit (HTTP 413)."""


def check_size(total_chars: int, what: str = "text") -> None:
    if total_chars > MAX_TEXT_CHARS:
        raise InputTooLarge(f"{what} has {total_chars} characters; the limit is {MAX_TEXT_CHARS}")


def score_dict(row: np.ndarray) -> dict[str, float]:
    return {label: round(float(p), 4) for label, p in zip(LABELS, row)}


def analyze(text: str, classifier: ToneClassifier, lang: str | None = None,
            detect: Callable[[str], str] = detect_language, utf16: bool = True) -> dict:
    """Segment a reply, classify its own (unquoted) sentences in one batch, find cues.

    Offsets in the result are UTF-16 code units (see schemas.OFFSETS_NOTE), or Python string
    indices with ``utf16=False`` (for terminal output).
    """
    check_size(len(text))
    segments = segment(text)
    own = [s for s in segments if not s.quoted]
    reply_lang = lang or detect(" ".join(s.text for s in own))
    rows = iter(classifier.scores([s.text for s in own]))
    offsets = Utf16Index(text if utf16 else "")  # an index of "" leaves offsets as they are
    sentences = [_quoted_sentence(s, offsets) if s.quoted else _own_sentence(s, next(rows), classifier, reply_lang, offsets)
                 for s in segments]
    return {"model": classifier.info.name, "lang": reply_lang, "sentences": sentences}


def _own_sentence(s: Segment, row: np.ndarray, classifier: ToneClassifier, lang: str, utf16: Utf16Index) -> dict:
    labels = classifier.labels_of(row)
    cues = [{"start": utf16.to_utf16(s.start + start), "end": utf16.to_utf16(s.start + end)}
            for start, end in find_cues(s.text, labels, lang)]
    return {"start": utf16.to_utf16(s.start), "end": utf16.to_utf16(s.end), "text": s.text,
            "labels": labels, "scores": score_dict(row), "cues": cues, "quoted": False}


def _quoted_sentence(s: Segment, utf16: Utf16Index) -> dict:
    return {"start": utf16.to_utf16(s.start), "end": utf16.to_utf16(s.end), "text": s.text,
            "labels": [], "scores": {}, "cues": [], "quoted": True}


def classify(sentences: list[str], classifier: ToneClassifier) -> dict:
    """Labels and scores per sentence, in order, no segmentation (for scripts)."""
    check_size(sum(len(s) for s in sentences), "sentences")
    rows = classifier.scores(sentences)
    return {"model": classifier.info.name,
            "results": [{"labels": classifier.labels_of(row), "scores": score_dict(row)} for row in rows]}
