/* The staff names, brace and clefs pinned at the strip's left edge while it scrolls sideways:
 * a copy of the start of the system (up to the clefs) in an <svg> of its own, sticky at left 0
 * and drawn over the music scrolling under it. The copy is decoration (aria-hidden): the
 * engraving itself, with its text alternative, stays the one image. Each staff's pinned clef is
 * the one in force at the current bar (a clef change mid-piece changes it too). */

import { inForce } from "./notation-map.js";

const NS = "http://www.w3.org/2000/svg";
const NATURAL = /^#E261/; // SMuFL accidentalNatural: a key change's cancellations, not the key
// Where a clef puts a key signature, in staff spaces below the treble clef's (G clef, F clef,
// C clef on the third line): a signature drawn for one clef is moved when the clef changes.
const KEY_DROP = { E050: 0, E052: 0, E062: 1, E05C: 0.5, E07A: 0, E07C: 1, E07B: 0.5 };
// A clef change mid-staff is drawn with SMuFL's smaller "clef change" glyph; pinned, it is the
// clef of the staff again, drawn at full size (when the engraving has that glyph).
const FULL_CLEF = { E07A: "E050", E07B: "E05C", E07C: "E062" };

function glyph(use) {
  return (use.getAttribute("href") || "").replace(/^#/, "").slice(0, 4);
}

/* The accidentals of a key signature (not its cancelling naturals), and their extent. */
function keyUses(g) {
  return Array.prototype.slice.call(g.querySelectorAll("use")).filter(function (use) {
    return !NATURAL.test(use.getAttribute("href") || "");
  });
}

function keyBox(g) {
  const uses = keyUses(g);
  if (!uses.length) {
    return null;
  }
  let x0 = Infinity;
  let x1 = -Infinity;
  uses.forEach(function (use) {
    const box = use.getBBox();
    const x = parseFloat(use.getAttribute("x"));
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x + box.width);
  });
  return { x0: x0, x1: x1 };
}

/* Keep of the first measure only its staves' lines and clefs: no notes, no ledger lines (of
 * the paths, only the staff lines, which start where the first one does). */
function stripMeasure(measure) {
  measure.querySelectorAll(".staff > :not(path):not(.clef)").forEach(function (el) {
    el.remove();
  });
  measure.querySelectorAll(".staff").forEach(function (staff) {
    const first = staff.querySelector(":scope > path");
    const start = first && /^M\s*(-?[\d.]+)/.exec(first.getAttribute("d") || "");
    staff.querySelectorAll(":scope > path").forEach(function (path) {
      const here = /^M\s*(-?[\d.]+)/.exec(path.getAttribute("d") || "");
      if (!start || !here || here[1] !== start[1]) {
        path.remove();
      }
    });
  });
  Array.prototype.slice.call(measure.children).forEach(function (el) {
    if (!el.classList.contains("staff")) {
      el.remove();
    }
  });
}

/* Keep in `root` (a copy of the engraving) only the start of the system: staff lines of the
 * first bar, clefs, labels, brace and the system's opening line; no ids, no marks. */
function strip(root) {
  root.querySelectorAll(".measure").forEach(function (measure, i) {
    if (i > 0) {
      measure.remove();
    } else {
      stripMeasure(measure);
    }
  });
  root.querySelectorAll(".system > :not(.measure):not(.label):not(.grpSym):not(path)").forEach(
    function (el) {
      el.remove();
    }
  );
  root.querySelectorAll("[id]").forEach(function (el) {
    el.removeAttribute("id"); // the page keeps one element of each id: the engraving's
  });
  root.querySelectorAll(".clip-notation-band, .clip-notation-head, .is-current").forEach(
    function (el) {
      el.classList.remove("is-current");
      if (el.tagName === "rect") {
        el.remove();
      }
    }
  );
}

/* Where the pin's parts go (engraving units): `slot`, just after the widest opening clef, where
 * the key signature in force is drawn; `right`, the pin's right edge, after room for the
 * widest key signature of the piece; `cut`, where the engraving's own opening (with its first
 * key signature) ends, which is what slides under the pin. */
function pinBounds(score) {
  let slot = score.bars[0].x0;
  score.clefs.forEach(function (list) {
    const use = list[0].use;
    slot = Math.max(slot, parseFloat(use.getAttribute("x")) + use.getBBox().width * 1.25);
  });
  let widest = 0;
  let cut = slot;
  score.keys.forEach(function (list) {
    list.forEach(function (entry) {
      const box = keyBox(entry.g);
      if (box) {
        widest = Math.max(widest, box.x1 - box.x0);
        if (entry.bar === 0) {
          cut = Math.max(cut, box.x1 + score.space * 0.75);
        }
      }
    });
  });
  const right = widest ? slot + widest + score.space * 0.75 : slot;
  return { slot: slot, right: right, cut: cut };
}

/* A decorative copy of the engraving's opening (see strip), drawn at the engraving's full size;
 * `outer` is the engraving's viewBox. */
function copyOpening(svg, outer) {
  const copy = svg.cloneNode(true);
  copy.removeAttribute("role");
  copy.removeAttribute("aria-label");
  copy.removeAttribute("style");
  copy.setAttribute("aria-hidden", "true");
  copy.setAttribute("focusable", "false");
  copy.setAttribute("class", "clip-notation-pin-svg");
  // the copy's defs would repeat every glyph id: it points at the engraving's glyphs instead
  const defs = copy.querySelector("defs");
  if (defs) {
    defs.remove();
  }
  strip(copy);
  // the engraving inside keeps its full size (a percentage would follow the narrower view)
  const copyInner = copy.querySelector("svg");
  copyInner.setAttribute("width", String(outer.width));
  copyInner.setAttribute("height", String(outer.height));
  return copy;
}

