// Unit tests of modules/wave.js: the waveform drawn from its peaks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wavePath } from "../modules/wave.js";

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
