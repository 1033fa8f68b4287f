// Unit tests of modules/order.js: which clip is on screen, and which one "n" / "p", the
// mini-player and the system's media keys go to.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gotoIndex, stepIndex, visibleIndex } from "../modules/order.js";

const HEIGHT = 800; // the window's height, px
const box = (top, height = 300) => ({ top, bottom: top + height });

test("the clip on screen is the first one any part of which is in the window", () => {
  assert.equal(visibleIndex([box(-900), box(-200), box(500), box(1200)], HEIGHT), 1);
  assert.equal(visibleIndex([box(-900), box(700), box(1200)], HEIGHT), 1);
  assert.equal(visibleIndex([box(100), box(500)], HEIGHT), 0);
});

test("a clip that only touches the window's edge is not on screen", () => {
  assert.equal(visibleIndex([box(-300), box(HEIGHT)], HEIGHT), 0); // bottom at 0, top at the end
  assert.equal(visibleIndex([box(-300), box(HEIGHT - 1)], HEIGHT), 1);
});

test("with none on screen, the last one scrolled past; with none passed, the first", () => {
  assert.equal(visibleIndex([box(-2000), box(-1000), box(2000)], HEIGHT), 1);
  assert.equal(visibleIndex([box(1000), box(2000)], HEIGHT), 0);
  assert.equal(visibleIndex([], HEIGHT), 0);
});

test("'n' / 'p' while nothing plays move to the neighbour and stay at either end", () => {
  assert.equal(gotoIndex(1, 1, 4), 2);
  assert.equal(gotoIndex(1, -1, 4), 0);
  assert.equal(gotoIndex(3, 1, 4), 3);
  assert.equal(gotoIndex(0, -1, 4), 0);
});

test("from a clip not shown (a version put away), 'n' and 'p' go to the first", () => {
  assert.equal(gotoIndex(-1, 1, 4), 0);
  assert.equal(gotoIndex(-1, -1, 4), 0);
});

test("'next' and 'previous' play the neighbour, and nothing past either end", () => {
  assert.equal(stepIndex(1, 1, 4), 2);
  assert.equal(stepIndex(1, -1, 4), 0);
  assert.equal(stepIndex(3, 1, 4), -1);
  assert.equal(stepIndex(0, -1, 4), -1);
  assert.equal(stepIndex(-1, 1, 4), 0); // from a clip not shown, "next" plays the first
  assert.equal(stepIndex(-1, -1, 4), -1);
});
