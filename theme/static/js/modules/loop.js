/* Loop one listen-for moment: the span from a moment to the next one (or to the end).
 * The loop follows the reader: seeking elsewhere (a moment button, the waveform, the native
 * slider, j / l) loops the moment found there. A clip without moments loops whole. */

import { announce } from "./live.js";
import { audioOf, durationOf, momentsOf, play } from "./clip.js";
import { clock } from "./time.js";

const EARLY = 0.03; // seconds before the span's end at which it jumps back

/* The span [start, end) of the moment sounding at `t`, with the moment's text. */
export function spanAt(fig, t) {
  const moments = momentsOf(fig);
  const dur = durationOf(fig);
  let i = -1;
  for (let k = 0; k < moments.length; k++) {
    if (moments[k].at <= t + 0.25) {
      i = k;
    }
  }
  if (!moments.length) {
    return { start: 0, end: dur, text: "the whole clip", el: null };
  }
  if (i < 0) {
    return { start: 0, end: moments[0].at, text: "the opening", el: null };
  }
  const text = moments[i].el.querySelector(".clip-moment-text");
  return {
    start: moments[i].at,
    end: i + 1 < moments.length ? moments[i + 1].at : dur,
    text: text ? text.textContent.trim() : "",
    el: moments[i].el,
  };
}

function show(fig) {
  const span = fig.loopSpan;
  const button = fig.querySelector("[data-loop]");
  const out = fig.querySelector("[data-loop-span]");
  if (button) {
    button.setAttribute("aria-pressed", String(!!span));
  }
  if (out) {
    out.textContent = span ? clock(span.start) + "\u2013" + clock(span.end) : "";
  }
  momentsOf(fig).forEach(function (m) {
    m.el.classList.toggle("is-looped", !!span && m.el === span.el);
  });
}

function say(fig) {
  const span = fig.loopSpan;
  announce(
    span
      ? "Looping " + clock(span.start) + " to " + clock(span.end) + (span.text ? ": " + span.text : "")
      : "Loop off"
  );
}

function jump(fig, t) {
  fig.loopJumping = true;
  audioOf(fig).currentTime = t;
}

export function setLoop(fig, on) {
  const audio = audioOf(fig);
  fig.loopSpan = on ? spanAt(fig, audio.currentTime) : null;
  show(fig);
  say(fig);
  if (on) {
    watch(fig);
  }
}

export function toggleLoop(fig) {
  setLoop(fig, !fig.loopSpan);
}

/* While looping and playing, check every frame (timeupdate alone comes only every 250 ms). */
function watch(fig) {
  const audio = audioOf(fig);
  if (fig.loopFrame || audio.paused) {
    return;
  }
  function tick() {
    fig.loopFrame = 0;
    const span = fig.loopSpan;
    if (!span || audio.paused) {
      return;
    }
    // While a seek is under way, it is the reader's (or ours): the "seeking" handler decides.
    if (!audio.seeking && audio.currentTime >= span.end - EARLY) {
      jump(fig, span.start);
    }
    fig.loopFrame = window.requestAnimationFrame(tick);
  }
  fig.loopFrame = window.requestAnimationFrame(tick);
}

export function wireLoop(fig) {
  const audio = audioOf(fig);
  const button = fig.querySelector("[data-loop]");
  if (button) {
    button.addEventListener("click", function () {
      toggleLoop(fig);
    });
  }
  audio.addEventListener("play", function () {
    watch(fig);
  });
  // During a seek currentTime already reads the new position: follow it at once, before the
  // next frame's check could take it for the end of the span.
  audio.addEventListener("seeking", function () {
    const span = fig.loopSpan;
    if (fig.loopJumping) {
      fig.loopJumping = false;
      return;
    }
    const t = audio.currentTime;
    if (span && (t < span.start - 0.25 || t >= span.end)) {
      fig.loopSpan = spanAt(fig, t);
      show(fig);
      say(fig);
    }
  });
  // A span that runs to the end of the clip: if the frame check missed the end, start again.
  audio.addEventListener("ended", function () {
    if (fig.loopSpan) {
      jump(fig, fig.loopSpan.start);
      play(audio);
    }
  });
}
