"""The model-input recipe shared by run time and training: normalise, prefix, tokenize, pad.

Real replies carry links, e-mail addresses, @handles, order and ticket numbers. They say nothing
about tone, yet one URL can take most of a sentence's token budget and a writer's habit of
quoting order numbers can turn into a cue. ``normalize_input`` swaps them for short placeholders
before tokenizing, with the same function in training and in the service; a model records the
scheme it was trained with (``model.json`` ``input_normalization``), so older models keep
getting their raw text.
"""

import re
from collections.abc import Sequence

import numpy as np
from tokenizers import Tokenizer

NO_NORMALIZATION = ""
PLACEHOLDERS_V1 = "placeholders-v1"
NORMALIZATIONS = (NO_NORMALIZATION, PLACEHOLDERS_V1)

# Every pattern starts only where a run of its characters starts (a lookbehind), so each run is
# scanned once: a 20 KB "a.a.a…" or "1 1 1…" costs linear time, never one scan per position.
# Order matters: e-mail addresses before @handles, links before anything with digits, codes
# (which may contain a long digit run) before phone numbers.
_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?…)\]]")
_EMAIL = re.compile(r"(?i)(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_HANDLE = re.compile(r"(?<![\w@])@\w{2,}")
# Bare domains ("minside.telia.example/faktura", "kundeservice.dk"): a whole dotted run whose last
# label is a known-looking top-level domain, maybe a path; never a sentence-final dot.
_DOTTED_RUN = re.compile(r"(?<![\w-])(?<!\w\.)[\w-]+(?:\.[\w-]+)+(?:/[^\s<>\"']*[^\s<>\"'.,;:!?…)\]])?")
_TOP_LEVEL_DOMAINS = frozenset("com net org se no dk fi is de uk eu io app example nu".split())
# Order, ticket, case and customer numbers: a run with at least five digits, letters and
# separators allowed ("#58213", "SE-2024-118734", "A7734219"); years and prices are shorter.
# The code pattern runs inside each word run of at most _MAX_CODE_RUN characters (no real code is
# longer), which keeps its lookahead from rescanning a long run from every hyphen.
_WORD_RUN = re.compile(r"(?<![\w-])#?[\w-]+")
_CODE = re.compile(r"(?<!\w)#?(?=[\w-]*\d{5})[A-Za-z]*\d[\w-]*\d(?!\w)")
_MAX_CODE_RUN = 64
# Phone numbers: an optional +country code, then 8+ digits in groups ("+46 8 123 45 67"), not ISO
# dates; never starting inside a digit group run.
_PHONE = re.compile(r"(?<![\w+])(?<!\d[ -])(?!\d{4}-\d\d-\d\d)\+?\d(?:[ -]?\d){7,}(?!\w)")


def _domain_to_placeholder(match: re.Match) -> str:
    host = match.group(0).split("/", 1)[0]
    return "<url>" if host.rsplit(".", 1)[-1].lower() in _TOP_LEVEL_DOMAINS else match.group(0)


def _codes_to_placeholder(match: re.Match) -> str:
    run = match.group(0)
    return _CODE.sub("<nr>", run) if len(run) <= _MAX_CODE_RUN else run


_PLACEHOLDERS_V1 = [
    (_URL, "<url>"),
    (_EMAIL, "<email>"),
    (_HANDLE, "@user"),
    (_DOTTED_RUN, _domain_to_placeholder),
    (_WORD_RUN, _codes_to_placeholder),
    (_PHONE, "<phone>"),
]


def normalize_input(text: str, scheme: str = PLACEHOLDERS_V1) -> str:
    """The text the model sees: links, addresses, handles and long numbers as placeholders."""
    if scheme == NO_NORMALIZATION:
        return text
    if scheme != PLACEHOLDERS_V1:
        raise ValueError(f"unknown input normalization {scheme!r}; known: {list(NORMALIZATIONS)}")
    for pattern, placeholder in _PLACEHOLDERS_V1:
        text = pattern.sub(placeholder, text)
    return text


def model_texts(texts: Sequence[str], prefix: str, scheme: str) -> list[str]:
    """What goes into the tokenizer: prefix + normalised text."""
    return [prefix + normalize_input(text, scheme) for text in texts]


def truncating_copy(tokenizer: Tokenizer, max_length: int | None) -> Tokenizer:
    """A copy that truncates to max_length (None: never) and never pads (batches pad themselves)."""
    copy = Tokenizer.from_str(tokenizer.to_str())
    copy.no_padding()
    if max_length:
        copy.enable_truncation(max_length)
    else:
        copy.no_truncation()
    return copy


# A token of this vocabulary spans far fewer characters than this, so cutting a text here before
# tokenizing changes nothing the model sees once it truncates to max_length tokens; it spares the
# tokenizer a 20,000-character word (hundreds of ms and its memory) that truncation then drops.
CHARS_PER_TOKEN_BOUND = 32
# Up to this many texts (a typed reply's sentences: the typing case) are tokenized one by one in
# the calling thread. encode_batch hands even six short sentences to the tokenizer's own thread
# pool, and waking that pool between ONNX Runtime runs cost 4.2 ms p50, 12 ms p95 on a busy 2-core
# machine, against 0.4 ms one by one (server/benchmarks/bench_service.py). Same ids either way;
# bigger batches (/v1/classify, reports, training) keep the pool.
SEQUENTIAL_MAX = 32


def encode(tokenizer: Tokenizer, texts: Sequence[str], prefix: str, scheme: str) -> list[list[int]]:
    """Token ids per text (special tokens included), with the tokenizer's own truncation."""
    return tokenize(tokenizer, model_texts(texts, prefix, scheme))


def tokenize(tokenizer: Tokenizer, inputs: Sequence[str]) -> list[list[int]]:
    """Token ids of texts already normalised and prefixed (``model_texts``)."""
    if tokenizer.truncation:
        budget = tokenizer.truncation["max_length"] * CHARS_PER_TOKEN_BOUND
        inputs = [text[:budget] for text in inputs]
    if len(inputs) <= SEQUENTIAL_MAX:
        return [tokenizer.encode(text).ids for text in inputs]
    return [encoding.ids for encoding in tokenizer.encode_batch(inputs)]


def pad_id(tokenizer: Tokenizer) -> int:
    """The tokenizer's pad id (run time and training pad with it)."""
    if tokenizer.padding:
        return int(tokenizer.padding["pad_id"])
    for token in ("<pad>", "[PAD]"):
        token_id = tokenizer.token_to_id(token)
        if token_id is not None:
            return token_id
    return 0  # any id works: the attention mask hides padding


def pad_ids(ids: Sequence[Sequence[int]], pad: int) -> tuple[np.ndarray, np.ndarray]:
    """(input_ids, attention_mask) int64 arrays padded to the longest sequence of the batch."""
    width = max(len(row) for row in ids)
    input_ids = np.full((len(ids), width), pad, dtype=np.int64)
    attention = np.zeros((len(ids), width), dtype=np.int64)
    for row, seq in enumerate(ids):
        input_ids[row, :len(seq)] = seq
        attention[row, :len(seq)] = 1
    return input_ids, attention


def sigmoid(logits: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-logits.astype(np.float32)))
