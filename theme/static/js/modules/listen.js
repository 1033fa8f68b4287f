/* The listening tools: what the clips do once the reader shows an intent to listen. clips.js
 * (with the page) draws what must be drawn at load and fetches this module on the reader's first
 * sign of intent (a pointer or focus on a clip, a key, a play, a link to a clip); `start` wires
 * everything, and clips.js then hands over the events that came while this was on its way.
 * What it adds, and the keyboard shortcuts: theme/README.md. The page's state is one object
 * (page.js); the jobs are in the other modules, one each: a clip's controls (controls.js), its
 * sound (playback.js), the keys (keys.js), the tools fetched on first use (lazy.js). */
import { parseHash } from "./time.js";
import { makeLiveRegion } from "./live.js";
import { setState } from "./clip.js";
import { cueOf } from "./status.js";
import { makePage } from "./page.js";
import { seek } from "./seek.js";
import { wireControls, wireToolsToggle } from "./controls.js";
import { wirePlayback } from "./playback.js";
import { onKey } from "./keys.js";
import { loadCompare, loadCompareWhenNear } from "./lazy.js";

/* Wire every clip of the page (clips.js calls it once). */
export function start() {
  const page = makePage(Array.from(document.querySelectorAll("figure.clip")));
  makeLiveRegion();
  page.figures.forEach((fig) => {
    wireControls(page, fig);
    wirePlayback(page, fig);
  });
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
