// Follows one editor while the agent types: debounces, sends only changed text, drops stale
// answers, and keeps underlines on their sentences as the text shifts in between.
import { editBetween, shiftSpans } from "../render/shift.js";

export const DEBOUNCE_MS = 300;

export class Checker {
  /** @param analyze async (text) => {sentences} from the service */
  constructor(adapter, analyze, { debounceMs = DEBOUNCE_MS, onResult = () => {}, onError = () => {} } = {}) {
    this.adapter = adapter;
    this.analyze = analyze;
    this.debounceMs = debounceMs;
    this.onResult = onResult;
    this.onError = onError;
    this.text = adapter.text();
    this.sentText = null;
    this.sentences = [];
    this.dismissed = new Set();
    this.corrections = new Map(); // sentence text -> {labels, id}: the agent's, kept across re-checks
    this.sequence = 0;
    this.timer = 0;
  }

  /** Called on every input: move known underlines with the edit, then wait for a pause. */
  changed() {
    if (this.destroyed) return;
    const text = this.adapter.text();
    if (text === this.text) return;
    this.sentences = shiftSpans(this.sentences, editBetween(this.text, text));
    this.text = text;
    this.adapter.render(this.visible());
    this.schedule();
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.check(), this.debounceMs);
  }

  async check() {
    if (this.destroyed) return;
    this.checkStarted = performance.now(); // the debounce fired: benchmarks time from here
    const text = this.adapter.text();
    this.text = text;
    if (text === this.sentText) return;
    const sequence = ++this.sequence;
    this.sentText = text;
    let result;
    try {
      result = await this.analyze(text);
      this.answered = performance.now();
    } catch (error) {
      // A newer request is in flight: its answer (or error) is the one that counts.
      if (sequence !== this.sequence) return;
      this.sentText = null;
      this.onError(error);
      return;
    }
    // A newer request is in flight, or the text moved on: this answer is stale.
    if (sequence !== this.sequence || this.adapter.text() !== text) return;
    // `predicted` keeps the model's labels; `labels` is what is drawn (the agent's, once corrected).
    this.sentences = result.sentences.filter((s) => !s.quoted).map((s) => this.withCorrection({ ...s, predicted: s.labels }));
    this.lang = result.lang;
    this.redraw();
  }

  redraw() {
    this.adapter.render(this.visible());
    this.onResult(this);
  }

  withCorrection(sentence) {
    const correction = this.corrections.get(sentence.text);
    return Object.assign(sentence, correction
      ? { labels: correction.labels, corrected: correction }
      : { labels: sentence.predicted ?? sentence.labels, corrected: undefined });
  }

  /** The agent said `sentence` has `labels` (stored as feedback `id`): draw those from now on. */
  correct(sentence, labels, id) {
    this.corrections.set(sentence.text, { labels, id });
    this.dismissed.delete(sentence.text);
    this.sameSentences(sentence).forEach((s) => this.withCorrection(s));
    this.redraw();
  }

  /** The agent took the correction back: the model's labels again. */
  uncorrect(sentence) {
    this.corrections.delete(sentence.text);
    this.sameSentences(sentence).forEach((s) => this.withCorrection(s));
    this.redraw();
  }

  /** `sentence` (perhaps the card's older copy) and the current ones with its text. */
  sameSentences(sentence) {
    return [sentence, ...this.sentences.filter((s) => s !== sentence && s.text === sentence.text)];
  }

  visible() {
    return this.sentences.filter((s) => s.labels.length && !this.dismissed.has(s.text));
  }

  dismiss(sentence) {
    this.dismissed.add(sentence.text);
    this.redraw();
  }

  counts() {
    const counts = {};
    for (const sentence of this.visible()) for (const label of sentence.labels) counts[label] = (counts[label] || 0) + 1;
    return counts;
  }

  destroy() {
    this.destroyed = true;
    clearTimeout(this.timer);
    this.sequence++;
    this.adapter.destroy();
  }
}
