// Keeps known sentence spans on their text while the agent types, before the service answers:
// an edit is the region between the common prefix and common suffix of old and new text.

export function editBetween(oldText, newText) {
  let prefix = 0;
  const max = Math.min(oldText.length, newText.length);
  while (prefix < max && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)
  ) suffix++;
  return { start: prefix, oldEnd: oldText.length - suffix, newEnd: newText.length - suffix };
}

/**
 * Spans after an edit: those before it stay, those after it move, those touched by it are dropped.
 * A span's cues and suggestions (absolute offsets too, read by the hover card) move with it.
 */
export function shiftSpans(spans, edit) {
  const delta = edit.newEnd - edit.oldEnd;
  const move = (s) => ({ ...s, start: s.start + delta, end: s.end + delta });
  const kept = [];
  for (const span of spans) {
    if (span.end <= edit.start) kept.push(span);
    else if (span.start >= edit.oldEnd) kept.push(moveWithParts(span, move));
  }
  return kept;
}

function moveWithParts(span, move) {
  const moved = move(span);
  if (span.cues) moved.cues = span.cues.map(move);
  if (span.suggestions) moved.suggestions = span.suggestions.map(move);
  return moved;
}
