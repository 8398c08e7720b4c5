"""Fine-tuning: ToneModel pooling, batching, the loop overfits a small set, export reloads, CLI end to end."""

import json

import numpy as np
import pytest
import torch
from click.testing import CliRunner
from tonefall.classifier import ToneClassifier
from tonefall.labels import LABELS
from tonefall.model_dir import (
    CARD_FILE,
    EVALUATIONS_DIR,
    INFO_FILE,
    MODEL_FILE,
    SPLIT_FILE,
    TOKENIZER_FILE,
    read_info,
)
from tonefall_train.base_model import load_base, prune_vocabulary
from tonefall_train.batching import batch_count, bucketed_batches, pad_batch, pad_id, tokenize
from tonefall_train.cli import train_command
from tonefall_train.data import Example, label_matrix, load_split
from tonefall_train.fit import FitSettings, fit, pos_weight, predict_scores, seed_everything
from tonefall_train.metrics import tune_thresholds
from tonefall_train.model import ToneModel, freeze
from tonefall_train.train import TrainConfig, write_model_files

# Hand-written, a few per label and language, including two-label and neutral sentences.
OVERFIT = [
    ("I'm really sorry you had to wait so long for this.", ("empathetic",)),
    ("I understand how frustrating this must be for you.", ("empathetic",)),
    ("Jag förstår verkligen att det här har varit jobbigt.", ("empathetic",)),
    ("Så tråkigt att paketet kom fram trasigt!", ("empathetic",)),
    ("You should have read the terms before ordering.", ("defensive",)),
    ("As we already explained, this is not our fault.", ("defensive",)),
    ("Du borde ha läst villkoren innan du beställde.", ("defensive",)),
    ("Men det var faktiskt du som angav fel adress.", ("defensive",)),
    ("I will try to look into it, maybe by Friday.", ("weak-hedged",)),
    ("Hopefully this might fix the problem.", ("weak-hedged",)),
    ("Jag ska försöka kolla upp det om det går.", ("weak-hedged",)),
    ("Det kanske hjälper att starta om appen, tror jag.", ("weak-hedged",)),
    ("Please be advised that your request has been duly noted.", ("officialese",)),
    ("We apologise for any inconvenience this may have caused.", ("officialese",)),
    ("Ärendet har överlämnats till berörd avdelning för vidare handläggning.", ("officialese",)),
    ("Vi beklagar eventuella olägenheter detta kan ha medfört.", ("officialese",)),
    ("As stated in our policy, refunds are processed accordingly.", ("defensive", "officialese")),
    ("Enligt gällande villkor ersätts inte sådana skador.", ("defensive", "officialese")),
    ("We will try to process your request in due course.", ("weak-hedged", "officialese")),
    ("I'm so sorry, I think maybe we can try again.", ("empathetic", "weak-hedged")),
    ("Your new code is 4471.", ()),
    ("Tap Settings and choose Account.", ()),
    ("Best regards, Tom", ()),
    ("Hi Anna,", ()),
    ("The parcel left our warehouse on Monday.", ()),
    ("Din nya kod är 4471.", ()),
    ("Tryck på Inställningar och välj Konto.", ()),
    ("Med vänliga hälsningar", ()),
    ("Hej Anna,", ()),
    ("Paketet skickades från lagret i måndags.", ()),
]


def examples(rows=OVERFIT) -> list[Example]:
    return [Example(text, labels, "sv" if i % 4 >= 2 else "en", f"g{i}", "", f"test:{i}")
            for i, (text, labels) in enumerate(rows)]


@pytest.fixture(scope="module")
def tiny_base(tiny_base_dir):
    base = load_base(str(tiny_base_dir))
    return prune_vocabulary(base, [base.text_prefix] + [text for text, _ in OVERFIT])


