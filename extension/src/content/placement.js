// Where the card goes, from its measured size: below the sentence when it fits there, else above,
// else on the roomier side with a height limit (the card scrolls); never over the sentence, and
// always inside the viewport.

export const GAP = 6; // between the sentence and the card
export const MARGIN = 4; // between the card and the viewport's edges

/**
 * @param anchor the sentence's box {left, top, right, bottom} in viewport pixels
 * @param size the card's natural {width, height}
 * @param viewport {width, height}
 * @returns {left, top, maxHeight} where maxHeight is null when the card fits whole
 */
export function placeCard(anchor, size, viewport) {
  const width = Math.min(size.width, viewport.width - 2 * MARGIN);
  const left = clamp(anchor.left, MARGIN, viewport.width - MARGIN - width);
  const below = viewport.height - MARGIN - (anchor.bottom + GAP);
  const above = anchor.top - GAP - MARGIN;
  if (size.height <= below) return { left, top: anchor.bottom + GAP, maxHeight: null };
  if (size.height <= above) return { left, top: anchor.top - GAP - size.height, maxHeight: null };
  if (below >= above) return { left, top: anchor.bottom + GAP, maxHeight: Math.max(below, 0) };
  return { left, top: MARGIN, maxHeight: above };
}

const clamp = (value, low, high) => Math.max(low, Math.min(value, high));
