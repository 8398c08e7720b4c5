// The hover / keyboard card: label, why (with the cue words), a tip, confidence, rewrites to
// apply (content/rewrite.js), and what the agent can do: dismiss the underline, or correct the model (remove one label, pick the right
// ones, "this is fine", or mark a sentence the model missed) and take that back.
// Lives in its own shadow root so page styles cannot break it and it cannot break the page.
import { t } from "../ui/i18n.js";
import { button, element, labelList, labelPicker, labelSection, message, suggestionList } from "./card_views.js";
import { placeCard } from "./placement.js";
import { applySuggestion } from "./rewrite.js";
import { selectionOf } from "./selection.js";

const HIDE_MS = 250; // after the pointer leaves a card it only showed

const CARD_CSS = `
  :host { all: initial; }
  .card { position: fixed; z-index: 2147483647; box-sizing: border-box; max-width: min(340px, calc(100vw - 8px));
    overflow: auto; font: 13px/1.4 system-ui, sans-serif; color: #1d1d1f; background: #fff; border: 1px solid #c8c8cc;
    border-radius: 8px; padding: 10px 12px; box-shadow: 0 4px 16px rgba(0,0,0,.18); }
  .label { font-weight: 600; display: flex; gap: 6px; align-items: center; }
  .section + .section { margin-top: 8px; padding-top: 8px; border-top: 1px solid #e4e4e8; }
  .why, .tip, .message { margin: 6px 0 0; }
  .cue { font-weight: 600; }
  .confidence { color: #555; font-size: 12px; margin-top: 6px; }
  .actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
  button { font: inherit; padding: 3px 10px; border-radius: 5px; border: 1px solid #999; background: #f4f4f6; color: inherit; cursor: pointer; }
  button:disabled { opacity: .5; cursor: default; }
  button.remove { margin-left: auto; font-weight: 400; font-size: 12px; padding: 1px 8px; }
  button:focus-visible, input:focus-visible { outline: 2px solid #0072B2; outline-offset: 1px; }
  fieldset { border: 0; margin: 0; padding: 0; }
  legend { font-weight: 600; padding: 0; }
  .choice { display: flex; gap: 6px; align-items: center; margin-top: 4px; }
  .message { font-weight: 600; }
  .rewrites { list-style: none; margin: 6px 0 0; padding: 0; }
  .rewrite { display: flex; gap: 8px; align-items: flex-start; margin-top: 4px; }
  .rewrite .preview { flex: 1; margin: 0; }
  .rewrite del { color: #8a1c1c; }
  .rewrite ins { text-decoration: none; font-weight: 600; background: #e3f1e6; }
  .rewrite del + ins { margin-left: .3em; }
  .rewrite .reason { display: block; color: #555; font-size: 12px; }
`;

export class Card {
  /**
   * @param adviceFor (lang, label) => {why, tip} in the reply's language, or null
   * @param corrections null (the demo), or {enabled(checker), correct(checker, sentence, labels, how), takeBack(checker, sentence)}
   */
  constructor(doc, { onDismiss, adviceFor, corrections = null }) {
    Object.assign(this, { doc, onDismiss, adviceFor, corrections });
    this.host = null;
    this.current = null;
  }

