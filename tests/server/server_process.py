"""Start a real `tonefall serve` process on a free loopback port (for kill -9 and load tests)."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

TOKEN = "process-token-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_server(model_dir: Path, db: Path, timeout: float = 30.0, environ: dict | None = None,
                   prefix: tuple[str, ...] = ()):
    """Yield (process, base_url); the server is stopped (terminated) afterwards if still alive.

    ``environ`` replaces this process's environment as the base; ``prefix`` goes before the command
    (e.g. strace).
    """
    port = free_port()
    env = {**(os.environ if environ is None else environ),
           "TONEFALL_TOKEN": TOKEN, "TONEFALL_DB": str(db), "TONEFALL_LOG_LEVEL": "warning"}
    command = [*prefix, sys.executable, "-m", "tonefall.cli", "serve", "--port", str(port),
               "--model", str(model_dir)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, url, timeout)
        yield process, url
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(10)
        process.stdout.close()


def wait_until_up(process: subprocess.Popen, url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited {process.returncode}: {process.stdout.read().decode()}")
        try:
            if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"server not up after {timeout} s")
