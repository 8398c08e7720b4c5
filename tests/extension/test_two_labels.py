"""A sentence with two labels shows both: two lines, each clearly visible, at different heights
(so they are told apart without colour), measured in screenshots; the card lists both labels."""

import io

import numpy as np
import pytest
from card_support import CARD, typed
from editor_pages import two_label_sentences
from PIL import Image

COLOURS = {"empathetic": (0x00, 0x72, 0xB2), "defensive": (0xD5, 0x5E, 0x00),
           "weak-hedged": (0xE6, 0x9F, 0x00), "officialese": (0xCC, 0x79, 0xA7)}
BELOW = 14  # px under the first line's box searched for its underlines

# The first line of the sentence's underlined box, in viewport pixels.
FIRST_LINE = """(editor) => {
  const doc = editor.ownerDocument;
  const box = editor.tagName === "TEXTAREA"
    ? doc.querySelector(".tonefall-mirror mark[data-tonefall-label]").getClientRects()[0]
    : [...doc.defaultView.CSS.highlights.get(NAME)][0].getClientRects()[0];
  return { x: box.left, y: box.top, width: box.width, height: box.height };
}"""


def ink(image: np.ndarray, colour: tuple[int, int, int]) -> np.ndarray:
    """Pixels that are the colour drawn at least half opaque over white (anti-aliased edges count)."""
    white = np.array([255.0, 255.0, 255.0])
    towards = white - np.array(colour, dtype=float)
    away = white - image.astype(float)
    alpha = away @ towards / (towards @ towards)
    off_line = np.linalg.norm(away - alpha[..., None] * towards, axis=2)  # other colours, black text
    return (alpha >= 0.5) & (off_line <= 40)


def line_rows(image: np.ndarray, colour: tuple[int, int, int]) -> tuple[np.ndarray, float]:
    """Rows where the colour draws a line (≥ 15 % of the columns), and how far across it reaches."""
    close = ink(image, colour)
    rows = np.flatnonzero(close.sum(axis=1) >= 0.15 * image.shape[1])
    columns = np.flatnonzero(close.any(axis=0))
    span = (columns.max() - columns.min() + 1) / image.shape[1] if columns.size else 0.0
    return rows, span


def underline_picture(page, editor, label: str) -> np.ndarray:
    box = editor.evaluate(FIRST_LINE.replace("NAME", repr(f"tonefall-{label}")))
    clip = {"x": box["x"], "y": box["y"], "width": box["width"], "height": box["height"] + BELOW}
    return np.asarray(Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB"))


@pytest.mark.parametrize("file", ["contenteditable.html", "textarea.html"])
def test_both_labels_are_drawn_as_separate_visible_lines(page, pages, analyze, file, artifacts):
    for sentence in two_label_sentences(analyze):
        editor = typed(page, f"{pages}/{file}", sentence["text"], analyze)
        page.wait_for_timeout(100)  # the mirror is placed on the next frame
        picture = underline_picture(page, editor, sentence["labels"][0])
        first, second = sentence["labels"]
        name = f"two-labels-{file.split('.')[0]}-{first}-{second}.png"
        Image.fromarray(picture).resize((picture.shape[1] * 2, picture.shape[0] * 2)).save(artifacts / name)
        (rows_a, span_a), (rows_b, span_b) = line_rows(picture, COLOURS[first]), line_rows(picture, COLOURS[second])
        assert rows_a.size and rows_b.size, f"{name}: a line is missing ({first}: {rows_a}, {second}: {rows_b})"
        assert span_a > 0.9 and span_b > 0.9, f"{name}: a line does not run under the whole sentence"
        # Different heights with a clear row between them: two lines, not one over the other.
        upper, lower = sorted([rows_a, rows_b], key=lambda rows: rows.min())
        assert upper.max() + 1 < lower.min(), f"{name}: the lines touch ({first}: {rows_a}, {second}: {rows_b})"


def test_card_lists_both_labels(page, pages, analyze):
    sentence = two_label_sentences(analyze)[0]
    editor = typed(page, f"{pages}/contenteditable.html", sentence["text"], analyze)
    box = editor.evaluate(FIRST_LINE.replace("NAME", repr(f"tonefall-{sentence['labels'][0]}")))
    page.mouse.move(box["x"] + 30, box["y"] + box["height"] / 2)
    card = page.locator(CARD)
    card.wait_for(state="visible")
    sections = card.locator(".section")
    assert [s.get_attribute("data-label") for s in sections.all()] == sentence["labels"]
    assert all(s.is_visible() for s in sections.all())
