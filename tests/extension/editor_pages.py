"""The editor test pages and how to read, in the page, what Tonefall drew over each editor."""

import time
from dataclasses import dataclass

from tonefall.labels import LABELS

GREETING = "Hi Anna,"
SIGN_OFF = "Best regards, Tom"
ADDED = "I will send the refund today."
# Clear examples per label (most from the annotation guide). The test reply takes, per label,
# the first one the service really labels so, so the tests hold for the shipped model and the
# tests' small model alike; they then compare the page with the service's answer.
CANDIDATES = {
    "empathetic": ["I'm really sorry you had to wait so long for your refund, I understand how frustrating that is.",
                   "I'm really sorry you had to chase us for this, that shouldn't have happened.",
                   "I completely understand how upsetting this must be for you."],
    "defensive": ["But as we already explained, the terms clearly say that returns take 14 days.",
                  "As we already explained in our previous email, this is not covered.",
                  "You should have read the terms before you ordered."],
    "weak-hedged": ["Maybe I can try to speed it up, but I'm not sure it will work.",
                    "Hopefully this might fix the issue, but I'm not entirely sure.",
                    "I think maybe it could perhaps help to restart the app."],
    "officialese": ["Regarding your case, we apologise for any inconvenience this may have caused.",
                    "Please be advised that your request has been duly noted and will be processed accordingly.",
                    "We apologise for any inconvenience this may have caused."],
}
# Sentences the shipped model gives two labels, and some it gives none (tests use those the running model does).
TWO_LABEL_CANDIDATES = [
    "I'm sorry you're upset, but you should have read the terms before you ordered.",
    "Unfortunately, as stated in our terms, we cannot be held responsible for any inconvenience caused.",
    "Please be advised that we will hopefully try to process your request soon.",
    "I'm really sorry about this, I'll try to see if maybe we can do something.",
    "I'm so sorry for the trouble, and we apologise for any inconvenience this may have caused.",
]
NEUTRAL_CANDIDATES = ["I will send the refund today.", "Your order number is 12345.", "You will get the new card by Friday."]
SWEDISH_EMPATHETIC = ["Jag förstår verkligen att det här har varit frustrerande för dig.",
                      "Jag förstår att det här har varit jobbigt, och jag är ledsen för det."]


@dataclass(frozen=True)
class Reply:
    """A reply holding every label; the edit deletes its last sentence and sign-off, adds ADDED."""

    body: list[str]  # one sentence per label, officialese last

    @property
    def text(self) -> str:
        return f"{GREETING}\n{' '.join(self.body)}\n{SIGN_OFF}"

    @property
    def deleted(self) -> str:
        return f"{self.body[-1]}\n{SIGN_OFF}"

    @property
    def edited(self) -> str:
        return f"{GREETING}\n{' '.join(self.body[:-1])} {ADDED}"


def first_labelled(analyze, label: str, candidates: list[str]) -> str:
    for sentence in candidates:
        if any(label in s["labels"] for s in analyze(sentence)["sentences"]):
            return sentence
    raise AssertionError(f"the service labels none of these {label}: {candidates}")


def two_label_sentences(analyze) -> list[dict]:
    """The service's answer for each candidate it gives two labels, one per pair of labels."""
    found = {}
    for text in TWO_LABEL_CANDIDATES:
        sentence = analyze(text)["sentences"][0]
        if len(sentence["labels"]) == 2:
            found.setdefault(tuple(sentence["labels"]), sentence)
    assert found, "the running model gives none of the candidates two labels"
    return list(found.values())


def neutral_sentence(analyze) -> str:
    for text in NEUTRAL_CANDIDATES:
        if not analyze(text)["sentences"][0]["labels"]:
            return text
    raise AssertionError(f"the service labels all of these: {NEUTRAL_CANDIDATES}")


def compose_reply(analyze) -> Reply:
    return Reply([first_labelled(analyze, label, CANDIDATES[label]) for label in LABELS])


@dataclass(frozen=True)
class EditorPage:
    name: str
    file: str
    selector: str
    frame: str | None = None  # iframe selector when the editor lives in one
    start: str | None = None  # where to click to start typing, when not the editor's middle

    def editor(self, page):
        return self.scope(page).locator(self.selector).first

    def click_to_type(self, page) -> None:
        self.scope(page).locator(self.start or self.selector).first.click()

    def scope(self, page):
        return page.frame_locator(self.frame) if self.frame else page


