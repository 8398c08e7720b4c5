"""What a coach looks for in one sentence beyond its labels: greeting, we/I voice, a
"men/but" opener, weak words. Word lists follow the reply's language (``other``: all of them).
"""

import re
from functools import cache

from tonefall.cues import language_cues

# Greeting lines open most replies ("Hej Anna,", "Hi Tom!"): the opening that counts is the
# first sentence after them. A greeting starts with one of these and is at most a few words.
_GREETING = re.compile(
    r"^\W*(hej|hejsan|hei|heisann|hallo|hallå|hello|hi|hey|dear|kära|kære|kjære|bästa|goddag|god\s+dag|"
    r"god\s+morgon|god\s+morgen|god\s+middag|god\s+eftermiddag|god\s+kväll|god\s+kveld|god\s+aften|"
    r"good\s+morning|good\s+afternoon|good\s+evening|morn|tjena|tjenare)\b", re.IGNORECASE)
_GREETING_MAX_WORDS = 5

_WE = {"sv": r"vi", "nb": r"vi", "nn": r"vi", "da": r"vi", "en": r"we"}
# "I" only in English and case-sensitive: "i" is "in" in the Nordic languages; "eg" only in nynorsk.
_I = {"sv": r"(?i:jag)", "nb": r"(?i:jeg)", "nn": r"(?i:eg)", "da": r"(?i:jeg)", "en": r"I"}
_BUT = {"sv": "men", "nb": "men", "nn": "men", "da": "men", "en": "but"}


def is_greeting(sentence: str) -> bool:
    return bool(_GREETING.match(sentence)) and len(sentence.split()) <= _GREETING_MAX_WORDS


@cache
def _word_pattern(words: tuple[str, ...], case_insensitive: bool) -> re.Pattern:
    flags = re.IGNORECASE if case_insensitive else 0
    return re.compile(rf"(?<!\w)(?:{'|'.join(words)})(?!\w)", flags)


def _words_of(table: dict[str, str], lang: str) -> tuple[str, ...]:
    return (table[lang],) if lang in table else tuple(sorted(set(table.values())))


def uses_we(sentence: str, lang: str) -> bool:
    return bool(_word_pattern(_words_of(_WE, lang), True).search(sentence))


def uses_i(sentence: str, lang: str) -> bool:
    return bool(_word_pattern(_words_of(_I, lang), False).search(sentence))


def opens_with_but(sentence: str, lang: str) -> bool:
    words = "|".join(_words_of(_BUT, lang))
    return bool(re.match(rf"^[\W_]*(?:{words})(?!\w)", sentence, re.IGNORECASE))


def weak_words(sentence: str, lang: str) -> list[str]:
    """The weak-hedged cue words in the sentence, lower-cased, from the service's cue lists."""
    languages = [lang] if language_cues(lang) else ["sv", "nb", "nn", "da", "en"]
    found = {(span.start, span.end): sentence[span.start:span.end].lower()
             for code in languages for span in language_cues(code).find(sentence, ("weak-hedged",))}
    return list(found.values())
