// Keyboard access to the card: Alt+Shift+K opens it for the sentence at the caret.
import { offsetOf } from "../render/textmap.js";
import { selectionOf } from "./selection.js";

export const isCardShortcut = (event) => event.altKey && event.shiftKey && !event.ctrlKey && event.code === "KeyK";

/** The caret's UTF-16 offset in the text the service saw, or -1 when it is not in the editor. */
export function caretOffset(adapter) {
  if (adapter.field) return adapter.field.selectionStart;
  const selection = selectionOf(adapter.root);
  if (!selection?.rangeCount || !adapter.root.contains(selection.focusNode)) return -1;
  const { focusNode, focusOffset } = selection;
  const map = adapter.currentMap();
  if (focusNode.nodeType === Node.TEXT_NODE) return offsetOf(map, focusNode, focusOffset);
  // The caret sits between elements (an empty line, after a <br>): the next text node's start.
  const point = adapter.root.ownerDocument.createRange();
  point.setStart(focusNode, focusOffset);
  const next = map.segments.find((segment) => point.comparePoint(segment.node, 0) >= 0);
  return next ? next.start : map.text.length;
}

export const sentenceAt = (sentences, offset) =>
  offset < 0 ? undefined : sentences.find((s) => offset >= s.start && offset <= s.end);
