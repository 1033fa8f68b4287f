// Unit tests of modules/choices.js: which clip is on screen and which one "n" / "p", the
// mini-player and the system's media keys go to; the waveform's played part and the time a click
// on it names; whether a link's cue must be set again; what the state line says when a link cues
// a clip and when it pauses.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CUE_TOLERANCE,
  afterPause,
  cueOf,
  gotoIndex,
  needsCue,
  playedWidth,
  stepIndex,
  timeAtX,
  visibleIndex,
} from "../modules/choices.js";

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

test("a link's time cues the clip there, in the page's one time format", () => {
  assert.deepEqual(cueOf(8.8, 40), { at: 8.8, text: "Cued at 0:08.8" });
  assert.deepEqual(cueOf(83, 120), { at: 83, text: "Cued at 1:23" });
});

test("a time past the end cues the end and says what the link asked for", () => {
  assert.deepEqual(cueOf(95, 40.5), {
    at: 40.5,
    text: "Cued at the end, 0:40.5: the link asked for 1:35",
  });
});

test("a clip of unknown duration is cued where the link says", () => {
  assert.deepEqual(cueOf(95, 0), { at: 95, text: "Cued at 1:35" });
});

const paused = (bar) => afterPause({ handedOver: false, ended: false, at: 12.4, bar });

test("a pause says where, and the mini-player showing the clip shows it paused", () => {
  assert.deepEqual(paused("shown"), { state: "Paused at 0:12.4", say: "Paused", bar: "show" });
  assert.deepEqual(paused("other"), { state: "Paused at 0:12.4", say: "Paused", bar: "" });
});

test("a pause from the mini-player's close button is not announced twice", () => {
  assert.deepEqual(paused("closed"), { state: "Paused at 0:12.4", say: "", bar: "" });
});

test("the end says Finished and puts the mini-player away if it showed the clip", () => {
  const ended = (bar) => afterPause({ handedOver: false, ended: true, at: 40, bar });
  assert.deepEqual(ended("shown"), { state: "Finished", say: "Finished", bar: "hide" });
  assert.deepEqual(ended("other"), { state: "Finished", say: "Finished", bar: "" });
  assert.deepEqual(ended("closed"), { state: "Finished", say: "Finished", bar: "" });
});

test("a comparison's hand-over clears the state line and leaves the rest to the switch", () => {
  for (const ended of [false, true]) {
    for (const bar of ["shown", "other", "closed"]) {
      assert.deepEqual(afterPause({ handedOver: true, ended, at: 9, bar }), {
        state: "",
        say: "",
        bar: "",
      });
    }
  }
});
