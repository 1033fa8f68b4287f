/* A clip's position: moving it, and showing it (the waveform's played part, the moment
 * sounding, the mini-player). The arithmetic is position.js's and moments.js's. */

import { audioOf, durationOf, play } from "./clip.js";
import { clampTime, momentIndexAt } from "./moments.js";
import { needsCue, playedWidth } from "./position.js";
import { stateOf } from "./state.js";

/* Seek a clip to `seconds` (andPlay: and play it); it becomes the clip the shortcuts act on.
 * Before anything has loaded the browser keeps the position as the default start position; the
 * clip's `pendingTime` keeps it too, and `recue` applies it once metadata is known, to be sure. */
export function seek(page, fig, seconds, andPlay) {
  const audio = audioOf(fig);
  const state = stateOf(fig);
  const t = clampTime(seconds, durationOf(fig));
  page.current = fig;
  state.pendingTime = audio.readyState < 1 ? t : null;
  try {
    audio.currentTime = t;
  } catch {
    state.pendingTime = t;
  }
  progress(page, fig, t);
  if (andPlay) {
    play(audio);
  }
}

/* On "loadedmetadata": the cue kept for the clip, if the player has not kept it. */
export function recue(fig) {
  const audio = audioOf(fig);
  const state = stateOf(fig);
  const t = state.pendingTime;
  state.pendingTime = null;
  if (needsCue(t, audio.currentTime)) {
    audio.currentTime = t;
  }
}

/* Show the clip at `t` seconds: the waveform, the moment sounding, the mini-player. */
export function progress(page, fig, t) {
  showPlayed(fig, t);
  showMoment(fig, t);
  if (page.bar) {
    page.mini.updateBar(page.bar, fig, t);
  }
}

/* The waveform's played copy, drawn by clips.js at load, is clipped to this rect's width. */
function showPlayed(fig, t) {
  const rect = fig.querySelector(".clip-wave-progress");
  const dur = durationOf(fig);
  if (rect && dur) {
    const width = rect.ownerSVGElement.viewBox.baseVal.width;
    rect.setAttribute("width", String(playedWidth(t, dur, width)));
  }
}

/* The moment sounding is marked aria-current="time" (and highlighted), the others not. */
function showMoment(fig, t) {
  const moments = Array.from(fig.querySelectorAll(".clip-moment"));
  const now = momentIndexAt(
    moments.map((m) => parseFloat(m.getAttribute("data-at"))),
    t
  );
  moments.forEach((moment, i) => {
    if (i === now) {
      moment.setAttribute("aria-current", "time");
    } else {
      moment.removeAttribute("aria-current");
    }
  });
}
