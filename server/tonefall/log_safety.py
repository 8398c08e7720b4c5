"""Log lines that a web page cannot forge or flood: escaped, capped fields and a token bucket.

Any page in the agent's browser can send requests to localhost, so whatever a request carries
(its path above all) is hostile text by the time it reaches a log line.
"""

import logging
import re
import threading
import time
from collections.abc import Callable

FIELD_LIMIT = 200
# C0 and C1 controls (newlines forge lines, ESC and CSI drive terminals), DEL, the Unicode line
# separators, and the bidirectional controls that reorder what a terminal or editor shows.
_UNSAFE = re.compile("[\\\\\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_NAMED = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group(0)
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def clean_field(value: object, limit: int = FIELD_LIMIT) -> str:
    """``value`` as one safe line of at most ``limit`` characters plus a length marker."""
    text = str(value)
    escaped = _UNSAFE.sub(_escape, text[:limit])
    if len(text) <= limit and len(escaped) <= limit:
        return escaped
    return f"{escaped[:limit]}...[{len(text)} chars]"


class TokenBucket:
    """``burst`` events at once, then ``rate`` per second; counts the events it refuses. Thread-safe."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate, self.burst, self._clock = rate, burst, clock
        self._tokens, self._last = float(burst), clock()
        self._refused = 0
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            return self._take()

    def admit(self) -> int | None:
        """None when over the limit (the event is counted); else how many were refused since the
        last admitted event."""
        with self._lock:
            if not self._take():
                self._refused += 1
                return None
            return self._drain()

    def drain(self) -> int:
        """How many events were refused since the last admit or drain (without taking a token)."""
        with self._lock:
            return self._drain()

    def _take(self) -> bool:
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True

    def _drain(self) -> int:
        refused, self._refused = self._refused, 0
        return refused


class BurstLimit(logging.Filter):
    """A logging filter: at most ``burst`` records at once, then ``rate`` per second; the next
    record let through says how many were dropped. For loggers that an attacker can make repeat
    themselves (uvicorn's "Invalid HTTP request", accept() failures)."""

    def __init__(self, rate: float = 1.0, burst: int = 20):
        super().__init__()
        self._bucket = TokenBucket(rate, burst)

    def filter(self, record: logging.LogRecord) -> bool:
        dropped = self._bucket.admit()
        if dropped is None:
            return False
        if dropped:
            record.msg = f"{record.getMessage()} ({dropped} similar messages not logged)"
            record.args = None
        return True
