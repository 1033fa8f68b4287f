/* Times as readers write them, and URL fragments as text. */

/* Seconds -> "1:05". */
export function clock(seconds) {
  var s = Math.max(0, Math.floor(seconds + 1e-6));
  return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
}

/* "1:23", "01:02:03", "83" or "83.5" -> seconds; NaN otherwise. */
export function parseTime(text) {
  if (!/^\d+(?::\d{1,2}){0,2}(?:\.\d+)?$/.test(text)) {
    return NaN;
  }
  return text.split(":").reduce(function (acc, part) {
    return acc * 60 + parseFloat(part);
  }, 0);
}

/* A URL fragment as text; a malformed escape is left as it is rather than throwing. */
export function decode(fragment) {
  try {
    return decodeURIComponent(fragment);
  } catch (e) {
    return fragment;
  }
}
