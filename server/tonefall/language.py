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
# lingua's time grows faster than linearly with a word's length (a 20,000-letter "word" took
# 0.5-0.8 s, holding the interpreter, so every other request waited); a reply's first 4,000
# characters tell its language as well as all of it, in at most ~30 ms.
SAMPLE_CHARS = 4000

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


def warm_up() -> None:
    """Build the detector and run it once: lingua loads its n-gram models on the first detection (~0.7 s)."""
    detect_language("Hej Anna, tack för att du hörde av dig.")


def detect_language(text: str) -> str:
    """One of sv, nb, nn, da, en, other ("other" also when the text is too short to tell)."""
    text = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in text) < _MIN_LETTERS:
        return OTHER
    lingua_detector, codes = detector()
    language = lingua_detector.detect_language_of(text)
    return codes.get(language, OTHER)
