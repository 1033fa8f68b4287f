/* The keyboard shortcuts, listed once: in the footer's sentence (loaded with the page) and in the
 * dialog "?" opens (help.js, fetched when asked for). */

export const STEP = 5; // seconds for j / l

export const SHORTCUTS = [
  ["k", "play or pause"],
  ["j / l", "back / forward " + STEP + " seconds"],
  ["n / p", "next / previous clip (while one plays: play it)"],
  ["v", "next version of a comparison (same moment, still playing)"],
  ["1 \u2026 9", "play from the clip's first \u2026 ninth listen-for moment"],
  ["r", "loop the moment playing (again: stop looping)"],
  ["< / >", "slower / faster (0.5\u00D7, 0.75\u00D7, 1\u00D7)"],
  ["?", "this list"],
];

/* The footer's sentence: what the shortcuts are, in words. */
export function shortcutSentence() {
  return (
    "Keyboard shortcuts are on: k play or pause, j and l back or forward " + STEP +
    " s, n and p next or previous clip, v next version of a comparison, 1 to 9 the listen-for " +
    "moments, r loop, < and > speed, ? the list. "
  );
}
