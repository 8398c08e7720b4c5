"""How to say it better: concrete rewrites of weak words and stock phrases, per language.

Data: ``<lang>.json`` beside this module (sv, nb, nn, da, en), loaded once per language::

    {"lang": "sv", "rules": [{"label": ..., "find": regex, "replace": str | null, "why": str}, ...]}

``find`` is a Python regular expression, matched case-insensitively in one sentence; the whole
match is the span a suggestion replaces. ``replace`` may use the match's groups (``\\1``); null
means "no safe rewrite": the agent gets the span and the ``why`` only (a tip). A ``[...]`` part
of ``replace`` is a blank for the agent to fill in (a template); it is reported, without the
brackets, as ``blank`` offsets into the replacement. Rules are written so the rewrite stays
grammatical (lookaheads check what follows); when unsure, a rule has no replacement.

Case: a rewrite of a capitalised span starts with a capital; dropping the sentence's first words
capitalises the word that then begins the sentence (the span takes in its first letter).
Earlier rules win where spans overlap, so specific phrases come before single words.
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tonefall.errors import DataError
from tonefall.labels import LABELS, LANGUAGES

SUGGESTIONS_DIR = Path(__file__).resolve().parent
_BLANK = re.compile(r"\[([^\]]+)\]")


@dataclass(frozen=True)
class Rule:
    label: str
    find: re.Pattern
    replace: str | None
    why: str


@dataclass(frozen=True)
class Suggestion:
    """A rewrite in one sentence: code-point offsets into it; ``blank`` offsets into ``replacement``."""

    start: int
    end: int
    label: str
    replacement: str | None
    why: str
    blank: tuple[int, int] | None = None


def load_rules_file(path: Path) -> tuple[Rule, ...]:
    """Read and compile one language's rules; DataError names the file and the rule."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(f"{path}: cannot read suggestion file ({exc})") from exc
    rules = []
    for index, item in enumerate(raw.get("rules", [])):
        where = f"{path}: rule {index} ({item.get('find')!r})"
        if item.get("label") not in LABELS:
            raise DataError(f"{where}: unknown label {item.get('label')!r}; valid: {', '.join(LABELS)}")
        if not item.get("why"):
            raise DataError(f"{where}: 'why' is missing")
        try:
            pattern = re.compile(item["find"], re.IGNORECASE)
        except (KeyError, re.error) as exc:
            raise DataError(f"{where}: field 'find': {exc}") from exc
        rules.append(Rule(item["label"], pattern, item.get("replace"), item["why"]))
    return tuple(rules)


@cache
def language_rules(lang: str) -> tuple[Rule, ...]:
    """The packaged rules of ``lang`` (none for languages without a file, e.g. "other")."""
    path = SUGGESTIONS_DIR / f"{lang}.json"
    return load_rules_file(path) if lang in LANGUAGES and path.is_file() else ()


def suggest(sentence: str, labels: list[str], lang: str) -> list[Suggestion]:
    """Rewrites for the problem ``labels`` of ``sentence``, in text order, never overlapping."""
    taken: list[Suggestion] = []
    for rule in language_rules(lang):
        if rule.label not in labels:
            continue
        for match in rule.find.finditer(sentence):
            found = _suggestion(sentence, rule, match)
            if found and not any(found.start < s.end and s.start < found.end for s in taken):
                taken.append(found)
    return sorted(taken, key=lambda s: s.start)


def _suggestion(sentence: str, rule: Rule, match: re.Match) -> Suggestion | None:
    start, end = match.span()
    if start == end:
        return None
    if rule.replace is None:
        return Suggestion(start, end, rule.label, None, rule.why)
    replacement = match.expand(rule.replace)
    if sentence[start].isupper():
        replacement = replacement[:1].upper() + replacement[1:]
    if not replacement and _opens_sentence(sentence, start):
        # Dropping the first words: the next word now starts the sentence and takes the capital.
        if end >= len(sentence) or not sentence[end].isalpha():
            return None
        replacement, end = sentence[end].upper(), end + 1
    replacement, blank = _take_blank(replacement)
    return Suggestion(start, end, rule.label, replacement, rule.why, blank)


def _opens_sentence(sentence: str, start: int) -> bool:
    return not any(ch.isalnum() for ch in sentence[:start])


def _take_blank(replacement: str) -> tuple[str, tuple[int, int] | None]:
    """Drop a template's brackets; the offsets of the blank's text in the result."""
    match = _BLANK.search(replacement)
    if not match:
        return replacement, None
    text = replacement[:match.start()] + match.group(1) + replacement[match.end():]
    return text, (match.start(), match.start() + len(match.group(1)))
