/* The listening tools' state for the whole page, in one small object (each clip's own is
 * state.js's), and what the tools do with it: choose a clip, move a clip's position and show it.
 * Every function of the tools takes the object as `page`: a newcomer reads the fields of
 * makePage to know everything they remember. The arithmetic is choices.js's and moments.js's. */

import { audioOf, durationOf, play } from "./clip.js";
import { clampTime, momentIndexAt } from "./moments.js";
import { stateOf } from "./state.js";
import { gotoIndex, needsCue, playedWidth, stepIndex, visibleIndex } from "./choices.js";

export function makePage(figures) {
  return {
    figures, // every <figure class="clip"> of the page, in order
    current: null, // the clip the shortcuts act on: the one last played, cued, focused or chosen
    fetched: {}, // the modules fetched on first use (lazy.js): name -> the promise of the module
    compare: null, // modules/compare.js, once fetched
    mini: null, // modules/miniplayer.js, fetched on the first play
    session: null, // modules/session.js, fetched with it
    bar: null, // the mini-player (miniplayer.js's object), made then
  };
}

/* What the mini-player, the system's media controls and a comparison may do to the page: seek
 * a clip (andPlay: and play it), play the previous (-1) or next (+1) clip. */
export function handlers(page) {
  return {
    seek: (fig, t, andPlay) => seek(page, fig, t, andPlay),
    step: (fig, step) => stepClip(page, fig, step),
  };
}

/* --- Which clip ------------------------------------------------------------------------------ */

/* The clips a reader can see: a comparison shows one version at a time. */
export function shownFigures(page) {
  return page.figures.filter((fig) => fig.getClientRects().length > 0);
}

/* The first clip on screen; else the last one scrolled past; else the first. */
export function visibleClip(page) {
  const shown = shownFigures(page);
  const boxes = shown.map((fig) => fig.getBoundingClientRect());
  return shown[visibleIndex(boxes, window.innerHeight)];
}

/* The clip playing, if one is. */
export function playingClip(page) {
  return page.figures.find((fig) => !audioOf(fig).paused) || null;
}

/* The clip the shortcuts act on, as the help says: the clip playing, else the one last used,
 * else the first on screen. */
export function clipInHand(page) {
  return playingClip(page) || page.current || visibleClip(page);
}

/* "n" / "p" while nothing plays: move to the next or previous clip, without playing it. */
export function gotoClip(page, step) {
  const shown = shownFigures(page);
  const from = page.current || visibleClip(page);
  const next = shown[gotoIndex(shown.indexOf(from), step, shown.length)];
  page.current = next;
  next.scrollIntoView({ block: "center" });
  audioOf(next).focus({ preventScroll: true });
}

/* Previous / next clip from the mini-player, the system's media controls or "n" / "p" while a
 * clip plays: play it, as a player's "next" does. */
export function stepClip(page, fig, step) {
  const shown = shownFigures(page);
  const next = shown[stepIndex(shown.indexOf(fig), step, shown.length)];
  if (next) {
    page.current = next;
    play(audioOf(next));
  }
}

/* --- A clip's position ----------------------------------------------------------------------- */

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
