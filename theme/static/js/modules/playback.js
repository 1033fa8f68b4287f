/* A clip's sound as the page follows it: one clip plays at a time; its playing state, what the
 * live region says and the mini-player follow play and pause; the waveform, the moment sounding,
 * the clock and the Media Session follow its time. What the state line says: status.js. */

import { announce } from "./live.js";
import { audioOf, loopText, setState, titleOf } from "./clip.js";
import { stateOf } from "./state.js";
import { clock } from "./time.js";
import { handlers } from "./page.js";
import { progress, recue } from "./seek.js";
import { withPlayer } from "./lazy.js";
import { afterPause } from "./status.js";

export function wirePlayback(page, fig) {
  const audio = audioOf(fig);
  audio.addEventListener("play", (event) => onPlay(page, event));
  audio.addEventListener("pause", (event) => onPause(page, event));
  const clockEl = fig.querySelector("[data-clip-clock]");
  audio.addEventListener("timeupdate", () => {
    progress(page, fig, audio.currentTime);
    showClock(clockEl, audio.currentTime);
  });
  ["seeked", "ratechange", "loadedmetadata"].forEach((type) => {
    audio.addEventListener(type, () => {
      if (page.current === fig && !audio.paused && page.session) {
        page.session.position(fig);
      }
    });
  });
  audio.addEventListener("loadedmetadata", () => recue(fig));
  fig.addEventListener("focusin", () => {
    page.current = fig;
  });
}

/* Shown only while playing, on the narrowest screens (player.css); cheap when unchanged. */
function showClock(el, t) {
  const text = clock(t);
  if (el && el.textContent !== text) {
    el.textContent = text;
  }
}

function onPlay(page, event) {
  const audio = event.target;
  const fig = audio.closest && audio.closest("figure.clip");
  pauseOthers(page, audio);
  if (!fig) {
    return;
  }
  page.current = fig;
  page.figures.forEach((f) => f.classList.remove("is-cued"));
  fig.classList.add("is-playing");
  setState(fig, loopText(fig) || "Playing");
  announce("Playing: " + titleOf(fig));
  withPlayer(page, () => {
    if (page.current === fig && !audioOf(fig).paused) {
      page.mini.showBar(page.bar, fig, true);
      page.session.startSession(fig, handlers(page));
    }
  });
}

/* Any other sound of the page pauses; a comparison's old version plays on until the new one
 * sounds (modules/compare.js). */
function pauseOthers(page, audio) {
  document.querySelectorAll("audio, video").forEach((other) => {
    const keeps = (compare) => compare && compare.handingOver(other, audio);
    if (other !== audio && !other.paused && !keeps(page.compare)) {
      other.pause();
    }
  });
}

function onPause(page, event) {
  const fig = event.target.closest && event.target.closest("figure.clip");
  if (!fig) {
    return;
  }
  const audio = event.target;
  const state = stateOf(fig);
  fig.classList.remove("is-playing");
  const then = afterPause({
    handedOver: state.handedOver,
    ended: audio.ended,
    at: audio.currentTime,
    bar: barFor(page, fig),
  });
  state.handedOver = false; // a comparison's hand-over is over once its pause has come
  setState(fig, then.state);
  if (then.say) {
    announce(then.say + ": " + titleOf(fig));
  }
  if (then.bar === "hide") {
    page.mini.hide(page.bar);
  } else if (then.bar === "show") {
    page.mini.showBar(page.bar, fig, false);
  }
}

/* The mini-player as the clip `fig` sees it (afterPause's `bar`). */
function barFor(page, fig) {
  if (!page.bar || page.bar.fig !== fig) {
    return "other";
  }
  return page.mini.isShowing(page.bar) ? "shown" : "closed";
}
