// The coach: Checkers on editors, the hover / keyboard card, per document. Shared by the
// extension's content script and the service's /demo page, so both render exactly alike.
import { supportsCustomHighlights } from "../render/highlights.js";
import { adapterFor } from "./adapters.js";
import { Card } from "./card.js";
import { Checker } from "./checker.js";
import { announceRendered } from "./events.js";
import { caretOffset, isCardShortcut, sentenceAt } from "./keyboard.js";

// The service keeps corrections for the languages it knows; a reply in "other" has nowhere to go.
const CORRECTABLE_LANGS = new Set(["sv", "nb", "nn", "da", "en"]);

export class Coach {
  /**
   * @param analyze async (text) => the service's /v1/analyze answer
   * @param adviceFor (lang, label) => {why, tip} or null
   * @param feedback null (no corrections: the demo), or {send(body) => {id}, takeBack(id)}, both async,
   *   body as POST /v1/feedback takes it
   */
  constructor({ analyze, adviceFor, feedback = null, onError = () => {} }) {
    Object.assign(this, { analyze, adviceFor, feedback, onError });
    this.checkers = new Map(); // editor element -> Checker
    this.cards = new Map(); // document -> its Card
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
      adviceFor: this.adviceFor,
      corrections: this.feedback && this.corrections(),
    });
    this.cards.set(doc, card);
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
    // On the card itself, or the card is in use (clicked, or opened from the keyboard): keep it.
    if (card.holds(event) || card.pinned) return;
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

  /** What the card's correction buttons do: store the agent's labels, or take them back. */
  corrections() {
    return {
      enabled: (checker) => CORRECTABLE_LANGS.has(checker.lang),
      correct: async (checker, sentence, labels, how) => {
        const earlier = sentence.corrected;
        const { id } = await this.feedback.send({ sentence: sentence.text, lang: checker.lang,
          predicted: sentence.predicted ?? [], correct_labels: labels, comment: how });
        checker.correct(sentence, labels, id);
        // A second correction of the same sentence replaces the first in the store too.
        if (earlier) this.feedback.takeBack(earlier.id).catch((error) => this.onError(error));
      },
      takeBack: async (checker, sentence) => {
        await this.feedback.takeBack(sentence.corrected.id);
        checker.uncorrect(sentence);
      },
    };
  }

  /** Alt+Shift+K: open the card for the sentence at the caret, with focus on its first control. */
  keyPressed(event, card) {
    if (!isCardShortcut(event) || !this.openAtCaret(card)) return;
    event.preventDefault();
    event.stopPropagation();
  }

  /** The card for the caret's sentence: underlined, or (where corrections go) any, to mark what the model missed. */
  openAtCaret(card) {
    const checker = this.lastFocused && this.checkers.get(this.lastFocused);
    if (!checker || checker.adapter.document !== card.doc) return false;
    const offset = caretOffset(checker.adapter);
    const sentence = sentenceAt(checker.visible(), offset) ||
      (card.canCorrect(checker) ? sentenceAt(checker.sentences, offset) : undefined);
    if (!sentence) return false;
    const rect = checker.adapter.rectOf(sentence) || this.lastFocused.getBoundingClientRect();
    card.show(checker, sentence, rect, { focus: true });
    return true;
  }

  /** The context menu's "mark sentence": the card at the caret, if the editor this coach follows has focus. */
  markAtCaret() {
    const field = this.lastFocused;
    const card = field && this.cards.get(field.ownerDocument);
    if (!card || !field.isConnected || !field.ownerDocument.hasFocus() || !holdsFocus(field)) return false;
    return this.openAtCaret(card);
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

/** True when the focused element (looking into open shadow roots) is `field` or inside it. */
function holdsFocus(field) {
  let active = field.ownerDocument.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return Boolean(active) && field.contains(active);
}
