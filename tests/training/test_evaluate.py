"""Evaluation of a real (tiny) model directory through the service's classifier and segmenter.

The model is the service tests' tiny ONNX model (tests/server/tiny_model.py): cue words decide
its labels ("sorry" -> empathetic, "but" -> defensive, "maybe" -> weak-hedged, "regarding" ->
officialese), so every expected figure below can be worked out by hand.
"""

import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from tonefall.errors import DataError
from tonefall.model_dir import EVALUATIONS_DIR
from tonefall_train import evaluate
from tonefall_train.cli import evaluate_command
from tonefall_train.data import Example, Splits, save_split

TINY_MODEL = Path(__file__).parents[1] / "server" / "tiny_model.py"


def _tiny_model_module():
    spec = importlib.util.spec_from_file_location("tonefall_tests_tiny_model", TINY_MODEL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    return _tiny_model_module().build_model_dir(tmp_path_factory.mktemp("models") / "tiny")


def _example(text: str, labels: tuple[str, ...], lang: str = "en") -> Example:
    return Example(text, labels, lang, group=text, domain="telecom", source="test:1")


SENTENCES = [
    _example("I am sorry", ("empathetic",)),
    _example("but it was", ("defensive",)),
    _example("maybe tomorrow", ("weak-hedged",)),
    _example("regarding your card", ("officialese",)),
    _example("hej anna", (), "sv"),
    _example("kanske i dag", (), "sv"),  # a hedge cue the gold calls neutral: a false alarm
    _example("din nya kod", ("officialese",), "sv"),  # missed
]


def test_evaluate_model_dir_reports_all_keys_with_hand_counted_figures(model_dir):
    report = evaluate.evaluate_model_dir(model_dir, SENTENCES)
    assert set(report) >= {"n", "macro_f1", "micro_f1", "neutral_flagged_rate", "per_label", "per_language",
                           "thresholds", "label_confusion", "calibration", "model"}
    assert report["model"] == "tiny-test-model"
    assert report["per_label"]["empathetic"]["f1"] == 1.0
    assert report["per_label"]["defensive"]["f1"] == 1.0
    # weak-hedged: 1 right, 1 false positive -> P 0.5, R 1.0.
    assert report["per_label"]["weak-hedged"]["precision"] == pytest.approx(0.5)
    # officialese: 1 of 2 found, no false positive.
    assert report["per_label"]["officialese"]["recall"] == pytest.approx(0.5)
    assert report["neutral_flagged_rate"] == pytest.approx(0.5)
    assert report["per_language"]["en"]["macro_f1"] == pytest.approx(1.0)
    assert report["per_language"]["sv"]["n"] == 3
    json.dumps(report)


def _reply_record(reply_id: str, parts: list[tuple[str, list[str]]], separators: list[str]) -> dict:
    """Join sentences with the given separators and compute the offsets (never by hand)."""
    text, sentences = "", []
    for (sentence, labels), separator in zip(parts, separators + [""]):
        sentences.append({"start": len(text), "end": len(text) + len(sentence), "labels": labels, "quoted": False})
        text += sentence + separator
    return {"id": reply_id, "lang": "en", "domain": "telecom", "text": text, "sentences": sentences}


@pytest.fixture
def replies_file(tmp_path) -> Path:
    good = _reply_record("en-r1", [("Hej Anna,", []), ("I am sorry.", ["empathetic"]), ("Maybe tomorrow.", ["weak-hedged"])],
                         ["\n\n", " "])
    # The gold splits after an abbreviation the segmenter keeps inside the sentence: one miss.
    odd = _reply_record("en-r2", [("Call Dr.", []), ("Berg today.", [])], [" "])
    path = tmp_path / "replies" / "en.jsonl"
    path.parent.mkdir()
    path.write_text("\n".join(json.dumps(r) for r in (good, odd)) + "\n", encoding="utf-8")
    return path


def test_evaluate_replies_measures_segmentation_and_labels_on_matched_sentences(model_dir, replies_file):
    figures = evaluate.evaluate_replies(model_dir, evaluate.load_replies([replies_file]))
    assert figures["replies"] == 2
    assert figures["gold_sentences"] == 5
    assert figures["replies_exact"] == pytest.approx(0.5)
    assert figures["boundary_recall"] == pytest.approx(3 / 5)
    assert figures["boundary_precision"] == pytest.approx(3 / 4)
    assert figures["labelled_sentences"] == 3
    assert figures["labels"]["per_label"]["empathetic"]["f1"] == 1.0
    assert figures["labels"]["per_label"]["weak-hedged"]["f1"] == 1.0


def test_evaluate_load_replies_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "lang": "en", "text": "Hi", "sentences": []}\n{"text": "Hi"}\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.jsonl:2"):
        evaluate.load_replies([path])


