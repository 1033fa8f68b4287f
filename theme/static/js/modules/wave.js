/* The waveform, drawn at load by clips.js. Its path from its peaks (templates/clip.html writes them as data-peaks, one letter
 * a peak: "b" to "l", half-heights 1 to 11). Pure (unit-tested in ../test/wave.test.mjs): one
 * bar per peak, 2 units apart, centred on y = 24 of a 48-unit box, drawn as a relative path
 * (bar i is "m2-<h(i)+h(i-1)>v<2h(i)>"), as the plugin's Waveform.path draws it. */

export function wavePath(letters) {
  let d = "";
  let previous = null;
  for (const letter of letters) {
    const step = letter.charCodeAt(0) - 97; // "a" = 0
    if (step < 0 || step > 25) {
      continue;
    }
    const h = Math.max(1, step) * 2;
    d += (previous === null ? "M1 " + (24 - h) : "m2-" + (h + previous)) + "v" + 2 * h;
    previous = h;
  }
  return d;
}

/* The dashed mark of a moment at `at` seconds of a clip of `duration`, in a box `width` units
 * wide and 48 high (the plugin's template drew it so, one decimal). */
export function markPath(at, duration, width) {
  return "M" + ((at / duration) * width).toFixed(1) + " 0v48";
}

/* A moment's time in seconds, from its <time datetime="PT8.8S"> (templates/clip.html writes
 * seconds only); NaN for anything else. */
export function momentSeconds(datetime) {
  const match = /^PT(\d+(?:\.\d+)?)S$/.exec(datetime || "");
  return match ? parseFloat(match[1]) : NaN;
}
