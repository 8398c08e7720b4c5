"""The shared model-input recipe: placeholders for links, addresses, handles and long numbers."""

import json

import numpy as np
import pytest
from tiny_model import build_model_dir
from tonefall.classifier import ToneClassifier
from tonefall.errors import ModelDirError
from tonefall.inference import PLACEHOLDERS_V1, normalize_input, pad_ids
from tonefall.model_dir import INFO_FILE


@pytest.mark.parametrize("raw, expected", [
    ("Se https://hjelp.example.no/faktura?id=12. Takk!", "Se <url>. Takk!"),
    ("Read www.example.com/help, then reply.", "Read <url>, then reply."),
    ("Gå til minside.kraftlag.no/profil og logg inn.", "Gå til <url> og logg inn."),
    ("Skriv til kundservice@firma.se eller ring +46 8 123 45 67.", "Skriv til <email> eller ring <phone>."),
    ("@anna_k we've sent you a DM ^JM", "@user we've sent you a DM ^JM"),
    ("Ordrenr. 448120 og sag #58213, kundnr SE-2024-118734.", "Ordrenr. <nr> og sag <nr>, kundnr SE-<nr>."),
    ("Ring 70 20 30 40 i dag.", "Ring <phone> i dag."),
])
def test_placeholders_replace_what_carries_no_tone(raw, expected):
    assert normalize_input(raw, PLACEHOLDERS_V1) == expected


@pytest.mark.parametrize("text", [
    "Det kostar 1 299 kr och tar 5 dagar.",
    "Vi ses 2024-05-01 kl. 14.30, version 2.3.1.",
    "Koden är 4471 och gäller i 24 timmar.",
    "Jeg forstår godt, at det er frustrerende.",
    "Mail me at the end of the day.",
])
def test_placeholders_leave_prices_dates_short_codes_and_words_alone(text):
    assert normalize_input(text, PLACEHOLDERS_V1) == text


def test_no_normalization_keeps_raw_text_and_unknown_scheme_is_refused():
    assert normalize_input("see https://x.example/a", "") == "see https://x.example/a"
    with pytest.raises(ValueError, match="unknown input normalization"):
        normalize_input("text", "lowercase-v9")


def test_pad_ids_pads_to_longest_and_masks_padding():
    input_ids, attention = pad_ids([[5, 6, 7], [8]], pad=1)
    assert input_ids.tolist() == [[5, 6, 7], [8, 1, 1]]
    assert attention.tolist() == [[1, 1, 1], [1, 0, 0]]
    assert input_ids.dtype == attention.dtype == np.int64


def test_classifier_applies_the_scheme_its_model_was_trained_with(tmp_path):
    # The tiny model's cue word "sorry" inside a link: a raw-text model sees the word, a
    # placeholder model sees only <url>.
    sentence = "Read https://help.example.com/sorry for the steps."
    raw = ToneClassifier.load(build_model_dir(tmp_path / "raw"))
    normalised = ToneClassifier.load(build_model_dir(tmp_path / "norm", input_normalization=PLACEHOLDERS_V1))
    assert raw.predict([sentence]) == [["empathetic"]]
    assert normalised.predict([sentence]) == [[]]
    assert normalised.predict(["I am so sorry."]) == [["empathetic"]]


def test_model_dir_with_unknown_normalization_is_refused(tmp_path):
    model_dir = build_model_dir(tmp_path / "m")
    info_path = model_dir / INFO_FILE
    info = json.loads(info_path.read_text())
    info["input_normalization"] = "rot13"
    info_path.write_text(json.dumps(info))
    with pytest.raises(ModelDirError, match="input_normalization"):
        ToneClassifier.load(model_dir)


class _PoolRefusingTokenizer:
    """The shipped tokenizer, failing when a batch is handed to its thread pool."""

    def __init__(self, tokenizer):
        self._tokenizer, self.truncation = tokenizer, tokenizer.truncation

    def encode(self, text):
        return self._tokenizer.encode(text)

    def encode_batch(self, texts):
        raise AssertionError(f"encode_batch of {len(texts)} texts: wakes the tokenizer's thread pool")


def shipped_tokenizer():
    from tokenizers import Tokenizer
    from tonefall import inference
    from tonefall.settings import default_model_dir

    return inference.truncating_copy(Tokenizer.from_file(str(default_model_dir() / "tokenizer.json")), 128)


def test_a_replys_sentences_are_tokenized_in_the_calling_thread_with_the_same_ids():
    from tonefall import inference

    tokenizer = shipped_tokenizer()
    reply = ["Hej Anna,", "Jag förstår att det här har varit frustrerande.", "Med vänliga hälsningar"] * 2
    ids = inference.encode(_PoolRefusingTokenizer(tokenizer), reply, "query: ", PLACEHOLDERS_V1)
    texts = inference.model_texts(reply, "query: ", PLACEHOLDERS_V1)
    assert ids == [e.ids for e in tokenizer.encode_batch(texts)]
    many = reply * 10  # past SEQUENTIAL_MAX: the pool, same ids
    assert inference.encode(tokenizer, many, "query: ", PLACEHOLDERS_V1) == ids * 10
