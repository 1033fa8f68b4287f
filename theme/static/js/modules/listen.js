/* The listening tools: what the clips do once the reader shows an intent to listen. clips.js
 * (with the page) draws what must be drawn at load and fetches this module on the reader's first
 * sign of intent (a pointer or focus on a clip, a key, a play, a link to a clip); `start` wires
 * everything, and clips.js then hands over the events that came while this was on its way.
 * What it adds, and the keyboard shortcuts: theme/README.md. Here: what the page as a whole
 * hears (links to a clip, the shortcuts). The page's state is one object (page.js); the other
 * jobs are in their modules: one clip's controls and sound (wire-clip.js), the tools fetched on
 * first use (lazy.js), the choices as pure functions (choices.js, keymap.js). */
import { parseHash } from "./time.js";
import { makeLiveRegion } from "./live.js";
import { audioOf, play, setState } from "./clip.js";
import { shortcutsOn } from "./shortcuts.js";
import { cueOf } from "./choices.js";
import { isShortcutPress, shortcutFor } from "./keymap.js";
import { clipInHand, gotoClip, makePage, playingClip, seek, stepClip } from "./page.js";
import { wireClip, wireToolsToggle } from "./wire-clip.js";
import {
  loadCompare,
  loadCompareWhenNear,
  loadHelp,
  loadLoop,
  loadSpeed,
  nextVersion,
} from "./lazy.js";

/* Wire every clip of the page (clips.js calls it once). */
export function start() {
  const page = makePage(Array.from(document.querySelectorAll("figure.clip")));
  makeLiveRegion();
  page.figures.forEach((fig) => wireClip(page, fig));
  page.figures.forEach(wireToolsToggle);
  loadCompareWhenNear(page);
  document.addEventListener("keydown", (event) => onKey(page, event));
  window.addEventListener("hashchange", () => followHash(page));
  followHash(page);
}

/* #clip-<id>&t=1:23 (also ?t= or t=<seconds>): scroll to the clip and cue it there. Nothing
 * is downloaded: the time is kept as the player's start position (and in the clip's state),
 * and the sound, its metadata included, loads only when the reader presses play. */
function followHash(page) {
  const link = parseHash(location.hash);
  const fig = link.id && document.getElementById(link.id);
  if (!fig || !fig.classList.contains("clip")) {
    return;
  }
  page.current = fig;
  if (fig.closest("[data-compare]") && !page.compare) {
    loadCompare(page); // clips.js has shown the version the link names (nothing moves meanwhile)
  }
  const revealed = page.compare && page.compare.reveal(fig); // a version that was put away
  if (link.t === undefined) {
    if (revealed) {
      fig.scrollIntoView({ block: "start" });
    }
    return; // a plain #clip-<id>: the browser has already scrolled there
  }
  fig.scrollIntoView({ block: "start" });
  fig.setAttribute("tabindex", "-1");
  fig.focus({ preventScroll: true });
  if (!isNaN(link.t)) {
    cue(page, fig, link.t);
  }
}

/* Cue a clip at a link's time `t`, without playing it; its state line says where. */
function cue(page, fig, t) {
  const cued = cueOf(t, parseFloat(fig.getAttribute("data-duration")) || 0);
  seek(page, fig, cued.at, false);
  fig.classList.add("is-cued");
  setState(fig, cued.text);
}

/* --- The keyboard shortcuts ------------------------------------------------------------------ */
/* Which key names which shortcut, and which presses count: keymap.js; the list the reader sees:
 * help.js; the switch that turns them off: shortcuts.js. */

/* Each shortcut's job (keymap.js names them) on the clip in hand (page.js's clipInHand, as the
 * help says), with the shortcut's argument. A job that returns false did nothing: the key stays
 * the browser's. */
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

function onKey(page, event) {
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
