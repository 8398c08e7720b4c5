// A real TinyMCE editor with its defaults (it turns the browser's spellchecker off, like most
// deployments), exposing its own view of the text to the tests in the editor's frame.
/* global tinymce */
tinymce.init({
  selector: "#tiny",
  license_key: "gpl",
  base_url: "tinymce",
  suffix: ".min",
  menubar: false,
  promotion: false,
  width: 660,
  height: 320,
  setup: (editor) => editor.on("init", () => {
    const win = editor.getWin();
    // One line per block, as the agent reads it (TinyMCE's text format puts blank lines between paragraphs).
    win.editorValue = () => [...editor.getBody().children].map((block) => block.textContent).join("\n");
    win.editorHtml = () => editor.getContent();
    window.tinymceReady = true;
  }),
});
