// Unit tests of modules/time.js (node --test; `make test` runs them).
import { test } from "node:test";
import assert from "node:assert/strict";
import { clock, decode, parseHash, parseTime, stamp } from "../modules/time.js";

test("clock counts whole seconds, rounded down", () => {
  assert.equal(clock(0), "0:00");
  assert.equal(clock(8.8), "0:08");
  assert.equal(clock(65), "1:05");
  assert.equal(clock(-3), "0:00");
});

test("stamp keeps the tenth a time has, and none it has not", () => {
  assert.equal(stamp(8.8), "0:08.8");
  assert.equal(stamp(8), "0:08");
  assert.equal(stamp(17.1), "0:17.1");
  assert.equal(stamp(59.96), "1:00");
  assert.equal(stamp(125.04), "2:05");
});

test("parseTime reads the forms a link may carry", () => {
  assert.equal(parseTime("1:23"), 83);
  assert.equal(parseTime("83"), 83);
  assert.equal(parseTime("83.5"), 83.5);
  assert.equal(parseTime("0:08.2"), 8.2);
  assert.equal(parseTime("01:02:03"), 3723);
  assert.ok(Number.isNaN(parseTime("soon")));
  assert.ok(Number.isNaN(parseTime("1:2:3:4")));
  assert.ok(Number.isNaN(parseTime("")));
});

test("parseHash splits a deep link into clip and time", () => {
  assert.deepEqual(parseHash("#clip-canon&t=0:08.2"), { id: "clip-canon", t: 8.2 });
  assert.deepEqual(parseHash("#clip-canon?t=12"), { id: "clip-canon", t: 12 });
  assert.deepEqual(parseHash("#clip-canon"), { id: "clip-canon", t: undefined });
  assert.ok(Number.isNaN(parseHash("#clip-canon&t=later").t));
});

test("decode leaves a malformed escape as it is", () => {
  assert.equal(decode("a%20b"), "a b");
  assert.equal(decode("a%E0b"), "a%E0b");
});
