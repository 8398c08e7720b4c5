"""The card is placed from its measured size: it never covers the sentence it explains and stays
inside the viewport, with the editor at the top, the bottom, the left and right edges, and in a
small viewport (measured rectangles, not styles)."""

import pytest
from card_support import CARD, overlaps
from editor_pages import expected_marks, wait_for_marks

# Where the editor is put on the page (fixed, so the sentence lands by that edge).
PLACES = {
    "top": "position: fixed; top: 0; left: 20px; width: 600px; min-height: 0;",
    "bottom": "position: fixed; bottom: 0; left: 20px; width: 600px; min-height: 0;",
    "left": "position: fixed; top: 300px; left: 0; width: 260px; min-height: 0;",
    "right": "position: fixed; top: 300px; right: 0; width: 260px; min-height: 0;",
}

# The boxes of the first underlined sentence (all its lines).
SENTENCE_BOXES = """(name) => [...[...CSS.highlights.get(name)][0].getClientRects()]
  .map((r) => ({ x: r.left, y: r.top, width: r.width, height: r.height }))"""
VIEWPORT = "() => ({ width: document.documentElement.clientWidth, height: document.documentElement.clientHeight })"


def open_card(page, pages, analyze, reply, style: str, keyboard: bool = False):
    """Type the reply's first sentence into the restyled editor and open the card on it."""
    page.goto(f"{pages}/contenteditable.html")
    editor = page.locator("#editor")
    editor.evaluate("(editor, style) => editor.style.cssText = style", style)
    editor.click()
    text = reply.body[0]
    page.keyboard.type(text)
    answer = analyze(text)
    assert wait_for_marks(editor, expected_marks(answer)) == expected_marks(answer)
    name = f"tonefall-{answer['sentences'][0]['labels'][0]}"
    boxes = page.evaluate(SENTENCE_BOXES, name)
    if keyboard:
        page.keyboard.press("Alt+Shift+K")
    else:
        page.mouse.move(boxes[0]["x"] + 10, boxes[0]["y"] + boxes[0]["height"] / 2)
    card = page.locator(CARD)
    card.wait_for(state="visible")
    return card.bounding_box(), boxes


def assert_placed_well(card: dict, boxes: list[dict], viewport: dict) -> None:
    for box in boxes:
        assert not overlaps(card, box), f"the card {card} covers its sentence at {box}"
    assert card["x"] >= 0 and card["y"] >= 0, card
    assert card["x"] + card["width"] <= viewport["width"] and card["y"] + card["height"] <= viewport["height"], card


@pytest.mark.parametrize("where", PLACES)
def test_card_beside_its_sentence_inside_the_viewport(page, pages, analyze, reply, where, artifacts):
    card, boxes = open_card(page, pages, analyze, reply, PLACES[where])
    page.screenshot(path=artifacts / f"card-at-{where}.png")
    assert_placed_well(card, boxes, page.evaluate(VIEWPORT))
    if where == "bottom":
        assert card["y"] + card["height"] <= boxes[0]["y"], "at the bottom the card opens above the sentence"


@pytest.mark.parametrize("keyboard", [False, True], ids=["hover", "keyboard"])
def test_card_in_a_small_viewport(page, pages, analyze, reply, keyboard, artifacts):
    page.set_viewport_size({"width": 360, "height": 240})
    card, boxes = open_card(page, pages, analyze, reply, "position: fixed; top: 90px; left: 0; width: 340px; min-height: 0;",
                            keyboard=keyboard)
    page.screenshot(path=artifacts / f"card-small-viewport-{'keyboard' if keyboard else 'hover'}.png")
    assert_placed_well(card, boxes, page.evaluate(VIEWPORT))
    # Too little room for the whole card on either side: it scrolls inside rather than cover the text.
    scrolls = page.locator(CARD).evaluate("(card) => card.scrollHeight > card.clientHeight")
    assert scrolls
