"""Undo and redo behave exactly as without the extension, in every editor kind: a control run in
the same Chromium without the extension gives the expected history, and the run with the
extension (underlines drawn, re-drawn after each step) must take the same number of Ctrl+Z and
Ctrl+Shift+Z presses, with the same text after each."""

import pytest
from editor_pages import EDITOR_PAGES, GREETING, READ_VALUE, expected_marks, wait_for_marks

STEP_PAUSE_MS = 80  # between presses, as a person would (the extension may react in between)
SETTLE_MS = 800  # past the debounce: the extension has re-checked the text after the last step


def value(editor) -> str:
    return editor.evaluate(READ_VALUE)["value"]


def steps(page, editor, key: str, limit: int) -> list[str]:
    """Press `key` until the text stops changing; the text before and after each press."""
    seen = [value(editor)]
    for _ in range(limit):
        page.keyboard.press(key)
        page.wait_for_timeout(STEP_PAUSE_MS)
        now = value(editor)
        if now == seen[-1]:
            break
        seen.append(now)
    page.wait_for_timeout(SETTLE_MS)
    return seen


def history(page, editor_page, url: str, text: str, settle) -> dict[str, list[str]]:
    page.goto(url)
    editor = editor_page.editor(page)
    editor_page.click_to_type(page)
    page.keyboard.type(text)
    settle(editor)
    limit = len(text) + 2
    return {"undo": steps(page, editor, "Control+z", limit), "redo": steps(page, editor, "Control+Shift+Z", limit)}


@pytest.mark.parametrize("editor_page", EDITOR_PAGES, ids=lambda e: e.name)
def test_undo_and_redo_match_a_browser_without_the_extension(editor_page, page, plain_browser, pages, analyze, reply):
    url = f"{pages}/{editor_page.file}"
    text = f"{GREETING}\n{reply.body[-1]}"  # two lines, the second underlined
    control_page = plain_browser.new_page()
    try:
        control = history(control_page, editor_page, url, text, lambda _editor: control_page.wait_for_timeout(SETTLE_MS))
    finally:
        control_page.close()
    expected = expected_marks(analyze(text))
    assert expected, "the typed text must get underlines"

    def underlined(editor):
        assert wait_for_marks(editor, expected) == expected

    with_extension = history(page, editor_page, url, text, underlined)
    assert control["undo"][-1] != text, "the control run undid nothing"
    assert control["redo"][-1] == text, "the control run redid everything"
    assert with_extension["undo"] == control["undo"]
    assert with_extension["redo"] == control["redo"]
