// Unit tests of modules/status.js: what a clip's state line says and the live region announces
// when a link cues it and when it pauses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { afterPause, cueOf } from "../modules/status.js";

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
