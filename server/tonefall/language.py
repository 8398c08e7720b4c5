"""Language of a reply: sv, nb, nn, da, en, or other (lingua, loaded on first use).

lingua ships its own n-gram models and tells bokmål from nynorsk. Its low-accuracy mode
(trigrams only) needs about 30 MB instead of about 150 MB and is accurate for replies of a
sentence or more; a few non-Nordic languages are included so that they come out as "other"
instead of being forced onto the nearest Nordic one.
"""

import threading

from tonefall.labels import LANGUAGES

OTHER = "other"
DETECTABLE = (*LANGUAGES, OTHER)
_MIN_LETTERS = 3

_detector = None
_lock = threading.Lock()


def _build_detector():
    from lingua import Language, LanguageDetectorBuilder

    nordic = {Language.SWEDISH: "sv", Language.BOKMAL: "nb", Language.NYNORSK: "nn",
              Language.DANISH: "da", Language.ENGLISH: "en"}
    distractors = [Language.FINNISH, Language.GERMAN, Language.DUTCH, Language.FRENCH,
                   Language.SPANISH, Language.POLISH, Language.ICELANDIC]
    detector = LanguageDetectorBuilder.from_languages(*nordic, *distractors).with_low_accuracy_mode().build()
    return detector, nordic


def detector():
    """The shared detector, built once (thread-safe)."""
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                _detector = _build_detector()
    return _detector


def detect_language(text: str) -> str:
    """One of sv, nb, nn, da, en, other ("other" also when the text is too short to tell)."""
    if sum(ch.isalpha() for ch in text) < _MIN_LETTERS:
        return OTHER
    lingua_detector, codes = detector()
    language = lingua_detector.detect_language_of(text)
    return codes.get(language, OTHER)
