/* What an inlined engraving says about its bars, read once (docs/notation.md, "In the page"):
 * where each bar is, when it starts, where the notes sit, and which clef each staff is in.
 * Positions are in the engraving's own units (those of its g.page-margin group), so they hold
 * at any size the strip draws it; `scale` turns them into CSS pixels when needed. The arithmetic
 * on what is read here (bar times, the playhead's path) is in notation-map.js. */

import { fillBarTimes, playheadAnchors } from "./notation-map.js";

/* The box of the first staff's lines in a measure: the bar from bar line to bar line. */
function barBox(measure) {
  const staff = measure.querySelector(".staff");
  const line = staff && staff.querySelector(":scope > path");
  const box = (line || measure).getBBox();
  return { x0: box.x, x1: box.x + box.width };
}

/* Where a note's head sits: the first glyph drawn in it (the head; accidentals come later). */
function noteX(el) {
  const head = el.querySelector("use[x]");
  return head ? parseFloat(head.getAttribute("x")) : el.getBBox().x;
}

/* Bar start times: the timemap's own (`given`, one per measure, in ms) when it has them, else
 * from the earliest note starting in each bar (see fillBarTimes). */
function barTimes(measures, notes, given) {
  if (given && given.length === measures.length) {
    return given.map(function (ms) {
      return ms / 1000;
    });
  }
  const byId = {};
  notes.forEach(function (note) {
    byId[note.id] = note;
  });
  const firsts = measures.map(function (measure) {
    let first = Infinity;
    measure.querySelectorAll(".note[id]").forEach(function (el) {
      const note = byId[el.id];
      if (note && note.on < first) {
        first = note.on;
      }
    });
    return first;
  });
  return fillBarTimes(firsts);
}

/* Clefs and key signatures in score order, by staff: the pin shows those in force at the bar.
 * A key signature remembers the clef it was drawn for (the pin moves it if the clef changed). */
function clefsAndKeys(measures) {
  const clefs = [];
  const keys = [];
  measures.forEach(function (measure, i) {
    measure.querySelectorAll(".staff").forEach(function (staff, s) {
      staff.querySelectorAll(".clef use, .keySig").forEach(function (el) {
        if (el.classList.contains("keySig")) {
          const list = clefs[s] || [];
          const clef = list.length ? list[list.length - 1].use.getAttribute("href") : "";
          (keys[s] = keys[s] || []).push({ bar: i, g: el, clef: clef });
        } else {
          (clefs[s] = clefs[s] || []).push({ bar: i, use: el });
        }
      });
    });
  });
  return { clefs: clefs, keys: keys };
}

/* The distance between two staff lines (engraving units), 180 if the first bar does not say. */
function staffSpace(measure) {
  const lines = measure.querySelectorAll(".staff > path");
  let space = 180;
  if (lines.length > 1) {
    space = Math.abs(lines[1].getBBox().y - lines[0].getBBox().y) || space;
  }
  return space;
}

/* Read the engraving. `notes` are the timemap's notes ({id, on, off, el}), `given` the
 * timemap's bar times. Returns null for an engraving without measures. */
export function readScore(svg, notes, given) {
  const margin = svg.querySelector(".page-margin");
  const measures = Array.prototype.slice.call(svg.querySelectorAll(".measure"));
  if (!margin || !measures.length) {
    return null;
  }
  const times = barTimes(measures, notes, given);
  const bars = measures.map(function (measure, i) {
    const box = barBox(measure);
    return { el: measure, time: times[i], x0: box.x0, x1: box.x1 };
  });
  const system = (svg.querySelector(".system") || margin).getBBox();
  const marks = clefsAndKeys(measures);
  // The playhead's path: each onset at its note head, the end at the last bar line.
  const onsets = notes.map(function (note) {
    return { t: note.on, x: noteX(note.el) };
  });
  return {
    svg: svg,
    margin: margin,
    bars: bars,
    top: system.y,
    height: system.height,
    clefs: marks.clefs,
    keys: marks.keys,
    space: staffSpace(measures[0]),
    anchors: playheadAnchors(onsets),
    end: bars[bars.length - 1].x1,
  };
}

/* CSS pixels per engraving unit, and the engraving's offset (units) inside the <svg>. */
export function scale(score) {
  // The inner <svg> fills the outer one's viewBox; its own client rect would be its content's
  // box, so the outer <svg>'s CSS box is the measure.
  const inner = score.svg.querySelector("svg") || score.svg;
  const box = score.svg.getBoundingClientRect();
  const view = inner.viewBox && inner.viewBox.baseVal;
  const k = view && view.width ? box.width / view.width : 1;
  const m = score.margin.transform.baseVal.consolidate();
  return { k: k, ox: m ? m.matrix.e : 0 };
}
