"""Vocabulary pruning keeps European text tokenizing and embedding as before."""

import numpy as np
import pytest
import torch
from tonefall_train.base_model import load_base
from tonefall_train.vocab import DEFAULT_BUDGET, prune_vocabulary

# Languages the corpus lacks; written for this test, with the customer-service flavour.
GERMAN_FINNISH = [
    "Es tut mir wirklich leid, dass Ihre Bestellung beschädigt angekommen ist.",
    "Wir bedauern etwaige Unannehmlichkeiten und bitten um Ihr Verständnis.",
    "Gemäß unseren Allgemeinen Geschäftsbedingungen ist eine Rückgabe ausgeschlossen.",
    "Ich kümmere mich heute noch persönlich darum und melde mich bis 16 Uhr.",
    "Vielleicht könnte ein Neustart des Routers helfen, aber ich bin nicht sicher.",
    "Ihre Rückerstattung über 39,95 € wurde am 12.03. veranlasst 🙂",
    "Das hätten Sie in der Auftragsbestätigung nachlesen können.",
    "Die Lieferung verzögert sich leider um zwei bis drei Werktage.",
    "Können Sie mir bitte die Rechnungsnummer schicken?",
    "Vielen Dank für Ihre Geduld und einen schönen Abend!",
    "Ymmärrän hyvin, että tilanne on ollut todella turhauttava.",
    "Pahoittelemme mahdollista haittaa, jota tästä on aiheutunut.",
    "Tilauksesi on toimitettu 3.4. ja se on noudettavissa lähimmästä pisteestä.",
    "Yritän ehkä selvittää asian huomenna, jos se on mahdollista.",
    "Olisit voinut lukea ehdot ennen tilaamista.",
    "Hyvitys 59,90 euroa näkyy tililläsi 2–3 pankkipäivän kuluessa.",
    "Kiitos viestistäsi ja mukavaa viikonloppua! 😊",
    "Lähetämme uuden laitteen sinulle maksutta vielä tänään.",
]
PREFIX = "query: "


@pytest.fixture(scope="module")
def unpruned(tiny_base_dir):
    return load_base(str(tiny_base_dir))


@pytest.fixture(scope="module")
def pruned(tiny_pruned_base):
    # Only the prefix as training text: the budget alone must cover unseen sentences.
    return tiny_pruned_base


def _tokens(base, texts):
    return [
        encoding.tokens for encoding in base.tokenizer.encode_batch([PREFIX + t for t in texts])
    ]


def test_pruned_sizes_are_consistent(pruned):
    vocab_size = pruned.tokenizer.get_vocab_size()
    assert vocab_size == DEFAULT_BUDGET
    assert pruned.encoder.get_input_embeddings().weight.shape == (vocab_size, 384)
    assert pruned.encoder.config.vocab_size == vocab_size
    for special in ("<s>", "<pad>", "</s>", "<unk>"):
        assert pruned.tokenizer.token_to_id(special) is not None
    assert pruned.encoder.config.pad_token_id == pruned.tokenizer.token_to_id("<pad>")


def test_typical_text_tokenizes_as_before(unpruned, pruned, corpus_sample):
    texts = corpus_sample + GERMAN_FINNISH
    before, after = _tokens(unpruned, texts), _tokens(pruned, texts)
    identical = np.mean([b == a for b, a in zip(before, after)])
    print(f"identical tokenizations after pruning: {identical:.1%} of {len(texts)} sentences")
    assert identical >= 0.88
    token_level = np.mean([b == a for bs, as_ in zip(before, after) for b, a in zip(bs, as_)])
    assert token_level >= 0.9


def test_embeddings_unchanged_where_tokenization_is(unpruned, pruned, corpus_sample):
    texts = corpus_sample[:40] + GERMAN_FINNISH
    same = [t for t, b, a in zip(texts, _tokens(unpruned, texts), _tokens(pruned, texts)) if b == a]
    assert len(same) >= 30
    with torch.no_grad():
        for text in same:
            old = unpruned.tokenizer.encode(PREFIX + text).ids
            new = pruned.tokenizer.encode(PREFIX + text).ids
            hidden_old = unpruned.encoder(input_ids=torch.tensor([old])).last_hidden_state
            hidden_new = pruned.encoder(input_ids=torch.tensor([new])).last_hidden_state
            torch.testing.assert_close(hidden_new, hidden_old, rtol=0, atol=1e-5)


OTHER_EUROPEAN = [
    "Mér þykir mjög leitt að pöntunin þín skyldi berast skemmd.",
    "Endurgreiðslan verður lögð inn á reikninginn þinn innan þriggja virkra daga.",
    "Het spijt me echt dat u zo lang op uw bestelling hebt moeten wachten.",
    "Volgens onze algemene voorwaarden is retourneren na dertig dagen niet mogelijk.",
    "Je comprends tout à fait votre frustration après ce troisième appel.",
    "Nous vous prions de bien vouloir nous excuser pour la gêne occasionnée.",
]


def test_languages_we_do_not_train_on_keep_their_words(unpruned, pruned):
    # Icelandic, Dutch and French words must not fall apart into characters: the word lists
    # keep their common pieces, so the token count stays close to the full vocabulary's.
    before = sum(len(tokens) for tokens in _tokens(unpruned, OTHER_EUROPEAN))
    after = sum(len(tokens) for tokens in _tokens(pruned, OTHER_EUROPEAN))
    assert after <= 1.03 * before


def test_any_latin_text_still_tokenizes(pruned):
    text = "Xyzzyq Łódź þæð ŋ œuvre ÿ Ğüşçö Årets €£$ 100 % — “quoted” ✓ 🎉"
    encoding = pruned.tokenizer.encode(PREFIX + text)
    assert pruned.tokenizer.token_to_id("<unk>") not in encoding.ids
    assert pruned.tokenizer.decode(encoding.ids) == PREFIX + text


def test_pieces_of_the_given_texts_are_kept(tiny_base_dir):
    texts = ["Приветствую, клиент!", "Tjänsteutlåtandeavgiftsbefrielse"]
    base = load_base(str(tiny_base_dir))
    before = _tokens(base, texts)
    pruned = prune_vocabulary(base, [PREFIX + text for text in texts], budget=2_000)
    assert _tokens(pruned, texts) == before
