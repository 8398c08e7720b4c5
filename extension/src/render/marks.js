// The textarea mirror's content: the field's text with <mark data-tonefall-label> around flagged
// sentences. Updated in place: text nodes get new data, marks get new labels, slots no longer
// needed are emptied, and no node is ever removed or moved while the field is in use. Chromium
// ends the open typing group (the one Ctrl+Z undoes as a whole) whenever any node in the document
// is removed, so a mirror rebuilt per keystroke made Ctrl+Z undo one character at a time.
import { LABELS } from "../labels.js";
import { stacked } from "./style.js";

const setData = (node, data) => {
  if (node.data !== data) node.data = data;
};

/** One flagged sentence: the gap text before it, then marks nested one per label (outermost: the first line), then its text. */
class Slot {
  constructor(doc) {
    this.gap = doc.createTextNode("");
    this.marks = LABELS.map(() => doc.createElement("mark"));
    this.marks.reduce((outer, inner) => outer.appendChild(inner));
    this.text = this.marks[this.marks.length - 1].appendChild(doc.createTextNode(""));
  }

  nodes() {
    return [this.gap, this.marks[0]];
  }

  fill(gap, text, labels) {
    setData(this.gap, gap);
    setData(this.text, text);
    this.marks.forEach((mark, depth) => {
      const label = labels[depth];
      if (label === undefined) {
        if (mark.hasAttribute("data-tonefall-label")) mark.removeAttribute("data-tonefall-label");
      } else if (mark.dataset.tonefallLabel !== label) mark.dataset.tonefallLabel = label;
    });
  }

  get element() {
    return this.marks[0];
  }
}

export class MarkedText {
  constructor(container) {
    this.container = container;
    this.doc = container.ownerDocument;
    this.slots = [];
    this.tail = container.appendChild(this.doc.createTextNode(""));
  }

  /**
   * Show `text` with marks around `sentences` ({start, end, labels}, in order, not overlapping);
   * returns [{sentence, element}] for those drawn.
   */
  render(text, sentences) {
    const drawn = [];
    let position = 0;
    for (const sentence of sentences) {
      if (!sentence.labels.length || sentence.start < position || sentence.end > text.length) continue;
      const slot = this.slot(drawn.length);
      slot.fill(text.slice(position, sentence.start), text.slice(sentence.start, sentence.end), stacked(sentence.labels));
      drawn.push({ sentence, element: slot.element });
      position = sentence.end;
    }
    for (let index = drawn.length; index < this.slots.length; index++) this.slots[index].fill("", "", []);
    // A trailing newline needs a character after it, or the mirror is one line short.
    setData(this.tail, `${text.slice(position)}\u200b`);
    return drawn;
  }

  /** A Range over `start`..`end` of the text last rendered (its text nodes hold it in order). */
  rangeOf(start, end) {
    const range = this.doc.createRange();
    const walker = this.doc.createTreeWalker(this.container, NodeFilter.SHOW_TEXT);
    let position = 0;
    let started = false;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const next = position + node.data.length;
      if (!started && start < next) {
        range.setStart(node, start - position);
        started = true;
      }
      if (started && end <= next) {
        range.setEnd(node, end - position);
        return range;
      }
      position = next;
    }
    return null;
  }

  slot(index) {
    while (this.slots.length <= index) {
      const slot = new Slot(this.doc);
      for (const node of slot.nodes()) this.container.insertBefore(node, this.tail);
      this.slots.push(slot);
    }
    return this.slots[index];
  }
}
