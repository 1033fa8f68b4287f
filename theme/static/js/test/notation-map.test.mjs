// Unit tests of modules/notation-map.js: where the music is on the engraving at a time.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  barAt,
  fillBarTimes,
  inForce,
  playheadAnchors,
  playheadX,
} from "../modules/notation-map.js";

// Three bars at 0, 2 and 4 s; note heads at x 10 (t 0), 40 (t 1), 110 (t 2), 150 (t 4).
const score = {
  bars: [
    { time: 0, x0: 0, x1: 100 },
    { time: 2, x0: 100, x1: 140 },
    { time: 4, x0: 140, x1: 200 },
  ],
  anchors: [
    { t: 0, x: 10 },
    { t: 1, x: 40 },
    { t: 2, x: 110 },
    { t: 4, x: 150 },
  ],
  end: 200,
};

test("the bar sounding: from its start to the next bar's start", () => {
  assert.deepEqual(
    [0, 1.99, 2, 3.5, 4, 60].map((t) => barAt(score, t)),
    [0, 0, 1, 1, 2, 2]
  );
  assert.equal(barAt(score, -1), 0); // before the music: the first bar
});

test("the playhead glides between onsets, or steps onto each without glide", () => {
  assert.equal(playheadX(score, 0.5, true, 6), 25);
  assert.equal(playheadX(score, 1.5, true, 6), 75);
  assert.equal(playheadX(score, 3, true, 6), 130);
  assert.equal(playheadX(score, 0.5, false, 6), 10);
  assert.equal(playheadX(score, 3, false, 6), 110);
});

test("before the first onset the playhead waits at it; after the last it runs to the end", () => {
  assert.equal(playheadX(score, -1, true, 6), 10);
  assert.equal(playheadX(score, 5, true, 6), 175); // half way from 4 s to the 6 s end
  assert.equal(playheadX(score, 9, true, 6), 200); // never past the last bar line
  assert.equal(playheadX(score, 5, false, 6), 150);
  assert.equal(playheadX(score, 5, true, NaN), 150); // no duration yet: it stays
});

test("a score without onsets keeps the playhead at its first bar", () => {
  assert.equal(playheadX({ ...score, anchors: [] }, 3, true, 6), 0);
});

test("the playhead's path: one anchor per onset, at its leftmost head, never moving back", () => {
  const onsets = [
    { t: 0, x: 30 },
    { t: 0, x: 12 }, // a chord: the leftmost head
    { t: 1, x: 50 },
    { t: 2, x: 45 }, // drawn left of the previous onset (a wide accidental): held at 50
    { t: 3, x: 80 },
  ];
  assert.deepEqual(playheadAnchors(onsets), [
    { t: 0, x: 12 },
    { t: 1, x: 50 },
    { t: 2, x: 50 },
    { t: 3, x: 80 },
  ]);
});

test("bar times: the first bar starts at 0, bars without an onset share the gap evenly", () => {
  assert.deepEqual(fillBarTimes([0.2, 1, 2]), [0, 1, 2]);
  assert.deepEqual(fillBarTimes([0, Infinity, Infinity, 3]), [0, 1, 2, 3]);
  assert.deepEqual(fillBarTimes([0, 2, Infinity]), [0, 2, 2.5]); // after the last onset
  const given = [0, Infinity, 4];
  fillBarTimes(given);
  assert.deepEqual(given, [0, Infinity, 4]); // the input is left as it was
});

test("the clef or key in force at a bar is the last one at or before it", () => {
  const clefs = [
    { bar: 0, name: "G" },
    { bar: 3, name: "F" },
  ];
  assert.equal(inForce(clefs, 0).name, "G");
  assert.equal(inForce(clefs, 2).name, "G");
  assert.equal(inForce(clefs, 3).name, "F");
  assert.equal(inForce([{ bar: 2 }], 1), null); // a key signature that comes later
  assert.equal(inForce(undefined, 1), null); // a staff without key signatures
});
