"""Agents' corrections, kept in a local SQLite database (exported by tonefall.feedback_export).

WAL journal with ``synchronous=FULL``: a write is on disk before the API acknowledges it, so
it survives the process being killed (kill -9) or the machine losing power right after.
This is the only place the service stores text, so it is private to the user: the directory
0700, the database and its -wal/-shm files 0600, like the token (on Windows the per-user ACL
of %LOCALAPPDATA% does this).
"""

import json
import os
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tonefall.feedback_errors import (UNAVAILABLE, DatabaseCorrupt, FeedbackUnavailable, is_corrupt,
                                      unavailable)
from tonefall.labels import validate_labels
from tonefall.settings import data_dir

# The first release's table; later columns come from _MIGRATIONS, so old databases keep working.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    sentence TEXT NOT NULL,
    lang TEXT NOT NULL,
    predicted TEXT NOT NULL,
    correct_labels TEXT NOT NULL,
    comment TEXT,
    model TEXT NOT NULL
)
"""
# Applied in order, each once: PRAGMA user_version counts how many a database already has.
_MIGRATIONS = (
    # Which exact model made the prediction (rows from before this column say '').
    "ALTER TABLE feedback ADD COLUMN model_version TEXT NOT NULL DEFAULT ''",
)


@dataclass(frozen=True)
class FeedbackItem:
    sentence: str
    lang: str
    predicted: list[str]
    correct_labels: list[str]
    comment: str | None = None
    model: str = ""
    model_version: str = ""


class FeedbackStore:
    """A thread-safe handle on the feedback database (one connection, serialised writes).

    Opening raises FeedbackUnavailable (disk full, read-only, unreadable) or DatabaseCorrupt;
    ``connect=False`` makes a store that opens on the first ``add`` instead, and keeps trying on
    each one, so the service starts (and analyses) while the data directory cannot be written.
    """

    def __init__(self, path: Path, connect: bool = True):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = _connect(self.path) if connect else None

    def add(self, item: FeedbackItem) -> int:
        """Store one item durably and return its id; FeedbackUnavailable (507/503) says why not."""
        row = (datetime.now(UTC).isoformat(timespec="seconds"), item.sentence, item.lang,
               json.dumps(validate_labels(item.predicted)), json.dumps(validate_labels(item.correct_labels)),
               item.comment, item.model, item.model_version)
        with self._lock:
            try:
                if self._db is None:
                    self._db = _connect(self.path)
                cursor = self._db.execute(
                    "INSERT INTO feedback (created, sentence, lang, predicted, correct_labels, comment, model,"
                    " model_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
            except sqlite3.Error as exc:
                raise unavailable(self.path, exc) from exc
            except DatabaseCorrupt as exc:
                raise FeedbackUnavailable(UNAVAILABLE, f"feedback not stored: {exc}; restart the service "
                                                       "to set the damaged file aside") from exc
        return int(cursor.lastrowid)

    def remove(self, item_id: int) -> bool:
        """Delete one item (the agent took the correction back); False when there is no such item."""
        with self._lock:
            try:
                if self._db is None:
                    self._db = _connect(self.path)
                return self._db.execute("DELETE FROM feedback WHERE id = ?", (item_id,)).rowcount > 0
            except sqlite3.Error as exc:
                raise unavailable(self.path, exc) from exc

    def count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM feedback").fetchone()[0]

    def rows(self) -> list[dict]:
        with self._lock:
            cursor = self._db.execute(f"SELECT {COLUMNS} FROM feedback ORDER BY id")
            return rows_of(cursor)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()


COLUMNS = "id, created, sentence, lang, predicted, correct_labels, comment, model, model_version"


def rows_of(cursor: sqlite3.Cursor) -> list[dict]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values)) for values in cursor.fetchall()]


def _connect(path: Path) -> sqlite3.Connection:
    """Open (or create) the database, checked whole: damaged pages are found now, not on a request."""
    try:
        _make_private(path)
        db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise unavailable(path, exc) from exc
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute(_SCHEMA)
        _migrate(db)
        problems = [row[0] for row in db.execute("PRAGMA quick_check(5)")]
    except sqlite3.Error as exc:
        db.close()
        if is_corrupt(exc):
            raise DatabaseCorrupt(f"{path}: the feedback database is damaged ({exc})") from exc
        raise unavailable(path, exc) from exc
    if problems != ["ok"]:
        db.close()
        raise DatabaseCorrupt(f"{path}: the feedback database is damaged ({'; '.join(problems)})")
    return db


def _migrate(db: sqlite3.Connection) -> None:
    """Bring a database made by an older release up to this one's columns, in one transaction."""
    if db.execute("PRAGMA user_version").fetchone()[0] >= len(_MIGRATIONS):
        return
    db.execute("BEGIN IMMEDIATE")  # another process opening the same file waits, then sees it done
    try:
        done = db.execute("PRAGMA user_version").fetchone()[0]
        for statement in _MIGRATIONS[done:]:
            db.execute(statement)
        db.execute(f"PRAGMA user_version = {len(_MIGRATIONS)}")
        db.execute("COMMIT")
    except sqlite3.Error:
        db.execute("ROLLBACK")
        raise


def _make_private(path: Path) -> None:
    """Create or tighten the database's directory (0700) and files (0600) before SQLite opens them."""
    directory = path.parent
    if not directory.exists():
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    elif directory == data_dir():
        # Our own default directory, made 0755 by releases before this one. A directory the user
        # chose (TONEFALL_DB) may be shared, so it is left as it is: the files are private anyway.
        _chmod_private(directory, 0o700)
    # SQLite gives the -wal and -shm files it creates the database file's mode, so creating the
    # database 0600 first makes all three private; existing ones (from 0644 days) are tightened.
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists():
            _chmod_private(file, 0o600)


def _chmod_private(path: Path, mode: int) -> None:
    if os.name == "posix" and path.stat().st_mode & 0o777 != mode:
        os.chmod(path, mode)
