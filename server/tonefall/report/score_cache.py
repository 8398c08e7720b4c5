"""Sentence scores on disk (SQLite), so an interrupted ``tonefall report`` continues where it stopped.

Keyed by sentence text and tied to one model: the model's ``model.json`` and ``tokenizer.json``
make a fingerprint, and a cache written by another model is emptied. Rows are stored as the
float32 bytes the classifier returned, so labels from the cache are the labels of a fresh run.
"""

import hashlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from tonefall.labels import LABELS
from tonefall.model_dir import INFO_FILE, TOKENIZER_FILE

_CHUNK = 500  # sentences per SELECT ... IN (...)


def model_fingerprint(model_dir: Path) -> str:
    digest = hashlib.sha256()
    for name in (INFO_FILE, TOKENIZER_FILE):
        digest.update((Path(model_dir) / name).read_bytes())
    return digest.hexdigest()


class ScoreCache:
    def __init__(self, path: Path, fingerprint: str):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path)
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        self._db.execute("CREATE TABLE IF NOT EXISTS scores (sentence TEXT PRIMARY KEY, row BLOB)")
        stored = self._db.execute("SELECT value FROM meta WHERE key = 'model'").fetchone()
        if stored is None or stored[0] != fingerprint:
            self._db.execute("DELETE FROM scores")  # another model's scores: start over
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('model', ?)", (fingerprint,))
        self._db.commit()

    def get_many(self, sentences: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for first in range(0, len(sentences), _CHUNK):
            chunk = sentences[first:first + _CHUNK]
            query = f"SELECT sentence, row FROM scores WHERE sentence IN ({','.join('?' * len(chunk))})"
            for sentence, row in self._db.execute(query, chunk):
                found[sentence] = np.frombuffer(row, dtype=np.float32, count=len(LABELS))
        return found

    def put_many(self, rows: Iterable[tuple[str, np.ndarray]]) -> None:
        """Store and commit: once this returns, an interruption keeps these scores."""
        self._db.executemany("INSERT OR REPLACE INTO scores VALUES (?, ?)",
                             ((sentence, np.asarray(row, dtype=np.float32).tobytes()) for sentence, row in rows))
        self._db.commit()

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM scores").fetchone()[0]

    def close(self) -> None:
        self._db.close()


class NoCache:
    """The cache interface without storage (the cluster job: a failed task is simply re-run)."""

    def get_many(self, sentences: list[str]) -> dict[str, np.ndarray]:
        return {}

    def put_many(self, rows: Iterable[tuple[str, np.ndarray]]) -> None:
        pass
