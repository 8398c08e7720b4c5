"""What the API endpoints do, as plain functions of text and a classifier (tests call them directly)."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tonefall.classifier import ToneClassifier
from tonefall.cues import find_cues
from tonefall.labels import LABELS
from tonefall.language import detect_language
from tonefall.limits import check_text_size
from tonefall.segment import Segment, Utf16Index, segment, utf16_length
from tonefall.suggestions import Suggestion, suggest


def score_dict(row: np.ndarray) -> dict[str, float]:
    return {label: round(float(p), 4) for label, p in zip(LABELS, row)}


def analyze(text: str, classifier: ToneClassifier, lang: str | None = None,
            detect: Callable[[str], str] = detect_language, utf16: bool = True) -> dict:
    """Segment a reply, classify its own (unquoted) sentences in one batch, find cues.

    Offsets in the result are UTF-16 code units (see schemas.OFFSETS_NOTE), or Python string
    indices with ``utf16=False`` (for terminal output).
    """
    check_text_size(len(text))
    reply = prepare(text, lang, detect)
    return assemble(reply, classifier.scores(reply.own_texts), classifier, utf16)


@dataclass(frozen=True)
class PreparedReply:
    """A reply segmented and its language known, before scoring (``tonefall report`` scores
    the own sentences of many replies in one batch, then assembles each like /v1/analyze)."""

    text: str
    segments: list[Segment]
    lang: str

    @property
    def own_texts(self) -> list[str]:
        return [s.text for s in self.segments if not s.quoted]


def prepare(text: str, lang: str | None = None, detect: Callable[[str], str] = detect_language) -> PreparedReply:
    segments = segment(text)
    own = " ".join(s.text for s in segments if not s.quoted)
    return PreparedReply(text, segments, lang or detect(own))


def assemble(reply: PreparedReply, rows: np.ndarray, classifier: ToneClassifier, utf16: bool = True) -> dict:
    """The /v1/analyze result of a prepared reply, given the scores of its own sentences in order."""
    rows = iter(rows)
    offsets = Utf16Index(reply.text if utf16 else "")  # an index of "" leaves offsets as they are
    sentences = [_quoted_sentence(s, offsets) if s.quoted else _own_sentence(s, next(rows), classifier, reply.lang, offsets)
                 for s in reply.segments]
    return {"model": classifier.info.name, "lang": reply.lang, "sentences": sentences}


def _own_sentence(s: Segment, row: np.ndarray, classifier: ToneClassifier, lang: str, utf16: Utf16Index) -> dict:
    labels = classifier.labels_of(row)
    cues = [{"start": utf16.to_utf16(s.start + start), "end": utf16.to_utf16(s.start + end)}
            for start, end in find_cues(s.text, labels, lang)]
    suggestions = [_suggestion_dict(found, s.start, utf16) for found in suggest(s.text, labels, lang)]
    return {"start": utf16.to_utf16(s.start), "end": utf16.to_utf16(s.end), "text": s.text,
            "labels": labels, "scores": score_dict(row), "cues": cues, "suggestions": suggestions, "quoted": False}


def _suggestion_dict(found: Suggestion, sentence_start: int, utf16: Utf16Index) -> dict:
    """A rewrite with offsets into the reply (UTF-16 units, like the rest of the answer)."""
    blank = None
    if found.blank:  # offsets into the replacement, in UTF-16 units (the DOM's) like the rest
        text, (start, end) = found.replacement, found.blank
        blank = {"start": utf16_length(text[:start]), "end": utf16_length(text[:end])}
    return {"start": utf16.to_utf16(sentence_start + found.start), "end": utf16.to_utf16(sentence_start + found.end),
            "label": found.label, "replacement": found.replacement, "blank": blank, "why": found.why}


def _quoted_sentence(s: Segment, utf16: Utf16Index) -> dict:
    return {"start": utf16.to_utf16(s.start), "end": utf16.to_utf16(s.end), "text": s.text,
            "labels": [], "scores": {}, "cues": [], "suggestions": [], "quoted": True}


def classify(sentences: list[str], classifier: ToneClassifier) -> dict:
    """Labels and scores per sentence, in order, no segmentation (for scripts)."""
    check_text_size(sum(len(s) for s in sentences), "sentences")
    rows = classifier.scores(sentences)
    return {"model": classifier.info.name,
            "results": [{"labels": classifier.labels_of(row), "scores": score_dict(row)} for row in rows]}
