// "Apply" for a suggestion: replaces only its span, through the editor's own input path (the
// span is selected, then the browser's insertText command runs, which fires the beforeinput and
// input events editors such as Quill and ProseMirror handle), so the editor's model stays
// consistent and one Ctrl+Z takes it back. Runs only from the agent's click on Apply.
import { rangeFor } from "../render/textmap.js";
import { selectionOf } from "./selection.js";

/**
 * Replace [suggestion.start, suggestion.end) of the editor's text when it still reads `original`
 * (the agent may have typed since the answer came); then select the template's blank, if any.
 * @returns whether the text was replaced
 */
export function applySuggestion(adapter, suggestion, original) {
  const { start, end, replacement } = suggestion;
  if (replacement === null || replacement === undefined || adapter.text().slice(start, end) !== original) return false;
  if (!selectSpan(adapter, start, end)) return false;
  const doc = adapter.document;
  // An empty insertText is not an edit in every browser; deleting the selection is the same edit.
  const done = replacement ? doc.execCommand("insertText", false, replacement) : doc.execCommand("delete", false);
  if (!done) return false;
  if (suggestion.blank) selectSpan(adapter, start + suggestion.blank.start, start + suggestion.blank.end);
  return true;
}

/** Focus the editor with [start, end) of its text selected. */
function selectSpan(adapter, start, end) {
  const field = adapter.field;
  if (field) {
    field.focus({ preventScroll: true });
    field.setSelectionRange(start, end);
    return true;
  }
  adapter.text(); // a fresh map: the DOM may have changed since the underlines were drawn
  const range = rangeFor(adapter.currentMap(), start, end);
  if (!range) return false;
  adapter.root.focus({ preventScroll: true });
  const selection = selectionOf(adapter.root);
  selection.removeAllRanges();
  selection.addRange(range);
  return true;
}
