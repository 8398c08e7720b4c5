"""Popup (service status with the fix, counts per label, site switch) and the options page."""

import time

import pytest
from editor_pages import expected_marks, wait_for_marks
from server_process import TOKEN
from tonefall.labels import LABELS


@pytest.fixture
def restore_settings(browser, service):
    yield browser
    browser.set_storage({"serviceUrl": service[0], "token": TOKEN, "disabledSites": []})


def tab_id(browser, url: str) -> int:
    return browser.worker.evaluate("(url) => chrome.tabs.query({url}).then((tabs) => tabs[0].id)", url)


def open_popup(browser, tab: int | None = None):
    popup = browser.extension_page(f"popup.html?tab={tab}" if tab else "popup.html")
    popup.locator("body[data-ready]").wait_for()
    return popup


def test_popup_counts_the_focused_editor(browser, page, pages, analyze, reply, artifacts):
    page.goto(f"{pages}/contenteditable.html")
    page.locator("#editor").click()
    page.keyboard.type(reply.text)
    answer = analyze(reply.text)
    assert wait_for_marks(page.locator("#editor"), expected_marks(answer)) == expected_marks(answer)
    popup = open_popup(browser, tab_id(browser, page.url))
    assert popup.locator("#state").get_attribute("data-state") == "connected"
    counts = dict(row.locator("td").all_inner_texts() for row in popup.locator("#counts tr").all())
    shown = {label: int(counts[name]) for label, name in zip(LABELS, counts)}
    assert shown == {label: sum(label in s["labels"] for s in answer["sentences"]) for label in LABELS}
    popup.screenshot(path=artifacts / "popup.png")
    popup.close()


@pytest.mark.parametrize("settings, state, hint", [
    ({"token": ""}, "token-missing", "tonefall token"),
    ({"token": "wrong-token-0123456789abcdef"}, "unauthorized", "tonefall token"),
    ({"serviceUrl": "http://127.0.0.1:9"}, "service-down", "tonefall serve"),
])
def test_popup_says_what_is_wrong_and_how_to_fix_it(settings, state, hint, restore_settings):
    browser = restore_settings
    browser.set_storage(settings)
    popup = open_popup(browser)
    assert popup.locator("#state").get_attribute("data-state") == state
    assert hint in popup.locator("#state .hint").inner_text()
    popup.close()


def test_site_switch_turns_checking_off(browser, page, pages, reply, restore_settings):
    page.goto(f"{pages}/contenteditable.html")
    popup = open_popup(browser, tab_id(browser, page.url))
    switch = popup.locator("#site-enabled")
    assert switch.is_checked()
    switch.uncheck()
    deadline = time.monotonic() + 5
    while "127.0.0.1" not in (browser.worker.evaluate("() => chrome.storage.local.get('disabledSites')").get("disabledSites") or []):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    popup.close()
    page.reload()
    page.locator("#editor").click()
    page.keyboard.type(reply.text)
    time.sleep(1.5)  # several debounce periods: nothing may appear
    assert page.evaluate("() => [...CSS.highlights.keys()]") == []


def test_options_page_saves_url_and_token_and_refuses_remote_urls(browser, restore_settings):
    options = browser.extension_page("options.html")
    options.locator("#serviceUrl").fill("http://tone.example.com:7373")
    options.locator("#token").fill("a-token-0123456789abcdef")
    options.locator("button[type=submit]").click()
    assert "example.com" in options.locator("#saved").inner_text()
    assert browser.worker.evaluate("() => chrome.storage.local.get('token')")["token"] == TOKEN
    options.locator("#serviceUrl").fill("http://localhost:7999")
    options.locator("button[type=submit]").click()
    options.locator("#saved").get_by_text("Saved.").wait_for()
    stored = browser.worker.evaluate("() => chrome.storage.local.get(['serviceUrl', 'token'])")
    assert stored == {"serviceUrl": "http://localhost:7999", "token": "a-token-0123456789abcdef"}
    options.close()


@pytest.mark.parametrize("lang", ["sv", "nb", "da"])
def test_ui_speaks_the_browser_language(lang, playwright, built_extension, tmp_path):
    import json
    import os

    from extension_env import CHROMIUM

    ext = str(built_extension)
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, locale=lang, env={**os.environ, "LANGUAGE": lang},
        args=["--headless=new", "--no-sandbox", f"--load-extension={ext}", f"--disable-extensions-except={ext}", f"--lang={lang}"])
    try:
        worker = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
        messages = json.loads((built_extension.parent / "src" / "_locales" / lang / "messages.json").read_text(encoding="utf-8"))
        page = context.new_page()
        page.goto(f"chrome-extension://{worker.url.split('/')[2]}/options.html")
        assert page.locator("h1").inner_text() == messages["options_title"]["message"]
    finally:
        context.close()
