"""Connections a page or a local process can hold open must not lock out the agent's extension,
fill the log or stall shutdown (issue 12). Raw sockets against a real `tonefall serve`, run with
the open-file limit desktops have (1024)."""

import os
import signal
import socket
import threading
import time

import httpx
import pytest
from server_process import running_server

DESKTOP_FILE_LIMIT = ("prlimit", "--nofile=1024:1024", "--")


class Output:
    """Reads the server's stdout+stderr as it comes (a full pipe would block the server)."""

    def __init__(self, process):
        self.data = bytearray()
        self._thread = threading.Thread(target=self._read, args=(process.stdout,), daemon=True)
        self._thread.start()

    def _read(self, stream):
        for chunk in iter(lambda: stream.read1(65536), b""):
            self.data += chunk

    def text(self) -> str:
        return self.data.decode(errors="replace")


def serve(tmp_path, tiny_model_dir, **settings):
    environ = {**os.environ, **{f"TONEFALL_{k.upper()}": str(v) for k, v in settings.items()}}
    return running_server(tiny_model_dir, tmp_path / "db.sqlite3", environ=environ, prefix=DESKTOP_FILE_LIMIT)


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def half_open(port: int, count: int, data: bytes = b"POST /v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\n") -> list:
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(data)
        sockets.append(sock)
    return sockets


def closed_by_server(sock: socket.socket, within: float) -> float | None:
    """Seconds until the server closed ``sock`` (read EOF or reset), None if still open after ``within``."""
    started = time.monotonic()
    sock.settimeout(within)
    try:
        while sock.recv(4096):
            pass
    except TimeoutError:
        return None
    except ConnectionResetError:
        pass
    return time.monotonic() - started


def test_half_open_flood_does_not_lock_out_the_extension(tmp_path, tiny_model_dir):
    with serve(tmp_path, tiny_model_dir, read_timeout=60) as (process, url):
        output = Output(process)
        sockets = half_open(port_of(url), 1100)  # more than the 1024 open files the process may have
        try:
            for _ in range(3):
                started = time.monotonic()
                assert httpx.get(f"{url}/v1/health", timeout=5).status_code == 200
                assert time.monotonic() - started < 1.0
            time.sleep(1.0)
        finally:
            for sock in sockets:
                sock.close()
        log = output.text()
        assert "Too many open files" not in log
        assert len(log) < 10_000, log[-2000:]


def test_slow_clients_are_closed_after_the_read_timeout(tmp_path, tiny_model_dir):
    with serve(tmp_path, tiny_model_dir, read_timeout=1) as (_process, url):
        port = port_of(url)
        headers_only = half_open(port, 1, b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")[0]
        part_body = half_open(port, 1, b"POST /v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                       b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"te")[0]
        for sock in (headers_only, part_body):
            waited = closed_by_server(sock, within=5)
            assert waited is not None and waited < 2.5, waited
        # A client dripping one byte every 0.2 s never finishes its headers in time either.
        drip = socket.create_connection(("127.0.0.1", port), timeout=5)
        started = time.monotonic()
        with pytest.raises(OSError):
            for byte in b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100:
                drip.sendall(bytes([byte]))
                time.sleep(0.2)
                if drip.recv(1, socket.MSG_DONTWAIT | socket.MSG_PEEK) == b"":
                    raise ConnectionResetError  # EOF: the server closed it
        assert time.monotonic() - started < 3.0
        # A normal request on a keep-alive connection is not cut.
        with httpx.Client(base_url=url) as client:
            for _ in range(3):
                assert client.get("/v1/health").status_code == 200
                time.sleep(0.5)


def test_sigterm_with_slow_clients_exits_in_bounded_time(tmp_path, tiny_model_dir):
    with serve(tmp_path, tiny_model_dir, read_timeout=60, shutdown_timeout=2) as (process, url):
        Output(process)
        port = port_of(url)
        sockets = half_open(port, 50) + half_open(
            port, 50, b"POST /v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{")
        try:
            started = time.monotonic()
            process.send_signal(signal.SIGTERM)
            process.wait(15)
            assert time.monotonic() - started < 4.0
        finally:
            for sock in sockets:
                sock.close()


def test_burst_limit_drops_repeats_and_counts_them():
    import logging

    from tonefall.log_safety import BurstLimit

    limit = BurstLimit(rate=0.0001, burst=3)
    records = [logging.LogRecord("asyncio", logging.ERROR, __file__, 1, "accept failed %d", (i,), None)
               for i in range(10)]
    assert [limit.filter(r) for r in records] == [True] * 3 + [False] * 7
    limit._bucket._tokens = 1
    late = logging.LogRecord("asyncio", logging.ERROR, __file__, 1, "accept failed", None, None)
    assert limit.filter(late) and late.getMessage() == "accept failed (7 similar messages not logged)"
