"""What a failing feedback database means for the caller: 507 when the disk is full, 503 otherwise.

SQLite reports the cause in its result code (Python 3.11: ``sqlite_errorname``), the file system
in ``errno``; both are turned into a reason written for the agent's IT, never a bare 500.
"""

import errno
import shutil
import sqlite3
from pathlib import Path

from tonefall.errors import TonefallError

INSUFFICIENT_STORAGE = 507
UNAVAILABLE = 503
_CORRUPT = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
NEARLY_FULL_BYTES = 64 * 1024  # less than SQLite's -shm file and a few pages


class FeedbackUnavailable(TonefallError):
    """Feedback cannot be stored now; ``status`` is the HTTP answer (507 disk full, 503 otherwise)."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status


class DatabaseCorrupt(TonefallError):
    """The file is not a SQLite database or has damaged pages."""


def is_corrupt(exc: sqlite3.Error) -> bool:
    return (getattr(exc, "sqlite_errorname", "") or "").startswith(_CORRUPT)


def unavailable(path: Path, exc: BaseException) -> FeedbackUnavailable:
    """The FeedbackUnavailable for an OSError or sqlite3.Error met while opening or writing ``path``."""
    if _disk_full(exc) or _no_space_left(path):
        return FeedbackUnavailable(INSUFFICIENT_STORAGE, f"feedback not stored: the disk holding {path} is full ({exc})")
    if _read_only(exc):
        return FeedbackUnavailable(UNAVAILABLE, f"feedback not stored: {path} is read-only ({exc})")
    return FeedbackUnavailable(UNAVAILABLE, f"feedback not stored: cannot write {path} ({exc})")


def _disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return (getattr(exc, "sqlite_errorname", "") or "").startswith("SQLITE_FULL")


def _no_space_left(path: Path) -> bool:
    """SQLite reports a full disk while it creates its -shm file as a plain I/O error: look."""
    try:
        return shutil.disk_usage(path.parent).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def _read_only(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
    return (getattr(exc, "sqlite_errorname", "") or "").startswith("SQLITE_READONLY")
