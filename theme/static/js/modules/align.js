/* Comparisons in musical time. When the versions of a comparison differ in tempo or start, each
 * version's <audio> carries data-align="0,1.5,3,…": the times (seconds) of the same musical
 * points in that version, the same count in every version. A position maps from one version to
 * another linearly between matching points; before the first point and after the last it keeps
 * the neighbouring segment's ratio. Without points (or with counts that do not match) a position
 * maps to itself. Pure functions, unit-tested in ../test/align.test.mjs. */

/* "0,1.5,3" -> [0, 1.5, 3]; [] for a missing or unreadable attribute or points out of order. */
export function parseAlign(text) {
  if (!text) {
    return [];
  }
  const points = String(text)
    .split(",")
    .map((part) => Number(part.trim()));
  const ordered = points.every((p, i) => Number.isFinite(p) && (i === 0 || p > points[i - 1]));
  return ordered ? points : [];
}

/* The time in the version aligned by `to` that matches time `t` in the one aligned by `from`. */
export function mapTime(t, from, to) {
  if (!from || !to || from.length !== to.length || from.length === 0) {
    return t;
  }
  if (from.length === 1) {
    return t + (to[0] - from[0]);
  }
  let i = 0;
  while (i < from.length - 2 && t > from[i + 1]) {
    i++;
  }
  const ratio = (to[i + 1] - to[i]) / (from[i + 1] - from[i]);
  return to[i] + (t - from[i]) * ratio;
}
