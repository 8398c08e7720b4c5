"""`tonefall feedback export`: the stored corrections as training data, whatever state the file is in.

A database with damaged pages still holds readable rows. Reading it with one SELECT stops at the
first damaged page; here each id up to the highest ever given out is read on its own, so every
row SQLite can still reach is exported and the ones it cannot are listed.
"""

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from tonefall.errors import TonefallError
from tonefall.feedback import rows_of

# What a training record needs; no newer column, so a database from an older release exports too.
EXPORT_COLUMNS = "id, sentence, lang, correct_labels"


@dataclass
class ExportResult:
    written: int = 0
    unreadable: list[int] = field(default_factory=list)  # ids on damaged pages

    def unreadable_ranges(self) -> str:
        """``3, 7-12`` for the ids that could not be read."""
        ranges: list[list[int]] = []
        for row_id in self.unreadable:
            if ranges and row_id == ranges[-1][1] + 1:
                ranges[-1][1] = row_id
            else:
                ranges.append([row_id, row_id])
        return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)


def training_record(row: dict) -> dict:
    """One feedback row in the corpus format (training/data/FORMAT.md), exactly its fields.

    Each item is its own paraphrase group; the domain is "feedback" (the agent's reply does
    not say which business it is about).
    """
    return {"text": row["sentence"], "labels": json.loads(row["correct_labels"]), "lang": row["lang"],
            "domain": "feedback", "group": f"feedback-{row['id']}"}


def export_jsonl(db_path: Path, out: Path) -> ExportResult:
    """Write every readable feedback item as a JSONL line for training; say which ids were not."""
    result = ExportResult()
    db = _open_read_only(Path(db_path))
    try:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "w", encoding="utf-8") as handle:
            for row_id in range(1, _highest_id(db, db_path) + 1):
                line = _line(db, row_id)
                if line is None:
                    result.unreadable.append(row_id)
                elif line:
                    handle.write(line)
                    result.written += 1
    finally:
        db.close()
    return result


def _open_read_only(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise TonefallError(f"{path}: no feedback database yet (the service makes it on the first feedback)")
    try:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise TonefallError(f"{path}: cannot open the feedback database ({exc})") from exc


def _highest_id(db: sqlite3.Connection, path: Path) -> int:
    """The last id handed out (AUTOINCREMENT keeps it in sqlite_sequence), else the largest present."""
    for query in ("SELECT seq FROM sqlite_sequence WHERE name = 'feedback'", "SELECT max(id) FROM feedback"):
        try:
            found = db.execute(query).fetchone()
        except sqlite3.Error:
            continue
        if found and found[0] is not None:
            return int(found[0])
    try:
        db.execute("SELECT 1 FROM feedback LIMIT 1").fetchall()
    except sqlite3.Error as exc:
        raise TonefallError(f"{path}: cannot read the feedback table ({exc})") from exc
    return 0  # an empty table


def _line(db: sqlite3.Connection, row_id: int) -> str | None:
    """The JSONL line of one id; '' for an id never stored or deleted; None when it cannot be read."""
    try:
        rows = rows_of(db.execute(f"SELECT {EXPORT_COLUMNS} FROM feedback WHERE id = ?", (row_id,)))
        return json.dumps(training_record(rows[0]), ensure_ascii=False) + "\n" if rows else ""
    except (sqlite3.Error, ValueError, KeyError, TypeError):  # a damaged page, or garbage where a row was
        return None
