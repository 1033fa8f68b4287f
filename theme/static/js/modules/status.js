/* What a clip's state line says and the live region announces, decided from facts. Pure
 * functions (unit-tested in ../test/status.test.mjs); listen.js and playback.js show them. */

import { pausedText } from "./clip.js";
import { stamp } from "./time.js";

/* A link's time `t` on a clip of `duration` s (0: unknown): where to cue the clip and what its
 * state line says. A time past the end cues the end and says so. */
export function cueOf(t, duration) {
  if (duration && t > duration) {
    return {
      at: duration,
      text: "Cued at the end, " + stamp(duration) + ": the link asked for " + stamp(t),
    };
  }
  return { at: t, text: "Cued at " + stamp(t) };
}

/* Once a clip has paused: its state line (`state`), what the live region says before the
 * clip's title (`say`, "" for nothing) and what the mini-player does (`bar`: "hide", "show"
 * the clip paused, or "" nothing). The facts: `handedOver` (a comparison switched to another
 * version, which says so itself), `ended`, `at` (seconds), and `bar`: "shown" when the
 * mini-player shows this clip, "closed" when the reader closed it on this clip (it has said
 * so), "other" when it is elsewhere or not made yet. */
export function afterPause({ handedOver, ended, at, bar }) {
  if (handedOver) {
    return { state: "", say: "", bar: "" };
  }
  if (ended) {
    return { state: "Finished", say: "Finished", bar: bar === "shown" ? "hide" : "" };
  }
  return {
    state: pausedText(at),
    say: bar === "closed" ? "" : "Paused",
    bar: bar === "shown" ? "show" : "",
  };
}
