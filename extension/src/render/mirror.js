// Underlines for <textarea>: a transparent mirror laid exactly over the field, holding the same
// text with <mark data-tonefall-label> around flagged sentences. The field itself is untouched;
// the mirror follows its scroll, size, font and zoom.
import { MarkedText } from "./marks.js";
import { markCss } from "./style.js";

const COPIED = [
  "boxSizing", "fontFamily", "fontSize", "fontWeight", "fontStyle", "fontVariant", "fontStretch",
  "lineHeight", "letterSpacing", "wordSpacing", "textIndent", "textTransform", "textAlign",
  "direction", "tabSize", "paddingTop", "paddingRight", "paddingBottom", "paddingLeft",
  "overflowWrap", "wordBreak", "whiteSpace", "fontFeatureSettings", "fontKerning",
];
const STYLE_ID = "tonefall-mirror-style";

function ensureStyle(doc) {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement("style");
  style.id = STYLE_ID;
  style.textContent = `.tonefall-mirror { position: absolute; pointer-events: none; overflow: hidden; margin: 0; border: 0; background: transparent; color: transparent; z-index: 2147483646; }\n${markCss()}`;
  (doc.head || doc.documentElement).appendChild(style);
}

export class TextareaMirror {
  constructor(field) {
    this.field = field;
    this.doc = field.ownerDocument;
    this.win = this.doc.defaultView;
    ensureStyle(this.doc);
    this.mirror = this.doc.createElement("div");
    this.mirror.className = "tonefall-mirror";
    this.mirror.setAttribute("aria-hidden", "true");
    this.marked = new MarkedText(this.mirror);
    this.doc.body.appendChild(this.mirror);
    this.drawn = [];
    this.frame = 0;
    this.sync = () => this.scheduleSync();
    this.resizeObserver = new this.win.ResizeObserver(this.sync);
    this.resizeObserver.observe(field);
    field.addEventListener("scroll", this.sync, { passive: true });
    this.win.addEventListener("scroll", this.sync, { passive: true, capture: true });
    this.win.addEventListener("resize", this.sync, { passive: true });
  }

  scheduleSync() {
    if (this.frame) return;
    this.frame = this.win.requestAnimationFrame(() => {
      this.frame = 0;
      this.place();
    });
  }

  /** Match the field's box, font and scroll position (style writes only when they changed). */
  place() {
    const { field, mirror, win } = this;
    const css = win.getComputedStyle(field);
    const font = COPIED.map((name) => css[name]).join("|");
    if (font !== this.font) {
      this.font = font;
      for (const name of COPIED) mirror.style[name] = css[name];
      mirror.style.whiteSpace = "pre-wrap";
      mirror.style.boxSizing = "border-box";
    }
    const rect = field.getBoundingClientRect();
    const origin = this.origin();
    const shown = field.isConnected && rect.width && rect.height ? 1 : 0; // removed or hidden field: no marks
    const box = [rect.left - origin.left + field.clientLeft, rect.top - origin.top + field.clientTop,
      field.clientWidth, field.clientHeight, shown].join(",");
    if (box !== this.box) {
      this.box = box;
      const [left, top, width, height, shown] = box.split(",").map(Number);
      Object.assign(mirror.style, { left: `${left}px`, top: `${top}px`, width: `${width}px`, height: `${height}px`,
        display: shown ? "block" : "none" });
    }
    mirror.scrollTop = field.scrollTop;
    mirror.scrollLeft = field.scrollLeft;
  }

  /** Viewport position of the mirror's containing block: the page, or a positioned <body>. */
  origin() {
    const { win } = this;
    const parent = this.mirror.offsetParent;
    if (!parent || win.getComputedStyle(parent).position === "static") return { left: -win.scrollX, top: -win.scrollY };
    const rect = parent.getBoundingClientRect();
    return { left: rect.left + parent.clientLeft - parent.scrollLeft, top: rect.top + parent.clientTop - parent.scrollTop };
  }

  /** Show the field's text with marks around flagged sentences (in place: see marks.js). */
  render(text, sentences) {
    this.drawn = this.marked.render(text, sentences);
    // Placing reads layout: once per frame, not in the middle of every keystroke.
    this.scheduleSync();
  }

  /** The drawn sentence under a viewport point, with the box around all its lines. */
  hit(x, y) {
    for (const { sentence, element } of this.drawn) {
      for (const rect of element.getClientRects()) {
        if (x >= rect.left && x <= rect.right && y >= rect.top - 2 && y <= rect.bottom + 4) {
          return { sentence, rect: element.getBoundingClientRect() };
        }
      }
    }
    return null;
  }

  /** The box around a sentence's text in the mirror, underlined or not. */
  rectOf(sentence) {
    return this.marked.rangeOf(sentence.start, sentence.end)?.getBoundingClientRect() || null;
  }

  destroy() {
    this.resizeObserver.disconnect();
    this.field.removeEventListener("scroll", this.sync);
    this.win.removeEventListener("scroll", this.sync, { capture: true });
    this.win.removeEventListener("resize", this.sync);
    if (this.frame) this.win.cancelAnimationFrame(this.frame);
    this.mirror.remove();
  }
}
