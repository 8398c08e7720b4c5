// Unit tests for the pure text-shift logic (run: npm test; pytest runs them too).
import assert from "node:assert/strict";
import { test } from "node:test";
import { editBetween, shiftSpans } from "../src/render/shift.js";

const span = (text, sentence) => ({ start: text.indexOf(sentence), end: text.indexOf(sentence) + sentence.length, text: sentence });

test("an edit is the region between the common prefix and suffix", () => {
  assert.deepEqual(editBetween("abcdef", "abXYef"), { start: 2, oldEnd: 4, newEnd: 4 });
  assert.deepEqual(editBetween("abc", "abc!"), { start: 3, oldEnd: 3, newEnd: 4 });
  assert.deepEqual(editBetween("aaa", "aa"), { start: 2, oldEnd: 3, newEnd: 2 });
});

test("spans after an edit move with it, spans before stay, spans it touches are dropped", () => {
  const before = "Hi. I am sorry. But no. Maybe later.";
  const after = "Hi there. I am sorry. But NO. Maybe later.";
  const spans = ["I am sorry.", "But no.", "Maybe later."].map((s) => span(before, s));
  let shifted = shiftSpans(spans, editBetween(before, "Hi there. I am sorry. But no. Maybe later."));
  assert.deepEqual(shifted.map((s) => "Hi there. I am sorry. But no. Maybe later.".slice(s.start, s.end)), ["I am sorry.", "But no.", "Maybe later."]);
  shifted = shiftSpans(shifted, editBetween("Hi there. I am sorry. But no. Maybe later.", after));
  assert.deepEqual(shifted.map((s) => after.slice(s.start, s.end)), ["I am sorry.", "Maybe later."]);
});

test("UTF-16 offsets: an emoji counts two", () => {
  const before = "Sorry. Ok.";
  const after = "😀 Sorry. Ok.";
  const [moved] = shiftSpans([span(before, "Ok.")], editBetween(before, after));
  assert.equal(after.slice(moved.start, moved.end), "Ok.");
  assert.equal(moved.start, before.indexOf("Ok.") + 3);
});

test("cues move with their sentence (the card reads them from the current text)", () => {
  const before = "Hi. Maybe later.";
  const after = "Hi Anna. Maybe later.";
  const sentence = { ...span(before, "Maybe later."), cues: [{ start: 4, end: 9 }] };
  const [moved] = shiftSpans([sentence], editBetween(before, after));
  assert.deepEqual(moved.cues.map((c) => after.slice(c.start, c.end)), ["Maybe"]);
});

test("suggestions move with their sentence (Apply replaces the span in the current text)", () => {
  const before = "Hi. I will maybe call.";
  const after = "Hi Anna. I will maybe call.";
  const sentence = { ...span(before, "I will maybe call."), suggestions: [{ start: 10, end: 16, replacement: "" }] };
  const [moved] = shiftSpans([sentence], editBetween(before, after));
  assert.deepEqual(moved.suggestions.map((s) => after.slice(s.start, s.end)), [" maybe"]);
});
