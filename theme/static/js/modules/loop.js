/* Loop one listen-for moment: the span from a moment to the next one (or to the end).
 * The loop follows the reader: seeking elsewhere (a moment button, the waveform, the native
 * slider, j / l) loops the moment found there. A clip without moments loops whole. The span
 * is computed by moments.js (pure, unit-tested); it is shown in the clip's state line, which
 * never changes the card's size, and on its moment (↻). */

import { announce } from "./live.js";
import { audioOf, durationOf, loopText, momentsOf, pausedText, play, setState } from "./clip.js";
import { leavesSpan, loopBounds } from "./moments.js";
import { stateOf } from "./state.js";
import { stamp } from "./time.js";

const EARLY = 0.03; // seconds before the span's end at which it jumps back

/* The span [start, end) of the moment sounding at `t`, with the moment's text and element. */
export function spanAt(fig, t) {
  const moments = momentsOf(fig);
  const span = loopBounds(
    moments.map((m) => m.at),
    t,
    durationOf(fig)
  );
  const moment = span.index >= 0 ? moments[span.index] : null;
  const text = moment && moment.el.querySelector(".clip-moment-text");
  return {
    ...span,
    text: text ? text.textContent.trim() : moments.length ? "the opening" : "the whole clip",
    el: moment ? moment.el : null,
  };
}

function show(fig) {
  const span = stateOf(fig).loop;
  const button = fig.querySelector("[data-loop]");
  if (button) {
    button.setAttribute("aria-pressed", String(!!span));
  }
  const audio = audioOf(fig);
  if (span) {
    setState(fig, loopText(fig));
  } else if (!audio.paused) {
    setState(fig, "Playing");
  } else {
    setState(fig, audio.currentTime > 0 ? pausedText(audio.currentTime) : "");
  }
  momentsOf(fig).forEach((m) => {
    m.el.classList.toggle("is-looped", !!span && m.el === span.el);
  });
}

function say(fig) {
  const span = stateOf(fig).loop;
  announce(
    span
      ? "Looping " + stamp(span.start) + " to " + stamp(span.end) + (span.text ? ": " + span.text : "")
      : "Loop off"
  );
}

function jump(fig, t) {
  stateOf(fig).loopJumping = true;
  audioOf(fig).currentTime = t;
}

export function setLoop(fig, on) {
  stateOf(fig).loop = on ? spanAt(fig, audioOf(fig).currentTime) : null;
  show(fig);
  say(fig);
  if (on) {
    watch(fig);
  }
}

export function toggleLoop(fig) {
  setLoop(fig, !stateOf(fig).loop);
}

/* While looping and playing, check every frame (timeupdate alone comes only every 250 ms). */
function watch(fig) {
  const audio = audioOf(fig);
  const state = stateOf(fig);
  if (state.loopFrame || audio.paused) {
    return;
  }
  function tick() {
    state.loopFrame = 0;
    const span = state.loop;
    if (!span || audio.paused) {
      return;
    }
    // While a seek is under way, it is the reader's (or ours): the "seeking" handler decides.
    if (!audio.seeking && audio.currentTime >= span.end - EARLY) {
      jump(fig, span.start);
    }
    state.loopFrame = window.requestAnimationFrame(tick);
  }
  state.loopFrame = window.requestAnimationFrame(tick);
}

export function wireLoop(fig) {
  const audio = audioOf(fig);
  const state = stateOf(fig);
  audio.addEventListener("play", () => watch(fig));
  // During a seek currentTime already reads the new position: follow it at once, before the
  // next frame's check could take it for the end of the span.
  audio.addEventListener("seeking", () => {
    if (state.loopJumping) {
      state.loopJumping = false;
      return;
    }
    const t = audio.currentTime;
    if (state.loop && leavesSpan(state.loop, t)) {
      state.loop = spanAt(fig, t);
      show(fig);
      say(fig);
    }
  });
  // A span that runs to the end of the clip: if the frame check missed the end, start again.
  audio.addEventListener("ended", () => {
    if (state.loop) {
      jump(fig, state.loop.start);
      play(audio);
    }
  });
}
