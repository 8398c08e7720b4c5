// One colour and one line style per label: calm for the good label, warm for problems, and a
// distinct line style each so the underlines are told apart without colour vision.
import { LABELS } from "../labels.js";

export const LABEL_STYLE = Object.freeze({
  empathetic: { color: "#0072B2", line: "solid", offset: "3px" },
  defensive: { color: "#D55E00", line: "wavy", offset: "3px" },
  "weak-hedged": { color: "#E69F00", line: "dashed", offset: "5px" },
  officialese: { color: "#CC79A7", line: "dotted", offset: "7px" },
});

for (const label of LABELS) {
  if (!LABEL_STYLE[label]) throw new Error(`no style for label ${label}`);
}

export const highlightName = (label) => `tonefall-${label}`;

const decoration = ({ color, line, offset }) =>
  `text-decoration: underline ${line} ${color} 2px; text-underline-offset: ${offset}; text-decoration-skip-ink: none;`;

/** ::highlight() rules for contenteditable editors. */
export function highlightCss() {
  return LABELS.map((label) => `::highlight(${highlightName(label)}) { ${decoration(LABEL_STYLE[label])} }`).join("\n");
}

/** Rules for the textarea mirror's marks. */
export function markCss() {
  const marks = LABELS.map((label) => `mark[data-tonefall-label="${label}"] { ${decoration(LABEL_STYLE[label])} }`);
  // Marks of unused slots and depths (render/marks.js) draw nothing.
  return [".tonefall-mirror mark { background: transparent; color: transparent; }", ...marks].join("\n");
}

/** A short sample of a label's underline (popup legend, card header): the same decoration. */
export function swatch(doc, label) {
  const sample = doc.createElement("span");
  sample.className = "swatch";
  sample.textContent = "\u2003\u2003";
  sample.style.cssText = `${decoration(LABEL_STYLE[label])} white-space: pre;`;
  return sample;
}
