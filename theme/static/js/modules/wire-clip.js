/* Wire one clip: its controls, made by clips.js at load (the moment buttons and their "Link",
 * the waveform, the tools: Loop, speed, "Link to now", and on phones the "Tools" menu that holds
 * them), and its sound as the page follows it (one clip plays at a time; its playing state, what
 * the live region says and the mini-player follow play and pause; the waveform, the moment
 * sounding, the clock and the Media Session follow its time). What the tools do is in their
 * modules, fetched on first use (lazy.js); what the state line says, choices.js. */

import { announce } from "./live.js";
import { audioOf, durationOf, loopText, setState, titleOf } from "./clip.js";
import { rove } from "./roving.js";
import { stateOf } from "./state.js";
import { clock } from "./time.js";
import { afterPause, timeAtX } from "./choices.js";
import { handlers, progress, recue, seek } from "./page.js";
import { loadLinks, loadLoop, loadSpeed, withPlayer } from "./lazy.js";

export function wireClip(page, fig) {
  wireControls(page, fig);
  wirePlayback(page, fig);
}

/* --- Its controls ---------------------------------------------------------------------------- */

function wireControls(page, fig) {
  wireMoments(page, fig);
  wireWave(page, fig);
  wireTools(page, fig);
  // Fewer Tab stops: the toolbar is one, the list of moments is one (arrow keys inside).
  const tools = fig.querySelector("[data-clip-tools]");
  if (tools) {
    rove(tools, "button");
  }
  const moments = fig.querySelector(".clip-moments");
  if (moments) {
    rove(moments, ".clip-moment, .clip-moment-copy");
  }
}

/* Each moment button plays its clip from its time; "Link" beside it copies a link to that
 * time. */
function wireMoments(page, fig) {
  fig.querySelectorAll("button.clip-moment").forEach((button) => {
    const at = parseFloat(button.getAttribute("data-at"));
    button.addEventListener("click", () => seek(page, fig, at, true));
    const copy = button.parentNode.querySelector(".clip-moment-copy");
    if (copy) {
      copy.addEventListener("click", () => loadLinks(page).then((m) => m.copyLink(fig, at)));
    }
  });
}

/* The waveform seeks where it is clicked, and plays from there. */
function wireWave(page, fig) {
  const svg = fig.querySelector(".clip-wave");
  if (!svg) {
    return;
  }
  svg.addEventListener("click", (event) => {
    const box = svg.getBoundingClientRect();
    seek(page, fig, timeAtX(event.clientX, box.left, box.width, durationOf(fig)), true);
  });
}

/* Loop and speed buttons, the browser's own speed menu, and "Link to now". */
function wireTools(page, fig) {
  const audio = audioOf(fig);
  const loopButton = fig.querySelector("[data-loop]");
  if (loopButton) {
    loopButton.addEventListener("click", () => loadLoop(page).then((m) => m.toggleLoop(fig)));
  }
  fig.querySelectorAll("[data-rate]").forEach((button) => {
    button.addEventListener("click", () =>
      loadSpeed(page).then((m) => m.setRate(fig, parseFloat(button.getAttribute("data-rate"))))
    );
  });
  audio.addEventListener("ratechange", () => loadSpeed(page).then((m) => m.showRate(fig)));
  const copyNow = fig.querySelector("[data-copy-now]");
  if (copyNow) {
    copyNow.addEventListener("click", () =>
      loadLinks(page).then((m) => m.copyLink(fig, audio.currentTime))
    );
  }
}

/* On phones the tools fold behind "Tools" (css/player.css): it opens them as a menu over the
 * card, and Escape, a click elsewhere or a chosen tool closes them. */
export function wireToolsToggle(fig) {
  const toggle = fig.querySelector("[data-tools-toggle]");
  if (!toggle) {
    return;
  }
  const menu = toggle.parentElement;
  const isOpen = () => toggle.getAttribute("aria-expanded") === "true";
  const set = (open) => toggle.setAttribute("aria-expanded", String(open));
  toggle.addEventListener("click", () => set(!isOpen()));
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) {
      set(false);
      toggle.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (!menu.contains(event.target)) {
      set(false);
    }
  });
  // A tool chosen from the menu closes it (the card's state line says what it did).
  menu.addEventListener("click", (event) => {
    const tool = event.target.closest("button");
    if (tool && tool !== toggle && isOpen()) {
      set(false);
      toggle.focus();
    }
  });
}

/* --- Its sound ------------------------------------------------------------------------------- */

function wirePlayback(page, fig) {
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
