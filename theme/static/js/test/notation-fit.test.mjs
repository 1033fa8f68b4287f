// Unit tests of modules/notation-fit.js: the strip's size, its scroll and when it follows.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  GAP,
  HAND_SCROLL_MS,
  MIN_SCALE,
  clampScroll,
  drawnScale,
  openingShift,
  scrollTarget,
  shouldFollow,
  twoBarScale,
  widestPair,
} from "../modules/notation-fit.js";

const bars = [
  { x0: 0, x1: 300 }, // its opening (to 120) slides under the pin
  { x0: 300, x1: 500 },
  { x0: 500, x1: 900 },
  { x0: 900, x1: 1000 },
];

test("the widest two neighbouring bars, the first counted from the pin's end", () => {
  assert.equal(widestPair(bars, 120), 600); // bars 2 and 3: 300 to 900
  assert.equal(widestPair(bars, 0), 600);
  assert.equal(widestPair([{ x0: 0, x1: 800 }, { x0: 800, x1: 900 }], 120), 780);
  assert.equal(widestPair([{ x0: 0, x1: 400 }], 100), 300); // one bar
});

test("two bars beside the pin set the scale, within natural size and MIN_SCALE", () => {
  // 390 px strip, 60 px pin, 600 units at 0.5 px each: (390 - GAP) / (60 + 300)
  assert.equal(twoBarScale(390, 60, 600, 0.5), (390 - GAP) / 360);
  assert.equal(drawnScale(twoBarScale(390, 60, 600, 0.5)), 1); // it fits: natural size
  assert.equal(drawnScale(0.8), 0.8);
  assert.equal(drawnScale(0.3), MIN_SCALE); // never smaller than a readable staff
});

test("the engraving's opening slides under the pin", () => {
  // a 100-unit pin at 2 px per unit ends at 200 px; the music starts 120 + 30 engraving units
  // in, at 0.5 outer units each: 75 units, 150 px; so the engraving moves 50 px right
  assert.equal(openingShift(100, 120, 30, 0.5, 2), 50);
  assert.equal(openingShift(100, 400, 0, 0.5, 2), -200);
});

test("a bar that fits is shown whole, with the next when both fit", () => {
  const pin = 50;
  const left = 1000 + pin; // scrolled to 1000: visible from 1050 to 1350
  const width = 300;
  // already in view, with the next: stay
  assert.equal(scrollTarget({ x0: 1100, x1: 1200 }, 1300, 1150, left, width, pin), null);
  // the next bar's end is out of view, though both would fit: scroll to the bar's start
  assert.equal(scrollTarget({ x0: 1200, x1: 1300 }, 1400, 1250, left, width, pin), 1200 - pin - GAP);
  // both would not fit, and the bar itself is in view: stay
  assert.equal(scrollTarget({ x0: 1100, x1: 1300 }, 1600, 1150, left, width, pin), null);
  // behind the view (a loop jumped back): scroll back to it
  assert.equal(scrollTarget({ x0: 200, x1: 400 }, 500, 250, left, width, pin), 200 - pin - GAP);
});

test("inside a bar wider than the view the playhead is kept in its left part", () => {
  const bar = { x0: 1000, x1: 2000 };
  const left = 1100;
  const width = 400; // the playhead may go from 1140 to 1400
  assert.equal(scrollTarget(bar, 2000, 1200, left, width, 50), null);
  assert.equal(scrollTarget(bar, 2000, 1450, left, width, 50), 1450 - 50 - 100);
  assert.equal(scrollTarget(bar, 2000, 1120, left, width, 50), 1120 - 50 - 100);
});

test("a scroll target is whole pixels within the strip's range", () => {
  assert.equal(clampScroll(-20, 500), 0);
  assert.equal(clampScroll(123.6, 500), 124);
  assert.equal(clampScroll(900, 500), 500);
});

test("the strip follows a seek always, playback on a new bar or in a wide bar, never a reader", () => {
  const long = HAND_SCROLL_MS;
  assert.equal(shouldFollow(true, 3, 3, false, long), true); // a seek within the bar shown
  assert.equal(shouldFollow("bar", 3, 3, false, long), false); // playback inside the same bar
  assert.equal(shouldFollow("bar", 4, 3, false, long), true); // playback reached a new bar
  assert.equal(shouldFollow("bar", 3, 3, true, long), true); // a bar wider than the strip
  assert.equal(shouldFollow(false, 4, 3, true, long), false); // a pause, a click on a note
  assert.equal(shouldFollow(true, 4, 3, false, long - 1), false); // the reader just scrolled
  assert.equal(shouldFollow(true, 4, 3, false, Infinity), true); // never scrolled by hand
});
