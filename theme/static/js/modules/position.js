/* Positions within a clip as numbers: the waveform's played part, the time a click on the
 * waveform names, and whether a cue still has to be applied. Pure functions (unit-tested in
 * ../test/position.test.mjs); seek.js and controls.js apply them. */

/* How far (seconds) the player may be from a cue, once its metadata is known, and keep it. */
export const CUE_TOLERANCE = 0.25;

/* The width of the played part of a waveform `width` wide, at `t` in a clip of `duration` s. */
export function playedWidth(t, duration, width) {
  return (Math.min(t, duration) / duration) * width;
}

/* The time named by a click at `x` (px, as clientX) on a waveform whose box starts at `left`
 * and is `width` px wide, in a clip of `duration` s. */
export function timeAtX(x, left, width, duration) {
  return ((x - left) / width) * duration;
}

/* Whether the cue kept for a clip (`pending` s, null for none) must be set again, the player
 * being at `now` s once it knows the clip's metadata. */
export function needsCue(pending, now) {
  return pending != null && Math.abs(now - pending) > CUE_TOLERANCE;
}
