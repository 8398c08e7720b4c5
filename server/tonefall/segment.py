"""Split a customer-service reply into sentences, following training/data/FORMAT.md.

Convention: a line break always ends a sentence; inside a line a sentence ends at ``.``,
``!``, ``?``, ``…`` or an emoji followed by white space, except after abbreviations (any
``…nr.``: "varenr. 12345"), ordinals and initials ("A. Berg"; a lower-case one-letter word such
as "i" is a word and ends one), except before a lower-case word after ``?``, ``!``, ``…`` or an
emoji, except before an emoji (it belongs to the sentence it follows: "Hei! 😊") and except an
emoji right after a greeting word ("Hej 😀 Anna.").
Decimals, times, URLs and e-mail addresses have no white space after their dots, so they
never split. Greeting, sign-off and bullet lines are their own sentences because they
are their own lines. List markers (``-``, ``*``, ``•``, ``1.``) and the quote marker ``>``
(with the space after it) are left out of the sentence; quoted lines give ``quoted=True``.

Offsets are Python string indices (code points), end exclusive, so ``text[start:end]`` is the
sentence. Browsers count UTF-16 code units: :class:`Utf16Index` converts for the HTTP layer.
"""

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

# Any of Unicode's line separators ends a line (``\r\n`` counts as one).
_LINE = re.compile(r"[^\r\n\u2028\u2029\x85\x0b\x0c]*")
_QUOTE_MARKER = re.compile(r"\s*(?:>[ \t]?)+")
_LIST_MARKER = re.compile(r"\s*(?:[-*•–](?=\s)|\d{1,2}[.)](?=\s))\s*")
# A boundary candidate is what comes right before white space: a sentence-final punctuation run
# with optional closing quotes/brackets ("Tack!)"), or an emoji run, which agents and customers
# use as a full stop ("... to venstresko 🙈 Jeg har ..."). Both are the longest such suffix of the
# word they end (see _boundaries).
_STOPS = ".!?…"
_CLOSERS = "\"'”’»)]"
_EMOJI = "\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF"
_EMOJI_PART = re.compile(f"[{_EMOJI}\ufe0f\u200d]")
_EMOJI_START = re.compile(f"[{_EMOJI}]")
# The whole run of those characters before white space, matched from its first character only
# (lookbehind) and without backtracking (possessive): linear even on 20,000 dots or emoji with no
# space, where a backtracking pattern retried every position of the run (quadratic, seconds).
_FINAL_RUN = re.compile(rf"(?<![{re.escape(_STOPS + _CLOSERS)}{_EMOJI}\ufe0f\u200d])"
                        rf"[{re.escape(_STOPS + _CLOSERS)}{_EMOJI}\ufe0f\u200d]++(?=\s)")
# What follows a boundary: white space, opening punctuation, then the first character (if any).
_LEADING_PUNCT = "([{\"'“‘«"
_NEXT_WORD = re.compile(rf"\s*([{re.escape(_LEADING_PUNCT)}]*)(.?)", re.DOTALL)

# Abbreviations (lower case, without their final dot) that never end a sentence: what
# follows them is the rest of the sentence ("t.ex. en ny kod", "kl. 14", "Dr. Berg").
_NEVER_FINAL = frozenset("""
    t.ex tex t.eks f.ex f.eks f.eks bl.a bla b.la d.v.s dvs d.s f.d p.g.a pga m.h.t mht
    v.h.a vha s.k ca ca kl nr tlf tel evt ev iflg ifølge jf jfr jvf ang vedr vedk inkl ekskl
    exkl resp ift i.f.t sk e.g i.e ie mr mrs ms dr prof st vs pkt avd afd adr att
    fig ref hr fr frk p.s ps o.a mvh vh pr hhv iht ifm mtp fr.o.m t.o.m enl approx incl excl
""".split())
# Any word ending in "nr" is a number abbreviation, alone or compound ("varenr. 12345",
# "ordrenr.", "kundnr.", "art.nr.", "org.nr."): a number follows, the sentence goes on.
_NUMBER_ABBREVIATION_SUFFIX = "nr"
# Abbreviations that are also everyday words ("no." number / "The answer is no."; "bil." bilaga /
# "en ny bil."; "eg" e.g. / nynorsk "I"), or that precede a number and can also end a sentence
# ("i str. 38" / "i alle str."; "§ 8, stk. 3"): a break unless a number or a lower-case word follows.
_ALSO_A_WORD = frozenset({"no", "bil", "eg", "art", "str", "stk", "ext", "kap", "afsn", "avsn"})
# Abbreviations that often end a sentence ("... päron osv. Sen ..."): a break only when the
# next word starts with a capital letter or a digit.
_MAYBE_FINAL = frozenset("""
    osv o.s.v etc mv m.v m.m mm m.fl mfl o.l ol usv o.lign olign m.a.o mao kr sek nok dkk
    eur usd st min max mnd jan feb mar apr jun jul aug sep sept okt oct nov dec
""".split())
# Greeting words an emoji may follow without ending the greeting ("Hej 😀 Anna,"). Only a
# sentence that is nothing but one of these before the emoji counts, so the check is O(1).
_GREETINGS = frozenset({"hej", "hejsan", "hallå", "hei", "heisann", "hallo", "hi", "hello", "hey", "dear",
                        "kære", "kjære", "goddag"})
_LONGEST_GREETING = max(map(len, _GREETINGS))


@dataclass(frozen=True)
class Segment:
    """One sentence: ``text == reply[start:end]`` (code points); ``quoted`` = customer's line."""

    start: int
    end: int
    text: str
    quoted: bool = False


