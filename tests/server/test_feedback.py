"""Feedback: stored durably (survives kill -9 of a real server) and exported as training data."""

import json
import os
import signal
import sqlite3
import stat
from datetime import datetime

import httpx
import pytest
from click.testing import CliRunner
from server_process import TOKEN, running_server
from tonefall import feedback
from tonefall.cli import main
from tonefall.feedback import FeedbackItem, FeedbackStore
from tonefall.feedback_export import export_jsonl


def test_store_and_export_training_format(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    store.add(FeedbackItem("Vi beklager eventuelle ulemper.", "nb", [], ["officialese"], "stiff", "m1"))
    store.add(FeedbackItem("Jag fixar det nu.", "sv", ["weak-hedged"], [], None, "m1"))
    result = export_jsonl(store.path, tmp_path / "out.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert result.written == 2 and result.unreadable == []
    assert lines[0] == {"text": "Vi beklager eventuelle ulemper.", "labels": ["officialese"], "lang": "nb",
                        "domain": "feedback", "group": "feedback-1"}
    assert lines[1]["labels"] == []
    assert store.rows()[0]["comment"] == "stiff"


def test_database_is_wal_with_full_sync(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def common_umask():
    """The usual desktop umask (022), under which files are world-readable unless made private."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_new_database_is_private(tmp_path, common_umask):
    db = tmp_path / "data" / "tonefall" / "feedback.sqlite3"
    store = FeedbackStore(db)
    store.add(FeedbackItem("Vi beklagar eventuella olägenheter.", "sv", [], ["officialese"]))
    files = [db, db.with_name("feedback.sqlite3-wal"), db.with_name("feedback.sqlite3-shm")]
    assert {path.name: mode(path) for path in files} == {path.name: 0o600 for path in files}
    assert mode(db.parent) == 0o700
    store.close()


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_database_from_an_older_release_is_tightened(tmp_path, common_umask, monkeypatch):
    directory = tmp_path / "tonefall"
    monkeypatch.setattr(feedback, "data_dir", lambda: directory)
    db = directory / "feedback.sqlite3"
    FeedbackStore(db).close()
    files = [db, db.with_name("feedback.sqlite3-wal"), db.with_name("feedback.sqlite3-shm")]
    for path in files:
        path.touch()
        path.chmod(0o644)
    directory.chmod(0o755)
    store = FeedbackStore(db)
    assert {path.name: mode(path) for path in files} == {path.name: 0o600 for path in files}
    assert mode(directory) == 0o700
    store.close()


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_chosen_shared_directory_is_left_alone(tmp_path, common_umask):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    FeedbackStore(shared / "feedback.sqlite3").close()
    assert mode(shared) == 0o755 and mode(shared / "feedback.sqlite3") == 0o600


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
    export_jsonl(store.path, tmp_path / "feedback.jsonl")
    examples = data.load_examples([tmp_path / "feedback.jsonl"])
    assert [(e.text, e.labels, e.lang) for e in examples] == [
        ("Vi beklagar eventuella olägenheter.", ("officialese",), "sv"), ("Jag skickar kortet i dag.", (), "sv")]


# Corrections as the agent chose them -----------------------------------------------------

def post_feedback(client, **body):
    return client.post("/v1/feedback", json={"lang": "en", **body})


def test_partial_correction_keeps_the_other_label(client, tmp_path):
    """One of two labels removed: stored and exported with the label that stays, never neutral."""
    response = post_feedback(client, sentence="As we explained, we apologise for any inconvenience.",
                             predicted=["defensive", "officialese"], correct_labels=["officialese"])
    assert response.status_code == 200
    row = client.app.state.feedback.rows()[-1]
    assert json.loads(row["predicted"]) == ["defensive", "officialese"]
    assert json.loads(row["correct_labels"]) == ["officialese"]
    export_jsonl(client.app.state.feedback.path, tmp_path / "out.jsonl")
    assert json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))["labels"] == ["officialese"]


def test_missed_label_on_an_unflagged_sentence(client, tmp_path):
    response = post_feedback(client, sentence="You should have read the terms.", predicted=[],
                             correct_labels=["defensive"], comment="marked (keyboard)")
    assert response.status_code == 200
    export_jsonl(client.app.state.feedback.path, tmp_path / "out.jsonl")
    line = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert line["text"] == "You should have read the terms." and line["labels"] == ["defensive"]


def test_record_carries_model_name_version_and_time(client):
    post_feedback(client, sentence="Maybe tomorrow.", predicted=["weak-hedged"], correct_labels=[])
    row = client.app.state.feedback.rows()[-1]
    info = client.app.state.holder.classifier.info
    assert (row["model"], row["model_version"]) == (info.name, f"sha256:{info.onnx_sha256[:12]}")
    assert datetime.fromisoformat(row["created"]).tzinfo is not None


def test_correct_labels_must_be_given(client):
    """No default: a client that does not say what is right is refused, not stored as neutral."""
    response = post_feedback(client, sentence="Maybe tomorrow.", predicted=["weak-hedged"])
    assert response.status_code == 422
    assert client.app.state.feedback.count() == 0


def test_take_back_deletes_the_item(client, tmp_path):
    kept = post_feedback(client, sentence="Kept.", predicted=[], correct_labels=["empathetic"]).json()["id"]
    taken = post_feedback(client, sentence="Taken back.", predicted=["defensive"], correct_labels=[]).json()["id"]
    response = client.delete(f"/v1/feedback/{taken}")
    assert response.status_code == 200 and response.json() == {"id": taken, "deleted": True}
    assert [row["id"] for row in client.app.state.feedback.rows()] == [kept]
    assert export_jsonl(client.app.state.feedback.path, tmp_path / "out.jsonl").written == 1
    assert client.delete(f"/v1/feedback/{taken}").status_code == 404  # twice: nothing left to take back


@pytest.mark.parametrize("item_id", ["0", "-1", "x", str(2**63)])
def test_take_back_of_a_bad_id_is_refused(client, item_id):
    assert client.delete(f"/v1/feedback/{item_id}").status_code == 422


def test_take_back_needs_the_token(client):
    item = post_feedback(client, sentence="Kept.", predicted=[], correct_labels=["empathetic"]).json()["id"]
    assert client.delete(f"/v1/feedback/{item}", headers={"Authorization": ""}).status_code == 401
    assert client.app.state.feedback.count() == 1


def test_cors_preflight_allows_delete_for_the_extension(client):
    origin = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
    response = client.options("/v1/feedback/1", headers={"Origin": origin, "Access-Control-Request-Method": "DELETE",
                                                          "Access-Control-Request-Headers": "authorization"})
    assert response.status_code == 200
    assert "DELETE" in response.headers["access-control-allow-methods"]


# A database made by the first release (no model_version column) --------------------------

FIRST_RELEASE_SCHEMA = """CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL,
    sentence TEXT NOT NULL, lang TEXT NOT NULL, predicted TEXT NOT NULL, correct_labels TEXT NOT NULL,
    comment TEXT, model TEXT NOT NULL)"""


def first_release_database(db):
    """A database as the first release left it: its table and one correction."""
    with sqlite3.connect(db) as old:
        old.execute(FIRST_RELEASE_SCHEMA)
        old.execute("INSERT INTO feedback (created, sentence, lang, predicted, correct_labels, comment, model)"
                    " VALUES ('2026-01-01T00:00:00+00:00', 'Vi beklagar.', 'sv', '[]', '[\"officialese\"]', NULL, 'm0')")
    old.close()
    return db


def test_old_database_is_migrated_and_keeps_its_rows(tmp_path):
    db = first_release_database(tmp_path / "old.sqlite3")
    store = FeedbackStore(db)
    store.add(FeedbackItem("Jag fixar det.", "sv", ["weak-hedged"], [], None, "m1", "sha256:abc"))
    rows = store.rows()
    assert [(r["sentence"], r["model"], r["model_version"]) for r in rows] == [
        ("Vi beklagar.", "m0", ""), ("Jag fixar det.", "m1", "sha256:abc")]
    assert export_jsonl(store.path, tmp_path / "out.jsonl").written == 2
    store.close()
    again = FeedbackStore(db)  # opening a migrated database again changes nothing
    assert again.rows() == rows
    assert again._db.execute("PRAGMA user_version").fetchone()[0] == 1
    again.close()


def test_export_reads_a_database_the_service_never_migrated(tmp_path):
    # `feedback export` opens the file read-only, so an old database is exported as it is.
    db = first_release_database(tmp_path / "old.sqlite3")
    result = export_jsonl(db, tmp_path / "out.jsonl")
    assert (result.written, result.unreadable) == (1, [])
    assert json.loads((tmp_path / "out.jsonl").read_text())["labels"] == ["officialese"]
