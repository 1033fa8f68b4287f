/* The keyboard shortcuts as the page states them on arrival: the footer's sentence and whether
 * the reader has turned them off. The full list is the dialog's (help.js, fetched when "?" or
 * "List the shortcuts" asks for it), so it costs nothing on arrival. */

export const STEP = 5; // seconds for j / l

/* The reader may turn the single-key shortcuts off (WCAG 2.1.4); the choice is remembered here. */
const STORE_KEY = "hearing-the-movies:shortcuts";

export function shortcutsOn() {
  try {
    return localStorage.getItem(STORE_KEY) !== "off";
  } catch {
    return true;
  }
}

/* Turn them on or off; false when the browser will not remember it (storage refused). */
export function setShortcutsOn(on) {
  try {
    localStorage.setItem(STORE_KEY, on ? "on" : "off");
    return true;
  } catch {
    return false;
  }
}

/* The footer's sentence: what the shortcuts are, in words. */
export function shortcutSentence() {
  return (
    "Keyboard shortcuts are on: k play or pause, j and l back or forward " + STEP +
    " s, n and p next or previous clip, v next version of a comparison, 1 to 9 the listen-for " +
    "moments, r loop, < and > speed, ? the list. "
  );
}
