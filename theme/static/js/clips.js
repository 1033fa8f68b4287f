/* Progressive enhancement for the audio clips (no framework, nothing inline: runs under
 * script-src 'self'). What it adds, and the keyboard shortcuts: theme/README.md.
 *
 * The one script that loads with the page, kept small (BENCHMARKS.md §4). It does at load only
 * what changes what is drawn, so that nothing moves later: the waveforms, the moments as buttons,
 * each clip's tools menu (from the page's one template) and its empty state and clock, the
 * footer's shortcut switch, the version of a comparison a link names. What the players do is
 * modules/listen.js, fetched on the reader's first sign of intent: a pointer over, a touch on or
 * focus in a clip, a key, a play, a link to a clip, or a comparison coming near once the reader
 * scrolls. Events that come while it is on its way are handed to it once it has
 * wired the page, so the press that asked for it still counts. */
import { markPath, momentSeconds, wavePath } from "./modules/wave.js";
import { makeLiveRegion } from "./modules/live.js";
import { setShortcutsOn, shortcutSentence, shortcutsOn } from "./modules/shortcuts.js";

const CLIPS = "figure.clip, [data-compare]";
const NEAR = "3000px 0px"; // after a scroll, the tools load when a comparison is this near

/* A URL fragment as text (a malformed escape is left as it is). */
function fragment(hash) {
  try {
    return decodeURIComponent(hash.slice(1));
  } catch {
    return hash.slice(1);
  }
}

/* Mark, in the table of contents, the section being read (aria-current="location"). */
function spySections() {
  const links = Array.from(document.querySelectorAll("nav.toc a[href^='#']"));
  const targets = links.map((link) => document.getElementById(fragment(link.hash)));
  let pending = false;
  function update() {
    pending = false;
    let mark = -1;
    targets.forEach((target, i) => {
      if (target && target.getBoundingClientRect().top < window.innerHeight * 0.3) {
        mark = i;
      }
    });
    links.forEach((link, i) => {
      if (i === mark) {
        link.setAttribute("aria-current", "location");
      } else {
        link.removeAttribute("aria-current");
      }
    });
  }
  if (links.length) {
    const later = () => {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(update);
      }
    };
    window.addEventListener("scroll", later, { passive: true });
    later(); // after the first layout, not forcing one now
  }
}

/* --- Drawn at load ---------------------------------------------------------------------------- */

function button(className, text) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.textContent = text;
  return b;
}

/* The exact times of a clip's moments, in seconds (each is a <time datetime> in templates/clip.html). */
function momentTimes(fig) {
  return Array.from(fig.querySelectorAll(".clip-moments time[datetime]"), (time) =>
    momentSeconds(time.getAttribute("datetime"))
  );
}

/* The waveform (templates/clip.html writes its box and its peaks as data-peaks): its bars, their
 * played copy (a <use> clipped to a rect that listen.js widens as the clip plays) and a dashed
 * mark at each moment. The box is fixed by the SVG's attributes, so drawing it moves nothing. */
function drawWave(fig) {
  const svg = fig.querySelector("svg.clip-wave[data-peaks]");
  const duration = parseFloat(fig.getAttribute("data-duration"));
  if (svg) {
    const id = fig.id; // an anchor made by the plugin: letters, digits and hyphens
    const width = svg.viewBox.baseVal.width;
    svg.innerHTML =
      `<defs><clipPath id="${id}-played"><rect class="clip-wave-progress" width="0" height="48"/></clipPath></defs>` +
      `<path id="${id}-peaks" class="clip-wave-peaks" d="${wavePath(svg.dataset.peaks)}"/>` +
      `<use class="clip-wave-played" href="#${id}-peaks" clip-path="url(#${id}-played)"/>` +
      momentTimes(fig)
        .map((at) => `<path class="clip-wave-mark" d="${markPath(at, duration, width)}"/>`)
        .join("");
  }
}

/* Each moment (a <time> and its text) becomes a button ("Play from 0:12 …", its exact time in
 * data-at) with a "Link" beside it (listen.js makes them work); a button is styled, and on touch
 * screens sized, unlike the text it replaces. */
function momentButtons(fig) {
  fig.querySelectorAll(".clip-moments li").forEach((moment) => {
    const time = moment.querySelector("time[datetime]");
    if (!time) {
      return;
    }
    const play = button("clip-moment", "");
    play.dataset.at = momentSeconds(time.getAttribute("datetime"));
    const hint = document.createElement("span");
    hint.className = "visually-hidden";
    hint.textContent = "Play from ";
    const text = document.createElement("span");
    text.className = "clip-moment-text";
    text.textContent = Array.from(moment.childNodes, (node) => (node === time ? "" : node.textContent))
      .join("")
      .trim();
    time.className = "clip-moment-at";
    play.append(hint, time, " ", text);
    const copy = button("clip-moment-copy", "Link");
    copy.setAttribute("aria-label", "Link to " + time.textContent + ": copy");
    moment.replaceChildren(play, copy);
  });
}

