/* The keyboard shortcuts at work: each does its job on the clip in hand (page.js's clipInHand,
 * as the help says). Which key names which shortcut, and which presses count: keymap.js; the
 * list the reader sees: help.js; the switch that turns them off: shortcuts.js. */

import { audioOf, play } from "./clip.js";
import { shortcutsOn } from "./shortcuts.js";
import { isShortcutPress, shortcutFor } from "./keymap.js";
import { clipInHand, gotoClip, playingClip, stepClip } from "./page.js";
import { seek } from "./seek.js";
import { loadHelp, loadLoop, loadSpeed, nextVersion } from "./lazy.js";

/* Each shortcut's job (keymap.js names them), on the clip `fig`, with the shortcut's argument.
 * A job that returns false did nothing: the key stays the browser's. */
const JOBS = {
  help: (page) => loadHelp(page).then((m) => m.openHelp()),
  loop: (page, fig) => loadLoop(page).then((m) => m.toggleLoop(fig)),
  speed: (page, fig, { step }) => loadSpeed(page).then((m) => m.stepRate(fig, step)),
  clip: (page, fig, { step }) => moveClip(page, fig, step),
  version: (page, fig) => switchVersion(page, fig),
  playPause: (page, fig) => playOrPause(audioOf(fig)),
  skip: (page, fig, { by }) => seek(page, fig, audioOf(fig).currentTime + by, false),
  moment: (page, fig, { index }) => playMoment(page, fig, index),
};

export function onKey(page, event) {
  if (!isShortcutPress(event) || !shortcutsOn()) {
    return;
  }
  const shortcut = shortcutFor(event.key);
  if (shortcut && JOBS[shortcut.name](page, clipInHand(page), shortcut) !== false) {
    event.preventDefault();
  }
}

/* "n" / "p": while a clip plays, the next or previous one plays, as a player's "next" does;
 * otherwise the focus moves to it. */
function moveClip(page, fig, step) {
  if (playingClip(page)) {
    stepClip(page, fig, step);
    page.current.scrollIntoView({ block: "center" });
  } else {
    gotoClip(page, step);
  }
}

/* "v": the next version of the comparison holding the clip; false outside one. */
function switchVersion(page, fig) {
  if (!fig.closest("[data-compare]")) {
    return false;
  }
  nextVersion(page, fig);
}

function playOrPause(audio) {
  if (audio.paused) {
    play(audio);
  } else {
    audio.pause();
  }
}

/* "1" to "9": play the clip from that moment; false when it has no such moment. */
function playMoment(page, fig, index) {
  const moment = fig.querySelectorAll(".clip-moment")[index];
  if (!moment) {
    return false;
  }
  seek(page, fig, parseFloat(moment.getAttribute("data-at")), true);
}
