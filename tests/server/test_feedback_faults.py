"""Feedback store faults degrade gracefully: analysis always works, feedback says why it is not stored.

- disk full -> POST /v1/feedback 507 with the reason; read-only -> 503; both with a warning at start;
- a damaged database or a file that is no database is moved aside at start, a new one is made, the
  log says where the old one went;
- `tonefall feedback export` of a database with a damaged page writes what it can and lists the rest.

Before: a read-only data directory or a damaged database stopped `tonefall serve` from starting,
a full disk gave a bare 500, and the export stopped at the first damaged page.
"""

import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager

import pytest
from api_support import TOKEN
from click.testing import CliRunner
from fastapi.testclient import TestClient
from log_capture import captured_log, messages
from tonefall.cli import main
from tonefall.feedback import FeedbackItem, FeedbackStore
from tonefall.feedback_export import export_jsonl
from tonefall.service import build_app
from tonefall.settings import load_settings

FEEDBACK = {"sentence": "Vi beklagar eventuella olägenheter.", "lang": "sv", "predicted": [],
            "correct_labels": ["officialese"]}
ROWS = 300


@contextmanager
def service(tiny_model_dir, db):
    """The app over a given feedback database, and what the feedback logger said while it started."""
    settings = load_settings(model=tiny_model_dir, token=TOKEN, db=db)
    with captured_log("tonefall.feedback") as records:
        app = build_app(settings)
    with TestClient(app, base_url="http://127.0.0.1:7373", headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        yield client, messages(records)
    app.state.feedback.close()


def assert_analysis_works(client):
    response = client.post("/v1/analyze", json={"text": "Hej Anna, vi förstår."})
    assert response.status_code == 200 and response.json()["sentences"]


def fill(db, rows: int = ROWS) -> list[str]:
    store = FeedbackStore(db)
    sentences = [f"Mening {i}: " + "vi beklagar eventuella olägenheter " * 8 for i in range(rows)]
    for sentence in sentences:
        store.add(FeedbackItem(sentence, "sv", [], ["officialese"]))
    store.close()  # the last connection checkpoints the WAL into the file
    return sentences


def damage_a_page(db) -> None:
    """Overwrite one page in the middle of the feedback table with garbage, as a bad sector would."""
    connection = sqlite3.connect(db)
    page_size, pages = (connection.execute(f"PRAGMA {name}").fetchone()[0] for name in ("page_size", "page_count"))
    connection.close()
    with open(db, "r+b") as handle:
        handle.seek(page_size * (pages // 2))
        handle.write(b"\xa5" * page_size)


# --- disk full and read-only, as SQLite reports them (any machine) ---

def test_disk_full_is_507_with_reason_and_analysis_works(client):
    db = client.app.state.feedback._db
    db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")  # no room to grow
    response = client.post("/v1/feedback", json={**FEEDBACK, "sentence": "x" * 20_000})
    assert response.status_code == 507, response.text
    assert "full" in response.json()["detail"]
    assert_analysis_works(client)


def test_read_only_database_is_503_with_reason(client):
    client.app.state.feedback._db.execute("PRAGMA query_only = 1")  # writes fail with SQLITE_READONLY
    response = client.post("/v1/feedback", json=FEEDBACK)
    assert response.status_code == 503 and "read-only" in response.json()["detail"]
    assert_analysis_works(client)


# --- a damaged database ---

def test_damaged_database_is_set_aside_and_a_new_one_started(tiny_model_dir, tmp_path):
    db = tmp_path / "feedback.sqlite3"
    sentences = fill(db)
    damage_a_page(db)
    with service(tiny_model_dir, db) as (client, log):
        assert_analysis_works(client)
        assert client.post("/v1/feedback", json=FEEDBACK).json()["id"] == 1  # a new database
    [aside] = tmp_path.glob("feedback.sqlite3.damaged-*[0-9Z]")
    assert "damaged" in log and str(aside) in log and "tonefall feedback export" in log
    result = export_jsonl(aside, tmp_path / "rescued.jsonl")
    assert 0 < result.written < len(sentences) and result.written + len(result.unreadable) == len(sentences)


def test_file_that_is_no_database_is_set_aside(tiny_model_dir, tmp_path):
    db = tmp_path / "feedback.sqlite3"
    db.write_bytes(b"not a database at all\n" * 200)
    with service(tiny_model_dir, db) as (client, log):
        assert client.post("/v1/feedback", json=FEEDBACK).status_code == 200
        assert_analysis_works(client)
    [aside] = tmp_path.glob("feedback.sqlite3.damaged-*[0-9Z]")
    assert aside.read_bytes().startswith(b"not a database at all") and str(aside) in log


def test_export_of_a_damaged_database_writes_what_it_can_and_reports_the_rest(tmp_path):
    db, out = tmp_path / "feedback.sqlite3", tmp_path / "out.jsonl"
    sentences = fill(db)
    damage_a_page(db)
    result = CliRunner().invoke(main, ["feedback", "export", "--out", str(out), "--db", str(db)])
    assert result.exit_code == 1, result.output
    exported = [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert 0 < len(exported) < len(sentences) and set(exported) <= set(sentences)
    missing = len(sentences) - len(exported)
    assert f"{missing} stored items could not be read" in result.output and "ids " in result.output


# --- a real full or read-only file system (a tmpfs; needs the right to mount) ---

@contextmanager
def mounted_tmpfs(path, options: str):
    path.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)]
    if subprocess.run(mount, capture_output=True, check=False).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


def fill_the_disk(path) -> None:
    """Take the rest of the file system, as another program would."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)


def test_read_only_data_directory_at_start(tiny_model_dir, tmp_path):
    with mounted_tmpfs(tmp_path / "data", "size=1m,mode=0700") as data:
        subprocess.run(["mount", "-o", "remount,ro", str(data)], check=True)
        with service(tiny_model_dir, data / "feedback.sqlite3") as (client, log):
            assert "read-only" in log and "503" in log
            assert_analysis_works(client)
            response = client.post("/v1/feedback", json=FEEDBACK)
            assert response.status_code == 503 and "read-only" in response.json()["detail"]
            subprocess.run(["mount", "-o", "remount,rw", str(data)], check=True)
            assert client.post("/v1/feedback", json=FEEDBACK).status_code == 200  # no restart needed


def test_nearly_full_disk_warns_at_start_and_full_disk_is_507(tiny_model_dir, tmp_path):
    with mounted_tmpfs(tmp_path / "data", "size=2m,mode=0700") as data:
        db = data / "feedback.sqlite3"
        fill(db, rows=20)
        (data / "ballast").write_bytes(b"\0" * (shutil.disk_usage(data).free - 512 * 1024))
        with service(tiny_model_dir, db) as (client, log):
            assert "kB free" in log and "507" in log
            assert client.post("/v1/feedback", json=FEEDBACK).status_code == 200
            fill_the_disk(data / "filler")
            response = client.post("/v1/feedback", json={**FEEDBACK, "sentence": "x" * 20_000})
            assert response.status_code == 507 and "full" in response.json()["detail"], response.text
            assert_analysis_works(client)


def test_full_disk_at_start(tiny_model_dir, tmp_path):
    with mounted_tmpfs(tmp_path / "data", "size=512k,mode=0700") as data:
        db = data / "feedback.sqlite3"
        fill(db, rows=20)
        fill_the_disk(data / "filler")
        with service(tiny_model_dir, db) as (client, log):
            assert "full" in log and "507" in log
            assert_analysis_works(client)
            response = client.post("/v1/feedback", json=FEEDBACK)
            assert response.status_code == 507 and "full" in response.json()["detail"], response.text
