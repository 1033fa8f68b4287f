/* The listening tools' choices, as numbers and text: which clip is on screen and which one
 * "next" goes to, where in a clip the waveform shows it and a click on it lands, what a clip's
 * state line says. Pure functions (unit-tested in ../test/choices.test.mjs); page.js, listen.js
 * and wire-clip.js apply them to the page. */

import { pausedText } from "./clip.js";
import { stamp } from "./time.js";

/* --- Which clip ------------------------------------------------------------------------------ */

/* Of clips whose boxes are `boxes` ({top, bottom} in px from the window's top, in page order),
 * in a window `height` px tall: the first on screen; else the last one scrolled past; else the
 * first. */
export function visibleIndex(boxes, height) {
  let passed = 0;
  for (let i = 0; i < boxes.length; i++) {
    if (boxes[i].bottom > 0 && boxes[i].top < height) {
      return i;
    }
    if (boxes[i].bottom <= 0) {
      passed = i;
    }
  }
  return passed;
}

/* Where "n" / "p" move the focus while nothing plays, from clip `i` (-1: not among the `count`
 * shown) by `step`: the neighbour, staying at either end; the first when `i` is -1. */
export function gotoIndex(i, step, count) {
  return i < 0 ? 0 : Math.max(0, Math.min(count - 1, i + step));
}

/* Which clip "next" / "previous" plays (the mini-player, the system's media keys, "n" / "p"
 * while a clip plays), from clip `i` by `step`: the neighbour, or -1 past either end (nothing
 * plays then). */
export function stepIndex(i, step, count) {
  const next = i + step;
  return next >= 0 && next < count ? next : -1;
}

/* --- Where in a clip ------------------------------------------------------------------------- */

/* How far (seconds) the player may be from a cue, once its metadata is known, and keep it. */
export const CUE_TOLERANCE = 0.25;

/* The width of the played part of a waveform `width` wide, at `t` in a clip of `duration` s. */
export function playedWidth(t, duration, width) {
  return (Math.min(t, duration) / duration) * width;
}

/* The time named by a click at `x` (px, as clientX) on a waveform whose box starts at `left`
 * and is `width` px wide, in a clip of `duration` s. */
export function timeAtX(x, left, width, duration) {
  return ((x - left) / width) * duration;
}

/* Whether the cue kept for a clip (`pending` s, null for none) must be set again, the player
 * being at `now` s once it knows the clip's metadata. */
export function needsCue(pending, now) {
  return pending != null && Math.abs(now - pending) > CUE_TOLERANCE;
}

/* --- What the state line says ---------------------------------------------------------------- */

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
