/* The strip's view of an engraving: its size (two whole bars beside the pinned clefs, on a
 * phone too) and its sideways scroll (the bar being played kept in view, with the next one
 * when both fit). Only the strip scrolls, never the page, and focus stays where it is. This
 * module measures and applies; the arithmetic is in notation-fit.js (pure, unit-tested).
 *
 * A view is one plain object: {score, scroller, marks, pin, scale}. */

import { scale } from "./notation-score.js";
import { hasShortNames, namePin, pinWidth } from "./notation-pin.js";
import {
  clampScroll,
  drawnScale,
  openingShift,
  scrollTarget,
  twoBarScale,
  widestPair,
} from "./notation-fit.js";

/* The scale at which two whole bars fit beside the pin (before the MIN_SCALE floor); `ratio`
 * is natural px per engraving unit. */
function scaleFor(view, ratio) {
  const bars = view.score.bars;
  const widest = widestPair(bars, view.pin ? view.pin.end : bars[0].x0);
  return twoBarScale(view.scroller.clientWidth, view.pin ? view.pin.width : 0, widest, ratio);
}

/* Names in full when two bars fit beside them at natural size, else as the score shortens them. */
function nameToFit(view, ratio) {
  namePin(view.pin, false);
  if (scaleFor(view, ratio) < 1 && hasShortNames(view.pin)) {
    namePin(view.pin, true);
  }
}

/* The engraving's drawn size: its natural size, smaller only if two whole bars beside the pin
 * would not fit the strip otherwise (never below MIN_SCALE). The pin writes the staff names in
 * full when they fit at natural size, else as the score abbreviates them. */
export function fit(view) {
  const svg = view.score.svg;
  const natural = parseFloat(svg.getAttribute("width")) || svg.viewBox.baseVal.width;
  const outer = svg.viewBox.baseVal.width;
  const inner = svg.querySelector("svg").viewBox.baseVal.width;
  const ratio = outer / inner; // natural px per engraving unit
  if (view.pin) {
    nameToFit(view, ratio);
  }
  const s = drawnScale(scaleFor(view, ratio));
  svg.style.width = natural * s + "px";
  view.scale = s;
  if (view.pin) {
    // the engraving's own opening (full names, brace, clefs) slides under the pin: the music
    // starts right after the pinned clefs and keys, as it does in the engraving
    const perOuter = (natural * s) / outer; // CSS px per outer unit
    const ox = scale(view.score).ox;
    svg.style.marginLeft = openingShift(view.pin.width, view.pin.end, ox, ratio, perOuter) + "px";
  }
}

/* A function from an x in engraving units to px of the strip's content. */
function toContent(view) {
  const score = view.score;
  const rect = view.scroller.getBoundingClientRect();
  const svgRect = score.svg.getBoundingClientRect();
  const left = svgRect.left - rect.left - view.scroller.clientLeft + view.scroller.scrollLeft;
  const unit = scale(score);
  return function (x) {
    return left + (unit.ox + x) * unit.k;
  };
}

/* Scroll the strip so bar `i` (and the next, when both fit) is in view; inside a bar wider than
 * the view, keep the playhead at `x` (engraving units) in its left part. Returns the target. */
export function follow(view, i, x, smooth) {
  const scroller = view.scroller;
  const max = scroller.scrollWidth - scroller.clientWidth;
  if (max <= 1) {
    return scroller.scrollLeft;
  }
  const px = toContent(view);
  const pin = view.pin ? pinWidth(view.pin, view.score) : 0;
  const bars = view.score.bars;
  const bar = { x0: Math.max(px(bars[i].x0), pin), x1: px(bars[i].x1) };
  const nextEnd = i + 1 < bars.length ? px(bars[i + 1].x1) : bar.x1;
  const left = scroller.scrollLeft + pin;
  const target = scrollTarget(bar, nextEnd, px(x), left, scroller.clientWidth - pin, pin);
  if (target === null) {
    return scroller.scrollLeft;
  }
  const to = clampScroll(target, max);
  if (Math.abs(to - scroller.scrollLeft) >= 1) {
    scroller.scrollTo({ left: to, behavior: smooth ? "smooth" : "auto" });
  }
  return to;
}
