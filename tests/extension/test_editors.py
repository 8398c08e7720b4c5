"""Every editor kind: underlines per label over the right sentences, editor untouched, caret
kept, underlines following edits. Screenshots go to test-artifacts/extension/."""

import pytest
from editor_pages import (
    ADDED,
    EDITOR_PAGES,
    LABELS,
    READ_CARET,
    READ_VALUE,
    drawn_marks,
    expected_marks,
    labels_in,
    wait_for_marks,
)


@pytest.mark.parametrize("editor_page", EDITOR_PAGES, ids=lambda e: e.name)
def test_underlines_follow_the_service_without_touching_the_editor(editor_page, page, pages, analyze, reply, artifacts):
    answer = analyze(reply.text)
    assert labels_in(answer) == set(LABELS), "the test reply must hold every label"
    page.goto(f"{pages}/{editor_page.file}")
    editor = editor_page.editor(page)
    editor_page.click_to_type(page)
    page.keyboard.type(reply.text)

    typed = editor.evaluate(READ_VALUE)
    caret = editor.evaluate(READ_CARET)
    assert typed["value"] == reply.text
    assert caret["before"].replace("\n", "") == reply.text.replace("\n", "")  # right after the typed text

    expected = expected_marks(answer)
    assert wait_for_marks(editor, expected) == expected
    # Drawing changed nothing in the editor: same value, same markup, caret where it was.
    assert editor.evaluate(READ_VALUE) == typed
    assert "tonefall" not in typed["html"].lower()
    assert editor.evaluate(READ_CARET) == caret
    # After the checks: Playwright's screenshot touches the page (it hides the caret).
    page.screenshot(path=artifacts / f"{editor_page.name}.png")

    for _ in range(len(reply.deleted)):
        page.keyboard.press("Backspace")
    page.keyboard.type(ADDED)
    assert editor.evaluate(READ_VALUE)["value"] == reply.edited
    expected_after = expected_marks(analyze(reply.edited))
    assert wait_for_marks(editor, expected_after) == expected_after
    assert not any(reply.body[-1] in texts for texts in drawn_marks(editor).values())
    page.screenshot(path=artifacts / f"{editor_page.name}-edited.png")

