"""Feedback: stored durably (survives kill -9 of a real server) and exported as training data."""

import json
import signal
import sqlite3

import httpx
import pytest
from click.testing import CliRunner
from server_process import TOKEN, running_server
from tonefall.cli import main
from tonefall.feedback import FeedbackItem, FeedbackStore, export_jsonl


def test_store_and_export_training_format(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    store.add(FeedbackItem("Vi beklager eventuelle ulemper.", "nb", [], ["officialese"], "stiff", "m1"))
    store.add(FeedbackItem("Jag fixar det nu.", "sv", ["weak-hedged"], [], None, "m1"))
    count = export_jsonl(store, tmp_path / "out.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert count == 2
    assert lines[0] == {"text": "Vi beklager eventuelle ulemper.", "labels": ["officialese"], "lang": "nb",
                        "domain": "feedback", "group": "feedback-1"}
    assert lines[1]["labels"] == []
    assert store.rows()[0]["comment"] == "stiff"


def test_database_is_wal_with_full_sync(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_feedback_endpoint_stores(client):
    response = client.post("/v1/feedback", json={"sentence": "Maybe tomorrow.", "lang": "en",
                                                 "predicted": ["weak-hedged"], "correct_labels": [],
                                                 "comment": "needed info"})
    assert response.status_code == 200
    rows = client.app.state.feedback.rows()
    assert rows[-1]["sentence"] == "Maybe tomorrow." and rows[-1]["model"] == "tiny-test-model"


def test_acknowledged_feedback_survives_kill_9(tiny_model_dir, tmp_path):
    db = tmp_path / "feedback.sqlite3"
    sentences = [f"Mening nummer {i} med å, ä och ö." for i in range(25)]
    with running_server(tiny_model_dir, db) as (process, url):
        headers = {"Authorization": f"Bearer {TOKEN}"}
        for sentence in sentences:
            response = httpx.post(f"{url}/v1/feedback", headers=headers, timeout=10,
                                  json={"sentence": sentence, "lang": "sv", "predicted": [], "correct_labels": ["officialese"]})
            assert response.status_code == 200
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    stored = [row[0] for row in sqlite3.connect(db).execute("SELECT sentence FROM feedback ORDER BY id")]
    assert stored == sentences


def test_cli_feedback_export(tmp_path, monkeypatch):
    db = tmp_path / "f.sqlite3"
    store = FeedbackStore(db)
    store.add(FeedbackItem("Du burde ha lest vilkårene.", "nb", [], ["defensive"]))
    store.close()
    out = tmp_path / "export" / "feedback.jsonl"
    result = CliRunner().invoke(main, ["feedback", "export", "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "1 sentences" in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["labels"] == ["defensive"]


def test_cli_feedback_export_without_database(tmp_path):
    result = CliRunner().invoke(main, ["feedback", "export", "--out", str(tmp_path / "o.jsonl"),
                                       "--db", str(tmp_path / "none.sqlite3")])
    assert result.exit_code != 0
    assert "no feedback database" in result.output


def test_export_loads_as_training_data(tmp_path):
    data = pytest.importorskip("tonefall_train.data")
    store = FeedbackStore(tmp_path / "f.sqlite3")
    store.add(FeedbackItem("Vi beklagar eventuella olägenheter.", "sv", [], ["officialese"]))
    store.add(FeedbackItem("Jag skickar kortet i dag.", "sv", ["weak-hedged"], []))
    export_jsonl(store, tmp_path / "feedback.jsonl")
    examples = data.load_examples([tmp_path / "feedback.jsonl"])
    assert [(e.text, e.labels, e.lang) for e in examples] == [
        ("Vi beklagar eventuella olägenheter.", ("officialese",), "sv"), ("Jag skickar kortet i dag.", (), "sv")]
