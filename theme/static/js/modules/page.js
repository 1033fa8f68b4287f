/* The listening tools' state for the whole page, in one small object (each clip's own is
 * state.js's), and the choices of clip made on it. Every function of the tools takes it as
 * `page`: a newcomer reads the fields below to know everything they remember. */

import { audioOf, play } from "./clip.js";
import { gotoIndex, stepIndex, visibleIndex } from "./order.js";
import { seek } from "./seek.js";

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
