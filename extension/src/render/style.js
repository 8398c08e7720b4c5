// One colour and one line style per label: calm for the good label, warm for problems, and a
// distinct line style each so the underlines are told apart without colour vision. A sentence
// with two labels gets two lines, one below the other (a third label draws over the text), so
// neither hides the other.
import { LABELS } from "../labels.js";

export const LABEL_STYLE = Object.freeze({
  empathetic: { color: "#0072B2", line: "solid" },
  defensive: { color: "#D55E00", line: "wavy" },
  "weak-hedged": { color: "#E69F00", line: "dashed" },
  officialese: { color: "#CC79A7", line: "dotted" },
});

// Where the n-th line of a sentence goes. The first sits right under the text (a wave, which
// needs the most height, starts at the baseline); the second far enough below that a wave above
// it leaves a clear gap, no lower than the single underlines went before (7 px).
const LINES = Object.freeze([
  { decoration: "underline", offset: "1px", thickness: "2px", waveOffset: "0px", wave: "1.5px" },
  { decoration: "underline", offset: "7px", thickness: "1.5px", waveOffset: "7px", wave: "1.5px" },
  { decoration: "overline", offset: "auto", thickness: "1.5px", waveOffset: "auto", wave: "1.5px" },
]);

// Stacking order within a sentence: the wave needs the most height, so it goes next to the text.
const STACK = ["defensive", "empathetic", "weak-hedged", "officialese"];

for (const label of LABELS) {
  if (!LABEL_STYLE[label] || !STACK.includes(label)) throw new Error(`no style for label ${label}`);
}

export const LINE_COUNT = LINES.length;

/** A sentence's labels in the order their lines are stacked (first = next to the text). */
export const stacked = (labels) => [...labels].sort((a, b) => STACK.indexOf(a) - STACK.indexOf(b));

/** Line position (0-based) of the i-th stacked label; labels past the last position share it. */
export const linePosition = (index) => Math.min(index, LINES.length - 1);

/** The contract's highlight per label (every range with that label; tests and tools read these). */
export const highlightName = (label) => `tonefall-${label}`;

/** The highlight that paints `label` as a sentence's line number `position` (0-based). */
export const lineHighlightName = (label, position) => `tonefall-line${position + 1}-${label}`;

function decoration({ color, line }, place = LINES[0]) {
  const [thickness, offset] = line === "wavy" ? [place.wave, place.waveOffset] : [place.thickness, place.offset];
  return `text-decoration: ${place.decoration} ${line} ${color} ${thickness}; text-underline-offset: ${offset};` +
    " text-decoration-skip-ink: none;";
}

/** ::highlight() rules for contenteditable editors: the line highlights paint, the label ones only hold ranges. */
export function highlightCss() {
  return LABELS.flatMap((label) =>
    LINES.map((place, position) => `::highlight(${lineHighlightName(label, position)}) { ${decoration(LABEL_STYLE[label], place)} }`),
  ).join("\n");
}

/** Rules for the textarea mirror's marks, nested one per label (render/marks.js): depth picks the line. */
export function markCss() {
  const depth = ["> mark", "> mark > mark", "> mark > mark mark"]; // the last: depth 3 and deeper
  const marks = LABELS.flatMap((label) =>
    LINES.map((place, position) =>
      `.tonefall-mirror ${depth[position]}[data-tonefall-label="${label}"] { ${decoration(LABEL_STYLE[label], place)} }`),
  );
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
