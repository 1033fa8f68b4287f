/* The bar band and the playhead drawn into an inlined engraving, under the notes (first in its
 * g.page-margin group), in the engraving's own units: they scale with it and need no layout.
 * Both are decoration inside a role="img" SVG; the position is spoken by the player itself. */

const NS = "http://www.w3.org/2000/svg";

function rect(cls) {
  const el = document.createElementNS(NS, "rect");
  el.setAttribute("class", cls);
  el.setAttribute("aria-hidden", "true");
  return el;
}

/* Add the band and the playhead to a score read by readScore (hidden until `place`). */
export function makeMarks(score) {
  const band = rect("clip-notation-band");
  const head = rect("clip-notation-head");
  const pad = score.height * 0.04;
  [band, head].forEach(function (el) {
    el.setAttribute("y", String(score.top - pad));
    el.setAttribute("height", String(score.height + 2 * pad));
    el.setAttribute("width", "0");
  });
  score.margin.insertBefore(head, score.margin.firstChild);
  score.margin.insertBefore(band, score.margin.firstChild);
  return { band: band, head: head, bar: -1 };
}

/* Show bar `i` banded and the playhead at `x` (engraving units). */
export function place(marks, score, i, x) {
  const bar = score.bars[i];
  if (marks.bar !== i) {
    marks.band.setAttribute("x", String(bar.x0));
    marks.band.setAttribute("width", String(Math.max(0, bar.x1 - bar.x0)));
    if (marks.bar >= 0) {
      score.bars[marks.bar].el.classList.remove("is-current");
    }
    bar.el.classList.add("is-current");
    marks.bar = i;
  }
  const w = score.height * 0.012;
  marks.head.setAttribute("x", String(x - w / 2));
  marks.head.setAttribute("width", String(w));
}
