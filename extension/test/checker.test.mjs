// Unit tests for the Checker's typing logic with a fake editor and a controllable service.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Checker } from "../src/content/checker.js";

class FakeEditor {
  constructor(text = "") {
    this.value = text;
    this.drawn = [];
  }
  text() {
    return this.value;
  }
  render(sentences) {
    this.drawn = sentences.map((s) => [this.value.slice(s.start, s.end), s.labels.join("+")]);
  }
  destroy() {}
}

/** A fake service: each call waits until the test resolves it; it labels sentences with "sorry". */
function fakeService() {
  const calls = [];
  const analyze = (text) => new Promise((resolve) => calls.push({ text, answer: () => resolve(answerFor(text)) }));
  return { calls, analyze };
}

function answerFor(text) {
  const sentences = [];
  for (const match of text.matchAll(/[^.]+\./g)) {
    const start = match.index + (match[0].length - match[0].trimStart().length);
    const sentence = text.slice(start, match.index + match[0].length);
    sentences.push({ start, end: start + sentence.length, text: sentence, labels: /sorry/i.test(sentence) ? ["empathetic"] : [], quoted: false });
  }
  return { lang: "en", sentences };
}

const tick = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test("waits for a pause, then sends the text once", async () => {
  const editor = new FakeEditor();
  const service = fakeService();
  const checker = new Checker(editor, service.analyze, { debounceMs: 20 });
  for (const text of ["S", "So", "Sorry."]) {
    editor.value = text;
    checker.changed();
    await tick(5);
  }
  assert.equal(service.calls.length, 0);
  await tick(30);
  assert.deepEqual(service.calls.map((c) => c.text), ["Sorry."]);
  service.calls[0].answer();
  await tick(0);
  assert.deepEqual(editor.drawn, [["Sorry.", "empathetic"]]);
  checker.check(); // same text again: nothing is sent
  assert.equal(service.calls.length, 1);
});

test("drops an answer for text that has moved on, keeps spans on their text meanwhile", async () => {
  const editor = new FakeEditor("Sorry. Ok.");
  const service = fakeService();
  const checker = new Checker(editor, service.analyze, { debounceMs: 10 });
  checker.check();
  service.calls[0].answer();
  await tick(0);
  assert.deepEqual(editor.drawn, [["Sorry.", "empathetic"]]);

  editor.value = "Hi. Sorry. Ok.";
  checker.changed(); // before any answer: the underline moves with its sentence
  assert.deepEqual(editor.drawn, [["Sorry.", "empathetic"]]);
  await tick(20);
  const stale = service.calls[1];
  editor.value = "Hi. Sorry. Ok. Sorry again.";
  checker.changed();
  stale.answer(); // arrives after the text changed: ignored
  await tick(0);
  assert.deepEqual(editor.drawn, [["Sorry.", "empathetic"]]);
  await tick(20);
  service.calls[2].answer();
  await tick(0);
  assert.deepEqual(editor.drawn, [["Sorry.", "empathetic"], ["Sorry again.", "empathetic"]]);
});

test("a dismissed sentence stays hidden and out of the counts", async () => {
  const editor = new FakeEditor("Sorry. So sorry.");
  const service = fakeService();
  const checker = new Checker(editor, service.analyze);
  checker.check();
  service.calls[0].answer();
  await tick(0);
  checker.dismiss(checker.visible()[0]);
  assert.deepEqual(editor.drawn, [["So sorry.", "empathetic"]]);
  assert.deepEqual(checker.counts(), { empathetic: 1 });
  checker.destroy();
});

test("a failed request that a newer one replaced is not reported", async () => {
  const editor = new FakeEditor("Sorry.");
  const errors = [];
  const rejects = [];
  const analyze = (text) => new Promise((resolve, reject) => rejects.push({ text, reject, resolve }));
  const checker = new Checker(editor, analyze, { debounceMs: 5, onError: (error) => errors.push(error) });
  checker.check();
  editor.value = "Sorry. Ok.";
  checker.check();
  rejects[0].reject(new Error("old request failed"));
  await tick(0);
  assert.deepEqual(errors, []);
  assert.equal(checker.sentText, "Sorry. Ok."); // the newer request still counts as sent
  rejects[1].resolve(answerFor("Sorry. Ok."));
  await tick(0);
  assert.deepEqual(editor.drawn, [["Sorry.", "empathetic"]]);
});