/* The copy's staff names, each with its full and its short form. */
function pinNames(copy) {
  return Array.prototype.slice.call(copy.querySelectorAll(".label text")).map(function (text) {
    return { text: text, full: text.textContent, short: text.parentNode.getAttribute("data-short") };
  });
}

/* Per staff of the copy: its clef (re-pointed as the bar changes) and an empty group for the
 * key signature in force. */
function pinStaves(copy) {
  const staves = Array.prototype.slice.call(copy.querySelectorAll(".staff"));
  return {
    clefs: staves.map(function (staff) {
      return staff.querySelector(".clef use");
    }),
    keys: staves.map(function (staff) {
      const g = document.createElementNS(NS, "g");
      staff.appendChild(g);
      return g;
    }),
  };
}

/* Build the pin for a score read by readScore, in front of its engraving. The pin writes each
 * staff's name as the score abbreviates it after the first system (data-short, from the
 * recipe's `short`), so it is narrow; the engraving's own opening (names, brace, clefs) slides
 * under it (see notation-view.js, fit). */
export function makePin(score) {
  const svg = score.svg;
  const bounds = pinBounds(score);
  const m = score.margin.transform.baseVal.consolidate();
  const outer = svg.viewBox.baseVal;
  const copy = copyOpening(svg, outer);
  const box = document.createElement("div");
  box.className = "clip-notation-pin";
  box.appendChild(copy);
  svg.parentNode.insertBefore(box, svg);
  const staves = pinStaves(copy);
  const pin = {
    box: box,
    svg: copy,
    end: bounds.cut,
    right: bounds.right,
    slot: bounds.slot,
    ox: m ? m.matrix.e : 0,
    ratio: outer.width / svg.querySelector("svg").viewBox.baseVal.width, // outer units per engraving unit
    space: score.space,
    outerWidth: outer.width,
    outerHeight: outer.height,
    names: pinNames(copy),
    clefs: staves.clefs,
    keys: staves.keys,
    bar: -1,
  };
  namePin(pin, false);
  return pin;
}

/* Whether the pin can write the staff names short (every named staff has a short name). */
export function hasShortNames(pin) {
  return (
    pin.names.length > 0 &&
    pin.names.every(function (name) {
      return !!name.short;
    })
  );
}

/* Write the staff names in full or short, and size the pin to them (outer units). */
export function namePin(pin, short) {
  pin.names.forEach(function (name) {
    name.text.textContent = short && name.short ? name.short : name.full;
  });
  pin.short = !!short;
  // Where the pin starts: just left of its longest name, else of the brace or staff lines.
  let start = pin.right;
  pin.svg.querySelectorAll(".label text, .grpSym, .system > path, .staff > path").forEach(
    function (el) {
      start = Math.min(start, el.getBBox().x);
    }
  );
  start = Math.max(-pin.ox, start - pin.space * 0.5); // half a staff space of air
  pin.width = (pin.right - start) * pin.ratio;
  pin.svg.setAttribute(
    "viewBox",
    (start + pin.ox) * pin.ratio + " 0 " + pin.width + " " + pin.outerHeight
  );
  pin.svg.setAttribute("width", pin.width + "px");
}

/* Staff `s`'s key signature in force at bar `i`, after the pinned clef `clef`. */
function showKey(pin, score, s, i, clef) {
  const group = pin.keys[s];
  const entry = inForce(score.keys[s], i);
  while (group && group.firstChild) {
    group.removeChild(group.firstChild);
  }
  const box = entry && keyBox(entry.g);
  if (!group || !box) {
    return;
  }
  const drop = (KEY_DROP[glyph(clef)] || 0) - (KEY_DROP[entry.clef.replace(/^#/, "").slice(0, 4)] || 0);
  group.setAttribute(
    "transform",
    "translate(" + (pin.slot - box.x0) + "," + drop * score.space + ")"
  );
  keyUses(entry.g).forEach(function (use) {
    group.appendChild(use.cloneNode(false));
  });
}

/* The pin's width in CSS pixels, as the engraving is drawn now. */
export function pinWidth(pin, score) {
  const drawn = score.svg.getBoundingClientRect().width;
  return (pin.width * drawn) / pin.outerWidth;
}

/* Point staff `s`'s pinned clef at `now` (the clef in force), drawn at full size, and show the
 * key signature in force after it. */
function showClef(pin, score, s, i, now) {
  const pinned = pin.clefs[s];
  // a clef drawn smaller (a change mid-staff) is placed by a transform, not x and y
  const moved = /translate\(\s*[-\d.]+[ ,]+([-\d.]+)/.exec(now.getAttribute("transform") || "");
  let href = now.getAttribute("href");
  const full = FULL_CLEF[glyph(now)];
  if (full && document.getElementById(full + href.slice(5))) {
    href = "#" + full + href.slice(5);
  }
  pinned.setAttribute("href", href);
  showKey(pin, score, s, i, now);
  pinned.setAttribute("y", now.getAttribute("y") || (moved ? moved[1] : pinned.getAttribute("y")));
}

/* Size the pin like the engraving, and show the clefs in force at bar `i`. */
export function updatePin(pin, score, i) {
  const w = pinWidth(pin, score);
  pin.svg.style.width = w + "px";
  pin.svg.style.height = score.svg.getBoundingClientRect().height + "px";
  pin.box.style.marginRight = -w + "px";
  if (pin.bar === i) {
    return;
  }
  pin.bar = i;
  score.clefs.forEach(function (list, s) {
    if (pin.clefs[s]) {
      showClef(pin, score, s, i, (inForce(list, i) || list[0]).use);
    }
  });
}
