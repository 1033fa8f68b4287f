/* Comparisons (compare: in front matter): one figure holding several versions of a passage.
 * clips.js imports this module when a comparison comes near (it is not needed before).
 * Without scripts every version is shown, labelled, one after another. With them, one version
 * shows at a time and the radio group (or "v") switches between them, keeping the position, the
 * playing state, the speed and the loop.
 *
 * Why the hand-over is quiet: nothing is downloaded before the reader plays (preload="none"), but
 * once a version plays, the others load ("auto"; the clips are short), so a switch finds them
 * ready. The new version is started first and the old one paused only once the new one's clock
 * moves (it sounds), so there is next to no gap; bench/bench_compare.py measures it. */

import { announce } from "./live.js";
import { audioOf, durationOf, play, setState, titleOf } from "./clip.js";
import { setLoop } from "./loop.js";
import { decode, stamp } from "./time.js";
import { mapTime, parseAlign } from "./align.js";
import { stateOf } from "./state.js";

const GIVE_UP = 3000; // ms: a version that does not start by then lets the old one stop anyway
let handing = null; // {from, to}: the audio elements while a switch hands playback over

/* True while `from` keeps playing until `to` sounds: "one clip at a time" must not stop it. */
export function handingOver(from, to) {
  return !!handing && handing.from === from && handing.to === to;
}

/* False for a version the switch has put away (its group of controls is hidden). */
function isShown(fig) {
  return !fig.closest("[hidden]");
}

function groupOf(fig) {
  return fig.closest("[data-compare]");
}

function versionsOf(group) {
  return Array.prototype.slice.call(group.querySelectorAll("[data-version]"));
}

function figOf(version) {
  return version.querySelector("figure.clip");
}

function activeVersion(group) {
  return versionsOf(group).filter(function (v) {
    return !v.hidden;
  })[0];
}

function labelOf(version) {
  const radio = radioOf(version);
  const label = radio && radio.closest("label");
  return label ? label.textContent.replace(/\s+/g, " ").trim() : titleOf(figOf(version));
}

function radioOf(version) {
  const group = groupOf(version);
  const id = version.getAttribute("data-version");
  return Array.prototype.filter.call(group.querySelectorAll("input[type=radio]"), function (r) {
    return r.value === id;
  })[0];
}

function show(group, version) {
  versionsOf(group).forEach(function (v) {
    v.hidden = v !== version;
  });
  const radio = radioOf(version);
  if (radio) {
    radio.checked = true;
  }
}

/* Once one version plays, fetch the others, so that a switch finds them ready. */
const warmed = new WeakSet(); // the comparisons whose versions have been told to load

function warm(group) {
  if (warmed.has(group)) {
    return;
  }
  warmed.add(group);
  versionsOf(group).forEach(function (v) {
    const audio = audioOf(figOf(v));
    if (audio.preload !== "auto" && audio.paused && audio.readyState === 0) {
      audio.preload = "auto";
      audio.load();
    }
  });
}

/* Show the version holding `fig` without touching playback (a link to it, the credits page). */
export function reveal(fig) {
  const group = groupOf(fig);
  if (!group || isShown(fig)) {
    return false;
  }
  show(group, fig.closest("[data-version]"));
  return true;
}

/* Where `to` should start so that it plays the music `from` is playing: the same time, or, when
 * both carry alignment points (data-align, the plugin's `align:` field), the matching point of
 * the music (align.js maps linearly between points). */
function musicalTime(from, to) {
  return mapTime(from.currentTime, alignOf(from), alignOf(to));
}

/* A version's alignment points: on its <audio>, else on the element around it that holds them. */
function alignOf(audio) {
  const holder = audio.closest("[data-align]");
  return parseAlign(holder ? holder.getAttribute("data-align") : "");
}

