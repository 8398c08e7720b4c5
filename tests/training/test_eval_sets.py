"""The evaluation-only sets are valid data and never leak into the training corpus.

A challenge sentence that also sits in `sentences/` would be trained on and then scored as
"unseen", inflating exactly the figures these sets exist to keep honest.
"""

from pathlib import Path

import pytest
from tonefall.labels import LANGUAGES
from tonefall_train.data import load_examples, normalise
from tonefall_train.evaluate import load_replies

DATA = Path(__file__).resolve().parents[2] / "training" / "data"
EVALUATION_SETS = ("challenge", "challenge2", "challenge3", "extra")


@pytest.fixture(scope="module")
def corpus():
    return load_examples([DATA / "sentences"])


@pytest.fixture(scope="module")
def corpus_texts(corpus):
    return {normalise(example.text) for example in corpus}


@pytest.mark.parametrize("name", [name for name in EVALUATION_SETS if (DATA / name).is_dir()])
def test_evaluation_set_is_valid_and_disjoint_from_the_corpus(name, corpus_texts):
    examples = load_examples([DATA / name])  # raises on any malformed record
    texts = [normalise(example.text) for example in examples]
    assert len(set(texts)) == len(texts), f"{name}: repeated sentences"
    # Greetings and sign-offs ("Hej Maria,", "Vänliga hälsningar") repeat in every set written
    # as whole replies; judge the rest. Independent writers still coincide on a few stock lines
    # ("please do not hesitate to contact us"); a copied batch would be far more than 2 %.
    body = [text for text in texts if len(text.split()) > 3]
    leaked = sorted(set(body) & corpus_texts)
    assert len(leaked) <= 0.02 * len(body), leaked


def test_whole_replies_are_not_trained_on(corpus_texts):
    sentences = [normalise(reply.text[s.start:s.end]) for reply in load_replies([DATA / "replies"])
                 for s in reply.sentences if not s.quoted]
    # Greetings, sign-offs and names ("Best regards", "Hej Sara") repeat everywhere; judge the rest.
    body = {sentence for sentence in sentences if len(sentence.split()) > 3}
    leaked = sorted(body & corpus_texts)
    assert len(leaked) <= 0.01 * len(body), leaked


def test_training_corpus_holds_only_the_product_languages(corpus):
    assert {example.lang for example in corpus} == set(LANGUAGES)
