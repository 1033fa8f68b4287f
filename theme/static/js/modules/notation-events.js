/* When a strip shows what (see notation-strip.js): every frame while its clip plays, after a
 * seek, once a deep link's cue has its metadata, when its disclosure opens; a click on a note
 * seeks there; the reader's own scrolling of the strip holds off following for a while. */

import { layOut, show } from "./notation-strip.js";

/* The time to show while the clip is not playing: after its end, every note has been heard. */
function restingTime(audio) {
  return audio.ended ? Infinity : audio.currentTime;
}

function tick(strip) {
  strip.frame = 0;
  show(strip, strip.audio.currentTime, "bar");
  if (!strip.audio.paused && !strip.audio.ended) {
    strip.frame = window.requestAnimationFrame(() => tick(strip));
  }
}

/* Follow playback, one frame at a time (once, however many events say it started). */
function startFollowing(strip) {
  strip.box.classList.add("is-playing");
  if (!strip.frame) {
    strip.frame = window.requestAnimationFrame(() => tick(strip));
  }
}

function stopFollowing(strip) {
  strip.box.classList.remove("is-playing");
  if (strip.frame) {
    window.cancelAnimationFrame(strip.frame);
    strip.frame = 0;
  }
  show(strip, restingTime(strip.audio), false);
}

function listenToAudio(strip) {
  const audio = strip.audio;
  audio.addEventListener("playing", () => startFollowing(strip));
  audio.addEventListener("play", () => startFollowing(strip));
  audio.addEventListener("pause", () => stopFollowing(strip));
  audio.addEventListener("ended", () => stopFollowing(strip));
  // a seek (a "listen for" button, the waveform) is followed too
  audio.addEventListener("seeked", () => show(strip, audio.currentTime, true));
  // a deep link (#clip&t=) cues the player before its metadata has come: shown once it has
  audio.addEventListener("loadedmetadata", () => {
    if (audio.paused && audio.currentTime > 0) {
      show(strip, audio.currentTime, true);
    }
  });
}

/* A strip in a disclosure shows where its clip is whenever it is opened again. */
function listenToDisclosure(strip) {
  const details = strip.box.closest("details");
  if (details) {
    details.addEventListener("toggle", () => {
      if (details.open) {
        show(strip, restingTime(strip.audio), true);
      }
    });
  }
}

/* The reader scrolling the strip (wheel, touch, pointer, keys) holds off following it. */
function listenToHands(strip) {
  ["wheel", "touchstart", "pointerdown", "keydown"].forEach((type) => {
    strip.scroller.addEventListener(
      type,
      () => {
        strip.handScrolledAt = Date.now();
      },
      { passive: true }
    );
  });
}

/* A click on a note seeks its clip to that note (and plays it, if it was paused). */
function listenToNotes(strip) {
  const audio = strip.audio;
  strip.svg.addEventListener("click", (event) => {
    const el = event.target.closest && event.target.closest("g.note");
    const note = el && strip.byId[el.id];
    if (!note) {
      return;
    }
    strip.handScrolledAt = -Infinity;
    audio.currentTime = note.on + 0.001;
    show(strip, note.on + 0.001, false);
    if (audio.paused) {
      const promise = audio.play();
      if (promise && promise.catch) {
        promise.catch(() => {});
      }
    }
  });
}

/* Wire the strip and show where its clip is now: following it if it plays, at its position if
 * it is cued or paused part-way. */
export function goLive(strip) {
  listenToAudio(strip);
  listenToDisclosure(strip);
  listenToHands(strip);
  listenToNotes(strip);
  strip.box.classList.add("is-live");
  layOut(strip);
  if (!strip.audio.paused) {
    startFollowing(strip);
  } else if (strip.audio.currentTime > 0) {
    show(strip, strip.audio.currentTime, true);
  }
}
