// Unit tests for where the card goes (run: npm test; pytest runs them too). The browser tests
// check the same on real pages (tests/extension/test_card_position.py).
import assert from "node:assert/strict";
import { test } from "node:test";
import { GAP, MARGIN, placeCard } from "../src/content/placement.js";

const viewport = { width: 1000, height: 800 };
const card = { width: 340, height: 300 };
const line = (top, left = 100, width = 400) => ({ left, top, right: left + width, bottom: top + 20 });
const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const box = (place, size = card) => ({ left: place.left, top: place.top, right: place.left + size.width,
  bottom: place.top + (place.maxHeight ?? size.height) });

test("below the sentence when the card fits there", () => {
  assert.deepEqual(placeCard(line(100), card, viewport), { left: 100, top: 120 + GAP, maxHeight: null });
});

test("above the sentence, its full measured height clear of it, when it does not fit below", () => {
  const anchor = line(700);
  const place = placeCard(anchor, card, viewport);
  assert.equal(place.top, 700 - GAP - 300);
  assert.ok(!overlaps(box(place), anchor));
});

test("the roomier side with a height limit when neither side holds the whole card", () => {
  const small = { width: 400, height: 300 };
  const anchor = line(100);
  const place = placeCard(anchor, card, small);
  assert.equal(place.top, 120 + GAP);
  assert.equal(place.maxHeight, 300 - MARGIN - 120 - GAP);
  assert.ok(!overlaps(box(place), anchor));
  const high = placeCard(line(220), card, small);
  assert.equal(high.top, MARGIN);
  assert.ok(!overlaps(box(high), line(220)) && box(high).bottom <= 220 - GAP);
});

test("kept inside the viewport at the left and right edges and in a narrow one", () => {
  assert.equal(placeCard(line(100, -50), card, viewport).left, MARGIN);
  assert.equal(placeCard(line(100, 900, 100), card, viewport).left, 1000 - MARGIN - 340);
  assert.equal(placeCard(line(100, 10, 200), card, { width: 300, height: 800 }).left, MARGIN);
});
