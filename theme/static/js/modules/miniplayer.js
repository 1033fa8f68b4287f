/* The mini-player ("now playing"): it never moves the text and never covers it. Where the margin
 * beside the text column has room it is a panel in that margin; elsewhere a narrow rail at the
 * window's right edge, in a gutter the page keeps free from its first paint (css/player.css), so
 * nothing moves when it appears. The rail holds play / pause and a button that opens the rest
 * (seek, moments, previous / next clip, close) over the page, on request. Its styles
 * (css/rail.css) come with it.
 *
 * makeMiniPlayer returns one plain object, `bar`: its elements and the clip it shows (bar.fig);
 * the other functions take it. */

import { audioOf, durationOf, momentsOf, play, titleOf } from "./clip.js";
import { clock, stamp } from "./time.js";

const SIDE_MIN = 180; // px the side panel needs, beside a gap on each side
const GAP = 12;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text) {
    node.textContent = text;
  }
  return node;
}

function button(className, label, glyph) {
  const b = el("button", className, glyph);
  b.type = "button";
  b.setAttribute("aria-label", label);
  return b;
}

/* handlers: {seek(fig, t, andPlay), step(fig, +1 | -1), closed(fig)} */
export function makeMiniPlayer(handlers) {
  const bar = buildBar();
  wireControls(bar, handlers);
  wireRoot(bar);
  document.body.appendChild(bar.root);
  return bar;
}

/* The elements, hidden, in their places; nothing listens yet. */
function buildBar() {
  const root = el("div", "now-playing");
  root.hidden = true;
  root.setAttribute("role", "region");
  root.setAttribute("aria-label", "Now playing");
  const bar = {
    root,
    fig: null,
    play: button("np-play", "Play", "\u25B6"),
    more: button("np-more", "More player controls", "\u22EF"),
    panel: el("div", "np-panel"),
    info: el("div", "np-info"),
    link: el("a", "np-title"),
    time: el("span", "np-time"),
    extra: el("div", "np-extra"),
    seek: el("input", "np-seek"),
    moments: el("select", "np-moments"),
    prev: button("np-prev", "Previous clip", "\u00AB"),
    next: button("np-next", "Next clip", "\u00BB"),
    close: button("np-close", "Close the player", "\u00D7"),
  };
  bar.panel.id = "now-playing-panel";
  bar.more.setAttribute("aria-expanded", "false");
  bar.more.setAttribute("aria-controls", bar.panel.id);
  bar.seek.type = "range";
  bar.seek.min = "0";
  bar.seek.step = "0.1";
  const buttons = el("div", "np-buttons");
  buttons.append(bar.prev, bar.next, bar.close);
  bar.info.append(bar.link, bar.time);
  bar.extra.append(bar.seek, bar.moments, buttons);
  bar.panel.append(bar.info, bar.extra);
  root.append(bar.panel, bar.play, bar.more);
  return bar;
}

/* Each control acts on the clip the bar shows (bar.fig) at the moment it is used. */
function wireControls(bar, handlers) {
  bar.play.addEventListener("click", () => {
    const audio = audioOf(bar.fig);
    if (audio.paused) {
      play(audio);
    } else {
      audio.pause();
    }
  });
  bar.more.addEventListener("click", () => setOpen(bar, bar.more.getAttribute("aria-expanded") !== "true"));
  bar.seek.addEventListener("input", () => handlers.seek(bar.fig, parseFloat(bar.seek.value), false));
  bar.moments.addEventListener("change", () => {
    if (bar.moments.value !== "") {
      handlers.seek(bar.fig, parseFloat(bar.moments.value), true);
    }
  });
  bar.prev.addEventListener("click", () => handlers.step(bar.fig, -1));
  bar.next.addEventListener("click", () => handlers.step(bar.fig, 1));
  bar.close.addEventListener("click", () => {
    const fig = bar.fig;
    audioOf(fig).pause();
    hide(bar);
    handlers.closed(fig);
  });
}

/* Escape folds the open panel back to the rail; a resize re-places a visible bar. */
function wireRoot(bar) {
  bar.root.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && bar.root.classList.contains("is-open")) {
      setOpen(bar, false);
      bar.more.focus();
    }
  });
  window.addEventListener("resize", () => {
    if (!bar.root.hidden) {
      place(bar);
    }
  });
}

function setOpen(bar, open) {
  bar.more.setAttribute("aria-expanded", String(open));
  bar.root.classList.toggle("is-open", open);
}

/* Side panel in the margin if there is room for it, else the rail at the right edge. */
function place(bar) {
  const column = document.querySelector(".essay-body") || document.querySelector("main");
  const right = column.getBoundingClientRect().right;
  const room = document.documentElement.clientWidth - right;
  const side = room >= SIDE_MIN + 2 * GAP;
  bar.root.classList.toggle("np-side", side);
  bar.root.classList.toggle("np-narrow", !side);
  bar.root.style.left = side ? right + GAP + "px" : "";
  bar.root.style.width = side ? Math.min(288, room - 2 * GAP) + "px" : "";
}

function fillMoments(bar, fig) {
  const select = bar.moments;
  select.textContent = "";
  const moments = momentsOf(fig);
  select.hidden = !moments.length;
  select.setAttribute("aria-label", "Play from a moment of " + titleOf(fig));
  const first = el("option", "", "Moments\u2026");
  first.value = "";
  select.appendChild(first);
  moments.forEach((m) => {
    const text = m.el.querySelector(".clip-moment-text");
    const option = el("option", "", stamp(m.at) + " " + (text ? text.textContent.trim() : ""));
    option.value = String(m.at);
    select.appendChild(option);
  });
}

export function showBar(bar, fig, playing) {
  const title = titleOf(fig);
  if (bar.fig !== fig) {
    fillMoments(bar, fig);
  }
  bar.fig = fig;
  bar.root.hidden = false;
  document.body.classList.add("has-now-playing");
  place(bar);
  bar.link.href = "#" + fig.id;
  bar.link.textContent = title;
  bar.play.textContent = playing ? "\u275A\u275A" : "\u25B6";
  bar.play.setAttribute("aria-label", (playing ? "Pause " : "Play ") + title);
  bar.seek.setAttribute("aria-label", "Seek in " + title);
  updateBar(bar, fig, audioOf(fig).currentTime);
}

export function updateBar(bar, fig, t) {
  if (bar.fig !== fig) {
    return;
  }
  const dur = durationOf(fig);
  bar.time.textContent = clock(t) + " / " + clock(dur);
  bar.seek.max = String(dur || 0);
  if (document.activeElement !== bar.seek) {
    bar.seek.value = String(t);
  }
  bar.seek.setAttribute("aria-valuetext", clock(t) + " of " + clock(dur));
  bar.moments.value = "";
}

export function isShowing(bar, fig) {
  return !bar.root.hidden && (!fig || bar.fig === fig);
}

export function hide(bar) {
  bar.root.hidden = true;
  setOpen(bar, false);
  document.body.classList.remove("has-now-playing");
}
