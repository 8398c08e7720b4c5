// Editors in frames whose document a script makes, the ways editor libraries do it. Each test page
// (script-frame.html?how=...) calls scriptFrame(how); the editor is <body id="editor" contenteditable> in iframe#frame.
const EDITOR_HEAD = "<meta charset='utf-8'><style>body{font:15px/1.5 Verdana,sans-serif;margin:10px}</style>";
const EDITOR_DOCUMENT = `<!doctype html><html><head>${EDITOR_HEAD}</head><body id="editor" contenteditable="true"></body></html>`;
const LATER_MS = 1500; // well after the page's load, when the extension's scripts have run

function newFrame() {
  const frame = document.createElement("iframe");
  frame.id = "frame";
  document.body.append(frame);
  return frame;
}

/** Fill an about:blank frame's document through the DOM (no navigation, no load event). */
function fillBlank(frame) {
  const doc = frame.contentDocument;
  doc.head.innerHTML = EDITOR_HEAD;
  doc.body.id = "editor";
  doc.body.contentEditable = "true";
}

/** Replace the frame's document with document.open/write/close (TinyMCE's Firefox path). */
function writeDocument(frame, html = EDITOR_DOCUMENT) {
  const doc = frame.contentDocument;
  doc.open();
  doc.write(html);
  doc.close();
}

const HOW = {
  blank: () => fillBlank(newFrame()),
  srcdoc: () => (newFrame().srcdoc = EDITOR_DOCUMENT),
  // A sandboxed frame (no allow-same-origin): its origin is opaque, the page cannot reach into it.
  sandboxed: () => {
    const frame = newFrame();
    frame.sandbox = "allow-scripts";
    frame.srcdoc = EDITOR_DOCUMENT;
  },
  write: () => writeDocument(newFrame()),
  later: () => setTimeout(() => writeDocument(newFrame()), LATER_MS),
  // A plain frame at first, rewritten into the editor later (an app that swaps its editor in).
  rewritten: () => {
    const frame = newFrame();
    writeDocument(frame, "<!doctype html><html><body><p>Loading the editor…</p></body></html>");
    setTimeout(() => writeDocument(frame), LATER_MS);
  },
};

window.scriptFrame = (how) => HOW[how]();
