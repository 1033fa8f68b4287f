// Unit tests of modules/position.js: the waveform's played part, the time a click on it names,
// and whether a deep link's cue must be set again once the clip's metadata is known.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CUE_TOLERANCE, needsCue, playedWidth, timeAtX } from "../modules/position.js";

test("the played part grows with the time and stops at the waveform's end", () => {
  assert.equal(playedWidth(0, 40, 1000), 0);
  assert.equal(playedWidth(10, 40, 1000), 250);
  assert.equal(playedWidth(40, 40, 1000), 1000);
  assert.equal(playedWidth(41.5, 40, 1000), 1000); // a clip's last frame may pass its duration
});

test("a click on the waveform names the time at that fraction of its width", () => {
  assert.equal(timeAtX(100, 100, 400, 40), 0);
  assert.equal(timeAtX(200, 100, 400, 40), 10);
  assert.equal(timeAtX(500, 100, 400, 40), 40);
});

test("a cue is set again only when the player has drifted from it", () => {
  assert.equal(needsCue(null, 0), false); // no cue kept
  assert.equal(needsCue(12, 12), false);
  assert.equal(needsCue(12, 12 + CUE_TOLERANCE), false);
  assert.equal(needsCue(12, 0), true); // the player started from the beginning
  assert.equal(needsCue(0, 3), true); // a cue at 0:00 is a cue too
});
