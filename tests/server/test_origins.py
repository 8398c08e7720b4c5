"""Origin allow-list parsing and anti-framing headers (issue 12: fnmatch read the service's own
``http://[::1]:PORT`` as a character class, so the demo at [::1] got 403 and ``http://1:PORT``
passed)."""

import pytest
from tonefall.security import origin_pattern

OWN = ["http://127.0.0.1:7373", "http://localhost:7373", "http://[::1]:7373"]


@pytest.mark.parametrize("origin", OWN)
def test_own_origins_pass(client, origin):
    response = client.post("/v1/analyze", json={"text": "Hej."}, headers={"Origin": origin})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == origin


@pytest.mark.parametrize("origin", ["http://1:7373", "http://::7373", "http://:7373", "http://[::1]:7374",
                                    "http://[::2]:7373", "http://[::1]:7373.evil.example", "http://[::1]:7373/x"])
def test_lookalikes_of_own_origins_are_403(client, origin):
    response = client.post("/v1/analyze", json={"text": "Hej."}, headers={"Origin": origin})
    assert response.status_code == 403
    assert "access-control-allow-origin" not in response.headers


def test_wildcard_stands_for_one_host_or_id_only():
    pattern = origin_pattern(["chrome-extension://*", "http://[::1]:7373"])
    assert pattern.fullmatch("chrome-extension://abcdefghijklmnopabcdefghijklmnop")
    for origin in ["chrome-extension://", "chrome-extension://a/b", "chrome-extension://a:1", "chrome-extension://a@b",
                   "http://1:7373", "http://[::1]:7373x", "chrome-extension://a\n"]:
        assert not pattern.fullmatch(origin), origin
    assert not origin_pattern([]).fullmatch("chrome-extension://a")


@pytest.mark.parametrize("path", ["/demo/", "/v1/health", "/docs", "/nothing"])
def test_pages_cannot_be_framed(client, path):
    response = client.get(path)
    assert response.headers["x-frame-options"] == "DENY"
    # /docs adds its own policy as a second header; browsers enforce every one of them
    assert "frame-ancestors 'none'" in response.headers.get_list("content-security-policy")
    assert response.headers["x-content-type-options"] == "nosniff"
