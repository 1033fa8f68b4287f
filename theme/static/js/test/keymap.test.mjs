// Unit tests of modules/keymap.js: which key names which shortcut, and which key presses are
// the page's to read (issue 23: shortcuts are ignored only in text-entry fields).
import { test } from "node:test";
import assert from "node:assert/strict";
import { isShortcutPress, isTextEntry, shortcutFor } from "../modules/keymap.js";
import { STEP } from "../modules/shortcuts.js";

test("each key of the help's list names its shortcut, with its argument", () => {
  assert.deepEqual(shortcutFor("k"), { name: "playPause" });
  assert.deepEqual(shortcutFor("j"), { name: "skip", by: -STEP });
  assert.deepEqual(shortcutFor("l"), { name: "skip", by: STEP });
  assert.deepEqual(shortcutFor("n"), { name: "clip", step: 1 });
  assert.deepEqual(shortcutFor("p"), { name: "clip", step: -1 });
  assert.deepEqual(shortcutFor("<"), { name: "speed", step: -1 });
  assert.deepEqual(shortcutFor(">"), { name: "speed", step: 1 });
  assert.deepEqual(shortcutFor("r"), { name: "loop" });
  assert.deepEqual(shortcutFor("v"), { name: "version" });
  assert.deepEqual(shortcutFor("?"), { name: "help" });
});

test("1 to 9 name the clip's moments, counted from the first", () => {
  assert.deepEqual(shortcutFor("1"), { name: "moment", index: 0 });
  assert.deepEqual(shortcutFor("9"), { name: "moment", index: 8 });
});

test("any other key is no shortcut, names of Object's own properties included", () => {
  const others = ["0", "10", "K", "N", " ", "Enter", "ArrowLeft", "constructor", "toString", ""];
  for (const key of others) {
    assert.equal(shortcutFor(key), null, key);
  }
});

test("a text field is the reader's text; buttons, radios, sliders and menus are not", () => {
  const input = (type) => ({ tagName: "INPUT", type });
  for (const type of ["text", "search", "email", "url", "number", "date", "time", undefined]) {
    assert.equal(isTextEntry(input(type)), true, String(type));
  }
  assert.equal(isTextEntry({ tagName: "TEXTAREA" }), true);
  assert.equal(isTextEntry({ tagName: "DIV", isContentEditable: true }), true);
  for (const type of ["radio", "range", "checkbox", "button", "submit"]) {
    assert.equal(isTextEntry(input(type)), false, type);
  }
  assert.equal(isTextEntry({ tagName: "BUTTON", type: "button" }), false);
  assert.equal(isTextEntry({ tagName: "SELECT" }), false);
  assert.equal(isTextEntry({ tagName: "AUDIO" }), false);
});

/* A key press on `target` (a plain stand-in for an element: its tag, and whether it is in a
 * dialog), with the modifiers and flags given. */
function press(target, flags = {}) {
  const inDialog = !!target.inDialog;
  return { key: "k", target: { ...target, closest: () => (inDialog ? {} : null) }, ...flags };
}

test("a plain key on the page, a button, a radio or a slider may be a shortcut", () => {
  assert.equal(isShortcutPress(press({ tagName: "BODY" })), true);
  assert.equal(isShortcutPress(press({ tagName: "BUTTON" })), true);
  assert.equal(isShortcutPress(press({ tagName: "INPUT", type: "radio" })), true);
  assert.equal(isShortcutPress(press({ tagName: "INPUT", type: "range" })), true);
});

test("with Ctrl, Cmd or Alt, already handled, in a text field or a dialog, it is not", () => {
  const body = { tagName: "BODY" };
  assert.equal(isShortcutPress(press(body, { ctrlKey: true })), false);
  assert.equal(isShortcutPress(press(body, { metaKey: true })), false);
  assert.equal(isShortcutPress(press(body, { altKey: true })), false);
  assert.equal(isShortcutPress(press(body, { defaultPrevented: true })), false);
  assert.equal(isShortcutPress(press({ tagName: "INPUT", type: "search" })), false);
  assert.equal(isShortcutPress(press({ tagName: "BUTTON", inDialog: true })), false);
});

test("Shift is no modifier here: '?', '<' and '>' are typed with it", () => {
  assert.equal(isShortcutPress(press({ tagName: "BODY" }, { shiftKey: true })), true);
});

test("a target that is not an element (the document) may be a shortcut", () => {
  assert.equal(isShortcutPress({ key: "k", target: { tagName: undefined } }), true);
});
