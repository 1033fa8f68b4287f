/* The strip's arithmetic: how large the engraving is drawn, where the strip scrolls to and when
 * it follows the music. Pure functions on numbers (CSS px, engraving units), unit-tested in
 * ../test/notation-fit.test.mjs; notation-view.js measures the page and applies the results. */

export const MIN_SCALE = 0.55; // a staff space of 4 px (7.2 px at full size): smaller is hard to read
export const GAP = 6; // px kept free between the pin and the bar scrolled to
export const HAND_SCROLL_MS = 3000; // after a reader scrolls the strip, leave it alone this long

/* The widest two neighbouring bars (engraving units, `bars` as {x0, x1}), each pair counted from
 * its first bar's start or the pin's end (`pinEnd`), whichever is further right; a one-bar
 * score counts its only bar. */
export function widestPair(bars, pinEnd) {
  let widest = bars[0].x1 - Math.max(bars[0].x0, pinEnd);
  for (let i = 0; i + 1 < bars.length; i++) {
    widest = Math.max(widest, bars[i + 1].x1 - Math.max(bars[i].x0, pinEnd));
  }
  return widest;
}

/* The scale at which `widest` engraving units (at `ratio` natural px each) fit beside a pin
 * `pinPx` wide in a strip `stripPx` wide, GAP kept free (before any floor or ceiling). */
export function twoBarScale(stripPx, pinPx, widest, ratio) {
  return (stripPx - GAP) / (pinPx + widest * ratio);
}

/* The drawn scale: natural size (1) at most, MIN_SCALE at least. */
export function drawnScale(wanted) {
  return Math.min(1, Math.max(MIN_SCALE, wanted));
}

/* The engraving's left margin (px) that slides its own opening under the pin: the pin is
 * `pinWidth` outer units wide; the music starts at `pinEnd` engraving units, `ox` units into the
 * engraving; `ratio` outer units per engraving unit; `perOuter` px per outer unit. */
export function openingShift(pinWidth, pinEnd, ox, ratio, perOuter) {
  return pinWidth * perOuter - (ox + pinEnd) * ratio * perOuter;
}

/* Where to scroll the strip (px of its content), or null to stay. `bar` is the bar being played
 * ({x0, x1}, px of content, x0 no further left than the pin), `nextEnd` the right edge of the
 * bar after it (its own x1 if none), `head` the playhead; `left` and `width` the part of the
 * strip the pin leaves visible, `pin` the pin's width. A bar that fits is shown whole (with the
 * next when both fit); inside a wider one the playhead is kept in its left part. */
export function scrollTarget(bar, nextEnd, head, left, width, pin) {
  if (bar.x1 - bar.x0 <= width) {
    const end = nextEnd - bar.x0 <= width - GAP ? nextEnd : bar.x1;
    return bar.x0 < left || end > left + width ? bar.x0 - pin - GAP : null;
  }
  if (head < left + width * 0.1 || head > left + width * 0.75) {
    return head - pin - width * 0.25;
  }
  return null;
}

/* A scroll target as the strip can take it: whole px, from 0 to `max`. */
export function clampScroll(target, max) {
  return Math.max(0, Math.min(max, Math.round(target)));
}

/* Whether the strip follows a marking of bar `bar`. `how` is true (a seek, an opened strip: always),
 * "bar" (playback: on a new bar, or every frame inside a bar wider than the strip) or false;
 * either way not within HAND_SCROLL_MS of the reader's own scrolling (`sinceHand` ms ago). */
export function shouldFollow(how, bar, shownBar, wide, sinceHand) {
  const wanted = how === true || (!!how && (bar !== shownBar || wide));
  return wanted && sinceHand >= HAND_SCROLL_MS;
}
