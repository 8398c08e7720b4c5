// Bundled by build.mjs: a real ProseMirror editor (basic schema, history, base keymap).
import { baseKeymap } from "prosemirror-commands";
import { closeHistory, history, redo, undo } from "prosemirror-history";
import { keymap } from "prosemirror-keymap";
import { schema } from "prosemirror-schema-basic";
import { EditorState } from "prosemirror-state";
import { EditorView } from "prosemirror-view";

const state = EditorState.create({
  schema,
  // A new undo group after a pause of 60 s, not 0.5 s: steps depend on the edits alone (test_undo).
  plugins: [history({ newGroupDelay: 60_000 }), keymap({ "Mod-z": undo, "Mod-Shift-z": redo }), keymap(baseKeymap)],
});
const view = new EditorView(document.getElementById("pm"), { state });
window.view = view;
window.editorValue = () => view.state.doc.textBetween(0, view.state.doc.content.size, "\n");
window.editorHtml = () => view.dom.innerHTML;
// What a pause longer than newGroupDelay does: the next edit starts a new undo group (test_apply).
window.cutHistory = () => view.dispatch(closeHistory(view.state.tr));
