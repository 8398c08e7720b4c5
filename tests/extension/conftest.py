"""Browser-test fixtures: the real service, the built extension in Debian Chromium, test pages.

The service runs the shipped model when it exists (models/tonefall-nordic-v1), else the small
real model the server tests build; tests compare what the page shows with the service's own
answer for the same text, so they hold for either.
"""

import functools
import http.server
import subprocess
import threading
from pathlib import Path

import httpx
import pytest
from editor_pages import Reply, compose_reply
from extension_env import ARTIFACTS, CHROMIUM, DIST, EXTENSION_DIR, SHIPPED_MODEL
from server_process import TOKEN, running_server
from tiny_model import build_model_dir
from tonefall.model_dir import INFO_FILE

BROWSER_FIXTURES = {"playwright", "browser", "plain_browser", "page", "built_extension"}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here and BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def built_extension() -> Path:
    """extension/dist, built now if the npm dependencies are installed (`make extension`)."""
    if not (EXTENSION_DIR / "node_modules").is_dir():
        pytest.fail("extension/node_modules missing: run `make extension` (npm ci && npm run build)")
    subprocess.run(["npm", "run", "--silent", "build"], cwd=EXTENSION_DIR, check=True, capture_output=True)
    return DIST


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory) -> Path:
    if (SHIPPED_MODEL / INFO_FILE).is_file():
        return SHIPPED_MODEL
    return build_model_dir(tmp_path_factory.mktemp("models") / "tiny")


@pytest.fixture(scope="session")
def service(model_dir, built_extension, tmp_path_factory):
    """(base_url, feedback_db) of a real `tonefall serve` process with a temp token (and /demo built)."""
    db = tmp_path_factory.mktemp("service") / "feedback.sqlite3"
    with running_server(model_dir, db, timeout=120) as (_process, url):
        yield url, db


@pytest.fixture(scope="session")
def analyze(service):
    """The service's own answer for a text (as the extension's worker would get it)."""
    url, _db = service
    client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)

    @functools.cache
    def call(text: str) -> dict:
        response = client.post("/v1/analyze", json={"text": text})
        response.raise_for_status()
        return response.json()

    yield call
    client.close()


@pytest.fixture(scope="session")
def reply(analyze) -> Reply:
    """The test reply: one sentence per label, as the running model labels them."""
    return compose_reply(analyze)


@pytest.fixture(scope="session")
def tips(service) -> dict:
    url, _db = service
    return httpx.get(f"{url}/v1/tips", headers={"Authorization": f"Bearer {TOKEN}"}).json()["tips"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def pages(tmp_path_factory, built_extension) -> str:
    """Base URL of the test pages (Quill and ProseMirror bundled from npm), served from localhost."""
    out = tmp_path_factory.mktemp("pages")
    subprocess.run(["node", str(Path(__file__).parent / "pages" / "build.mjs"), str(out)], check=True, capture_output=True)
    handler = functools.partial(QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser(playwright, built_extension, service, tmp_path_factory):
    """A headless Chromium with the unpacked extension, configured with the service URL and token."""
    ext = str(built_extension)
    args = ["--headless=new", "--no-sandbox", f"--load-extension={ext}", f"--disable-extensions-except={ext}",
            "--disable-background-networking", "--disable-component-update", "--no-first-run"]
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("profile")), executable_path=CHROMIUM, headless=True, args=args,
        viewport={"width": 1100, "height": 800})
    worker = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
    url, _db = service
    worker.evaluate("([url, token]) => chrome.storage.local.set({serviceUrl: url, token})", [url, TOKEN])
    yield Browser(context, worker)
    context.close()


@pytest.fixture(scope="session")
def plain_browser(playwright):
    """Headless Chromium without the extension: what a newcomer opening /demo has."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
    yield browser
    browser.close()


class Browser:
    def __init__(self, context, worker):
        self.context = context
        self.worker = worker
        self.extension_id = worker.url.split("/")[2]

    def extension_page(self, name: str):
        page = self.context.new_page()
        page.goto(f"chrome-extension://{self.extension_id}/{name}")
        return page

    def set_storage(self, values: dict) -> None:
        self.worker.evaluate("(values) => chrome.storage.local.set(values)", values)


@pytest.fixture
def page(browser):
    page = browser.context.new_page()
    yield page
    page.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
