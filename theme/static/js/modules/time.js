/* Times as readers write them, and URL fragments as text. Pure functions (unit-tested in
 * ../test/time.test.mjs). One format everywhere: minutes and seconds ("1:05"), with tenths where
 * the time has them ("0:08.8"), never rounded to a whole second it is not. */

/* Seconds -> "1:05" (whole seconds, rounded down): a running clock, a duration. */
export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds + 1e-6));
  return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
}

/* Seconds -> "0:08.8", or "0:08" when the time is a whole second (to the tenth): a moment, a cue,
 * a loop's bounds, a pause. */
export function stamp(seconds) {
  const tenths = Math.round(Math.max(0, seconds) * 10);
  const whole = Math.floor(tenths / 10);
  const rest = tenths % 10;
  return clock(whole) + (rest ? "." + rest : "");
}

/* "1:23", "01:02:03", "83" or "83.5" -> seconds; NaN otherwise. */
export function parseTime(text) {
  if (!/^\d+(?::\d{1,2}){0,2}(?:\.\d+)?$/.test(text)) {
    return NaN;
  }
  return text.split(":").reduce((acc, part) => acc * 60 + parseFloat(part), 0);
}

/* A URL fragment as text; a malformed escape is left as it is rather than throwing. */
export function decode(fragment) {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/* "#clip-x&t=1:23" (also "?t=" and plain seconds) -> {id, t}: t is NaN when the link names no
 * time or an unreadable one, undefined when it names none. */
export function parseHash(hash) {
  const text = decode(hash.replace(/^#/, ""));
  const split = text.search(/[&?]t=/);
  if (split < 0) {
    return { id: text, t: undefined };
  }
  return { id: text.slice(0, split), t: parseTime(text.slice(split + 3)) };
}
