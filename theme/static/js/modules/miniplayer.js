/* The mini-player ("now playing"): it never covers the text. Where the margin beside the text
 * column is wide enough it is a panel in that margin; elsewhere it is a narrow rail at the
 * window's right edge, and the column makes room for it (body.has-rail). The rail holds play /
 * pause and a button that opens the rest: seek, moments, previous / next clip, close. */

import { audioOf, durationOf, momentsOf, play, titleOf } from "./clip.js";
import { clock } from "./time.js";

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

/* handlers: {seek(fig, t, andPlay), step(fig, +1 | -1) -> the clip moved to, closed(fig)} */
export function makeMiniPlayer(handlers) {
  const bar = el("div", "now-playing");
  bar.hidden = true;
  bar.setAttribute("role", "region");
  bar.setAttribute("aria-label", "Now playing");
  bar.fig = null;

  bar.button = button("np-play", "Play", "\u25B6");
  bar.more = button("np-more", "More player controls", "\u22EF");
  bar.more.setAttribute("aria-expanded", "false");
  bar.more.setAttribute("aria-controls", "now-playing-panel");
  const rail = el("div", "np-rail");
  rail.appendChild(bar.button);
  rail.appendChild(bar.more);

  const panel = el("div", "np-panel");
  panel.id = "now-playing-panel";
  bar.link = el("a", "np-title");
  bar.time = el("span", "now-playing-time");
  bar.seek = el("input", "np-seek");
  bar.seek.type = "range";
  bar.seek.min = "0";
  bar.seek.step = "0.1";
  bar.moments = el("select", "np-moments");
  const buttons = el("div", "np-buttons");
  bar.prev = button("np-prev", "Previous clip", "\u00AB");
  bar.next = button("np-next", "Next clip", "\u00BB");
  bar.close = button("np-close", "Close the player", "\u00D7");
  [bar.prev, bar.next, bar.close].forEach(function (b) {
    buttons.appendChild(b);
  });
  [bar.link, bar.time, bar.seek, bar.moments, buttons].forEach(function (node) {
    panel.appendChild(node);
  });
  bar.appendChild(rail);
  bar.appendChild(panel);

  bar.button.addEventListener("click", function () {
    const audio = audioOf(bar.fig);
    if (audio.paused) {
      play(audio);
    } else {
      audio.pause();
    }
  });
  bar.more.addEventListener("click", function () {
    const open = bar.more.getAttribute("aria-expanded") !== "true";
    bar.more.setAttribute("aria-expanded", String(open));
    bar.classList.toggle("is-open", open);
  });
  bar.seek.addEventListener("input", function () {
    handlers.seek(bar.fig, parseFloat(bar.seek.value), false);
  });
  bar.moments.addEventListener("change", function () {
    if (bar.moments.value !== "") {
      handlers.seek(bar.fig, parseFloat(bar.moments.value), true);
    }
  });
  bar.prev.addEventListener("click", function () {
    handlers.step(bar.fig, -1);
  });
  bar.next.addEventListener("click", function () {
    handlers.step(bar.fig, 1);
  });
  bar.close.addEventListener("click", function () {
    const fig = bar.fig;
    audioOf(fig).pause();
    hide(bar);
    handlers.closed(fig);
  });
  bar.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && bar.classList.contains("is-open")) {
      bar.more.click();
      bar.more.focus();
    }
  });
  window.addEventListener("resize", function () {
    if (!bar.hidden) {
      place(bar);
    }
  });
  document.body.appendChild(bar);
  return bar;
}

/* Side panel in the margin if there is room for it, else the rail (and room made for it). */
function place(bar) {
  const column = document.querySelector(".essay-body") || document.querySelector("main");
  const right = column.getBoundingClientRect().right;
  const room = document.documentElement.clientWidth - right;
  const side = room >= SIDE_MIN + 2 * GAP;
  bar.classList.toggle("np-side", side);
  bar.classList.toggle("np-narrow", !side);
  document.body.classList.toggle("has-rail", !side);
  if (side) {
    bar.style.left = right + GAP + "px";
    bar.style.width = Math.min(288, room - 2 * GAP) + "px";
  } else {
    bar.style.left = "";
    bar.style.width = "";
  }
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
  moments.forEach(function (m) {
    const text = m.el.querySelector(".clip-moment-text");
    const option = el("option", "", clock(m.at) + " " + (text ? text.textContent.trim() : ""));
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
  bar.hidden = false;
  document.body.classList.add("has-now-playing");
  place(bar);
  bar.link.href = "#" + fig.id;
  bar.link.textContent = title;
  bar.button.textContent = playing ? "\u275A\u275A" : "\u25B6";
  bar.button.setAttribute("aria-label", (playing ? "Pause " : "Play ") + title);
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

export function hide(bar) {
  bar.hidden = true;
  bar.classList.remove("is-open");
  bar.more.setAttribute("aria-expanded", "false");
  document.body.classList.remove("has-now-playing", "has-rail");
}
