"""Run the app under uvicorn with bounds that no client can push past.

uvicorn alone keeps every connection as long as the client likes: 1,100 half-sent requests used
up a desktop's 1,024 open files, locked the extension out and filled the log with "Too many open
files" tracebacks, and SIGTERM waited for slow clients forever. Here:

- at most ``max_connections`` connections; a new one beyond that closes the oldest connection
  that is not being answered (idle, or still sending its request), so a flood cannot keep the
  extension out;
- a request's headers and body must arrive within ``read_timeout`` seconds of the connection
  opening (or of the previous answer on a kept-alive connection), else the connection is closed;
- SIGTERM closes every connection still sending its request at once and gives requests being
  answered ``shutdown_timeout`` seconds (uvicorn's timeout_graceful_shutdown);
- uvicorn's and asyncio's own messages, which a client can make repeat, pass a BurstLimit.
"""

import logging
import resource

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from tonefall.log_safety import BurstLimit
from tonefall.settings import Settings

REPEATABLE_LOGGERS = ("uvicorn.error", "asyncio")
# asyncio accepts up to `backlog` sockets per wake-up before their protocols run (and can evict
# anything), so each wake-up may briefly add that many open files beyond max_connections.
ACCEPT_BATCH = 128
# Open files the process needs besides connections: model, tokenizer, SQLite, pipes, threads.
OTHER_FILES = 64
FILE_LIMIT_WANTED = 8192


class BoundedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a connection bound and a request read deadline."""

    max_connections = 256
    read_timeout = 10.0

    def connection_made(self, transport) -> None:
        self._answering = False
        self._deadline = None
        if len(self.connections) >= self.max_connections:
            self._evict_oldest_idle()
        super().connection_made(transport)
        self._opened = self.loop.time()
        self._arm_deadline()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.DONE and not self._answering:
            self._answering = True  # the whole request is in: it is the app's turn now
            self._cancel_deadline()

    def on_response_complete(self) -> None:
        self._answering = False
        super().on_response_complete()  # may start on a pipelined request already received
        if self.transport.is_closing():
            return
        if self.conn.their_state is h11.DONE and self.conn.our_state is not h11.DONE:
            self._answering = True
        else:
            self._arm_deadline()

    def connection_lost(self, exc) -> None:
        self._cancel_deadline()
        super().connection_lost(exc)

    def shutdown(self) -> None:
        if self._answering:
            super().shutdown()  # finish the answer, then close
        else:
            self._close()

    def _evict_oldest_idle(self) -> None:
        # Closed ones stay in the set until asyncio calls connection_lost, after this batch of accepts.
        idle = [c for c in self.connections
                if isinstance(c, BoundedH11Protocol) and not c._answering and not c.transport.is_closing()]
        if idle:
            min(idle, key=lambda c: c._opened)._close()

    def _arm_deadline(self) -> None:
        self._cancel_deadline()
        self._deadline = self.loop.call_later(self.read_timeout, self._close)

    def _cancel_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _close(self) -> None:
        self._cancel_deadline()
        if not self.transport.is_closing():
            self.transport.abort()  # no lingering close: the file descriptor is free at once


def protocol_for(settings: Settings, max_connections: int) -> type[BoundedH11Protocol]:
    return type("TonefallH11Protocol", (BoundedH11Protocol,),
                {"max_connections": max_connections, "read_timeout": settings.read_timeout})


def raise_file_limit() -> int:
    """Raise the soft open-files limit towards the hard one (desktops start at 1024); the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = FILE_LIMIT_WANTED if hard == resource.RLIM_INFINITY else min(hard, FILE_LIMIT_WANTED)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):
            pass
    return soft


def connection_bound(settings: Settings, file_limit: int) -> int:
    """max_connections, lowered when the open-files limit could not hold it (with a warning)."""
    fits = max(8, (file_limit - OTHER_FILES) // 2 - ACCEPT_BATCH) if file_limit != resource.RLIM_INFINITY else None
    if fits is not None and settings.max_connections > fits:
        logging.getLogger("tonefall").warning("max_connections lowered from %d to %d: the open-files limit is %d",
                                              settings.max_connections, fits, file_limit)
        return fits
    return settings.max_connections


def run(app, settings: Settings) -> None:
    bound = connection_bound(settings, raise_file_limit())
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level=settings.log_level,
                            access_log=False, server_header=False, http=protocol_for(settings, bound),
                            backlog=ACCEPT_BATCH, timeout_graceful_shutdown=settings.shutdown_timeout)
    for name in REPEATABLE_LOGGERS:  # after Config, which (re)configures uvicorn's loggers
        logging.getLogger(name).addFilter(BurstLimit(rate=0.2, burst=10))
    uvicorn.Server(config).run()