  ensureHost() {
    if (this.host?.isConnected) return;
    this.host = this.doc.createElement("tonefall-card");
    this.root = this.host.attachShadow({ mode: "open" });
    const style = this.doc.createElement("style");
    style.textContent = CARD_CSS;
    this.box = element(this.doc, "div", "card");
    this.box.setAttribute("role", "dialog");
    this.box.setAttribute("aria-label", "Tonefall");
    this.box.hidden = true;
    this.root.append(style, this.box);
    this.doc.documentElement.appendChild(this.host);
    this.box.addEventListener("mouseleave", () => this.hideSoon());
    this.box.addEventListener("mouseenter", () => clearTimeout(this.hideTimer));
    // Once used (a click, or opened from the keyboard) the card stays while the pointer wanders:
    // it closes on Escape, a click elsewhere or focus leaving, so a confirmation can be taken back.
    this.box.addEventListener("pointerdown", () => (this.pinned = true));
    this.doc.addEventListener("pointerdown", (event) => this.visible && !this.holds(event) && this.hide(), true);
    this.box.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.hide(true);
    });
    this.box.addEventListener("focusout", (event) => {
      if (!this.rendering && !this.box.contains(event.relatedTarget)) this.hide();
    });
  }

  /** Show the card for `sentence` (from `checker`) next to `rect`, the sentence's box in viewport coordinates. */
  show(checker, sentence, rect, { focus = false } = {}) {
    this.ensureHost();
    clearTimeout(this.hideTimer);
    // Keyboard use moves focus into the card: remember the caret to put it back exactly.
    this.current = { checker, sentence, rect, caret: focus ? saveCaret(checker) : null };
    this.pinned = focus;
    this.render(sentence.labels.length ? this.labelsView() : this.pickerView());
    if (focus) this.box.querySelector("button:not(:disabled), input")?.focus();
  }

  canCorrect(checker) {
    return Boolean(this.corrections?.enabled(checker));
  }

  /** A section per label, the agent's earlier correction if any, and the actions. */
  labelsView() {
    const { checker, sentence } = this.current;
    const correctable = this.canCorrect(checker);
    const sections = sentence.labels.map((label) => {
      const section = labelSection(this.doc, {
        label, sentence, text: checker.text, advice: this.adviceFor(checker.lang, label),
        onRemove: correctable && (() => this.correct(sentence.labels.filter((l) => l !== label), `removed ${label}`)),
      });
      const rewrites = (sentence.suggestions || []).filter((s) => s.label === label);
      if (rewrites.length) section.append(suggestionList(this.doc, {
        sentence, text: checker.text, suggestions: rewrites, onApply: (suggestion) => this.apply(suggestion),
      }));
      return section;
    });
    const actions = element(this.doc, "div", "actions", button(this.doc, t("dismiss", "Dismiss"), () => {
      this.onDismiss(checker, sentence);
      this.hide(true);
    }));
    if (correctable) {
      const fine = button(this.doc, t("this_is_fine", "This is fine"), () => this.correct([], "this is fine"));
      fine.title = t("this_is_fine_hint", "No label fits this sentence: it is kept as neutral for training.");
      actions.append(button(this.doc, t("other_labels", "Other labels…"), () => this.render(this.pickerView())), fine);
    }
    return [...sections, ...this.earlierCorrection(), actions];
  }

  /** The agent clicked Apply: replace the span in the editor (caret after it), or say the text moved on. */
  async apply(suggestion) {
    const current = this.current;
    const { checker } = current;
    const original = checker.text.slice(suggestion.start, suggestion.end);
    this.hide(); // the editor takes focus for the edit
    if (!(await applySuggestion(checker.adapter, suggestion, original))) {
      this.current = current;
      this.render([message(this.doc, t("not_applied", "Not applied: the text changed meanwhile."))]);
    }
  }

  /** Tick the labels that fit (for a sentence the model missed: the first thing shown). */
  pickerView() {
    const { sentence } = this.current;
    const title = sentence.labels.length || sentence.corrected
      ? t("picker_title", "Which labels fit this sentence?")
      : t("picker_title_missed", "Tonefall found nothing here. Which label did it miss?");
    const how = sentence.predicted?.length ? "picked labels" : "marked a missed label";
    return [labelPicker(this.doc, { title, current: sentence.labels, onSave: (labels) => this.correct(labels, how) }),
      ...this.earlierCorrection()];
  }

  earlierCorrection() {
    const { sentence } = this.current;
    if (!sentence.corrected) return [];
    return [message(this.doc, `${t("your_correction", "Your correction:")} ${labelList(sentence.labels)}`, () => this.takeBack())];
  }

  /** Send the agent's labels; confirm with a Take back button, or say it was not saved. */
  async correct(labels, how) {
    const current = this.current;
    try {
      await this.corrections.correct(current.checker, current.sentence, labels, how);
    } catch {
      if (this.current === current) this.render([message(this.doc, t("not_saved", "Not saved: the Tonefall service did not answer."))]);
      return;
    }
    if (this.current !== current) return; // the card moved on to another sentence meanwhile
    this.render([message(this.doc, `${t("saved", "Thanks! Saved for training:")} ${labelList(labels)}`, () => this.takeBack())]);
  }

  async takeBack() {
    const current = this.current;
    try {
      await this.corrections.takeBack(current.checker, current.sentence);
    } catch {
      if (this.current === current) this.render([message(this.doc, t("not_saved", "Not saved: the Tonefall service did not answer."))]);
      return;
    }
    if (this.current !== current) return;
    this.render([message(this.doc, t("taken_back", "Taken back."))]);
  }

  /** Replace the card's content and place it; focus stays inside the card if it was there. */
  render(children) {
    const hadFocus = Boolean(this.root.activeElement);
    this.rendering = true; // the focused button may go with the old content: not focus leaving the card
    this.box.replaceChildren(...children);
    this.rendering = false;
    this.box.hidden = false;
    this.place();
    if (hadFocus) this.box.querySelector("button:not(:disabled), input")?.focus();
  }

  /** Measure the card as it is now, then put it beside its sentence (content/placement.js). */
  place() {
    const { box } = this;
    Object.assign(box.style, { visibility: "hidden", left: "0px", top: "0px", maxHeight: "none" });
    const size = box.getBoundingClientRect();
    const html = this.doc.documentElement;
    const spot = placeCard(this.current.rect, size, { width: html.clientWidth, height: html.clientHeight });
    Object.assign(box.style, { left: `${spot.left}px`, top: `${spot.top}px`, visibility: "visible",
      maxHeight: spot.maxHeight === null ? "none" : `${spot.maxHeight}px` });
  }

  hideSoon() {
    if (this.pinned) return;
    clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => this.hide(), HIDE_MS);
  }

  hide(returnFocus = false) {
    if (!this.box || this.box.hidden) return;
    this.box.hidden = true;
    this.pinned = false;
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