/* Each clip's tools menu (Loop, speed, Link), copied from the page's <template data-clip-tools-set>
 * (templates/clip-tools.html) into the clip, beside its "Tools" button, with the clip's id and
 * names. Closed, it takes no room: nothing moves when it is added. */
function fillTools(fig, template) {
  const tools = fig.querySelector("[data-clip-tools]");
  const toggle = tools && tools.querySelector("[data-tools-toggle]");
  const set = template && template.content.querySelector(".clip-tools-set");
  if (!toggle || !set) {
    return;
  }
  const menu = set.cloneNode(true);
  menu.id = fig.id + "-tools";
  if (fig.querySelector(".clip-moments")) {
    menu.querySelector("[data-loop] .visually-hidden").textContent = " moment";
  }
  toggle.setAttribute("aria-controls", menu.id);
  tools.setAttribute("role", "toolbar");
  tools.setAttribute("aria-label", "Listening tools: " + fig.querySelector(".clip-title").textContent);
  tools.append(menu);
}

/* Each clip's state ("Playing", "Paused at 0:12") and elapsed time, after its "Clip 3 · 0:17":
 * empty until listen.js fills them, so they are added here rather than written into every figure. */
function stateSlots(fig) {
  fig
    .querySelector(".clip-head")
    ?.insertAdjacentHTML(
      "beforeend",
      '<span class="clip-state" data-clip-state></span><span class="clip-clock" data-clip-clock aria-hidden="true"></span>'
    );
}

/* Notation (docs/notation.md). Each strip is a closed disclosure holding an <object> of its
 * SVG, which loads nothing until opened. With scripts the object is emptied at once (its URL
 * kept in data-src) and notation.js, fetched when a strip is first opened, inlines the SVG so
 * the notes can follow the music. A strip never opens by itself (the card keeps its size while
 * its clip plays). Before printing, every strip not yet loaded gets its image back. */
function wireNotation() {
  let holder = document.querySelector("[data-notation-js]");
  const boxes = Array.from(document.querySelectorAll("details.clip-notation-box"));
  boxes.forEach((details) => {
    const object = details.querySelector("object[data]");
    if (object) {
      object.setAttribute("data-src", object.getAttribute("data"));
      object.removeAttribute("data");
    }
    details.addEventListener("toggle", () => {
      if (details.open && holder) {
        const script = document.createElement("script");
        script.type = "module"; // notation.js imports its parts from modules/
        script.src = holder.getAttribute("data-notation-js");
        holder = null;
        intentStyles().then(() => document.head.appendChild(script)); // its styles first
      }
    });
  });
  function beforePrint() {
    document.querySelectorAll("object[data-src]:not([data])").forEach((object) => {
      object.setAttribute("data", object.getAttribute("data-src"));
    });
  }
  window.addEventListener("beforeprint", beforePrint);
  const print = window.matchMedia && window.matchMedia("print");
  if (print && print.addEventListener) {
    print.addEventListener("change", () => print.matches && beforePrint());
  }
}

/* Each clip's "Clip 3" link, absolute: printed beside the clip (css/print.css). */
function absolutePermalinks() {
  document.querySelectorAll("a.clip-permalink").forEach((a) => {
    a.setAttribute("href", a.href);
  });
}

/* The footer's sentence on the shortcuts, a switch to turn them off (WCAG 2.1.4) and a button
 * that lists them (in the space the footer keeps for them). */
function shortcutSwitch() {
  const holder = document.querySelector("[data-shortcut-pref]");
  if (!holder) {
    return;
  }
  const text = document.createElement("span");
  const toggle = button("shortcut-switch", "");
  const list = button("shortcut-list-button", "List the shortcuts");
  list.addEventListener("click", () =>
    Promise.all([import("./modules/help.js"), intentStyles()]).then(([m]) => m.openHelp())
  );
  function render() {
    const on = shortcutsOn();
    text.textContent = on ? shortcutSentence() : "Single-key shortcuts are off. ";
    toggle.textContent = on ? "Turn shortcuts off" : "Turn shortcuts on";
  }
  toggle.addEventListener("click", () => {
    if (setShortcutsOn(!shortcutsOn())) {
      render();
    }
  });
  render();
  holder.append(text, toggle, " ", list);
}

/* A link to a version of a comparison (#clip-<id>, &t=…) shows that version at once, before the
 * switch is wired (compare.js keeps the version the link names), so nothing moves then. */
function showLinkedVersion(fig) {
  const group = fig.closest("[data-compare]");
  if (!group || group.classList.contains("is-switchable")) {
    return;
  }
  group.querySelectorAll("[data-version]").forEach((version) => {
    version.hidden = !version.contains(fig);
  });
  group.querySelectorAll("input[type=radio]").forEach((radio) => {
    radio.checked = radio.value === fig.id;
  });
  group.classList.add("is-chosen");
}

