/* The listening tools: what the clips do once the reader shows an intent to listen. clips.js
 * (with the page) draws what must be drawn at load and fetches this module on the reader's first
 * sign of intent (a pointer or focus on a clip, a key, a play, a link to a clip); `start` wires
 * everything, and clips.js then hands over the events that came while this was on its way.
 * What it adds, and the keyboard shortcuts: theme/README.md. The jobs it delegates are in the
 * other modules (one job each). */
import { clock, parseHash, stamp } from "./time.js";
import { announce, makeLiveRegion } from "./live.js";
import { audioOf, durationOf, loopText, pausedText, play, setState, titleOf } from "./clip.js";
import { clampTime, momentIndexAt } from "./moments.js";
import { stateOf } from "./state.js";
import { rove } from "./roving.js";
import { STEP, shortcutsOn } from "./shortcuts.js";

/* Wire every clip of the page (clips.js calls it once). */
export function start() {
  const NEAR = "3000px 0px"; // compare.js loads when a comparison is this near the viewport
  const figures = Array.prototype.slice.call(document.querySelectorAll("figure.clip"));
  let compare = null; // modules/compare.js, once fetched (see loadCompare)
  let comparing = null;
  let current = null; // the clip the shortcuts act on
  let bar = null; // the mini-player, made on the first play
  const player = { loading: null, mini: null, session: null }; // its modules, fetched then

  /* Seek a clip to `seconds`. Before anything has loaded the browser keeps the position as the
   * default start position; `pending` re-applies it once metadata is known, to be sure. */
  function seek(fig, seconds, andPlay) {
    const audio = audioOf(fig);
    const state = stateOf(fig);
    const t = clampTime(seconds, durationOf(fig));
    current = fig;
    state.pendingTime = audio.readyState < 1 ? t : null;
    try {
      audio.currentTime = t;
    } catch {
      state.pendingTime = t;
    }
    progress(fig, t);
    if (andPlay) {
      play(audio);
    }
  }

  function progress(fig, t) {
    const rect = fig.querySelector(".clip-wave-progress");
    const dur = durationOf(fig);
    if (rect && dur) {
      const width = rect.ownerSVGElement.viewBox.baseVal.width;
      rect.setAttribute("width", String((Math.min(t, dur) / dur) * width));
    }
    const moments = Array.from(fig.querySelectorAll(".clip-moment"));
    const now = momentIndexAt(
      moments.map((m) => parseFloat(m.getAttribute("data-at"))),
      t
    );
    moments.forEach((moment, i) => {
      if (i === now) {
        moment.setAttribute("aria-current", "time");
      } else {
        moment.removeAttribute("aria-current");
      }
    });
    if (bar) {
      player.mini.updateBar(bar, fig, t);
    }
  }

  /* The modules of the listening tools and the shortcut list are fetched on first use (not part
   * of the page's cost on arrival): each of these returns the module, fetched once. The
   * import() calls name their files literally, so the build versions them (theme-assets). */
  function once(fetchIt) {
    let promise = null;
    return () => promise || (promise = fetchIt());
  }
  const loadLinks = once(() => import("./links.js"));
  const loadHelp = once(() => import("./help.js"));
  const loadSpeed = once(() => import("./speed.js"));
  const loadLoop = once(() =>
    import("./loop.js").then((m) => {
      figures.forEach(m.wireLoop); // a loop follows seeks and repeats from now on
      return m;
    })
  );

  /* Loop and speed buttons, and the browser's own speed menu. */
  function wireTools(fig) {
    const audio = audioOf(fig);
    const loopButton = fig.querySelector("[data-loop]");
    if (loopButton) {
      loopButton.addEventListener("click", () => loadLoop().then((m) => m.toggleLoop(fig)));
    }
    fig.querySelectorAll("[data-rate]").forEach((button) => {
      button.addEventListener("click", () =>
        loadSpeed().then((m) => m.setRate(fig, parseFloat(button.getAttribute("data-rate"))))
      );
    });
    audio.addEventListener("ratechange", () => loadSpeed().then((m) => m.showRate(fig)));
  }

  /* The moment buttons clips.js made at load: each plays its clip from its time; "Link" beside it
   * copies a link to that time. */
  function wireMoments(fig) {
    fig.querySelectorAll("button.clip-moment").forEach((button) => {
      const at = parseFloat(button.getAttribute("data-at"));
      button.addEventListener("click", () => seek(fig, at, true));
      const copy = button.parentNode.querySelector(".clip-moment-copy");
      if (copy) {
        copy.addEventListener("click", () => loadLinks().then((m) => m.copyLink(fig, at)));
      }
    });
  }

  /* The waveform (drawn by clips.js at load) seeks where it is clicked. */
  function wireWave(fig) {
    const svg = fig.querySelector(".clip-wave");
    if (!svg) {
      return;
    }
    svg.addEventListener("click", function (event) {
      const box = svg.getBoundingClientRect();
      const fraction = (event.clientX - box.left) / box.width;
      seek(fig, fraction * durationOf(fig), true);
    });
  }

  function onPlay(event) {
    const audio = event.target;
    const fig = audio.closest && audio.closest("figure.clip");
    document.querySelectorAll("audio, video").forEach(function (other) {
      // A comparison's old version plays on until the new one sounds (modules/compare.js).
      if (other !== audio && !other.paused && !(compare && compare.handingOver(other, audio))) {
        other.pause();
      }
    });
    if (!fig) {
      return;
    }
    current = fig;
    figures.forEach(function (f) {
      f.classList.remove("is-cued");
    });
    fig.classList.add("is-playing");
    setState(fig, loopText(fig) || "Playing");
    announce("Playing: " + titleOf(fig));
    withPlayer(function () {
      if (current === fig && !audioOf(fig).paused) {
        player.mini.showBar(bar, fig, true);
        player.session.startSession(fig, { seek: seek, step: stepClip });
      }
    });
  }

  function onPause(event) {
    const fig = event.target.closest && event.target.closest("figure.clip");
    if (!fig) {
      return;
    }
    const audio = event.target;
    fig.classList.remove("is-playing");
    const state = stateOf(fig);
    if (state.handedOver) {
      state.handedOver = false; // the comparison switched to another version: it says so
      setState(fig, "");
      return;
    }
    if (audio.ended) {
      setState(fig, "Finished");
      announce("Finished: " + titleOf(fig));
      if (bar && player.mini.isShowing(bar, fig)) {
        player.mini.hide(bar);
      }
      return;
    }
    setState(fig, pausedText(audio.currentTime));
    if (bar && bar.fig === fig && !player.mini.isShowing(bar)) {
      return; // closed from the mini-player, which has said so
    }
    announce("Paused: " + titleOf(fig));
    if (bar && bar.fig === fig) {
      player.mini.showBar(bar, fig, false);
    }
  }

  function wire(fig) {
    const audio = audioOf(fig);
    const tools = fig.querySelector("[data-clip-tools]");
    const moments = fig.querySelector(".clip-moments");
    wireMoments(fig);
    wireWave(fig);
    wireTools(fig);
    const copyNow = fig.querySelector("[data-copy-now]");
    if (copyNow) {
      copyNow.addEventListener("click", function () {
        loadLinks().then((m) => m.copyLink(fig, audio.currentTime));
      });
    }
    // Fewer Tab stops: the toolbar is one, the list of moments is one (arrow keys inside).
    if (tools) {
      rove(tools, "button");
    }
    if (moments) {
      rove(moments, ".clip-moment, .clip-moment-copy");
    }
    audio.addEventListener("play", onPlay);
    audio.addEventListener("pause", onPause);
    const clockEl = fig.querySelector("[data-clip-clock]");
    audio.addEventListener("timeupdate", function () {
      progress(fig, audio.currentTime);
      // Shown only while playing, on the narrowest screens (player.css); cheap when unchanged.
      const text = clock(audio.currentTime);
      if (clockEl && clockEl.textContent !== text) {
        clockEl.textContent = text;
      }
    });
    ["seeked", "ratechange", "loadedmetadata"].forEach(function (type) {
      audio.addEventListener(type, function () {
        if (current === fig && !audio.paused && player.session) {
          player.session.position(fig);
        }
      });
    });
    audio.addEventListener("loadedmetadata", function () {
      const state = stateOf(fig);
      const t = state.pendingTime;
      state.pendingTime = null;
      if (t != null && Math.abs(audio.currentTime - t) > 0.25) {
        audio.currentTime = t;
      }
    });
    fig.addEventListener("focusin", function () {
      current = fig;
    });
  }

  /* #clip-<id>&t=1:23 (also ?t= or t=<seconds>): scroll to the clip and cue it there. Nothing
   * is downloaded: the time is kept as the player's start position (and in the clip's state),
   * and the sound, its metadata included, loads only when the reader presses play. */
  function followHash() {
    const link = parseHash(location.hash);
    const fig = link.id && document.getElementById(link.id);
    if (!fig || !fig.classList.contains("clip")) {
      return;
    }
    current = fig;
    if (fig.closest("[data-compare]") && !compare) {
      loadCompare(); // clips.js has shown the version the link names (nothing moves meanwhile)
    }
    const revealed = compare && compare.reveal(fig); // a version that was put away
    if (link.t === undefined) {
      if (revealed) {
        fig.scrollIntoView({ block: "start" });
      }
      return; // a plain #clip-<id>: the browser has already scrolled there
    }
    fig.scrollIntoView({ block: "start" });
    fig.setAttribute("tabindex", "-1");
    fig.focus({ preventScroll: true });
    if (!isNaN(link.t)) {
      const t = link.t;
      const dur = parseFloat(fig.getAttribute("data-duration")) || 0;
      const past = dur && t > dur;
      seek(fig, past ? dur : t, false);
      fig.classList.add("is-cued");
      setState(
        fig,
        past ? "Cued at the end, " + stamp(dur) + ": the link asked for " + stamp(t) : "Cued at " + stamp(t)
      );
    }
  }

  /* The clips a reader can see: a comparison shows one version at a time. */
  function shownFigures() {
    return figures.filter(function (fig) {
      return fig.getClientRects().length > 0;
    });
  }

  /* The first clip on screen; else the last one scrolled past; else the first. */
  function visibleClip() {
    const shown = shownFigures();
    let passed = shown[0];
    for (let i = 0; i < shown.length; i++) {
      const box = shown[i].getBoundingClientRect();
      if (box.bottom > 0 && box.top < window.innerHeight) {
        return shown[i];
      }
      if (box.bottom <= 0) {
        passed = shown[i];
      }
    }
    return passed;
  }

  /* Keys typed into a field are the reader's text, never shortcuts. Buttons, radio buttons,
   * sliders and menus are not text fields: the shortcuts work after a click on any of them. */
  const TEXT_TYPES = /^(text|search|email|url|tel|password|number|date|datetime-local|month|time|week)$/;
  function isTextEntry(el) {
    if (el.isContentEditable || el.tagName === "TEXTAREA") {
      return true;
    }
    return el.tagName === "INPUT" && TEXT_TYPES.test(el.type || "text");
  }

  function gotoClip(step) {
    const from = current || visibleClip();
    const shown = shownFigures();
    const i = shown.indexOf(from);
    const next = shown[i < 0 ? 0 : Math.max(0, Math.min(shown.length - 1, i + step))];
    current = next;
    next.scrollIntoView({ block: "center" });
    audioOf(next).focus({ preventScroll: true });
  }

  /* The clip playing, if one is. */
  function playingClip() {
    return figures.find((fig) => !audioOf(fig).paused) || null;
  }

  function onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    const target = event.target;
    if (isTextEntry(target) || !shortcutsOn() || (target.closest && target.closest("dialog"))) {
      return;
    }
    // As the help says: the clip playing, else the one last used, else the first on screen.
    const fig = playingClip() || current || visibleClip();
    const key = event.key;
    if (key === "?") {
      loadHelp().then((m) => m.openHelp());
    } else if (key === "r") {
      loadLoop().then((m) => m.toggleLoop(fig));
    } else if (key === "<" || key === ">") {
      loadSpeed().then((m) => m.stepRate(fig, key === ">" ? 1 : -1));
    } else if (key === "n" || key === "p") {
      if (playingClip()) {
        stepClip(fig, key === "n" ? 1 : -1); // the next clip plays, as a player's "next" does
        current.scrollIntoView({ block: "center" });
      } else {
        gotoClip(key === "n" ? 1 : -1);
      }
    } else if (key === "v") {
      if (!fig.closest("[data-compare]")) {
        return; // not a comparison: the key stays the browser's
      }
      loadCompare().then(function (module) {
        current = module.nextVersion(fig, compareHooks) || fig;
      });
    } else if (key === "k") {
      const audio = audioOf(fig);
      if (audio.paused) {
        play(audio);
      } else {
        audio.pause();
      }
    } else if (key === "j" || key === "l") {
      seek(fig, audioOf(fig).currentTime + (key === "l" ? STEP : -STEP), false);
    } else if (/^[1-9]$/.test(key)) {
      const moment = fig.querySelectorAll(".clip-moment")[Number(key) - 1];
      if (!moment) {
        return;
      }
      seek(fig, parseFloat(moment.getAttribute("data-at")), true);
    } else {
      return;
    }
    event.preventDefault();
  }

  /* modules/compare.js (a comparison's switch: templates/clip-compare.html) is fetched only once a
   * comparison comes near the viewport, one of its versions plays, or a link or "v" asks for
   * one: a page without comparisons, or a reader who never gets that far, never downloads it.
   * Until then the stylesheet shows each comparison's first version only. */
  function loadCompare() {
    if (!comparing) {
      comparing = import("./compare.js").then(function (module) {
        compare = module;
        document.querySelectorAll("[data-compare]").forEach(function (group) {
          module.wireCompare(group, compareHooks);
        });
        return module;
      });
    }
    return comparing;
  }

  function loadCompareWhenNear() {
    const groups = Array.prototype.slice.call(document.querySelectorAll("[data-compare]"));
    if (!groups.length) {
      return;
    }
    groups.forEach(function (group) {
      group.querySelectorAll("audio, input[type=radio]").forEach(function (el) {
        el.addEventListener(el.tagName === "AUDIO" ? "play" : "change", function () {
          loadCompare();
        });
      });
    });
    if (!("IntersectionObserver" in window)) {
      loadCompare();
      return;
    }
    const observer = new IntersectionObserver(
      function (entries) {
        if (entries.some((e) => e.isIntersecting)) {
          observer.disconnect();
          loadCompare();
        }
      },
      { rootMargin: NEAR }
    );
    groups.forEach(function (group) {
      observer.observe(group);
    });
  }

  makeLiveRegion();
  /* A comparison switched versions: the shortcuts and the mini-player follow the new one. */
  const compareHooks = {
    seek: seek,
    switched: function (from, to, playing) {
      current = to;
      if (bar && player.mini.isShowing(bar, from)) {
        player.mini.showBar(bar, to, playing);
      }
    },
  };
  /* Previous / next clip from the mini-player or the system's media controls: play it. */
  function stepClip(fig, step) {
    const shown = shownFigures();
    const next = shown[shown.indexOf(fig) + step];
    if (next) {
      current = next;
      play(audioOf(next));
    }
  }

  /* The mini-player and the Media Session matter only once something plays: their modules are
     fetched then (not part of the page's cost on arrival, BENCHMARKS.md §4), and ``then`` runs
     once they are there. */
  function withPlayer(then) {
    if (!player.loading) {
      player.loading = Promise.all([
        import("./miniplayer.js"),
        import("./session.js"),
        loadStyles("data-rail-css"),
      ]).then(function (modules) {
        player.mini = modules[0];
        player.session = modules[1];
        bar = player.mini.makeMiniPlayer({
          seek: seek,
          step: stepClip,
          closed: function (fig) {
            announce("Player closed: " + titleOf(fig));
            audioOf(fig).focus({ preventScroll: true });
          },
        });
      });
    }
    player.loading.then(then);
  }

  /* A stylesheet the page names on this script's element (attribute `name`), added once; resolves
   * when it has loaded (or failed: the player still works, unstyled). */
  function loadStyles(name) {
    const holder = document.querySelector("script[" + name + "]");
    if (!holder) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = holder.getAttribute(name);
      link.addEventListener("load", resolve);
      link.addEventListener("error", resolve);
      document.head.appendChild(link);
    });
  }

  /* On phones the tools fold behind "Tools" (css/player.css): it opens them as a menu over the
   * card, and Escape, a click elsewhere or a chosen tool closes them. */
  function wireToolsToggle(fig) {
    const toggle = fig.querySelector("[data-tools-toggle]");
    if (!toggle) {
      return;
    }
    const set = (open) => toggle.setAttribute("aria-expanded", String(open));
    toggle.addEventListener("click", () => set(toggle.getAttribute("aria-expanded") !== "true"));
    toggle.parentElement.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        set(false);
        toggle.focus();
      }
    });
    document.addEventListener("click", (event) => {
      if (!toggle.parentElement.contains(event.target)) {
        set(false);
      }
    });
    // A tool chosen from the menu closes it (the card's state line says what it did).
    toggle.parentElement.addEventListener("click", (event) => {
      const tool = event.target.closest("button");
      if (tool && tool !== toggle && toggle.getAttribute("aria-expanded") === "true") {
        set(false);
        toggle.focus();
      }
    });
  }

  figures.forEach(wire);
  figures.forEach(wireToolsToggle);
  loadCompareWhenNear();
  document.addEventListener("keydown", onKey);
  window.addEventListener("hashchange", followHash);
  followHash();
}
