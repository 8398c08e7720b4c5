"""What the card tests share: typing a reply and waiting for its underlines, pointing at an
underline, and reading what the service's feedback store holds."""

import json
import sqlite3
import time

from editor_pages import expected_marks, wait_for_marks
from extension_env import EXTENSION_DIR

CARD = "tonefall-card .card"

# The middle-left of the index-th range of a highlight, in viewport pixels.
RECT_OF = """([name, index]) => {
  const range = [...CSS.highlights.get(name)][index];
  const rect = range.getClientRects()[0];
  return { x: rect.left + Math.min(rect.width / 2, 40), y: rect.top + rect.height / 2 };
}"""


def typed(page, url: str, text: str, analyze, selector: str = "#editor"):
    """The editor at `url` with `text` typed and the service's underlines drawn."""
    page.goto(url)
    editor = page.locator(selector)
    editor.click()
    page.keyboard.type(text)
    expected = expected_marks(analyze(text))
    assert wait_for_marks(editor, expected) == expected
    return editor


def hover(page, label: str, index: int = 0) -> None:
    point = page.evaluate(RECT_OF, [f"tonefall-{label}", index])
    page.mouse.move(point["x"], point["y"])
    page.locator(CARD).wait_for(state="visible")


def first_with(answer: dict, label: str) -> dict:
    return next(s for s in answer["sentences"] if label in s["labels"])


def without(answer: dict, sentence: dict) -> dict:
    return expected_marks({"sentences": [s for s in answer["sentences"] if s["text"] != sentence["text"]]})


def last_feedback_id(db) -> int:
    """The newest stored feedback id (0 for none): tests read only what came after it."""
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT COALESCE(MAX(id), 0) FROM feedback").fetchone()[0]


def feedback_rows(db, text: str, after: int, want: int = 1, timeout: float = 10.0) -> list[dict]:
    """Feedback stored for a sentence since id `after`, polled until there are `want` rows (or the time is up)."""
    deadline = time.monotonic() + timeout
    while True:
        with sqlite3.connect(db) as connection:
            connection.row_factory = sqlite3.Row
            rows = [dict(row) for row in connection.execute(
                "SELECT * FROM feedback WHERE sentence = ? AND id > ? ORDER BY id", (text, after))]
        if len(rows) == want or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


_ENGLISH = json.loads((EXTENSION_DIR / "src" / "_locales" / "en" / "messages.json").read_text(encoding="utf-8"))


def label_name(label: str) -> str:
    """A label's name as the (English) card shows it."""
    return _ENGLISH[f"label_{label.replace('-', '_')}"]["message"]


def overlaps(a: dict, b: dict) -> bool:
    """Whether two {x, y, width, height} boxes share any area."""
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


# The line boxes of a text in the editor: over the mirror's copy for textareas, the editor's DOM otherwise.
_SENTENCE_RECTS = """(editor, text) => {
  const doc = editor.ownerDocument;
  const root = editor.tagName === "TEXTAREA" ? doc.querySelector(".tonefall-mirror") : editor;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let all = "";
  const nodes = [];
  for (let t = walker.nextNode(); t; t = walker.nextNode()) { nodes.push([t, all.length]); all += t.data; }
  const start = all.indexOf(text), end = start + text.length;
  const range = doc.createRange();
  for (const [t, at] of nodes) {
    if (start >= at && start < at + t.data.length) range.setStart(t, start - at);
    if (end > at && end <= at + t.data.length) range.setEnd(t, end - at);
  }
  return [...range.getClientRects()].filter((r) => r.width > 0)
    .map((r) => ({ x: r.left, y: r.top, width: r.width, height: r.height }));
}"""


def sentence_rects(editor, text: str) -> list[dict]:
    rects = editor.evaluate(_SENTENCE_RECTS, text)
    assert rects, f"no boxes for {text!r}"
    return rects
