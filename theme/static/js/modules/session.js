/* The Media Session: the system's media controls (lock screen, headset keys, the browser's
 * media hub) show the clip playing and can play, pause, seek and move to the previous / next
 * clip. */

import { audioOf, creditsOf, durationOf, play, titleOf } from "./clip.js";

const STEP = 10; // seconds for the system's seek backward / forward, unless it says otherwise

function handle(action, fn) {
  try {
    navigator.mediaSession.setActionHandler(action, fn);
  } catch (e) {
    // an action this browser does not know: leave it out
  }
}

/* What the system shows: the clip's title, who made it (performer, else composer; both when
 * they differ), the essay, and the site's icon as artwork. */
export function metadataOf(fig) {
  const { composer, performer } = creditsOf(fig);
  const artist = [performer, composer].filter((name, i, all) => name && all.indexOf(name) === i);
  const icon = document.querySelector("link[rel~='icon']");
  return {
    title: titleOf(fig),
    artist: artist.join(" \u00B7 "),
    album: document.title,
    artwork: icon ? [{ src: icon.href, sizes: "any", type: icon.type || "image/svg+xml" }] : [],
  };
}

/* handlers: {seek(fig, t, andPlay), step(fig, +1 | -1)} */
export function startSession(fig, handlers) {
  if (!("mediaSession" in navigator)) {
    return;
  }
  const session = navigator.mediaSession;
  const audio = audioOf(fig);
  if (window.MediaMetadata) {
    session.metadata = new window.MediaMetadata(metadataOf(fig));
  }
  handle("play", function () {
    play(audio);
  });
  handle("pause", function () {
    audio.pause();
  });
  handle("seekbackward", function (details) {
    handlers.seek(fig, audio.currentTime - ((details && details.seekOffset) || STEP), false);
  });
  handle("seekforward", function (details) {
    handlers.seek(fig, audio.currentTime + ((details && details.seekOffset) || STEP), false);
  });
  handle("seekto", function (details) {
    if (details && isFinite(details.seekTime)) {
      handlers.seek(fig, details.seekTime, false);
    }
  });
  handle("previoustrack", function () {
    handlers.step(fig, -1);
  });
  handle("nexttrack", function () {
    handlers.step(fig, 1);
  });
  position(fig);
}

/* Tell the system where playback is (its seek bar), when that changes. */
export function position(fig) {
  const session = navigator.mediaSession;
  const audio = audioOf(fig);
  const dur = durationOf(fig);
  if (!session || !session.setPositionState || !dur) {
    return;
  }
  try {
    session.setPositionState({
      duration: dur,
      playbackRate: audio.playbackRate || 1,
      position: Math.min(Math.max(0, audio.currentTime), dur),
    });
  } catch (e) {
    // a position the browser refuses (metadata not in yet): the next update will do
  }
}
