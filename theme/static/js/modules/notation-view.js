/* The strip's view of an engraving: its size (two whole bars beside the pinned clefs, on a
 * phone too) and its sideways scroll (the bar being played kept in view, with the next one
 * when both fit). Only the strip scrolls, never the page, and focus stays where it is. */

import { scale } from "./notation-score.js";
import { hasShortNames, namePin, pinWidth } from "./notation-pin.js";

const MIN_SCALE = 0.55; // a staff space of 4 px (7.2 px at full size): smaller is hard to read
const GAP = 6; // px kept free between the pin and the bar scrolled to

/* The scale at which two whole bars fit beside the pin (before the MIN_SCALE floor). */
function scaleFor(view, ratio) {
  const bars = view.score.bars;
  const pinEnd = view.pin ? view.pin.end : bars[0].x0;
  let widest = bars[0].x1 - Math.max(bars[0].x0, pinEnd);
  for (let i = 0; i + 1 < bars.length; i++) {
    widest = Math.max(widest, bars[i + 1].x1 - Math.max(bars[i].x0, pinEnd));
  }
  const room = view.scroller.clientWidth - GAP;
  const pinPx = view.pin ? view.pin.width : 0;
  return room / (pinPx + widest * ratio);
}

/* The engraving's drawn size: its natural size, smaller only if two whole bars beside the pin
 * would not fit the strip otherwise (never below MIN_SCALE). The pin writes the staff names in
 * full when they fit at natural size, else as the score abbreviates them. */
export function fit(view) {
  const score = view.score;
  const svg = score.svg;
  const natural = parseFloat(svg.getAttribute("width")) || svg.viewBox.baseVal.width;
  const outer = svg.viewBox.baseVal.width;
  const inner = svg.querySelector("svg").viewBox.baseVal.width;
  const ratio = outer / inner; // natural px per engraving unit
  if (view.pin) {
    namePin(view.pin, false);
    if (scaleFor(view, ratio) < 1 && hasShortNames(view.pin)) {
      namePin(view.pin, true);
    }
  }
  const s = Math.min(1, Math.max(MIN_SCALE, scaleFor(view, ratio)));
  svg.style.width = natural * s + "px";
  view.scale = s;
  if (view.pin) {
    // the engraving's own opening (full names, brace, clefs) slides under the pin: the music
    // starts right after the pinned clefs and keys, as it does in the engraving
    const perOuter = (natural * s) / outer; // CSS px per outer unit
    const ox = scale(score).ox;
    svg.style.marginLeft = view.pin.width * perOuter - (ox + view.pin.end) * ratio * perOuter + "px";
  }
}

/* A bar's left and right edges, and an x in engraving units, in px of the strip's content. */
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
  const left = scroller.scrollLeft + pin;
  const width = scroller.clientWidth - pin;
  const bars = view.score.bars;
  const b0 = Math.max(px(bars[i].x0), pin);
  const b1 = px(bars[i].x1);
  const n1 = i + 1 < bars.length ? px(bars[i + 1].x1) : b1;
  let target = null;
  if (b1 - b0 <= width) {
    const end = n1 - b0 <= width - GAP ? n1 : b1;
    if (b0 < left || end > left + width) {
      target = b0 - pin - GAP;
    }
  } else {
    const head = px(x);
    if (head < left + width * 0.1 || head > left + width * 0.75) {
      target = head - pin - width * 0.25;
    }
  }
  if (target === null) {
    return scroller.scrollLeft;
  }
  target = Math.max(0, Math.min(max, Math.round(target)));
  if (Math.abs(target - scroller.scrollLeft) >= 1) {
    scroller.scrollTo({ left: target, behavior: smooth ? "smooth" : "auto" });
  }
  return target;
}
