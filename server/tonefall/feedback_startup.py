"""How the service opens the feedback store: a database fault never stops it from analysing.

- damaged or not a database: moved aside (``<name>.damaged-<time>``, with its -wal/-shm), a new
  one started, and the log says where the old one went and how to rescue its rows;
- cannot be written (read-only, disk full, no permission): a warning, and POST /v1/feedback
  answers 503/507 with the reason (each request tries again, so fixing the disk needs no restart);
- little free space left: a warning.
"""

import logging
import os
import shutil
import time
from pathlib import Path

from tonefall.feedback import FeedbackStore
from tonefall.feedback_errors import DatabaseCorrupt, FeedbackUnavailable

log = logging.getLogger("tonefall.feedback")
LOW_SPACE_BYTES = 16 * 2**20
COMPANIONS = ("", "-wal", "-shm")


def open_for_service(path: Path) -> FeedbackStore:
    path = Path(path)
    try:
        store = _open_setting_damage_aside(path)
    except FeedbackUnavailable as exc:
        log.warning("%s; analysis works, POST /v1/feedback answers %d until the database can be written",
                    exc, exc.status)
        return FeedbackStore(path, connect=False)
    _warn_if_low_on_space(path)
    return store


def _open_setting_damage_aside(path: Path) -> FeedbackStore:
    try:
        return FeedbackStore(path)
    except DatabaseCorrupt as exc:
        aside = set_aside(path)
        log.error("%s: moved to %s and a new, empty database started; `tonefall feedback export --db %s "
                  "--out FILE` recovers the rows that can still be read", exc, aside, aside)
        return FeedbackStore(path)


def set_aside(path: Path) -> Path:
    """Rename the database and its -wal/-shm files to ``<name>.damaged-<UTC time>``; the new name."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in COMPANIONS:
        source = path.with_name(path.name + suffix)
        if source.exists():
            os.replace(source, aside.with_name(aside.name + suffix))
    return aside


def _warn_if_low_on_space(path: Path) -> None:
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        return
    if free < LOW_SPACE_BYTES:
        log.warning("only %d kB free where feedback is stored (%s): new feedback may be refused (507)",
                    free // 1024, path.parent)
