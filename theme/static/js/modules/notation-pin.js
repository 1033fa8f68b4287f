/* The staff names, brace and clefs pinned at the strip's left edge while it scrolls sideways:
 * a copy of the start of the system (up to the clefs) in an <svg> of its own, sticky at left 0
 * and drawn over the music scrolling under it. The copy is decoration (aria-hidden): the
 * engraving itself, with its text alternative, stays the one image. Each staff's pinned clef is
 * the one in force at the current bar (a clef change mid-piece changes it too). */

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

/* Keep in `root` (a copy of the engraving) only the start of the system: staff lines of the
 * first bar, clefs, labels, brace and the system's opening line. */
function strip(root) {
  root.querySelectorAll(".measure").forEach(function (measure, i) {
    if (i > 0) {
      measure.remove();
      return;
    }
    measure.querySelectorAll(".staff > :not(path):not(.clef)").forEach(function (el) {
      el.remove();
    });
    // of the paths, only the staff lines (they start where the first one does): no ledger lines
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

/* Build the pin for a score read by readScore, in front of its engraving. The pin writes each
 * staff's name as the score abbreviates it after the first system (data-short, from the
 * recipe's `short`), so it is narrow; the engraving's own opening (names, brace, clefs) slides
 * under it (see notation-view.js, fit). */
export function makePin(score) {
  const svg = score.svg;
  const clefs = score.clefs.map(function (list) {
    return list[0].use;
  });
  // The pin ends just after the widest opening clef (engraving units).
  let end = score.bars[0].x0;
  clefs.forEach(function (use) {
    const box = use.getBBox();
    end = Math.max(end, parseFloat(use.getAttribute("x")) + box.width * 1.25);
  });
  // Room after the clefs for the widest key signature of the piece; the engraving's own opening
  // (with its first key signature) is what slides under the pin.
  let widest = 0;
  let cut = end;
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
  const slot = end;
  end = widest ? slot + widest + score.space * 0.75 : end;
  const m = score.margin.transform.baseVal.consolidate();
  const ox = m ? m.matrix.e : 0;
  const inner = svg.querySelector("svg");
  const view = inner.viewBox.baseVal;
  const outer = svg.viewBox.baseVal;
  const ratio = outer.width / view.width; // outer units per engraving unit

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
  const names = Array.prototype.slice.call(copy.querySelectorAll(".label text")).map(function (text) {
    return { text: text, full: text.textContent, short: text.parentNode.getAttribute("data-short") };
  });
  const box = document.createElement("div");
  box.className = "clip-notation-pin";
  box.appendChild(copy);
  svg.parentNode.insertBefore(box, svg);
  // the engraving inside keeps its full size (a percentage would follow the narrower view)
  const copyInner = copy.querySelector("svg");
  copyInner.setAttribute("width", String(outer.width));
  copyInner.setAttribute("height", String(outer.height));
  const staves = Array.prototype.slice.call(copy.querySelectorAll(".staff"));
  const pinned = staves.map(function (staff) {
    return staff.querySelector(".clef use");
  });
  const keyGroups = staves.map(function (staff) {
    const g = document.createElementNS(NS, "g");
    staff.appendChild(g);
    return g;
  });
  const pin = {
    box: box,
    svg: copy,
    end: cut,
    right: end,
    slot: slot,
    ox: ox,
    ratio: ratio,
    space: score.space,
    outerWidth: outer.width,
    outerHeight: outer.height,
    names: names,
    clefs: pinned,
    keys: keyGroups,
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
  const list = score.keys[s] || [];
  let entry = null;
  list.forEach(function (k) {
    if (k.bar <= i) {
      entry = k;
    }
  });
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
    const pinned = pin.clefs[s];
    if (!pinned) {
      return;
    }
    let now = list[0].use;
    list.forEach(function (entry) {
      if (entry.bar <= i) {
        now = entry.use;
      }
    });
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
  });
}
