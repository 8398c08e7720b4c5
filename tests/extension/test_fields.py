"""Which fields Tonefall reads, and the textarea overlay following its field (undo: test_undo.py)."""

import time

import pytest
from editor_pages import drawn_marks, expected_marks, wait_for_marks

EXCLUDED = ["#code", "#code-rich", "#off", "#payment"]


def test_excluded_fields_are_never_checked(page, pages):
    page.goto(f"{pages}/excluded.html")
    for selector in ["#password", "#card", *EXCLUDED]:
        page.locator(selector).click()
        page.keyboard.type("I'm so sorry. But you should have read the terms.")
    time.sleep(1.5)  # several debounce periods: nothing may appear
    assert page.locator(".tonefall-mirror").count() == 0
    assert page.evaluate("() => [...CSS.highlights.keys()]") == []


@pytest.mark.parametrize("body_style", ["", "position: relative; margin: 70px 0 0 30px; border: 3px solid #ddd"],
                         ids=["static-body", "positioned-body"])
def test_textarea_overlay_follows_the_field(body_style, page, pages, analyze, reply):
    page.goto(f"{pages}/textarea.html")
    page.evaluate("(style) => { document.body.style.cssText = style; }", body_style)
    editor = page.locator("#editor")
    editor.click()
    long_reply = "\n".join([reply.text] * 4)
    page.keyboard.type(long_reply)
    expected = expected_marks(analyze(long_reply))
    assert wait_for_marks(editor, expected) == expected
    editor.evaluate("(el) => { el.scrollTop = 120; el.style.width = '420px'; el.style.fontSize = '18px'; }")
    page.wait_for_timeout(300)
    geometry = editor.evaluate("""(el) => {
      const mirror = document.querySelector('.tonefall-mirror'), a = el.getBoundingClientRect(), b = mirror.getBoundingClientRect();
      return { scroll: [el.scrollTop, mirror.scrollTop], font: [getComputedStyle(el).fontSize, getComputedStyle(mirror).fontSize],
               left: b.left - a.left - el.clientLeft, top: b.top - a.top - el.clientTop, width: [el.clientWidth, b.width] };
    }""")
    assert geometry["scroll"][0] == geometry["scroll"][1] > 0
    assert geometry["font"] == ["18px", "18px"]
    assert abs(geometry["left"]) < 1 and abs(geometry["top"]) < 1
    assert geometry["width"][0] == pytest.approx(geometry["width"][1], abs=1)
    assert drawn_marks(editor) == expected


def test_overlay_goes_when_the_field_goes(page, pages, analyze, reply):
    page.goto(f"{pages}/textarea.html")
    editor = page.locator("#editor")
    editor.click()
    page.keyboard.type(reply.text)
    expected = expected_marks(analyze(reply.text))
    assert wait_for_marks(editor, expected) == expected
    page.evaluate("() => document.getElementById('editor').remove()")  # a single-page app closes the compose box
    page.locator(".tonefall-mirror").wait_for(state="hidden")
