"""The placeholder patterns stay linear on hostile input.

Each pattern once restarted at every position of a long run ("a.a.a…" for the e-mail and
bare-domain patterns, "a-a-a…" for order numbers, "1 1 1…" for phone numbers): one 20 KB
request took 12 s, holding the GIL for every other request. Every pattern now starts only where
its run starts. Time figures: server/benchmarks/bench_segment.py; the bound here is only a
generous sanity check (the fixed code takes milliseconds).
"""

import time

import pytest
from segment_inputs import NORMALIZE_ADVERSARIAL
from tonefall.inference import PLACEHOLDERS_V1, normalize_input
from tonefall.model_dir import TOKENIZER_FILE

# Only a run that is a real address, domain or number becomes a placeholder.
EXPECTED = {
    "1 1 1 ": "<phone> ",
    "1-1-1-": "<phone>-",
    "a.a@a.a@": "<email>@" * (len(NORMALIZE_ADVERSARIAL["a.a@a.a@"]) // 8),
    "www.www.": "<url>.",
    "domain, then dots": "<url>/" + "." * (len(NORMALIZE_ADVERSARIAL["domain, then dots"]) - 6),
}


@pytest.mark.parametrize("name", list(NORMALIZE_ADVERSARIAL))
def test_hostile_runs_are_normalized_correctly_and_fast(name):
    text = NORMALIZE_ADVERSARIAL[name]
    start = time.perf_counter()
    normalized = normalize_input(text, PLACEHOLDERS_V1)
    elapsed = time.perf_counter() - start
    assert normalized == EXPECTED.get(name, text)
    assert elapsed < 1.0, f"{name}: {elapsed:.2f} s"


@pytest.mark.parametrize("raw, expected", [
    ("..anna@firma.se", "<email>"),
    ("Se kundeservice.dk.", "Se <url>."),
    ("abc#58213 og ref-58213", "abc#<nr> og ref-<nr>"),
    ("foo.community og 3.45 kr", "foo.community og 3.45 kr"),
    ("…minside.dk/profil…", "…<url>…"),
])
def test_run_starts_keep_the_placeholders_of_ordinary_text(raw, expected):
    assert normalize_input(raw, PLACEHOLDERS_V1) == expected



class _RecordingTokenizer:
    """The real tokenizer, recording the length of each text it is given."""

    def __init__(self, tokenizer):
        self._tokenizer, self.lengths = tokenizer, []
        self.truncation = tokenizer.truncation

    def encode_batch(self, texts):
        self.lengths += [len(text) for text in texts]
        return self._tokenizer.encode_batch(texts)

    def encode(self, text):
        self.lengths.append(len(text))
        return self._tokenizer.encode(text)


def test_text_is_cut_before_tokenizing_without_changing_what_the_model_sees(monkeypatch):
    from segment_inputs import ORDINARY
    from tokenizers import Tokenizer
    from tonefall import inference
    from tonefall.settings import default_model_dir
    tokenizer = _RecordingTokenizer(inference.truncating_copy(
        Tokenizer.from_file(str(default_model_dir() / TOKENIZER_FILE)), 128))
    texts = [ORDINARY, "x" * 20_000 + " hej"]
    cut = inference.encode(tokenizer, texts, "query: ", PLACEHOLDERS_V1)
    assert max(tokenizer.lengths) <= 128 * inference.CHARS_PER_TOKEN_BOUND
    monkeypatch.setattr(inference, "CHARS_PER_TOKEN_BOUND", 10**9)
    uncut = inference.encode(tokenizer, texts, "query: ", PLACEHOLDERS_V1)
    assert cut[0] == uncut[0]  # an ordinary 20,000-character reply: the same 128 tokens
    assert len(cut[1]) == len(uncut[1]) == 128  # a 20,000-character word: still a full window