/* Switch `group` to `version`, carrying over position, playing state, speed and loop. */
function switchTo(group, version, hooks) {
  const before = activeVersion(group);
  if (!before || before === version) {
    return;
  }
  const fromFig = figOf(before);
  const toFig = figOf(version);
  const from = audioOf(fromFig);
  const to = audioOf(toFig);
  const playing = !from.paused && !from.ended;
  const looping = !!stateOf(fromFig).loop;
  const t = Math.max(0, Math.min(musicalTime(from, to), (durationOf(toFig) || Infinity) - 0.05));
  const rate = from.playbackRate || 1;
  to.preservesPitch = true;
  to.defaultPlaybackRate = rate;
  to.playbackRate = rate;
  if (looping) {
    setLoop(fromFig, false);
  }
  show(group, version);
  hooks.seek(toFig, t, false);
  if (looping) {
    setLoop(toFig, true);
  }
  const said = labelOf(version) + (playing ? ", playing from " : ", at ") + stamp(t);
  if (!playing) {
    if (t > 0) {
      setState(toFig, "Cued at " + stamp(t));
    }
    hooks.switched(fromFig, toFig, false);
    announce("Version " + said);
    return;
  }
  handOver(group, fromFig, toFig, hooks, said);
}

/* Start the new version playing and pause the old one only once the new one sounds (or after
 * GIVE_UP), so the music runs on without a gap. */
function handOver(group, fromFig, toFig, hooks, said) {
  const from = audioOf(fromFig);
  const to = audioOf(toFig);
  warm(group);
  handing = { from: from, to: to };
  let timer = 0;
  let poll = 0;
  function done() {
    window.clearTimeout(timer);
    window.clearTimeout(poll);
    to.removeEventListener("playing", onPlaying);
    if (handing && handing.to === to) {
      handing = null;
    }
    stateOf(fromFig).handedOver = true; // its "pause" is a hand-over, not the reader's: say nothing
    from.pause();
    hooks.switched(fromFig, toFig, true);
    announce("Version " + said);
  }
  /* "playing" comes a little before the new version sounds (about 40 ms in Chromium): the old
   * one stops only once the new one's clock has run 20 ms, which trades the gap for a doubling
   * of a few tens of milliseconds (measured in bench/bench_compare.py, BENCHMARKS.md). */
  function onPlaying() {
    const start = to.currentTime;
    (function check() {
      if (to.paused || to.currentTime > start + 0.02) {
        done();
      } else {
        poll = window.setTimeout(check, 4);
      }
    })();
  }
  to.addEventListener("playing", onPlaying);
  timer = window.setTimeout(done, GIVE_UP);
  play(to);
}

/* The next version of the comparison holding `fig` (for the "v" shortcut); null outside one. */
export function nextVersion(fig, hooks) {
  const group = groupOf(fig);
  if (!group) {
    return null;
  }
  const versions = versionsOf(group);
  const next = versions[(versions.indexOf(activeVersion(group)) + 1) % versions.length];
  switchTo(group, next, hooks);
  return figOf(next);
}

/* hooks.seek(fig, t, andPlay) cues a clip as clips.js does; hooks.switched(from, to, playing)
 * lets the page follow the new version (the clip the shortcuts act on, the mini-player). */
export function wireCompare(group, hooks) {
  const versions = versionsOf(group);
  if (versions.length < 2) {
    return;
  }
  // A version a link names, else one chosen before this module arrived, else the first.
  const hash = decode(location.hash.slice(1)).split(/[&?]/)[0];
  const wanted = versions.filter(function (v) {
    const radio = radioOf(v);
    return figOf(v).id === hash || (!hash && radio && radio.checked);
  })[0];
  show(group, wanted || versions[0]);
  const playing = versions.some(function (v) {
    return !audioOf(figOf(v)).paused;
  });
  if (playing) {
    warm(group); // it started before this module was fetched
  }
  versions.forEach(function (v) {
    audioOf(figOf(v)).addEventListener("play", function () {
      warm(group);
    });
    const radio = radioOf(v);
    if (radio) {
      radio.addEventListener("change", function () {
        if (radio.checked) {
          switchTo(group, v, hooks);
        }
      });
    }
  });
  group.classList.add("is-switchable");
}
