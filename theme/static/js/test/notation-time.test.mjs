// Unit tests of modules/notation-time.js: a timemap read as note intervals.
import { test } from "node:test";
import assert from "node:assert/strict";
import { intervals, soundingAt, stoppedNotes } from "../modules/notation-time.js";

const timemap = [
  { tstamp: 0, on: ["a", "b"] },
  { tstamp: 500, off: ["a"], on: ["c"] },
  { tstamp: 1000, off: ["b", "c"] },
  { tstamp: 1500, on: ["d"] },
];

test("each note runs from its onset to its release, in seconds", () => {
  const notes = intervals(timemap).map(({ id, on, off }) => [id, on, off]);
  assert.deepEqual(notes, [
    ["a", 0, 0.5],
    ["b", 0, 1],
    ["c", 0.5, 1],
    ["d", 1.5, Infinity],
  ]);
});

test("the notes sounding at a time", () => {
  const notes = intervals(timemap);
  const ids = (t) => soundingAt(notes, t).map((n) => n.id);
  assert.deepEqual(ids(0.2), ["a", "b"]);
  assert.deepEqual(ids(0.5), ["b", "c"]);
  assert.deepEqual(ids(1.2), []);
  assert.deepEqual(ids(9), ["d"]);
});

test("the notes to switch off are those shown that no longer sound", () => {
  const notes = intervals(timemap);
  const [a, b, c] = notes;
  assert.deepEqual(stoppedNotes([a, b], [b, c]), [a]);
  assert.deepEqual(stoppedNotes([a, b], [a, b]), []);
  assert.deepEqual(stoppedNotes([], [c]), []);
});
