"""The /demo page: `tonefall demo` opens it with a one-time key; it underlines in any browser
with the extension's own rendering code; the key and session never widen access."""

import os
import subprocess
import sys

import httpx
import pytest
from editor_pages import expected_marks, wait_for_marks
from server_process import TOKEN, free_port
from tonefall.demo_access import KEY_TTL, DemoAccess

CARD = "tonefall-card .card"


def tonefall_demo(port: int) -> subprocess.CompletedProcess:
    env = {**os.environ, "TONEFALL_TOKEN": TOKEN, "TONEFALL_PORT": str(port)}
    return subprocess.run([sys.executable, "-m", "tonefall.cli", "demo", "--no-open"], check=False, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def demo_url(service) -> str:
    run = tonefall_demo(int(service[0].rsplit(":", 1)[1]))
    assert run.returncode == 0, run.stderr
    url = run.stdout.strip()
    assert url.startswith(f"{service[0]}/demo/#key=")
    return url


def test_demo_page_underlines_with_the_extension_code(plain_browser, demo_url, analyze, reply, tips, artifacts):
    page = plain_browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(demo_url)
    page.locator("body[data-ready]").wait_for()
    assert "#key=" not in page.url  # spent: kept out of the history
    rich = page.locator("#rich")
    rich.click()
    page.keyboard.type(reply.text)
    answer = analyze(reply.text)
    assert wait_for_marks(rich, expected_marks(answer)) == expected_marks(answer)
    assert rich.inner_text() == reply.text

    label = next(s for s in answer["sentences"] if s["labels"])["labels"][0]
    point = page.evaluate("(name) => { const r = [...CSS.highlights.get(name)][0].getClientRects()[0];"
                          " return {x: r.left + 20, y: r.top + r.height / 2}; }", f"tonefall-{label}")
    page.mouse.move(point["x"], point["y"])
    page.locator(CARD).wait_for(state="visible")
    assert page.locator(CARD).locator(".tip").first.inner_text() == tips[answer["lang"]][label]["tip"]
    page.screenshot(path=artifacts / "demo.png")

    page.get_by_role("button", name="Svenska").click()
    plain = page.locator("#plain")
    swedish = plain.input_value()
    assert wait_for_marks(plain, expected_marks(analyze(swedish))) == expected_marks(analyze(swedish))
    page.close()


def test_demo_link_works_once(plain_browser, demo_url):
    first = plain_browser.new_page()
    first.goto(demo_url)
    first.locator("body[data-ready]").wait_for()
    second = plain_browser.new_context().new_page()
    second.goto(demo_url)
    second.locator("#status").wait_for(state="visible")
    assert "tonefall demo" in second.locator("#status").inner_text()
    first.close()
    second.context.close()


def test_keys_need_the_token_and_sessions_only_analyze(service):
    url, _db = service
    assert httpx.post(f"{url}/v1/demo/keys").status_code == 401
    key = httpx.post(f"{url}/v1/demo/keys", headers={"Authorization": f"Bearer {TOKEN}"}).json()["key"]
    # Another web page cannot trade the key: its Origin is refused before anything else.
    assert httpx.post(f"{url}/v1/demo/session", json={"key": key}, headers={"Origin": "https://evil.example"}).status_code == 403
    session = httpx.post(f"{url}/v1/demo/session", json={"key": key}).json()["session"]
    assert httpx.post(f"{url}/v1/demo/session", json={"key": key}).status_code == 403  # spent
    as_session = {"Authorization": f"Bearer {session}"}
    assert httpx.post(f"{url}/v1/demo/analyze", json={"text": "Hi Anna, I am sorry."}, headers=as_session).status_code == 200
    assert httpx.get(f"{url}/v1/demo/tips", headers=as_session).status_code == 200
    for method, path in [("POST", "/v1/analyze"), ("POST", "/v1/feedback"), ("GET", "/v1/model"),
                         ("POST", "/v1/admin/reload"), ("POST", "/v1/demo/keys")]:
        assert httpx.request(method, f"{url}{path}", json={}, headers=as_session).status_code == 401, path
    assert httpx.post(f"{url}/v1/demo/analyze", json={"text": "x"}).status_code == 401


def test_keys_and_sessions_expire():
    now = [0.0]
    access = DemoAccess(clock=lambda: now[0])
    late_key, key = access.new_key(), access.new_key()
    now[0] += KEY_TTL + 1
    assert access.redeem(late_key) is None
    key = access.new_key()
    session = access.redeem(key)
    assert access.valid(f"Bearer {session}") and not access.valid("Bearer nope") and not access.valid(None)
    now[0] += 9 * 3600
    assert not access.valid(f"Bearer {session}")


def test_demo_command_says_how_to_start_the_service():
    run = tonefall_demo(free_port())
    assert run.returncode != 0
    assert "tonefall serve" in run.stderr
