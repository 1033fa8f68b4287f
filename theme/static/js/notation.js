/* Hearing the Movies: notation that follows the music. Without this file the notation is an
 * <object> of the SVG; with it (clips.js fetches it when a strip is first opened) the SVG is
 * inlined, the notes sounding carry "is-on", a band marks the
 * bar being played and a playhead the moment, the staff names and clefs stay pinned at the
 * strip's left edge, the strip follows the music and a click on a note seeks there.
 * See docs/notation.md. An ES module (clips.js adds it as one); no inline code (CSP). */
import { barAt, playheadX, readScore, scale } from "./modules/notation-score.js";
import { makeMarks, place } from "./modules/notation-marks.js";
import { makePin, updatePin } from "./modules/notation-pin.js";
import { fit, follow } from "./modules/notation-view.js";
import { intervals, soundingAt } from "./modules/notation-time.js";

(function () {
  const boxes = Array.prototype.slice.call(document.querySelectorAll(".clip-notation[data-timemap-src]"));
  if (!boxes.length || !window.fetch || !window.DOMParser || !window.requestAnimationFrame) {
    return;
  }
  const HAND_SCROLL_MS = 3000; // after a reader scrolls the notation, leave it alone this long
  const reduceMotion =
    window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function getText(url) {
    const init = { credentials: "same-origin", cache: "force-cache" };
    return fetch(url, init).then(function (response) {
      if (!response.ok) {
        throw new Error(url + ": HTTP " + response.status);
      }
      return response.text();
    });
  }

  const strips = new WeakMap(); // box -> "waiting" (for its disclosure), "loading", "ready", "failed"

  function load(box) {
    const details = box.closest("details");
    if (details && !details.open) {
      // a closed "Notation" disclosure: nothing is fetched until the reader opens it
      if (!strips.has(box)) {
        strips.set(box, "waiting");
        details.addEventListener("toggle", function () {
          if (details.open) {
            load(box);
          }
        });
      }
      return;
    }
    if (strips.get(box) && strips.get(box) !== "waiting") {
      return;
    }
    strips.set(box, "loading");
    const object = box.querySelector("object.clip-notation-img");
    if (!object) {
      return;
    }
    const src = object.getAttribute("data-src") || object.getAttribute("data");
    Promise.all([getText(src), getText(box.getAttribute("data-timemap-src"))])
      .then(function (texts) {
        const doc = new DOMParser().parseFromString(texts[0], "image/svg+xml");
        let svg = doc.documentElement;
        if (!svg || svg.nodeName !== "svg" || doc.getElementsByTagName("parsererror").length) {
          throw new Error("not an SVG");
        }
        const data = JSON.parse(texts[1]);
        svg = document.importNode(svg, true);
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", object.getAttribute("aria-label") || "");
        svg.setAttribute("class", "clip-notation-svg");
        object.replaceWith(svg);
        enhance(box, svg, intervals(data.timemap || []), data.bars);
        strips.set(box, "ready");
      })
      .catch(function () {
        strips.set(box, "failed"); // the object shows the image: the reader still sees it
        object.setAttribute("data", src);
      });
  }

  function enhance(box, svg, notes, bars) {
    const fig = box.closest("figure.clip");
    const audio = fig && fig.querySelector("audio");
    const scroller = box.querySelector(".clip-notation-scroll") || box;
    if (!audio) {
      return;
    }
    const byId = {};
    notes = notes.filter(function (note) {
      note.el = svg.querySelector('[id="' + note.id + '"]');
      if (note.el) {
        byId[note.id] = note;
      }
      return !!note.el;
    });
    let lit = [];
    let frame = 0;
    let handScrolledAt = -Infinity;
    let view = null; // the band, playhead, pin and follow, once the engraving has a layout
    let shownBar = -1;

    /* The parts that need the engraving laid out (a closed disclosure has no layout yet). */
    function setUp() {
      if (view || !svg.getBoundingClientRect().width) {
        return view;
      }
      const score = readScore(svg, notes, bars);
      if (!score) {
        return null;
      }
      view = { score: score, scroller: scroller, marks: makeMarks(score), pin: null };
      if (score.clefs.length) {
        view.pin = makePin(score);
      }
      fit(view);
      if ("ResizeObserver" in window) {
        let width = scroller.clientWidth;
        new ResizeObserver(function () {
          if (Math.abs(scroller.clientWidth - width) >= 1) {
            width = scroller.clientWidth;
            fit(view);
            mark(audio.currentTime, true, false);
          }
        }).observe(scroller);
      }
      return view;
    }

    /* The band on the bar at `t`, the playhead at `t`, the pinned clefs of that bar; the strip
     * follows when `followIt` (not within HAND_SCROLL_MS of the reader's own scrolling). */
    function mark(t, followIt, glide) {
      if (!setUp()) {
        return;
      }
      const score = view.score;
      const i = barAt(score, t);
      const x = playheadX(score, t, glide && !reduceMotion, audio.duration);
      place(view.marks, score, i, x);
      if (view.pin) {
        updatePin(view.pin, score, i);
      }
      box.currentBar = i; // read by the browser tests
      // a seek is followed; while playing, a new bar is, and every frame inside a bar wider
      // than the strip
      const wide = (score.bars[i].x1 - score.bars[i].x0) * scale(score).k > scroller.clientWidth;
      if (
        (followIt === true || (followIt && (i !== shownBar || wide))) &&
        Date.now() - handScrolledAt >= HAND_SCROLL_MS
      ) {
        follow(view, i, x, !reduceMotion);
      }
      shownBar = i;
    }

    function show(t, followIt) {
      box.notationTime = t; // the moment the highlight shows (read by the browser tests)
      const now = soundingAt(notes, t);
      lit.forEach(function (note) {
        if (now.indexOf(note) < 0) {
          note.el.classList.remove("is-on");
        }
      });
      now.forEach(function (note) {
        note.el.classList.add("is-on");
      });
      lit = now;
      if (t > 0 || !audio.paused) {
        box.classList.add("has-position");
      }
      mark(t, followIt, !audio.paused);
    }

    function tick() {
      frame = 0;
      show(audio.currentTime, "bar");
      if (!audio.paused && !audio.ended) {
        frame = window.requestAnimationFrame(tick);
      }
    }

    function start() {
      box.classList.add("is-playing");
      if (!frame) {
        frame = window.requestAnimationFrame(tick);
      }
    }

    function stop() {
      box.classList.remove("is-playing");
      if (frame) {
        window.cancelAnimationFrame(frame);
        frame = 0;
      }
      show(audio.ended ? Infinity : audio.currentTime, false);
    }

    audio.addEventListener("playing", start);
    audio.addEventListener("play", start);
    audio.addEventListener("pause", stop);
    audio.addEventListener("ended", stop);
    audio.addEventListener("seeked", function () {
      show(audio.currentTime, true); // a seek (a "listen for" button, the waveform) is followed too
    });
    // a deep link (#clip&t=) cues the player before its metadata has come: shown once it has
    audio.addEventListener("loadedmetadata", function () {
      if (audio.paused && audio.currentTime > 0) {
        show(audio.currentTime, true);
      }
    });
    const details = box.closest("details");
    if (details) {
      details.addEventListener("toggle", function () {
        if (details.open) {
          show(audio.ended ? Infinity : audio.currentTime, true);
        }
      });
    }
    ["wheel", "touchstart", "pointerdown", "keydown"].forEach(function (type) {
      scroller.addEventListener(
        type,
        function () {
          handScrolledAt = Date.now();
        },
        { passive: true }
      );
    });
    svg.addEventListener("click", function (event) {
      const el = event.target.closest && event.target.closest("g.note");
      const note = el && byId[el.id];
      if (!note) {
        return;
      }
      handScrolledAt = -Infinity;
      audio.currentTime = note.on + 0.001;
      show(note.on + 0.001, false);
      if (audio.paused) {
        const promise = audio.play();
        if (promise && promise.catch) {
          promise.catch(function () {});
        }
      }
    });
    box.classList.add("is-live");
    setUp();
    if (!audio.paused) {
      start();
    } else if (audio.currentTime > 0) {
      show(audio.currentTime, true);
    }
  }

  // clips.js fetched this script because a strip was opened: load the open ones now, the
  // others when they open.
  boxes.forEach(load);
})();
