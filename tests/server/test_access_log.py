"""The access log: forged lines and terminal escapes never reach it, and a page flooding the
service with refused requests cannot fill the disk (issue 12)."""

import io
import logging
import re
import time

import pytest
from tonefall.log_safety import TokenBucket, clean_field


@pytest.fixture
def access_log():
    """What the access log writes, as text (pytest runs with -p no:logging here: no caplog)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("tonefall.access")
    logger.addHandler(handler)
    # setLevel, not `logger.level =`: only setLevel clears the logger's isEnabledFor cache, which an
    # earlier test in the process (schemathesis) filled with "INFO: off", and then nothing was logged.
    old_level = logger.level
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def test_forged_newline_and_escape_never_reach_the_log(client, access_log):
    paths = ["/v1/health%0a2025-01-01 INFO tonefall.access: GET /v1/admin/reload 200",
             "/x%1b[2J%1b[31mred", "/x%0d%85%c2%9b31m", "/x%e2%80%aeevil%e2%81%a6", "/x%00y"]
    for path in paths:
        client.get(path)
    text = access_log.getvalue()
    assert text.count("\n") == len(paths)  # one line per request, none forged
    for bad in ("\x1b", "\r", "\x85", "\x9b", "\u202e", "\u2066", "\x00"):
        assert bad not in text
    assert "\\x1b[2J" in text and "\\u202e" in text  # escaped, so still visible to whoever reads the log


def test_each_field_is_capped_with_a_marker(client, access_log):
    client.get("/" + "a" * 5000)
    line = access_log.getvalue().strip()
    assert len(line) < 400
    assert "[5001 chars]" in line


def test_refused_flood_writes_a_bounded_log(client, access_log):
    client.headers.pop("Authorization")
    long_path = "/v1/analyze/" + "x" * 8192
    for i in range(2000):
        client.get(long_path if i % 2 else "/v1/model", headers={"Origin": "https://evil.example"} if i % 3 else {})
    written = len(access_log.getvalue().encode())
    print(f"2000 refused requests, 8 KB paths: {written} bytes of log")
    # Unbounded, this wrote one 8 KB line per request: 8 MB here (15.8 MB in 5 s in issue 12).
    assert written < 40_000, written
    # Once the bucket refills, the log says how many it skipped.
    time.sleep(1.1)
    client.get("/v1/model")
    assert re.search(r"\b\d+ refused requests not logged", access_log.getvalue())


def test_successful_requests_are_always_logged(client, access_log):
    for _ in range(100):
        client.get("/v1/model")
    for _ in range(50):
        assert client.get("/v1/health").status_code == 200
    assert access_log.getvalue().count(" 200 ") == 150


def test_clean_field():
    assert clean_field("GET") == "GET"
    assert clean_field("a\nb\\c") == "a\\nb\\\\c"
    assert clean_field("ü and ✓ stay") == "ü and ✓ stay"
    assert clean_field("x" * 300, limit=200) == "x" * 200 + "...[300 chars]"
    assert len(clean_field("\x1b" * 300, limit=200)) <= 200 + len("...[300 chars]")


def test_token_bucket():
    now = [0.0]
    bucket = TokenBucket(rate=1.0, burst=3, clock=lambda: now[0])
    assert [bucket.take() for _ in range(5)] == [True, True, True, False, False]
    now[0] = 2.0
    assert [bucket.take() for _ in range(3)] == [True, True, False]
