// Unit tests of modules/moments.js: the moment sounding, and the span a loop repeats.
import { test } from "node:test";
import assert from "node:assert/strict";
import { clampTime, leavesSpan, loopBounds, momentIndexAt } from "../modules/moments.js";

const times = [0, 17.1, 26.9];

test("the moment sounding is the last whose time has come (a quarter second early)", () => {
  assert.equal(momentIndexAt(times, 0), 0);
  assert.equal(momentIndexAt(times, 16.8), 0);
  assert.equal(momentIndexAt(times, 16.9), 1);
  assert.equal(momentIndexAt(times, 30), 2);
  assert.equal(momentIndexAt([4], 1), -1);
});

test("a loop repeats the moment sounding, up to the next one or the end", () => {
  assert.deepEqual(loopBounds(times, 20, 35.2), { start: 17.1, end: 26.9, index: 1 });
  assert.deepEqual(loopBounds(times, 30, 35.2), { start: 26.9, end: 35.2, index: 2 });
});

test("before the first moment the opening loops; without moments the whole clip", () => {
  assert.deepEqual(loopBounds([4, 9], 1, 20), { start: 0, end: 4, index: -1 });
  assert.deepEqual(loopBounds([], 12, 20), { start: 0, end: 20, index: -1 });
});

test("a seek leaves the span before its start (less the early reach) or at its end", () => {
  const span = { start: 17.1, end: 26.9 };
  assert.equal(leavesSpan(span, 17), false);
  assert.equal(leavesSpan(span, 16.7), true);
  assert.equal(leavesSpan(span, 26.9), true);
  assert.equal(leavesSpan(span, 26.8), false);
});

test("positions stay inside the clip", () => {
  assert.equal(clampTime(-2, 30), 0);
  assert.equal(clampTime(40, 30), 30);
  assert.equal(clampTime(40, 0), 40);
});
