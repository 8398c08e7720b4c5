// Flattens an editor's DOM into the plain text the service sees, and maps UTF-16 offsets in
// that text back to DOM positions. Block boundaries and <br> become "\n" so the service's
// line-based segmentation (greetings, sign-offs, list items) works on rich editors too.
// Text map: what the service is sent, plus where each DOM text node starts in it.

const BLOCK_TAGS = new Set([
  "ADDRESS", "ARTICLE", "ASIDE", "BLOCKQUOTE", "DD", "DIV", "DL", "DT", "FIGCAPTION", "FIGURE",
  "FOOTER", "FORM", "H1", "H2", "H3", "H4", "H5", "H6", "HEADER", "HR", "LI", "MAIN", "NAV",
  "OL", "P", "PRE", "SECTION", "TABLE", "TR", "UL",
]);
const SKIP_TAGS = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT"]);
// The customer's quoted message (a reply's <blockquote>) is not the agent's writing: it is left
// out of the text, as the service leaves out "> " lines of plain text.
const QUOTE_TAGS = new Set(["BLOCKQUOTE"]);

/** @returns {{text: string, segments: {node: Text, start: number}[]}} */
export function buildTextMap(root) {
  const segments = [];
  let text = "";
  const newline = () => {
    if (text.length && !text.endsWith("\n")) text += "\n";
  };
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      if (node.data.length) {
        segments.push({ node, start: text.length });
        text += node.data;
      }
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE || SKIP_TAGS.has(node.tagName)) return;
    if (node.tagName === "BR") {
      text += "\n";
      return;
    }
    if (QUOTE_TAGS.has(node.tagName)) return newline();
    const block = BLOCK_TAGS.has(node.tagName);
    if (block) newline();
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child);
    if (block) newline();
  };
  for (let child = root.firstChild; child; child = child.nextSibling) walk(child);
  return { text, segments };
}

/** DOM position {node, offset} for a UTF-16 offset into the map's text. */
export function positionAt(map, offset, preferNext = false) {
  const { segments } = map;
  if (!segments.length) return null;
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  let seg = segments[lo];
  if (offset < seg.start) return { node: seg.node, offset: 0 };
  const end = seg.start + seg.node.data.length;
  if (offset > end || (preferNext && offset === end)) {
    const next = segments[lo + 1];
    if (next && (preferNext || offset >= next.start)) return { node: next.node, offset: 0 };
    return { node: seg.node, offset: seg.node.data.length };
  }
  return { node: seg.node, offset: offset - seg.start };
}

/** A DOM Range over [start, end) of the map's text, or null when the text is gone. */
export function rangeFor(map, start, end) {
  const from = positionAt(map, start, true);
  const to = positionAt(map, end, false);
  if (!from || !to) return null;
  const range = from.node.ownerDocument.createRange();
  try {
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
  } catch {
    return null;
  }
  return range.collapsed ? null : range;
}

/** UTF-16 offset in the map's text of a DOM point, or -1 when it is outside the mapped text. */
export function offsetOf(map, node, offset) {
  for (const seg of map.segments) {
    if (seg.node === node) return seg.start + Math.min(offset, node.data.length);
  }
  return -1;
}
