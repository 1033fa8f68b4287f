// Unit tests of modules/wave.js: the waveform drawn from its peaks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { markPath, momentSeconds, wavePath } from "../modules/wave.js";

test("one bar per peak, 2 units apart, centred on y = 24", () => {
  // half-heights 1, 11, 5 (in steps of 2 units): bars of 4, 44 and 20 units
  assert.equal(wavePath("blf"), "M1 22v4m2-24v44m2-32v20");
});

test("a zero peak still draws a hairline, and stray characters are skipped", () => {
  assert.equal(wavePath("a"), "M1 22v4");
  assert.equal(wavePath("b-b"), "M1 22v4m2-4v4");
});

test("nothing to draw without peaks", () => {
  assert.equal(wavePath(""), "");
});

test("a moment's mark stands at its share of the box, to a tenth of a unit", () => {
  assert.equal(markPath(8.8, 30.711, 320), "M91.7 0v48");
  assert.equal(markPath(0, 30.711, 320), "M0.0 0v48");
  assert.equal(markPath(30.711, 30.711, 320), "M320.0 0v48");
});

test("a moment's seconds come from its datetime, tenths included", () => {
  assert.equal(momentSeconds("PT8.8S"), 8.8);
  assert.equal(momentSeconds("PT0S"), 0);
  assert.equal(momentSeconds("PT125S"), 125);
});

test("a datetime that is not seconds alone gives no time", () => {
  assert.ok(Number.isNaN(momentSeconds("PT1M5S")));
  assert.ok(Number.isNaN(momentSeconds("")));
  assert.ok(Number.isNaN(momentSeconds(null)));
});
