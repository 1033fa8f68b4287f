/* The keyboard shortcuts as data: which key names which shortcut, and which key presses are the
 * page's to read at all. Pure functions (unit-tested in ../test/keymap.test.mjs); listen.js
 * does each shortcut's job, help.js shows the list to the reader. */

import { STEP } from "./shortcuts.js";

/* Key -> the shortcut it names: its job's name, with the job's argument. */
const SHORTCUTS = new Map([
  ["?", { name: "help" }],
  ["r", { name: "loop" }],
  ["<", { name: "speed", step: -1 }],
  [">", { name: "speed", step: 1 }],
  ["n", { name: "clip", step: 1 }],
  ["p", { name: "clip", step: -1 }],
  ["v", { name: "version" }],
  ["k", { name: "playPause" }],
  ["j", { name: "skip", by: -STEP }],
  ["l", { name: "skip", by: STEP }],
]);

/* The shortcut `key` (KeyboardEvent.key) names, or null: "1" to "9" name the clip's moments. */
export function shortcutFor(key) {
  if (/^[1-9]$/.test(key)) {
    return { name: "moment", index: Number(key) - 1 };
  }
  return SHORTCUTS.get(key) || null;
}

/* Keys typed into a field are the reader's text, never shortcuts. Buttons, radio buttons,
 * sliders and menus are not text fields: the shortcuts work after a click on any of them. */
const TEXT_TYPES =
  /^(text|search|email|url|tel|password|number|date|datetime-local|month|time|week)$/;

export function isTextEntry(el) {
  if (el.isContentEditable || el.tagName === "TEXTAREA") {
    return true;
  }
  return el.tagName === "INPUT" && TEXT_TYPES.test(el.type || "text");
}

/* Whether a key press may be a shortcut: not one a script has handled, not with Ctrl, Cmd or
 * Alt (the browser's and the system's), not in a text field nor in a dialog (the shortcut list
 * has its own keys). */
export function isShortcutPress(event) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
    return false;
  }
  const target = event.target;
  return !isTextEntry(target) && !(target.closest && target.closest("dialog"));
}
