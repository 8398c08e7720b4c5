"""/docs in a real browser with no internet: Swagger UI renders the API, asks nothing of any
other host, and its Content-Security-Policy blocks nothing the page needs."""

import shutil

import pytest
from server_process import running_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = pytest.mark.browser


def test_docs_render_offline_from_the_service_alone(tiny_model_dir, tmp_path, playwright):
    with running_server(tiny_model_dir, tmp_path / "f.sqlite3") as (_process, url):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_page()
        elsewhere, console = [], []
        # Every request to another host fails, as it would offline; each is recorded.
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url + "/")
                   else (elsewhere.append(route.request.url), route.abort()))
        page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
        page.goto(f"{url}/docs")
        page.locator(".opblock-summary-path", has_text="/v1/analyze").first.wait_for(timeout=30_000)
        assert page.locator(".opblock").count() >= 8  # every /v1 operation is listed
        browser.close()
    assert elsewhere == []
    assert not [text for text in console if "Content Security Policy" in text], console
