"""The access log: one line per request with sizes and timings, never the text.

Every field that comes from the request is escaped and capped (tonefall.log_safety), and
refused requests (any 4xx: no token, foreign Origin or Host, unknown path, too large), which
any web page can send by the thousand without a token, go through a token bucket: a burst of
REFUSED_BURST lines, then REFUSED_PER_SECOND; the rest are counted and the next line logged
says "N refused requests not logged".
"""

import logging
import time

from tonefall.log_safety import TokenBucket, clean_field

log = logging.getLogger("tonefall.access")

REFUSED_BURST = 20
REFUSED_PER_SECOND = 1.0


class AccessLog:
    """ASGI middleware writing the access log.

    Also answers ``Server-Timing: app;dur=<ms>`` (time until the response starts), so clients
    and the benchmark can tell server time from network and client time.
    """

    def __init__(self, app):
        self.app = app
        self._refused = TokenBucket(REFUSED_PER_SECOND, REFUSED_BURST)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started, status, size = time.perf_counter(), 0, 0

        async def measuring_send(message):
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
                elapsed = (time.perf_counter() - started) * 1000
                message = {**message, "headers": [*message.get("headers", []),
                                                  (b"server-timing", f"app;dur={elapsed:.2f}".encode())]}
            size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, measuring_send)
        finally:
            self._write(scope, status, size, (time.perf_counter() - started) * 1000)

    def _write(self, scope, status: int, size: int, ms: float) -> None:
        if not log.isEnabledFor(logging.INFO) or not self._admit(400 <= status < 500):
            return
        request_size = dict(scope["headers"]).get(b"content-length", b"0").decode("latin-1")
        log.info("%s %s %d in=%sB out=%dB %.1fms", clean_field(scope["method"]), clean_field(scope["path"]), status,
                 clean_field(request_size, 20), size, ms)

    def _admit(self, refused: bool) -> bool:
        """Whether to log this request; logs the count of skipped refusals first, when there are any."""
        dropped = self._refused.admit() if refused else self._refused.drain()
        if dropped is None:
            return False
        if dropped:
            log.warning("%d refused requests not logged (more than %d at once or %g a second)", dropped,
                        REFUSED_BURST, REFUSED_PER_SECOND)
        return True