/* --- Fetched on intent ------------------------------------------------------------------------ */

/* The styles of what the reader's actions show (css/intent.css: playing states, live notation, the
 * shortcut list), fetched with the first of them. First in the head, before the page's stylesheet,
 * so that print's rules still win; the promise resolves once it has loaded or failed. */
let styling = null;
function intentStyles() {
  const href = document.querySelector("[data-intent-css]")?.dataset.intentCss;
  return (styling ||= new Promise((resolve) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.onload = link.onerror = resolve;
    return href ? document.head.prepend(link) : resolve();
  }));
}

let listening = null; // the promise of modules/listen.js, wired
let ready = false; // it has wired the page: events go to it directly
const early = []; // events that came while it was on its way, in order

function listen() {
  if (!listening) {
    listening = Promise.all([import("./modules/listen.js"), intentStyles()]).then(
      ([module]) => {
        module.start();
        ready = true;
        early.splice(0).forEach(replay);
      },
      () => {
        // Not fetched (offline): what the reader did meanwhile is not replayed out of its time
        // later, and a later sign of intent asks again.
        listening = null;
        early.length = 0;
      }
    );
  }
  return listening;
}

/* A copy of an event, dispatched where the original went: the handlers listen.js has added since
 * get it as if it came now. A copy is untrusted, so the browser does not act on it a second time
 * (a key, a click on a button, a play are the page's to handle, not the browser's). */
function replay(event) {
  event.target.dispatchEvent(new event.constructor(event.type, event));
}

/* Until listen.js is ready, an event of `type` that `wanted` accepts fetches it; one that listen.js
 * would have handled (`keep`) is kept for it. Capture phase, so that play and pause (which do not
 * bubble) are seen too. */
function onIntent(type, wanted, keep) {
  document.addEventListener(
    type,
    (event) => {
      if (ready || !wanted(event.target)) {
        return;
      }
      if (keep) {
        early.push(event);
      }
      listen();
    },
    { capture: true, passive: true }
  );
}

const inClip = (target) => !!(target.closest && target.closest(CLIPS));

function listenOnIntent() {
  onIntent("pointerover", inClip, false);
  onIntent("touchstart", inClip, false);
  onIntent("focusin", inClip, true); // the clip focused is the one the shortcuts act on
  onIntent("click", (target) => inClip(target) && !!target.closest("button, .clip-wave"), true);
  onIntent("keydown", () => true, true); // the shortcuts: a key pressed anywhere
  ["play", "pause", "ratechange"].forEach((type) => onIntent(type, inClip, true)); // native controls
  window.addEventListener("hashchange", followLink);
  followLink();
  nearComparisons();
}

/* A link to a clip (#clip-<id>, with &t= to cue it): listen.js scrolls to it and cues it. */
function followLink() {
  const fig = document.getElementById(fragment(location.hash).split(/[&?]t=/)[0]);
  if (fig && fig.matches("figure.clip")) {
    showLinkedVersion(fig);
    listen();
  }
}

/* Once the reader scrolls, a comparison coming near fetches the tools when the browser is idle
 * (listen.js then fetches modules/compare.js), so its switch works before it is reached. */
function nearComparisons() {
  const groups = document.querySelectorAll("[data-compare]");
  if (!groups.length || !("IntersectionObserver" in window)) {
    return;
  }
  const idle = window.requestIdleCallback || ((fn) => window.setTimeout(fn, 200));
  function observe() {
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          observer.disconnect();
          idle(() => listen());
        }
      },
      { rootMargin: NEAR }
    );
    groups.forEach((group) => observer.observe(group));
  }
  window.addEventListener("scroll", observe, { once: true, passive: true });
}

document.documentElement.classList.add("js");
spySections();
const figures = document.querySelectorAll("figure.clip");
if (figures.length) {
  makeLiveRegion(); // there before anything is said in it, so screen readers follow it
  const toolsTemplate = document.querySelector("template[data-clip-tools-set]");
  figures.forEach(drawWave);
  figures.forEach(momentButtons);
  figures.forEach(stateSlots);
  figures.forEach((fig) => fillTools(fig, toolsTemplate));
  wireNotation();
  absolutePermalinks();
  shortcutSwitch();
  listenOnIntent();
}

/* Note references: where an essay's notes are on a page of their own, a click on a reference shows
 * its note beside it (modules/notes.js, fetched on the first click, never on arrival). A click with
 * a modifier key, a reference within the page, or a failed fetch follows the link as without
 * scripts. */
function previewNotes() {
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element && event.target.closest("a.footnote-ref[href]");
    const plain = event.button === 0 && !(event.metaKey || event.ctrlKey || event.shiftKey || event.altKey);
    if (!link || !plain || event.defaultPrevented || link.pathname === window.location.pathname) {
      return;
    }
    event.preventDefault();
    import("./modules/notes.js").then(
      (notes) => notes.showNote(link),
      () => window.location.assign(link.href)
    );
  });
}
previewNotes();
