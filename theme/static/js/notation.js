/* Hearing the Movies: notation that follows the music. Without this file the notation is an
 * <object> of the SVG; with it (clips.js fetches it when a strip is first opened) the SVG is
 * inlined, the notes sounding carry "is-on", a band marks the bar being played and a playhead
 * the moment, the staff names and clefs stay pinned at the strip's left edge, the strip follows
 * the music and a click on a note seeks there. See docs/notation.md. An ES module (clips.js adds
 * it as one); no inline code (CSP). Its parts, one job each, are in modules/notation-*.js:
 * -load (fetch and inline), -strip (a strip's state and what it shows), -events (when it shows
 * it), -score (reading the engraving), -marks (band, playhead), -pin (names and clefs), -view
 * (size, scroll); the pure arithmetic in -map, -fit and -time (unit-tested in test/). */
import { fetchStrip, inline } from "./modules/notation-load.js";
import { makeStrip } from "./modules/notation-strip.js";
import { goLive } from "./modules/notation-events.js";
import { intervals } from "./modules/notation-time.js";

const loads = new WeakMap(); // box -> "waiting" (for its disclosure), "loading", "ready", "failed"

/* A strip in a closed "Notation" disclosure: nothing is fetched until the reader opens it.
 * Returns whether the strip waits. */
function waitsForDisclosure(box) {
  const details = box.closest("details");
  if (!details || details.open) {
    return false;
  }
  if (!loads.has(box)) {
    loads.set(box, "waiting");
    details.addEventListener("toggle", function () {
      if (details.open) {
        load(box);
      }
    });
  }
  return true;
}

/* Fetch the strip's engraving and timemap, inline the engraving and make it follow its clip;
 * if either fetch fails, the <object> gets its image back (the reader still sees it). */
function load(box) {
  if (waitsForDisclosure(box) || (loads.get(box) && loads.get(box) !== "waiting")) {
    return;
  }
  loads.set(box, "loading");
  const object = box.querySelector("object.clip-notation-img");
  if (!object) {
    return;
  }
  const src = object.getAttribute("data-src") || object.getAttribute("data");
  fetchStrip(src, box.getAttribute("data-timemap-src"))
    .then(function (got) {
      inline(object, got.svg);
      const strip = makeStrip(box, got.svg, intervals(got.timemap.timemap || []), got.timemap.bars);
      if (strip) {
        goLive(strip);
      }
      loads.set(box, "ready");
    })
    .catch(function () {
      loads.set(box, "failed");
      object.setAttribute("data", src);
    });
}

/* clips.js fetched this script because a strip was opened: load the open ones now, the others
 * when they open. */
function main() {
  const boxes = Array.prototype.slice.call(document.querySelectorAll(".clip-notation[data-timemap-src]"));
  if (boxes.length && window.fetch && window.DOMParser && window.requestAnimationFrame) {
    boxes.forEach(load);
  }
}

main();
