// Underlines in contenteditable editors through the CSS Custom Highlight API: the editor's DOM
// is never touched, so no markup can leak into the sent message and undo/caret stay intact.
import { LABELS } from "../labels.js";
import { highlightCss, highlightName, LINE_COUNT, lineHighlightName, linePosition, stacked } from "./style.js";
import { rangeFor } from "./textmap.js";

const STYLE_ID = "tonefall-highlight-style";
const ALL_NAMES = LABELS.flatMap((label) => [
  highlightName(label), ...Array.from({ length: LINE_COUNT }, (_, position) => lineHighlightName(label, position))]);

export function supportsCustomHighlights(win) {
  return Boolean(win.CSS && win.CSS.highlights && typeof win.Highlight === "function");
}

/** Inject the ::highlight rules once into the tree (document or shadow root) holding the editor. */
function ensureStyle(editor) {
  const root = editor.getRootNode();
  const doc = editor.ownerDocument;
  const host = root instanceof doc.defaultView.ShadowRoot ? root : doc.head || doc.documentElement;
  if (host.querySelector?.(`#${STYLE_ID}`) || (host === root && root.getElementById?.(STYLE_ID))) return;
  const style = doc.createElement("style");
  style.id = STYLE_ID;
  style.textContent = highlightCss();
  host.appendChild(style);
}

/** Per-document registry: ranges per editor, merged into one Highlight per label. */
export class HighlightLayer {
  constructor(doc) {
    this.doc = doc;
    this.win = doc.defaultView;
    this.byEditor = new Map();
  }

  /** Draw `sentences` ({start, end, labels}) of `map` for `editor`; returns the ranges drawn. */
  render(editor, map, sentences) {
    ensureStyle(editor);
    const drawn = [];
    for (const sentence of sentences) {
      if (!sentence.labels.length) continue;
      const range = rangeFor(map, sentence.start, sentence.end);
      if (range) drawn.push({ sentence, range });
    }
    this.byEditor.set(editor, drawn);
    this.flush();
    return drawn;
  }

  clear(editor) {
    this.byEditor.delete(editor);
    this.flush();
  }

  /** Re-register every highlight: per label (all its ranges) and per label and line position (paints). */
  flush() {
    const byName = new Map();
    const add = (name, range) => (byName.get(name) || byName.set(name, []).get(name)).push(range);
    for (const drawn of this.byEditor.values()) {
      for (const { sentence, range } of drawn) {
        stacked(sentence.labels).forEach((label, index) => {
          add(highlightName(label), range);
          add(lineHighlightName(label, linePosition(index)), range);
        });
      }
    }
    const registry = this.win.CSS.highlights;
    for (const name of ALL_NAMES) {
      const ranges = byName.get(name);
      if (ranges) registry.set(name, new this.win.Highlight(...ranges));
      else registry.delete(name);
    }
  }

  rangeOf(editor, sentence) {
    return (this.byEditor.get(editor) || []).find((item) => item.sentence === sentence)?.range || null;
  }

  /** The drawn sentence under a viewport point, for the hover card. */
  hit(editor, x, y) {
    for (const item of this.byEditor.get(editor) || []) {
      for (const rect of item.range.getClientRects()) {
        if (x >= rect.left && x <= rect.right && y >= rect.top - 2 && y <= rect.bottom + 4) return item;
      }
    }
    return null;
  }
}