def segment(text: str) -> list[Segment]:
    """Return the sentences of ``text`` in order, non-overlapping, with code-point offsets."""
    segments: list[Segment] = []
    for line_start, line in _lines(text):
        body_start, quoted = line_body_start(line)
        for start, end in _split_line(line, body_start):
            segments.append(Segment(line_start + start, line_start + end, line[start:end], quoted))
    return segments


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for match in _LINE.finditer(text):
        if match.group():
            yield match.start(), match.group()


def line_body_start(line: str) -> tuple[int, bool]:
    """Index where the sentence text of a line begins, and whether the line is quoted."""
    position, quoted = 0, False
    quote = _QUOTE_MARKER.match(line)
    if quote and ">" in quote.group():
        position, quoted = quote.end(), True
    bullet = _LIST_MARKER.match(line, position)
    if bullet:
        position = bullet.end()
    return position, quoted


def _split_line(line: str, position: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence inside one line, white space trimmed."""
    start = position
    for punct_start, punct_end in _boundaries(line, position):
        if punct_end <= start or not _ends_sentence(line, start, punct_start, punct_end):
            continue
        yield from _trimmed(line, start, punct_end)
        start = punct_end
    yield from _trimmed(line, start, len(line))


def _boundaries(line: str, position: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each boundary candidate: the longest suffix of a word before white space
    that is ``[.!?…]+`` then closers, or an emoji then emoji, U+FE0F or U+200D."""
    for run in _FINAL_RUN.finditer(line, position):
        first, end = run.span()
        if line[end - 1] in _STOPS or line[end - 1] in _CLOSERS:
            body = line[first:end].rstrip(_CLOSERS)
            stops = len(body) - len(body.rstrip(_STOPS))
            if stops:
                yield first + len(body) - stops, end
            continue
        tail = end  # emoji: the run of emoji parts at the end, from its first emoji proper
        while tail > first and _EMOJI_PART.match(line, tail - 1):
            tail -= 1
        emoji = _EMOJI_START.search(line, tail, end)
        if emoji:
            yield emoji.start(), end


def _trimmed(line: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end


def _ends_sentence(line: str, sentence_start: int, punct_start: int, punct_end: int) -> bool:
    punct = line[punct_start:punct_end]
    following = _next_word(line, punct_end)
    if not following:
        return True
    if punct[0] not in ".!?…":  # an emoji ends a sentence only before a capital or digit
        if _is_greeting(line, sentence_start, punct_start):
            return False
        return not following[0].islower() and not following[0].isspace()
    if _EMOJI_START.match(following):  # "Hei! 😊": the emoji belongs to the sentence it follows
        return False
    if "!" in punct or "?" in punct:
        # "hvorfor kjørte bussen?? jeg sto jo der" is one (customer's) sentence.
        return not following[0].islower()
    if punct.startswith("…") or punct.startswith(".."):
        # "Jag vet inte… kanske i morgon" goes on; "Jag kollar… Återkommer." ends.
        return not following[0].islower()
    word = _word_before(line, punct_start)
    if not word:
        return True
    key = word.lower().rstrip(".")
    if key in _NEVER_FINAL or key.endswith(_NUMBER_ABBREVIATION_SUFFIX):
        return False
    if len(word) == 1 and word.isalpha():
        # "A. Berg" is an initial; "loggar in i." ends on the word "i" (also "å", "a"), but
        # "s. 4" (page) goes on.
        return word.islower() and not following[0].islower() and not following[0].isdigit()
    if key in _MAYBE_FINAL or (key.isdigit() and len(key) <= 2):  # ordinals: "den 3. juni"
        return not following[0].islower()
    if key in _ALSO_A_WORD:  # "no. 4", "bil. 2": the abbreviation
        return not following[0].islower() and not following[0].isdigit()
    return True


def _is_greeting(line: str, sentence_start: int, emoji_start: int) -> bool:
    """Whether the sentence so far is only a greeting word ("Hej" in "Hej 😀 Anna.")."""
    if emoji_start - sentence_start > _LONGEST_GREETING + 2:  # bounded: linear overall
        return False
    return line[sentence_start:emoji_start].strip().lower() in _GREETINGS


def _word_before(line: str, end: int) -> str:
    start = end
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    return line[start:end].lstrip(_LEADING_PUNCT)


def _next_word(line: str, position: int) -> str:
    """First character after white space and opening punctuation (else the first opening one).

    Matched in place: copying the rest of the line at every boundary was quadratic too.
    """
    match = _NEXT_WORD.match(line, position)
    return match.group(2) or match.group(1)[:1]


class Utf16Index:
    """Convert code-point offsets of one text to UTF-16 code units (DOM offsets) and back.

    Only characters outside the Basic Multilingual Plane (emoji, some CJK) take two UTF-16
    units; combining characters are ordinary code points and count one in both systems.
    """

    def __init__(self, text: str):
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []
        # UTF-16 offset of each astral character's first unit.
        self._astral_utf16 = [i + n for n, i in enumerate(self._astral)]

    def to_utf16(self, offset: int) -> int:
        return offset + bisect.bisect_left(self._astral, offset)

    def from_utf16(self, offset: int) -> int:
        """Code-point offset of a UTF-16 offset (one inside a surrogate pair rounds down)."""
        whole_pairs_before = bisect.bisect_left(self._astral_utf16, offset - 1)
        inside_pair = whole_pairs_before < len(self._astral_utf16) and self._astral_utf16[whole_pairs_before] == offset - 1
        return offset - whole_pairs_before - (1 if inside_pair else 0)


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, as JavaScript's ``str.length`` reports it."""
    return len(text.encode("utf-16-le")) // 2
