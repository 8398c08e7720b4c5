"""Records of one logger, for tests (caplog is off: the suite runs with -p no:logging)."""

import logging
from contextlib import contextmanager


@contextmanager
def captured_log(name: str):
    logger, records = logging.getLogger(name), []
    handler = logging.Handler()
    handler.emit = records.append
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)  # setLevel, not .level: it also clears the enabled-level cache
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def messages(records, level: int = logging.WARNING) -> str:
    return "\n".join(r.getMessage() for r in records if r.levelno >= level)
