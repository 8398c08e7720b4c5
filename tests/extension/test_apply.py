""""Apply" on a card's suggestion: only that span changes, through the editor's own input path, so
the editor's HTML is what the editor itself makes of that text, one Ctrl+Z takes the change back,
and a template's blank is selected for the agent to type over. Per editor kind."""

import time

import pytest
from card_support import CARD
from editor_pages import CANDIDATES, EDITOR_PAGES, GREETING, READ_VALUE, EditorPage, expected_marks, wait_for_marks

APPLY_PAGES = [e for e in EDITOR_PAGES if e.name in {"textarea", "contenteditable", "quill", "prosemirror"}] + [
    EditorPage("ckeditor5", "ckeditor5.html", ".ck-editor__editable")]
# The test pages group undo steps over a minute (see test_undo.py); an agent reads the card for
# longer than an editor's grouping window, so the history is cut there as time would cut it.
CUT_HISTORY = {"quill": "() => window.quill.history.cutoff()", "prosemirror": "() => window.cutHistory()"}
READ_SELECTION = """(editor) => editor.tagName === "TEXTAREA"
  ? editor.value.slice(editor.selectionStart, editor.selectionEnd)
  : (editor.getRootNode().getSelection?.() || editor.ownerDocument.getSelection()).toString()"""


# The two kinds of edit: a template whose blank gets selected, and words dropped ("" replaces them).
KINDS = {"template": lambda r: r["blank"] is not None, "drop": lambda r: r["replacement"] == ""}


def with_rewrite(analyze, kind: str) -> tuple[str, dict]:
    """(reply text, the first suggestion of `kind` in its last sentence), for the running model."""
    for sentence in CANDIDATES["officialese"] + CANDIDATES["weak-hedged"]:
        text = f"{GREETING}\n{sentence}"
        last = analyze(text)["sentences"][-1]
        rewrites = [s for s in last["suggestions"] if s["replacement"] is not None and KINDS[kind](s)]
        if rewrites:
            return text, rewrites[0]
    pytest.fail(f"no candidate sentence gets a {kind} rewrite from the running model")


def value(editor) -> str:
    return editor.evaluate(READ_VALUE)["value"]


def typed_in(page, editor_page, url: str, text: str):
    page.goto(url)
    editor_page.click_to_type(page)
    page.keyboard.type(text)
    return editor_page.editor(page)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("editor_page", APPLY_PAGES, ids=lambda e: e.name)
def test_apply_replaces_only_the_span_and_one_undo_takes_it_back(editor_page, kind, page, plain_browser, pages, analyze, artifacts):
    url = f"{pages}/{editor_page.file}"
    text, rewrite = with_rewrite(analyze, kind)
    after = text[:rewrite["start"]] + rewrite["replacement"] + text[rewrite["end"]:]
    editor = typed_in(page, editor_page, url, text)
    expected = expected_marks(analyze(text))
    assert wait_for_marks(editor, expected) == expected
    if editor_page.name in CUT_HISTORY:
        page.evaluate(CUT_HISTORY[editor_page.name])
    page.keyboard.press("Alt+Shift+K")  # the caret is in the last sentence: its card
    card = page.locator(CARD)
    card.wait_for(state="visible")
    assert value(editor) == text, "showing the card changed nothing"
    page.screenshot(path=artifacts / f"apply-card-{editor_page.name}-{kind}.png")
    card.locator(f'.section[data-label="{rewrite["label"]}"] li.rewrite[data-start="{rewrite["start"]}"] button.apply').click()
    assert poll(lambda: value(editor), after) == after
    assert card.is_hidden()
    if rewrite["blank"]:
        blank = rewrite["replacement"][rewrite["blank"]["start"]:rewrite["blank"]["end"]]
        assert editor.evaluate(READ_SELECTION) == blank
    html = editor.evaluate(READ_VALUE)["html"]

    # The editor's own HTML for that text: the same editor, the final text typed, no extension
    # (a textarea's content is its value, checked above).
    control = plain_browser.new_page()
    try:
        control_editor = typed_in(control, editor_page, url, after)
        if editor_page.name != "textarea":
            assert html == control_editor.evaluate(READ_VALUE)["html"]
    finally:
        control.close()

    page.keyboard.press("Control+z")
    assert poll(lambda: value(editor), text) == text, "one Ctrl+Z restores the text before Apply"


def poll(read, want, timeout_ms: int = 5000, step_ms: int = 100):
    """`read()` once it equals `want`, or its last value when the time is up."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        seen = read()
        if seen == want or time.monotonic() > deadline:
            return seen
        time.sleep(step_ms / 1000)
