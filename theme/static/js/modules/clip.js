/* Facts about one clip's <figure class="clip">, shared by the other modules. */

import { stamp } from "./time.js";
import { stateOf } from "./state.js";

export function audioOf(fig) {
  return fig.querySelector("audio");
}

export function titleOf(fig) {
  const t = fig.querySelector(".clip-title");
  return t ? t.textContent.trim() : fig.id;
}

/* Composer and performer, as the card's credits name them ([data-composer], [data-performer]). */
export function creditsOf(fig) {
  const name = (selector) => {
    const el = fig.querySelector(selector);
    return el ? el.textContent.trim() : "";
  };
  return { composer: name("[data-composer]"), performer: name("[data-performer]") };
}

export function durationOf(fig) {
  const d = audioOf(fig).duration;
  return isFinite(d) && d > 0 ? d : parseFloat(fig.getAttribute("data-duration")) || 0;
}

/* The one-line state beside the clip's number ("Playing", "Paused at 0:12.4"). */
export function setState(fig, text) {
  const el = fig.querySelector("[data-clip-state]");
  if (el) {
    el.textContent = text;
  }
}

export function pausedText(seconds) {
  return "Paused at " + stamp(seconds);
}

/* The listen-for moments, in order: [{at: seconds, el: the moment's button or text}]. */
export function momentsOf(fig) {
  return Array.from(fig.querySelectorAll(".clip-moment"), (el) => ({
    at: parseFloat(el.getAttribute("data-at")),
    el,
  }));
}

export function play(audio) {
  const promise = audio.play();
  if (promise && promise.catch) {
    promise.catch((err) => {
      // A pause() that wins the race with play() is expected (another clip started).
      if (err && err.name !== "AbortError") {
        const fig = audio.closest("figure.clip");
        setState(fig, err.name === "NotAllowedError" ? "Press play to listen" : "Cannot play");
      }
    });
  }
}

/* "Looping 0:17.1–0:26.9" while a loop is on, else "". */
export function loopText(fig) {
  const span = stateOf(fig).loop;
  return span ? "Looping " + stamp(span.start) + "\u2013" + stamp(span.end) : "";
}
