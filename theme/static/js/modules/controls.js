/* A clip's own controls, made by clips.js at load and wired here: the moment buttons and their
 * "Link", the waveform, the tools (Loop, speed, "Link to now"), and on phones the "Tools" menu
 * that holds them. What the tools do is in their modules, fetched on first use (lazy.js). */

import { audioOf, durationOf } from "./clip.js";
import { rove } from "./roving.js";
import { seek } from "./seek.js";
import { timeAtX } from "./position.js";
import { loadLinks, loadLoop, loadSpeed } from "./lazy.js";

export function wireControls(page, fig) {
  wireMoments(page, fig);
  wireWave(page, fig);
  wireTools(page, fig);
  // Fewer Tab stops: the toolbar is one, the list of moments is one (arrow keys inside).
  const tools = fig.querySelector("[data-clip-tools]");
  if (tools) {
    rove(tools, "button");
  }
  const moments = fig.querySelector(".clip-moments");
  if (moments) {
    rove(moments, ".clip-moment, .clip-moment-copy");
  }
}

/* Each moment button plays its clip from its time; "Link" beside it copies a link to that
 * time. */
function wireMoments(page, fig) {
  fig.querySelectorAll("button.clip-moment").forEach((button) => {
    const at = parseFloat(button.getAttribute("data-at"));
    button.addEventListener("click", () => seek(page, fig, at, true));
    const copy = button.parentNode.querySelector(".clip-moment-copy");
    if (copy) {
      copy.addEventListener("click", () => loadLinks(page).then((m) => m.copyLink(fig, at)));
    }
  });
}

/* The waveform seeks where it is clicked, and plays from there. */
function wireWave(page, fig) {
  const svg = fig.querySelector(".clip-wave");
  if (!svg) {
    return;
  }
  svg.addEventListener("click", (event) => {
    const box = svg.getBoundingClientRect();
    seek(page, fig, timeAtX(event.clientX, box.left, box.width, durationOf(fig)), true);
  });
}

/* Loop and speed buttons, the browser's own speed menu, and "Link to now". */
function wireTools(page, fig) {
  const audio = audioOf(fig);
  const loopButton = fig.querySelector("[data-loop]");
  if (loopButton) {
    loopButton.addEventListener("click", () => loadLoop(page).then((m) => m.toggleLoop(fig)));
  }
  fig.querySelectorAll("[data-rate]").forEach((button) => {
    button.addEventListener("click", () =>
      loadSpeed(page).then((m) => m.setRate(fig, parseFloat(button.getAttribute("data-rate"))))
    );
  });
  audio.addEventListener("ratechange", () => loadSpeed(page).then((m) => m.showRate(fig)));
  const copyNow = fig.querySelector("[data-copy-now]");
  if (copyNow) {
    copyNow.addEventListener("click", () =>
      loadLinks(page).then((m) => m.copyLink(fig, audio.currentTime))
    );
  }
}

/* On phones the tools fold behind "Tools" (css/player.css): it opens them as a menu over the
 * card, and Escape, a click elsewhere or a chosen tool closes them. */
export function wireToolsToggle(fig) {
  const toggle = fig.querySelector("[data-tools-toggle]");
  if (!toggle) {
    return;
  }
  const menu = toggle.parentElement;
  const isOpen = () => toggle.getAttribute("aria-expanded") === "true";
  const set = (open) => toggle.setAttribute("aria-expanded", String(open));
  toggle.addEventListener("click", () => set(!isOpen()));
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) {
      set(false);
      toggle.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (!menu.contains(event.target)) {
      set(false);
    }
  });
  // A tool chosen from the menu closes it (the card's state line says what it did).
  menu.addEventListener("click", (event) => {
    const tool = event.target.closest("button");
    if (tool && tool !== toggle && isOpen()) {
      set(false);
      toggle.focus();
    }
  });
}