def test_mean_pooling_ignores_padding(tiny_base):
    torch.manual_seed(0)
    model = ToneModel(tiny_base).eval()
    ids = tokenize(tiny_base.tokenizer, ["Hej!", "Thank you for your patience with this."], tiny_base.text_prefix, 64)
    alone = model(*pad_batch(ids[:1], pad_id(tiny_base.tokenizer)))
    padded = model(*pad_batch(ids, pad_id(tiny_base.tokenizer)))
    assert alone.shape == (1, len(LABELS)) and padded.shape == (2, len(LABELS))
    torch.testing.assert_close(padded[:1], alone, atol=1e-5, rtol=1e-4)


def test_freeze_stops_gradients_to_embeddings_and_lowest_layers(tiny_base):
    model = ToneModel(tiny_base)
    sizes = freeze(model, embeddings=True, lowest_layers=1)
    assert not model.encoder.embeddings.word_embeddings.weight.requires_grad
    assert not any(p.requires_grad for p in model.encoder.encoder.layer[0].parameters())
    assert all(p.requires_grad for p in model.encoder.encoder.layer[1].parameters())
    assert 0 < sizes["trainable_parameters"] < sizes["parameters"]
    freeze(ToneModel(tiny_base), embeddings=False, lowest_layers=0)  # leaves the shared encoder as is
    with pytest.raises(ValueError, match="the encoder has 2"):
        freeze(model, embeddings=False, lowest_layers=3)


def test_bucketed_batches_cover_every_index_once_and_group_similar_lengths():
    lengths = np.random.default_rng(1).integers(3, 60, size=1000)
    batches = bucketed_batches(lengths, 16, np.random.default_rng(7))
    assert len(batches) == batch_count(1000, 16)
    assert sorted(np.concatenate(batches).tolist()) == list(range(1000))
    spread = np.mean([np.ptp(lengths[b]) for b in batches])
    assert spread < 0.3 * np.ptp(lengths)  # random batches would span nearly the whole range
    again = bucketed_batches(lengths, 16, np.random.default_rng(7))
    assert all(np.array_equal(a, b) for a, b in zip(batches, again))


def test_pos_weight_is_negatives_over_positives_clipped():
    y = np.zeros((100, 4))
    y[:50, 0], y[:10, 1], y[:1, 2] = 1, 1, 1
    assert pos_weight(y, max_weight=5.0).tolist() == [1.0, 5.0, 5.0, 5.0]
    y[:, 3] = 1
    assert pos_weight(y, max_weight=5.0)[3] == 1.0


def test_overfits_small_set_and_the_exported_onnx_model_gives_the_same_labels(tiny_base, tmp_path):
    seed_everything(13)
    data = examples()
    model = ToneModel(tiny_base)
    freeze(model, embeddings=True, lowest_layers=0)
    ids = tokenize(tiny_base.tokenizer, [e.text for e in data], tiny_base.text_prefix, 64)
    y = label_matrix(data)
    settings = FitSettings(epochs=20, batch_size=8, lr=1e-3, head_lr=1e-2, warmup=0.05, patience=3)
    result = fit(model, (ids, y), (ids, y), settings, pad_id(tiny_base.tokenizer))
    assert result.best_dev_macro_f1 == 1.0
    thresholds = tune_thresholds(y, predict_scores(model, ids, pad_id(tiny_base.tokenizer)))
    write_model_files(model, tiny_base, thresholds, tmp_path / "m",
                      TrainConfig(data=[], out=tmp_path / "m", max_length=64, input_normalization=""))
    classifier = ToneClassifier.load(tmp_path / "m")
    assert classifier.predict([e.text for e in data]) == [list(e.labels) for e in data]
    assert classifier.info.text_prefix == tiny_base.text_prefix and classifier.info.max_length == 64


