// Bundled by build.mjs: a real Quill editor, exposing its own view of the text for the tests.
import Quill from "quill";

const quill = new Quill("#quill", { theme: "snow" });
window.quill = quill;
window.editorValue = () => quill.getText().replace(/\n$/, ""); // Quill always ends with "\n"
window.editorHtml = () => quill.root.innerHTML;
