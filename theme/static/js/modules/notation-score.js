/* What an inlined engraving says about its bars, read once (docs/notation.md, "In the page"):
 * where each bar is, when it starts, where the notes sit, and which clef each staff is in.
 * Positions are in the engraving's own units (those of its g.page-margin group), so they hold
 * at any size the strip draws it; `scale` turns them into CSS pixels when needed. */

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

/* Bar start times: the timemap's own (`bars`, one per measure, in ms) when it has them, else the
 * earliest note starting in each bar, a bar without one in between its neighbours. */
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
  const times = measures.map(function (measure) {
    let first = Infinity;
    measure.querySelectorAll(".note[id]").forEach(function (el) {
      const note = byId[el.id];
      if (note && note.on < first) {
        first = note.on;
      }
    });
    return first;
  });
  times[0] = 0;
  for (let i = 1; i < times.length; i++) {
    if (times[i] === Infinity) {
      let next = i + 1;
      while (next < times.length && times[next] === Infinity) {
        next++;
      }
      const end = next < times.length ? times[next] : times[i - 1] + 1;
      times[i] = times[i - 1] + (end - times[i - 1]) / (next - i + 1);
    }
  }
  return times;
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
  // Clefs and key signatures in score order, by staff: the pin shows those in force at the bar.
  // A key signature remembers the clef it was drawn for (the pin moves it if the clef changed).
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
  const lines = measures[0].querySelectorAll(".staff > path");
  let space = 180;
  if (lines.length > 1) {
    space = Math.abs(lines[1].getBBox().y - lines[0].getBBox().y) || space;
  }
  // The playhead's path: each onset at its note head, the end at the last bar line.
  const anchors = [];
  notes.forEach(function (note) {
    const x = noteX(note.el);
    const last = anchors[anchors.length - 1];
    if (last && last.t === note.on) {
      last.x = Math.min(last.x, x);
    } else {
      anchors.push({ t: note.on, x: x });
    }
  });
  anchors.sort(function (a, b) {
    return a.t - b.t;
  });
  for (let k = 1; k < anchors.length; k++) {
    anchors[k].x = Math.max(anchors[k].x, anchors[k - 1].x);
  }
  return {
    svg: svg,
    margin: margin,
    bars: bars,
    top: system.y,
    height: system.height,
    clefs: clefs,
    keys: keys,
    space: space,
    anchors: anchors,
    end: bars[bars.length - 1].x1,
  };
}

/* The bar sounding at `t` seconds (the first before the music starts, the last after it). */
export function barAt(score, t) {
  let i = 0;
  while (i + 1 < score.bars.length && score.bars[i + 1].time <= t) {
    i++;
  }
  return i;
}

/* The playhead's x at `t`: between the note heads of the onsets around it; with `glide` false,
 * at the last onset (no movement between onsets). */
export function playheadX(score, t, glide, duration) {
  const a = score.anchors;
  if (!a.length || t <= a[0].t) {
    return a.length ? a[0].x : score.bars[0].x0;
  }
  for (let i = 0; i + 1 < a.length; i++) {
    if (a[i + 1].t > t) {
      if (!glide) {
        return a[i].x;
      }
      return a[i].x + ((a[i + 1].x - a[i].x) * (t - a[i].t)) / (a[i + 1].t - a[i].t);
    }
  }
  const last = a[a.length - 1];
  if (!glide || !(duration > last.t)) {
    return last.x;
  }
  const f = Math.min(1, (t - last.t) / (duration - last.t));
  return last.x + (score.end - last.x) * f;
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
