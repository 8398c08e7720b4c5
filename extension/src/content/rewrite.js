// "Apply" for a suggestion: replaces only its span, through the editor's own input path, so the
// editor's model stays consistent and one Ctrl+Z takes it back. The span is selected; a rich
// editor first gets the beforeinput event typing would give it (CKEditor 5 makes the edit in its
// model and cancels the event); when no editor takes it, the browser's own insertText command
// edits the DOM, with the input events Quill and ProseMirror read. Runs only on the agent's click.
import { rangeFor } from "../render/textmap.js";
import { selectionOf } from "./selection.js";

/**
 * Replace [suggestion.start, suggestion.end) of the editor's text when it still reads `original`
 * (the agent may have typed since the answer came); then select the template's blank, if any.
 * @returns whether the text was replaced
 */
export async function applySuggestion(adapter, suggestion, original) {
  const { start, end, replacement } = suggestion;
  const unchanged = () => adapter.text().slice(start, end) === original;
  if (replacement === null || replacement === undefined || !unchanged()) return false;
  if (!selectSpan(adapter, start, end)) return false;
  // Editors that keep their own model of the selection (CKEditor 5) take the new one from the
  // browser's selectionchange event, a task later: insert once they have it.
  await nextTask();
  if (!unchanged() || !selectSpan(adapter, start, end)) return false;
  if (!editorHandled(adapter, start, end, replacement) && !browserEdit(adapter.document, replacement)) return false;
  if (suggestion.blank) selectSpan(adapter, start + suggestion.blank.start, start + suggestion.blank.end);
  return true;
}

/** Offer the edit to the editor as a beforeinput event; true when it made the edit itself (cancelled the event). */
function editorHandled(adapter, start, end, replacement) {
  if (adapter.field) return false; // a textarea has no model of its own: the browser's edit is its edit
  const range = rangeFor(adapter.currentMap(), start, end);
  if (!range) return false;
  const event = new InputEvent("beforeinput", {
    inputType: replacement ? "insertText" : "deleteContentBackward", data: replacement || null,
    bubbles: true, cancelable: true, composed: true, targetRanges: [new StaticRange(range)],
  });
  adapter.root.dispatchEvent(event);
  return event.defaultPrevented;
}

/** The browser's edit of the selection (an empty insertText is not an edit everywhere: delete is the same). */
function browserEdit(doc, replacement) {
  return replacement ? doc.execCommand("insertText", false, replacement) : doc.execCommand("delete", false);
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

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
