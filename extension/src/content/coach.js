// The coach: Checkers on editors, the hover / keyboard card, per document. Shared by the
// extension's content script and the service's /demo page, so both render exactly alike.
import { supportsCustomHighlights } from "../render/highlights.js";
import { adapterFor } from "./adapters.js";
import { Card } from "./card.js";
import { Checker } from "./checker.js";
import { announceRendered } from "./events.js";
import { caretOffset, isCardShortcut, sentenceAt } from "./keyboard.js";

export class Coach {
  /**
   * @param analyze async (text) => the service's /v1/analyze answer
   * @param adviceFor (lang, label) => {why, tip} or null
   * @param onWrongLabel (checker, sentence) => void, after which the sentence is dismissed
   */
  constructor({ analyze, adviceFor, onWrongLabel = () => {}, onError = () => {} }) {
    Object.assign(this, { analyze, adviceFor, onWrongLabel, onError });
    this.checkers = new Map(); // editor element -> Checker
    this.lastFocused = null;
  }

  /** The Checker for an editor, made on first use; null where underlines cannot be drawn. */
  checkerFor(field) {
    if (this.checkers.has(field)) return this.checkers.get(field);
    if (field.tagName !== "TEXTAREA" && !supportsCustomHighlights(field.ownerDocument.defaultView)) return null;
    const checker = new Checker(adapterFor(field), this.analyze, { onResult: announceRendered, onError: this.onError });
    this.checkers.set(field, checker);
    const changed = () => checker.changed();
    field.addEventListener("input", changed);
    // Editors that change text without input events (paste handlers, programmatic edits).
    const observer = field.tagName === "TEXTAREA" ? null : new field.ownerDocument.defaultView.MutationObserver(changed);
    observer?.observe(field, { childList: true, characterData: true, subtree: true });
    checker.detach = () => {
      field.removeEventListener("input", changed);
      observer?.disconnect();
    };
    return checker;
  }

  /** The agent is in `field`: check it now if it was never checked. */
  focus(field) {
    this.forgetRemoved();
    const checker = this.checkerFor(field);
    if (!checker) return;
    this.lastFocused = field;
    if (checker.sentText === null) checker.check();
  }

  /** Hover and keyboard handling (and a card) for one document. */
  listen(doc) {
    const card = new Card(doc, {
      onDismiss: (checker, sentence) => checker.dismiss(sentence),
      onWrongLabel: (checker, sentence) => {
        this.onWrongLabel(checker, sentence);
        checker.dismiss(sentence);
      },
      adviceFor: this.adviceFor,
    });
    // At most one hit test per frame, however fast the pointer moves.
    let pending = null;
    doc.addEventListener("mousemove", (event) => {
      if (!pending) doc.defaultView.requestAnimationFrame(() => {
        this.pointerMoved(pending, card);
        pending = null;
      });
      pending = event;
    }, { passive: true });
    doc.addEventListener("keydown", (event) => this.keyPressed(event, card), true);
  }

  pointerMoved(event, card) {
    if (card.holds(event)) return; // on the card itself: keep it open
    for (const checker of this.checkers.values()) {
      if (checker.adapter.document !== card.doc) continue;
      const hit = checker.adapter.hit(event.clientX, event.clientY);
      if (hit) {
        if (card.current?.sentence !== hit.sentence) card.show(checker, hit.sentence, hit.rect);
        return;
      }
    }
    if (card.visible) card.hideSoon();
  }

  /** Alt+Shift+K: open the card for the sentence at the caret, with focus on its first button. */
  keyPressed(event, card) {
    if (!isCardShortcut(event)) return;
    const checker = this.lastFocused && this.checkers.get(this.lastFocused);
    if (!checker || checker.adapter.document !== card.doc) return;
    const sentence = sentenceAt(checker.visible(), caretOffset(checker.adapter));
    if (!sentence) return;
    event.preventDefault();
    event.stopPropagation();
    const rect = checker.adapter.rectOf(sentence) || this.lastFocused.getBoundingClientRect();
    card.show(checker, sentence, rect, { focus: true });
  }

  /** Single-page apps remove compose boxes: drop their checkers and underlines with them. */
  forgetRemoved() {
    for (const [field, checker] of this.checkers) {
      if (field.isConnected) continue;
      checker.detach();
      checker.destroy();
      this.checkers.delete(field);
    }
  }

  counts() {
    return this.lastFocused && this.checkers.get(this.lastFocused)?.counts();
  }

  destroyAll() {
    for (const checker of this.checkers.values()) {
      checker.detach();
      checker.destroy();
    }
    this.checkers.clear();
  }
}
