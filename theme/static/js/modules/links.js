/* Links to a moment of a clip: #clip-<id>&t=<seconds> on this page, copied on request. */

import { announce } from "./live.js";
import { stamp } from "./time.js";

/* The address of this page cued at `seconds` of the clip `fig` (tenths kept, no more). */
export function momentLink(fig, seconds) {
  const t = Math.max(0, Math.round(seconds * 10) / 10);
  return location.href.split("#")[0] + "#" + fig.id + "&t=" + String(t);
}

/* Copy the link; where the clipboard is refused, the address bar takes it instead. Either way
 * the reader is told what happened. */
export function copyLink(fig, seconds) {
  const url = momentLink(fig, seconds);
  const what = "Link to " + stamp(seconds);
  function fallback() {
    history.replaceState(null, "", url);
    announce(what + " is in the address bar: copy it from there");
  }
  if (navigator.clipboard && navigator.clipboard.writeText) {
    return navigator.clipboard.writeText(url).then(
      function () {
        announce(what + " copied");
      },
      fallback
    );
  }
  fallback();
  return Promise.resolve();
}
