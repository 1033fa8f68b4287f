/* The dialog "?" opens: the keyboard shortcuts, listed once, here (the footer's sentence, in
 * shortcuts.js, says the same in words). Fetched when it is first asked for. */

import { STEP } from "./shortcuts.js";

const SHORTCUTS = [
  ["k", "play or pause"],
  ["j / l", "back / forward " + STEP + " seconds"],
  ["n / p", "next / previous clip (while one plays: play it)"],
  ["v", "next version of a comparison (same moment, still playing)"],
  ["1 \u2026 9", "play from the clip's first \u2026 ninth listen-for moment"],
  ["r", "loop the moment playing (again: stop looping)"],
  ["< / >", "slower / faster (0.5\u00D7, 0.75\u00D7, 1\u00D7)"],
  ["?", "this list"],
];

let dialog = null;
let opener = null;

function cell(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

function makeDialog() {
  dialog = document.createElement("dialog");
  dialog.className = "shortcut-help";
  dialog.setAttribute("aria-labelledby", "shortcut-help-title");
  const title = cell("h2", "Keyboard shortcuts");
  title.id = "shortcut-help-title";
  const intro = cell(
    "p",
    "They act on the clip playing, else the one last used, else the first on screen, and never " +
      "while you type in a form field or hold Ctrl, Alt or Cmd."
  );
  const rove = cell(
    "p",
    "Tab reaches each clip's player, its tools and its moments once; the arrow keys, Home and " +
      "End move within the tools and within the moments."
  );
  const close = cell("button", "Close");
  close.type = "button";
  close.className = "shortcut-help-close";
  close.addEventListener("click", function () {
    dialog.close();
  });
  wireDialog();
  [title, intro, shortcutTable(), rove, close].forEach(function (el) {
    dialog.appendChild(el);
  });
  document.body.appendChild(dialog);
}

/* One row per shortcut: its keys, each in a <kbd>, as the row's header; what it does beside. */
function shortcutTable() {
  const table = document.createElement("table");
  const body = document.createElement("tbody");
  SHORTCUTS.forEach(function (row) {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    th.scope = "row";
    row[0].split(" / ").forEach(function (key, i) {
      if (i) {
        th.appendChild(document.createTextNode(" / "));
      }
      th.appendChild(cell("kbd", key));
    });
    tr.appendChild(th);
    tr.appendChild(cell("td", row[1]));
    body.appendChild(tr);
  });
  table.appendChild(body);
  return table;
}

/* Closing hands focus back to what opened the dialog; a click on the backdrop closes it too. */
function wireDialog() {
  dialog.addEventListener("close", function () {
    if (opener && opener.isConnected) {
      opener.focus();
    }
    opener = null;
  });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) {
      const box = dialog.getBoundingClientRect();
      const inside =
        event.clientX >= box.left && event.clientX <= box.right &&
        event.clientY >= box.top && event.clientY <= box.bottom;
      if (!inside) {
        dialog.close();
      }
    }
  });
}

export function openHelp() {
  if (!dialog) {
    makeDialog();
  }
  if (!dialog.open) {
    opener = document.activeElement;
    dialog.showModal();
  }
}

