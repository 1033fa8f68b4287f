/* One opened notation strip: its state object, and what it shows at a time (the notes sounding,
 * the band on the bar, the playhead, the pinned clefs) and whether it scrolls to show it.
 * notation-events.js decides when to show; the parts drawn are in notation-marks.js,
 * notation-pin.js and notation-view.js; the arithmetic in notation-map.js and notation-fit.js.
 *
 * The strip's element also carries two numbers for the browser tests (`box.currentBar`, the bar
 * banded, and `box.notationTime`, the time shown); nothing in the page reads them. */

import { readScore, scale } from "./notation-score.js";
import { makeMarks, place } from "./notation-marks.js";
import { makePin, updatePin } from "./notation-pin.js";
import { fit, follow } from "./notation-view.js";
import { barAt, playheadX } from "./notation-map.js";
import { shouldFollow } from "./notation-fit.js";
import { soundingAt, stoppedNotes } from "./notation-time.js";

/* The timemap's notes found in the engraving, each given its element (`el`), and those notes
 * by id. */
function findNotes(svg, timed) {
  const byId = {};
  const notes = timed.filter(function (note) {
    note.el = svg.querySelector('[id="' + note.id + '"]');
    if (note.el) {
      byId[note.id] = note;
    }
    return !!note.el;
  });
  return { notes: notes, byId: byId };
}

/* The state of the strip `box` showing `svg` (inlined) for the notes `timed` (intervals of its
 * timemap) and the timemap's bar times `barTimes` (ms); null when the strip belongs to no clip. */
export function makeStrip(box, svg, timed, barTimes) {
  const fig = box.closest("figure.clip");
  const audio = fig && fig.querySelector("audio");
  if (!audio) {
    return null;
  }
  const found = findNotes(svg, timed);
  const still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  return {
    box: box, // the .clip-notation element
    svg: svg, // the inlined engraving
    audio: audio, // the clip's player
    scroller: box.querySelector(".clip-notation-scroll") || box, // what scrolls sideways
    notes: found.notes, // the timemap's notes in the engraving, by onset ({id, on, off, el})
    byId: found.byId, // those notes by id (a click on a note seeks to it)
    barTimes: barTimes, // the timemap's bar times (ms), if it has them
    moves: !still, // the playhead glides and the strip scrolls smoothly (no reduced motion)
    lit: [], // the notes shown sounding
    frame: 0, // the animation frame following playback (0: none)
    handScrolledAt: -Infinity, // when the reader last scrolled the strip (Date.now())
    view: null, // band, playhead, pin and scale, once the engraving has a layout (layOut)
    shownBar: -1, // the bar marked last
  };
}

/* Refit the strip when its width changes (a rail opening, a window resized). */
function refitOnResize(strip) {
  if (!("ResizeObserver" in window)) {
    return;
  }
  const scroller = strip.scroller;
  let width = scroller.clientWidth;
  new ResizeObserver(function () {
    if (Math.abs(scroller.clientWidth - width) >= 1) {
      width = scroller.clientWidth;
      fit(strip.view);
      mark(strip, strip.audio.currentTime, true, false);
    }
  }).observe(scroller);
}

/* The parts that need the engraving laid out (a closed disclosure has no layout yet): read the
 * score, add the band and playhead and the pin, fit. Returns the view, or null until then. */
export function layOut(strip) {
  if (strip.view || !strip.svg.getBoundingClientRect().width) {
    return strip.view;
  }
  const score = readScore(strip.svg, strip.notes, strip.barTimes);
  if (!score) {
    return null;
  }
  strip.view = { score: score, scroller: strip.scroller, marks: makeMarks(score), pin: null };
  if (score.clefs.length) {
    strip.view.pin = makePin(score);
  }
  fit(strip.view);
  refitOnResize(strip);
  return strip.view;
}

/* Whether bar `i` is drawn wider than the strip (then the strip follows the playhead in it). */
function wider(view, i) {
  const bar = view.score.bars[i];
  return (bar.x1 - bar.x0) * scale(view.score).k > view.scroller.clientWidth;
}

/* The band on the bar at `t`, the playhead at `t` (gliding between onsets when `glide`), the
 * pinned clefs of that bar; the strip follows as `followIt` says (see shouldFollow). */
function mark(strip, t, followIt, glide) {
  const view = layOut(strip);
  if (!view) {
    return;
  }
  const score = view.score;
  const i = barAt(score, t);
  const x = playheadX(score, t, glide && strip.moves, strip.audio.duration);
  place(view.marks, score, i, x);
  if (view.pin) {
    updatePin(view.pin, score, i);
  }
  strip.box.currentBar = i; // read by the browser tests
  const wide = wider(view, i);
  if (shouldFollow(followIt, i, strip.shownBar, wide, Date.now() - strip.handScrolledAt)) {
    follow(view, i, x, strip.moves);
  }
  strip.shownBar = i;
}

/* Show the music at `t` seconds: the notes sounding lit, and the band, playhead and pin (mark). */
export function show(strip, t, followIt) {
  const audio = strip.audio;
  strip.box.notationTime = t; // the moment the highlight shows (read by the browser tests)
  const now = soundingAt(strip.notes, t);
  stoppedNotes(strip.lit, now).forEach(function (note) {
    note.el.classList.remove("is-on");
  });
  now.forEach(function (note) {
    note.el.classList.add("is-on");
  });
  strip.lit = now;
  if (t > 0 || !audio.paused) {
    strip.box.classList.add("has-position");
  }
  mark(strip, t, followIt, !audio.paused);
}
