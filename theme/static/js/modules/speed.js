/* The speed control of a clip's toolbar: 0.5x, 0.75x, 1x, pitch kept. Fetched by clips.js on
 * first use (a speed button, "<" or ">", or the browser's own speed menu). */

import { announce } from "./live.js";
import { audioOf, titleOf } from "./clip.js";

export const RATES = [0.5, 0.75, 1];

function label(rate) {
  return String(rate) + "\u00D7";
}

export function rateOf(fig) {
  return audioOf(fig).playbackRate || 1;
}

/* Set the speed; `defaultPlaybackRate` too, so it survives the load that play() starts. */
export function setRate(fig, rate) {
  const audio = audioOf(fig);
  audio.preservesPitch = true;
  audio.defaultPlaybackRate = rate;
  audio.playbackRate = rate;
  showRate(fig);
  announce("Speed " + label(rate) + ": " + titleOf(fig));
}

/* One step slower (-1) or faster (+1) than now, within RATES. */
export function stepRate(fig, step) {
  const now = RATES.indexOf(rateOf(fig));
  const next = RATES[Math.max(0, Math.min(RATES.length - 1, (now < 0 ? RATES.length - 1 : now) + step))];
  setRate(fig, next);
}

/* Keep the buttons true to the speed, whoever changed it (these buttons, the keys, the browser's
 * own menu). */
export function showRate(fig) {
  const rate = audioOf(fig).playbackRate;
  fig.querySelectorAll("[data-rate]").forEach((button) => {
    button.setAttribute("aria-pressed", String(parseFloat(button.getAttribute("data-rate")) === rate));
  });
}
