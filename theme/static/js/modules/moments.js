/* The listen-for moments of a clip as numbers: which one is sounding, and the span a loop
 * repeats. Pure functions (unit-tested in ../test/moments.test.mjs); the DOM is clip.js's. */

/* A moment counts as reached a quarter of a second early: a click lands just before it. */
export const EARLY_REACH = 0.25;

/* The index of the moment sounding at `t` (the last one whose time has come), or -1. */
export function momentIndexAt(times, t) {
  let index = -1;
  times.forEach((at, i) => {
    if (at <= t + EARLY_REACH) {
      index = i;
    }
  });
  return index;
}

/* The span a loop repeats at `t`: from the moment sounding to the next (or to the end); before
 * the first moment, the opening; without moments, the whole clip. `index` is the moment's (-1
 * for the opening or the whole clip). */
export function loopBounds(times, t, duration) {
  if (!times.length) {
    return { start: 0, end: duration, index: -1 };
  }
  const i = momentIndexAt(times, t);
  if (i < 0) {
    return { start: 0, end: times[0], index: -1 };
  }
  return { start: times[i], end: i + 1 < times.length ? times[i + 1] : duration, index: i };
}

/* Whether a seek to `t` leaves the looped span (and the loop should follow the reader). */
export function leavesSpan(span, t) {
  return t < span.start - EARLY_REACH || t >= span.end;
}

/* A position `t` kept inside a clip of `duration` (a duration unknown yet: only >= 0). */
export function clampTime(t, duration) {
  const low = Math.max(0, t);
  return duration > 0 ? Math.min(low, duration) : low;
}