@pytest.mark.slow
def test_train_cli_writes_a_complete_model_directory(tiny_base_dir, tmp_path):
    from pathlib import Path

    sample = Path(__file__).parent / "data" / "sample.jsonl"
    out = tmp_path / "tiny-model"
    args = ["--data", str(sample), "--base-model", str(tiny_base_dir), "--out", str(out), "--layers", "2",
            "--epochs", "3", "--batch-size", "16", "--lr", "3e-4", "--min-agreement", "0"]
    result = CliRunner().invoke(train_command, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "wall time" in result.output and "macro-F1" in result.output
    for name in (MODEL_FILE, TOKENIZER_FILE, INFO_FILE, CARD_FILE, SPLIT_FILE,
                 "test_f1_by_language.png", "test_label_confusion.png", "test_reliability.png"):
        assert (out / name).is_file(), name
    info = read_info(out)
    assert info.training["layers"] == 2 and info.training["total_seconds"] > 0
    assert set(info.metrics) >= {"dev", "test", "onnx_vs_torch_dev"}
    assert info.metrics["test"]["n"] == len(load_split(out / SPLIT_FILE).test)
    assert 0.0 <= info.metrics["onnx_vs_torch_dev"]["label_agreement"] <= 1.0
    assert len(info.data_sha256) == 64 and info.languages
    card = (out / CARD_FILE).read_text(encoding="utf-8")
    assert "$" not in card.replace("$ ", "") and "test_reliability.png" in card
    assert info.input_normalization == "placeholders-v1" and info.max_length == 128
    record = json.loads((out / EVALUATIONS_DIR / "test-split.json").read_text(encoding="utf-8"))
    assert record["systems"]["model"]["macro_f1"] == pytest.approx(info.metrics["test"]["macro_f1"])
    assert "| test-split |" in card
    classifier = ToneClassifier.load(out)
    assert classifier.scores(["Hej Anna,"]).shape == (1, len(LABELS))
    split = json.loads((out / SPLIT_FILE).read_text(encoding="utf-8"))
    # The split names groups and the data it came from, not a second copy of the corpus.
    assert {"dev_groups", "test_groups", "data", "data_sha256", "settings"} <= set(split)
    assert split["data_sha256"] == info.data_sha256


@pytest.mark.slow
def test_model_failing_the_int8_gate_is_marked_in_model_json_and_not_served(tiny_base_dir, tmp_path, monkeypatch):
    from pathlib import Path

    import tonefall_train.train as training
    from tonefall.errors import ModelDirError
    from tonefall.model_holder import ModelHolder

    evaluate = training._evaluate_onnx

    def disagreeing_export(*args):  # as if the int8 file had drifted from the fp32 model
        evaluation = evaluate(*args)
        evaluation["metrics"]["onnx_vs_torch_dev"]["label_agreement"] = 0.5
        return evaluation

    monkeypatch.setattr(training, "_evaluate_onnx", disagreeing_export)
    out = tmp_path / "drifted"
    config = TrainConfig(data=[Path(__file__).parent / "data" / "sample.jsonl"], out=out, base_model=str(tiny_base_dir),
                         layers=2, fit=FitSettings(epochs=1, batch_size=16), min_agreement=0.98)
    with pytest.raises(training.ExportMismatchError, match="50.0%"):
        training.train(config)
    info = read_info(out)
    assert info.gate_failure.startswith("int8 ONNX agrees with fp32 torch on 50.0%")
    assert "Not to ship" in (out / CARD_FILE).read_text(encoding="utf-8")
    with pytest.raises(ModelDirError, match="gate_failure"):
        ModelHolder.load(out)
    assert ModelHolder.load(out, allow_failed_gate=True).classifier.info.gate_failure == info.gate_failure


def test_agreement_gate_verdict():
    from tonefall_train.train import agreement_failure

    assert agreement_failure(0.99, 0.98) == ""
    assert agreement_failure(0.97, 0.98) == "int8 ONNX agrees with fp32 torch on 97.0% of dev label decisions (needs 98%)"


def test_train_refuses_data_breaking_the_corpus_rules(tmp_path):
    from tonefall.errors import DataError
    from tonefall_train.train import train

    data = tmp_path / "typo.jsonl"
    data.write_text(json.dumps({"text": "Vi ringer i morgon.", "labels": [], "lang": "no", "domain": "bank"}) + "\n",
                    encoding="utf-8")
    with pytest.raises(DataError, match="typo.jsonl:1: field 'lang' is 'no'"):
        train(TrainConfig(data=[data], out=tmp_path / "model"))
    assert not (tmp_path / "model").exists()
