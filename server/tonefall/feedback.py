"""Agents' corrections, kept in a local SQLite database and exported as training data.

WAL journal with ``synchronous=FULL``: a write is on disk before the API acknowledges it, so
it survives the process being killed (kill -9) or the machine losing power right after.
This is the only place the service stores text.
"""

import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tonefall.errors import TonefallError
from tonefall.labels import validate_labels

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


@dataclass(frozen=True)
class FeedbackItem:
    sentence: str
    lang: str
    predicted: list[str]
    correct_labels: list[str]
    comment: str | None = None
    model: str = ""


class FeedbackStore:
    """A thread-safe handle on the feedback database (one connection, serialised writes)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise TonefallError(f"{self.path}: cannot open the feedback database ({exc})") from exc
        self._lock = threading.Lock()

    def add(self, item: FeedbackItem) -> int:
        """Store one item durably and return its id."""
        row = (datetime.now(UTC).isoformat(timespec="seconds"), item.sentence, item.lang,
               json.dumps(validate_labels(item.predicted)), json.dumps(validate_labels(item.correct_labels)),
               item.comment, item.model)
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO feedback (created, sentence, lang, predicted, correct_labels, comment, model)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", row)
        return int(cursor.lastrowid)

    def count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM feedback").fetchone()[0]

    def rows(self) -> list[dict]:
        with self._lock:
            cursor = self._db.execute("SELECT id, created, sentence, lang, predicted, correct_labels, comment, model"
                                      " FROM feedback ORDER BY id")
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, values)) for values in cursor.fetchall()]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def training_record(row: dict) -> dict:
    """One feedback row in the corpus format (training/data/FORMAT.md), exactly its fields.

    Each item is its own paraphrase group; the domain is "feedback" (the agent's reply does
    not say which business it is about).
    """
    return {"text": row["sentence"], "labels": json.loads(row["correct_labels"]), "lang": row["lang"],
            "domain": "feedback", "group": f"feedback-{row['id']}"}


def export_jsonl(store: FeedbackStore, out: Path) -> int:
    """Write every feedback item as a JSONL line for training; return how many."""
    rows = store.rows()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(training_record(row), ensure_ascii=False) + "\n" for row in rows)
    return len(rows)
