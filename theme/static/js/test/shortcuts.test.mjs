// Unit tests of modules/shortcuts.js (node --test; `make test` runs them): the reader's choice to
// turn the single-key shortcuts off, kept in localStorage (a stand-in here).
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { STEP, setShortcutsOn, shortcutSentence, shortcutsOn } from "../modules/shortcuts.js";

function storage(refuse) {
  const items = new Map();
  return {
    getItem: (key) => {
      if (refuse) throw new Error("SecurityError");
      return items.has(key) ? items.get(key) : null;
    },
    setItem: (key, value) => {
      if (refuse) throw new Error("QuotaExceededError");
      items.set(key, String(value));
    },
  };
}

afterEach(() => {
  delete globalThis.localStorage;
});

test("the shortcuts are on until the reader turns them off, and back on", () => {
  globalThis.localStorage = storage(false);
  assert.equal(shortcutsOn(), true);
  assert.equal(setShortcutsOn(false), true);
  assert.equal(shortcutsOn(), false);
  assert.equal(setShortcutsOn(true), true);
  assert.equal(shortcutsOn(), true);
});

test("a browser that refuses storage keeps them on and says the choice was not kept", () => {
  globalThis.localStorage = storage(true);
  assert.equal(shortcutsOn(), true);
  assert.equal(setShortcutsOn(false), false);
  assert.equal(shortcutsOn(), true);
});

test("the footer's sentence names the step the j and l keys take", () => {
  assert.match(shortcutSentence(), new RegExp(`j and l back or forward ${STEP} s`));
});
