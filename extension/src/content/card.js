// The hover / keyboard card: label, why (with the cue words), a tip, confidence, and two actions.
// Lives in its own shadow root so page styles cannot break it and it cannot break the page.
import { swatch } from "../render/style.js";
import { labelName, t } from "../ui/i18n.js";

const CARD_CSS = `
  :host { all: initial; }
  .card { position: fixed; z-index: 2147483647; max-width: 340px; font: 13px/1.4 system-ui, sans-serif;
    color: #1d1d1f; background: #fff; border: 1px solid #c8c8cc; border-radius: 8px; padding: 10px 12px;
    box-shadow: 0 4px 16px rgba(0,0,0,.18); }
  .label { font-weight: 600; display: flex; gap: 6px; align-items: center; }
  .why, .tip { margin: 6px 0 0; }
  .cue { font-weight: 600; }
  .confidence { color: #555; font-size: 12px; margin-top: 6px; }
  .actions { display: flex; gap: 8px; margin-top: 8px; }
  button { font: inherit; padding: 3px 10px; border-radius: 5px; border: 1px solid #999; background: #f4f4f6; cursor: pointer; }
  button:focus-visible { outline: 2px solid #0072B2; outline-offset: 1px; }
`;

export class Card {
  /** @param adviceFor (lang, label) => {why, tip} in the reply's language, or null */
  constructor(doc, { onDismiss, onWrongLabel, adviceFor }) {
    this.doc = doc;
    this.onDismiss = onDismiss;
    this.onWrongLabel = onWrongLabel;
    this.adviceFor = adviceFor;
    this.host = null;
    this.current = null;
  }

  ensureHost() {
    if (this.host?.isConnected) return;
    this.host = this.doc.createElement("tonefall-card");
    this.root = this.host.attachShadow({ mode: "open" });
    const style = this.doc.createElement("style");
    style.textContent = CARD_CSS;
    this.box = this.doc.createElement("div");
    this.box.className = "card";
    this.box.setAttribute("role", "dialog");
    this.box.setAttribute("aria-label", "Tonefall");
    this.box.hidden = true;
    this.root.append(style, this.box);
    this.doc.documentElement.appendChild(this.host);
    this.box.addEventListener("mouseleave", () => this.hideSoon());
    this.box.addEventListener("mouseenter", () => clearTimeout(this.hideTimer));
    this.box.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.hide(true);
    });
    this.box.addEventListener("focusout", (event) => {
      if (!this.box.contains(event.relatedTarget)) this.hide();
    });
  }

  /** Show the card for `sentence` (from `checker`) next to `rect` (viewport coordinates). */
  show(checker, sentence, rect, { focus = false } = {}) {
    this.ensureHost();
    clearTimeout(this.hideTimer);
    // Keyboard use moves focus into the card: remember the caret to put it back exactly.
    this.current = { checker, sentence, caret: focus ? saveCaret(checker) : null };
    this.box.replaceChildren(...sentence.labels.map((label) => this.section(checker, sentence, label)), this.actions(checker, sentence));
    this.box.hidden = false;
    const top = rect.bottom + 6 + 160 < this.doc.defaultView.innerHeight ? rect.bottom + 6 : Math.max(4, rect.top - 166);
    this.box.style.left = `${Math.max(4, Math.min(rect.left, this.doc.defaultView.innerWidth - 350))}px`;
    this.box.style.top = `${top}px`;
    if (focus) this.box.querySelector("button")?.focus();
  }

  section(checker, sentence, label) {
    const { doc } = this;
    const part = doc.createElement("div");
    const head = doc.createElement("div");
    head.className = "label";
    head.append(swatch(doc, label), labelName(label));
    const advice = this.adviceFor(checker.lang, label) || { why: "", tip: "" };
    const why = doc.createElement("p");
    why.className = "why";
    why.append(advice.why);
    const cues = (sentence.cues || []).map((cue) => checker.text.slice(cue.start, cue.end)).filter(Boolean);
    if (cues.length) {
      why.append(" ");
      cues.forEach((cue, index) => {
        const b = doc.createElement("span");
        b.className = "cue";
        b.textContent = `“${cue}”`;
        why.append(index ? ", " : "", b);
      });
    }
    const tip = doc.createElement("p");
    tip.className = "tip";
    tip.textContent = advice.tip;
    const confidence = doc.createElement("div");
    confidence.className = "confidence";
    const score = sentence.scores?.[label];
    confidence.textContent = score === undefined ? "" : `${t("confidence", "Confidence")}: ${Math.round(score * 100)}%`;
    part.className = "section";
    part.dataset.label = label;
    part.append(head, why, tip, confidence);
    return part;
  }

  actions(checker, sentence) {
    const row = this.doc.createElement("div");
    row.className = "actions";
    const dismiss = this.doc.createElement("button");
    dismiss.textContent = t("dismiss", "Dismiss");
    dismiss.addEventListener("click", () => {
      this.onDismiss(checker, sentence);
      this.hide(true);
    });
    const wrong = this.doc.createElement("button");
    wrong.textContent = t("wrong_label", "Wrong label");
    wrong.addEventListener("click", () => {
      this.onWrongLabel(checker, sentence);
      this.hide(true);
    });
    row.append(dismiss, wrong);
    return row;
  }

  hideSoon() {
    if (this.current?.caret) return; // opened from the keyboard: stays until Escape, a button or focus leaves
    clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => this.hide(), 250);
  }

  hide(returnFocus = false) {
    if (!this.box || this.box.hidden) return;
    this.box.hidden = true;
    const current = this.current;
    this.current = null;
    if (returnFocus && current?.caret) restoreCaret(current.checker, current.caret);
  }

  holds(event) {
    return Boolean(this.host) && event.composedPath().includes(this.host);
  }

  get visible() {
    return Boolean(this.box && !this.box.hidden);
  }
}

function saveCaret(checker) {
  const field = checker.adapter.field;
  if (field) return { start: field.selectionStart, end: field.selectionEnd, direction: field.selectionDirection };
  const selection = selectionOf(checker.adapter.root);
  return selection?.rangeCount ? { range: selection.getRangeAt(0).cloneRange() } : null;
}

/** Focus the editor again with the caret where it was (focus() alone may jump to the start). */
function restoreCaret(checker, caret) {
  const field = checker.adapter.field;
  if (field) {
    field.focus({ preventScroll: true });
    field.setSelectionRange(caret.start, caret.end, caret.direction);
    return;
  }
  checker.adapter.root.focus({ preventScroll: true });
  const selection = selectionOf(checker.adapter.root);
  selection?.removeAllRanges();
  selection?.addRange(caret.range);
}

/** The selection object that sees inside an open shadow root (Chromium's shadowRoot.getSelection). */
export function selectionOf(node) {
  const root = node.getRootNode();
  return (typeof root.getSelection === "function" ? root.getSelection() : null) || node.ownerDocument.getSelection();
}