EDITOR_PAGES = [
    EditorPage("textarea", "textarea.html", "#editor"),
    EditorPage("contenteditable", "contenteditable.html", "#editor"),
    EditorPage("gmail", "gmail.html", "#editor", start="#first-line"),  # above the quoted message
    EditorPage("iframe", "iframe.html", "#editor", frame="#frame"),
    EditorPage("shadow-root", "shadow.html", "#editor"),  # Playwright's CSS pierces open shadow roots
    EditorPage("quill", "quill.html", ".ql-editor"),
    EditorPage("prosemirror", "prosemirror.html", ".ProseMirror"),
    EditorPage("tinymce", "tinymce.html", "#tinymce", frame="#tiny_ifr"),
]
# Editors in frames a script makes or rewrites (pages/script-frames.js), one page per way.
SCRIPT_FRAME_PAGES = [
    EditorPage(f"frame-{how}", f"script-frame.html?how={how}", "#editor", frame="#frame")
    for how in ("blank", "srcdoc", "sandboxed", "write", "later", "rewritten")
]
EDITOR_PAGES += SCRIPT_FRAME_PAGES

# Runs in the editor's own frame: {highlight name: [text of each range]}, from CSS.highlights for
# rich editors (the contract's tonefall-<label> ones; the tonefall-line<n>-<label> ones only paint
# them) and from the mirror's <mark data-tonefall-label> for textareas.
READ_MARKS = """(editor) => {
  const doc = editor.ownerDocument, marks = {};
  if (editor.tagName === "TEXTAREA") {
    for (const mark of doc.querySelectorAll(".tonefall-mirror mark[data-tonefall-label]"))
      (marks["tonefall-" + mark.dataset.tonefallLabel] ||= []).push(mark.textContent);
  } else {
    for (const [name, highlight] of doc.defaultView.CSS.highlights)
      if (!name.startsWith("tonefall-line")) marks[name] = [...highlight].map((range) => range.toString());
  }
  return marks;
}"""

READ_VALUE = """(editor) => {
  const win = editor.ownerDocument.defaultView;
  if (win.editorValue) return { value: win.editorValue(), html: win.editorHtml() };
  return { value: editor.innerText.replace(/\\n$/, ""), html: editor.innerHTML };
}"""

# The caret as a path of child indexes from the editor to its node, plus the offset there, and
# the page's and the field's scroll positions (no page jumps either).
READ_CARET = """(editor) => {
  const win = editor.ownerDocument.defaultView, scroll = [win.scrollX, win.scrollY, editor.scrollTop];
  if (editor.tagName === "TEXTAREA") return { scroll, start: editor.selectionStart, end: editor.selectionEnd, before: editor.value.slice(0, editor.selectionEnd) };
  const root = editor.getRootNode();
  const selection = root.getSelection ? root.getSelection() : editor.ownerDocument.getSelection();
  const path = [];
  for (let node = selection.focusNode; node && node !== editor; node = node.parentNode)
    path.unshift([...node.parentNode.childNodes].indexOf(node));
  const before = editor.ownerDocument.createRange();
  before.selectNodeContents(editor);
  before.setEnd(selection.focusNode, selection.focusOffset);
  // Text before the caret (Range text has no line breaks between blocks).
  return { scroll, path, offset: selection.focusOffset, collapsed: selection.isCollapsed, before: before.toString() };
}"""


def expected_marks(answer: dict) -> dict[str, list[str]]:
    """{tonefall-<label>: sorted sentence texts} as the service labelled them."""
    marks: dict[str, list[str]] = {}
    for sentence in answer["sentences"]:
        for label in sentence["labels"]:
            marks.setdefault(f"tonefall-{label}", []).append(sentence["text"])
    return {name: sorted(texts) for name, texts in marks.items()}


def drawn_marks(editor) -> dict[str, list[str]]:
    return {name: sorted(texts) for name, texts in editor.evaluate(READ_MARKS).items() if texts}


def wait_for_marks(editor, expected: dict[str, list[str]], timeout: float = 20.0) -> dict[str, list[str]]:
    """Poll until the drawn marks equal `expected` (or time out and return the last seen)."""
    deadline = time.monotonic() + timeout
    while True:
        drawn = drawn_marks(editor)
        if drawn == expected or time.monotonic() > deadline:
            return drawn
        time.sleep(0.1)


def labels_in(answer: dict) -> set[str]:
    return {label for sentence in answer["sentences"] for label in sentence["labels"]}
