// Bundled by build.mjs: a real CKEditor 5 (classic editor: paragraphs, typing, undo), exposing its
// own view of the text for the tests.
import { ClassicEditor, Essentials, Paragraph } from "ckeditor5";

ClassicEditor.create(document.getElementById("ck"), { licenseKey: "GPL", plugins: [Essentials, Paragraph], toolbar: [] })
  .then((editor) => expose(editor));

function expose(editor) {
  window.ckeditor = editor;
  // Its model as text, one line per paragraph (what the agent would send).
  window.editorValue = () => [...editor.model.document.getRoot().getChildren()]
    .map((block) => [...block.getChildren()].map((node) => node.data ?? "").join("")).join("\n");
  window.editorHtml = () => editor.getData();
}
