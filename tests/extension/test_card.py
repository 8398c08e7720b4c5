"""The hover / keyboard card: label, why with cue words, tip in the reply's language, confidence;
Dismiss hides the sentence's underline (corrections: test_corrections.py; placement: test_card_position.py)."""

import pytest
from card_support import CARD, RECT_OF, first_with, hover, typed, without
from editor_pages import SWEDISH_EMPATHETIC, expected_marks, first_labelled, wait_for_marks


@pytest.fixture
def checked(page, pages, analyze, reply):
    """The contenteditable page with the test reply typed and its underlines drawn; returns the service's answer."""
    typed(page, f"{pages}/contenteditable.html", reply.text, analyze)
    return analyze(reply.text)


def test_hover_card_explains_in_the_reply_language(page, checked, reply, tips, artifacts):
    sentence = first_with(checked, "empathetic")
    hover(page, "empathetic")
    card = page.locator(CARD)
    section = card.locator(".section").first
    assert section.get_attribute("data-label") == sentence["labels"][0]
    label = sentence["labels"][0]
    advice = tips[checked["lang"]][label]
    assert section.locator(".why").inner_text().startswith(advice["why"])
    assert section.locator(".tip").inner_text() == advice["tip"]
    assert section.locator(".confidence").inner_text().endswith(f"{round(sentence['scores'][label] * 100)}%")
    for cue in sentence["cues"]:
        assert f"“{reply.text[cue['start']:cue['end']]}”" in section.locator(".why").inner_text()
    page.screenshot(path=artifacts / "card-hover.png")


def test_dismiss_hides_the_sentence(page, checked):
    sentence = first_with(checked, "empathetic")
    hover(page, "empathetic")
    page.locator(CARD).get_by_role("button", name="Dismiss").click()
    expected = without(checked, sentence)
    assert wait_for_marks(page.locator("#editor"), expected) == expected
    assert page.locator(CARD).is_hidden()


def test_keyboard_opens_the_card_at_the_caret_and_gives_the_caret_back(page, checked):
    point = page.evaluate(RECT_OF, ["tonefall-weak-hedged", 0])
    page.mouse.click(point["x"], point["y"])
    page.mouse.move(1, 1)  # away from the underlines: only the keyboard opens the card here
    page.locator(CARD).wait_for(state="hidden")
    caret = page.evaluate("() => { const s = getSelection(); return [s.focusNode.textContent, s.focusOffset]; }")
    page.keyboard.press("Alt+Shift+K")
    card = page.locator(CARD)
    card.wait_for(state="visible")
    assert "weak-hedged" in [s.get_attribute("data-label") for s in card.locator(".section").all()]
    page.mouse.move(5, 5)  # pointer moves elsewhere do not close a card opened from the keyboard
    page.wait_for_timeout(500)
    assert card.is_visible()
    focused = page.evaluate("() => document.activeElement.shadowRoot?.activeElement?.textContent")
    assert focused == "Remove this label"  # the card's first control
    page.keyboard.press("Escape")
    card.wait_for(state="hidden")
    assert page.evaluate("() => document.activeElement.id") == "editor"
    assert page.evaluate("() => { const s = getSelection(); return [s.focusNode.textContent, s.focusOffset]; }") == caret


def test_tip_is_in_the_language_of_the_reply(page, pages, analyze, tips):
    swedish = "Hej Anna,\n" + first_labelled(analyze, "empathetic", SWEDISH_EMPATHETIC)
    answer = analyze(swedish)
    assert answer["lang"] == "sv"
    page.goto(f"{pages}/textarea.html")
    page.locator("#editor").click()
    page.keyboard.type(swedish)
    assert wait_for_marks(page.locator("#editor"), expected_marks(answer)) == expected_marks(answer)
    label = first_with(answer, "empathetic")["labels"][0]
    box = page.locator(f'.tonefall-mirror mark[data-tonefall-label="{label}"]').first.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2)
    page.locator(CARD).wait_for(state="visible")
    assert page.locator(CARD).locator(".tip").first.inner_text() == tips["sv"][label]["tip"]
