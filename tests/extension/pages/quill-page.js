// Bundled by build.mjs: a real Quill editor, exposing its own view of the text for the tests.
import Quill from "quill";

// Quill groups undo steps by wall time (1 s windows); a window longer than the tests' typing makes
// the steps depend on the edits alone, so test_undo can compare them with a control run.
const quill = new Quill("#quill", { theme: "snow", modules: { history: { delay: 60_000 } } });
window.quill = quill;
window.editorValue = () => quill.getText().replace(/\n$/, ""); // Quill always ends with "\n"
window.editorHtml = () => quill.root.innerHTML;