def test_evaluate_cli_split_test_uses_the_split_saved_beside_the_model(model_dir, tmp_path):
    saved = tmp_path / "model"
    shutil.copytree(model_dir, saved)
    save_split(Splits(train=SENTENCES[:3], dev=SENTENCES[3:4], test=SENTENCES[4:]), saved / evaluate.SPLIT_FILE, {"seed": 13})
    out = tmp_path / "out"
    result = CliRunner().invoke(evaluate_command, ["--model", str(saved), "--split", "test", "--no-replies", "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "evaluation.json").read_text(encoding="utf-8"))
    assert report["n"] == 3 and list(report["per_language"]) == ["sv"]


def test_evaluate_test_split_missing_is_a_clear_error(model_dir):
    with pytest.raises(DataError, match="split.json"):
        evaluate.load_test_split(model_dir)


def test_evaluate_cli_prints_tables_and_writes_json_and_plots(model_dir, replies_file, tmp_path):
    data = tmp_path / "sentences.jsonl"
    data.write_text("\n".join(json.dumps({"text": e.text, "labels": list(e.labels), "lang": e.lang}) for e in SENTENCES) + "\n",
                    encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(evaluate_command, ["--model", str(model_dir), "--data", str(data),
                                                   "--replies", str(replies_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.output and "boundary recall" in result.output
    saved = json.loads((out / "evaluation.json").read_text(encoding="utf-8"))
    assert saved["per_label"]["defensive"]["support"] == 1
    assert json.loads((out / "replies.json").read_text(encoding="utf-8"))["replies"] == 2
    for name in ("f1_by_language.png", "label_confusion.png", "reliability.png"):
        assert (out / name).stat().st_size > 5000


def test_evaluate_cli_needs_data_or_test_split(model_dir):
    result = CliRunner().invoke(evaluate_command, ["--model", str(model_dir), "--no-replies"])
    assert result.exit_code == 2 and "--split test" in result.output


def test_evaluate_cli_record_keeps_figures_in_the_model_dir_and_the_card_renders_them(model_dir, tmp_path):
    from tonefall_train.card import evaluations_section
    from tonefall_train.records import record_evaluation

    copy = tmp_path / "model"
    shutil.copytree(model_dir, copy)
    data = tmp_path / "sentences.jsonl"
    data.write_text("\n".join(json.dumps({"text": e.text, "labels": list(e.labels), "lang": e.lang}) for e in SENTENCES) + "\n",
                    encoding="utf-8")
    result = CliRunner().invoke(evaluate_command, ["--model", str(copy), "--data", str(data), "--no-replies",
                                                   "--out", str(tmp_path / "out"), "--record", "hand-set"])
    assert result.exit_code == 0, result.output
    record = json.loads((copy / EVALUATIONS_DIR / "hand-set.json").read_text(encoding="utf-8"))
    model = record["systems"]["model"]
    # Worked out by hand: 2 of 7 neutral, "kanske" a false alarm, "din nya kod" missed.
    assert model["n"] == 7 and model["neutral_share"] == pytest.approx(2 / 7)
    assert model["neutral_flagged_rate"] == pytest.approx(0.5)
    assert model["macro_precision"] == pytest.approx(0.875) and model["macro_recall"] == pytest.approx(0.875)
    assert model["per_label"]["weak-hedged"]["precision"] == pytest.approx(0.5)

    peer = {**evaluate.evaluate_model_dir(copy, SENTENCES), "macro_f1": 0.5}
    record_evaluation(copy, "hand-set", str(data), {"tfidf": peer})
    section = evaluations_section(copy)
    row = next(line for line in section.splitlines() if line.startswith("| hand-set"))
    assert f"{model['macro_f1']:.3f}" in row and f"tfidf 0.500 ({model['macro_f1'] - 0.5:+.3f})" in row
    assert "### hand-set" in section


def test_evaluate_cli_record_name_must_be_a_plain_file_name(model_dir, tmp_path):
    data = tmp_path / "sentences.jsonl"
    data.write_text(json.dumps({"text": "hej", "labels": [], "lang": "sv"}) + "\n", encoding="utf-8")
    copy = tmp_path / "model"
    shutil.copytree(model_dir, copy)
    result = CliRunner().invoke(evaluate_command, ["--model", str(copy), "--data", str(data), "--no-replies",
                                                   "--out", str(tmp_path / "out"), "--record", "../escape"])
    assert result.exit_code != 0 and "record name" in result.output
    assert not (tmp_path / "escape.json").exists()
