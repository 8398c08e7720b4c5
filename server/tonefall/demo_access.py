"""The demo page's one-time keys and the sessions they buy, kept in memory (a restart ends them).

A key works once, within KEY_TTL seconds; the session it is traded for expires after SESSION_TTL.
The routes that mint and redeem them are in tonefall.demo.
"""

import secrets
import threading
import time
from collections.abc import Callable

from tonefall.security import token_matches

KEY_TTL = 120.0
SESSION_TTL = 8 * 3600.0


class DemoAccess:
    """One-time keys and the sessions they were traded for, in memory (a restart ends them)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._keys: dict[str, float] = {}  # key -> expiry
        self._sessions: dict[str, float] = {}  # session -> expiry
        self._lock = threading.Lock()

    def new_key(self) -> str:
        key = secrets.token_urlsafe(24)
        with self._lock:
            self._purge()
            self._keys[key] = self._clock() + KEY_TTL
        return key

    def redeem(self, key: str) -> str | None:
        """A new session for an unused, unexpired key (which is spent now); None otherwise."""
        with self._lock:
            self._purge()
            if self._keys.pop(key, None) is None:
                return None
            session = secrets.token_urlsafe(32)
            self._sessions[session] = self._clock() + SESSION_TTL
            return session

    def valid(self, authorization: str | None) -> bool:
        with self._lock:
            self._purge()
            return any(token_matches(authorization, session) for session in self._sessions)

    def _purge(self) -> None:
        now = self._clock()
        for table in (self._keys, self._sessions):
            for secret in [s for s, expiry in table.items() if expiry <= now]:
                del table[secret]
