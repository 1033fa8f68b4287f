// Unit tests of modules/align.js: a position in one version of a comparison, in another's time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mapTime, parseAlign } from "../modules/align.js";

test("without points a position maps to itself", () => {
  assert.equal(mapTime(8.2, [], []), 8.2);
  assert.equal(mapTime(8.2, [0, 1], [0, 2, 3]), 8.2); // counts differ: not aligned
});

test("one point: a shift", () => {
  assert.equal(mapTime(5, [1], [3]), 7);
});

test("between points the mapping is linear", () => {
  const from = [0, 2, 6];
  const to = [0, 4, 6];
  assert.equal(mapTime(0, from, to), 0);
  assert.equal(mapTime(1, from, to), 2);
  assert.equal(mapTime(2, from, to), 4);
  assert.equal(mapTime(4, from, to), 5);
  assert.equal(mapTime(6, from, to), 6);
});

test("outside the points the neighbouring segment's ratio holds", () => {
  assert.equal(mapTime(8, [0, 2, 6], [0, 4, 6]), 7);
  assert.equal(mapTime(0, [1, 3], [2, 6]), 0);
});

test("two tempos: the same beat in both", () => {
  // 176 and 150 beats a minute, both starting on beat 0 at 0.3 s and 0.5 s
  const beat176 = (b) => 0.3 + (b * 60) / 176;
  const beat150 = (b) => 0.5 + (b * 60) / 150;
  const from = [0, 8, 16, 24].map(beat176);
  const to = [0, 8, 16, 24].map(beat150);
  const t = beat176(20.5);
  assert.ok(Math.abs(mapTime(t, from, to) - beat150(20.5)) < 1e-9);
  // and back
  assert.ok(Math.abs(mapTime(beat150(3.25), to, from) - beat176(3.25)) < 1e-9);
});

test("parseAlign reads the attribute, and refuses points out of order", () => {
  assert.deepEqual(parseAlign("0,1.5,3"), [0, 1.5, 3]);
  assert.deepEqual(parseAlign(" 0, 2 "), [0, 2]);
  assert.deepEqual(parseAlign(""), []);
  assert.deepEqual(parseAlign(null), []);
  assert.deepEqual(parseAlign("0,3,2"), []);
  assert.deepEqual(parseAlign("0,x"), []);
});
