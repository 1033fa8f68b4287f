// Unit tests of modules/notes.js: a note reference's page and id, fetching each page once, and
// where the preview goes beside its reference.
import { test } from "node:test";
import assert from "node:assert/strict";
import { memo, placeBox, splitNoteHref } from "../modules/notes.js";

test("a reference names the notes page and the note's id", () => {
  assert.deepEqual(splitNoteHref("/essay/notes/#fn:gorbman", "http://127.0.0.1:8000/essay/"), {
    page: "http://127.0.0.1:8000/essay/notes/",
    id: "fn:gorbman",
  });
  // Relative links (RELATIVE_URLS) and an escaped id.
  assert.deepEqual(splitNoteHref("notes/#fn%3A3", "https://example.org/repo/essay/"), {
    page: "https://example.org/repo/essay/notes/",
    id: "fn:3",
  });
});

test("each page is fetched once, whoever asks", async () => {
  const asked = [];
  const load = memo(async (key) => {
    asked.push(key);
    return key.toUpperCase();
  });
  const [a, b, c] = await Promise.all([load("x"), load("x"), load("y")]);
  assert.deepEqual([a, b, c, await load("x")], ["X", "X", "Y", "X"]);
  assert.deepEqual(asked, ["x", "y"]);
});

test("a failed fetch is tried again on the next call", async () => {
  let calls = 0;
  const load = memo(async () => {
    calls += 1;
    if (calls === 1) {
      throw new Error("offline");
    }
    return "page";
  });
  await assert.rejects(load("p"), /offline/);
  assert.equal(await load("p"), "page");
  assert.equal(calls, 2);
});

const phone = { width: 390, height: 844, scrollX: 0, scrollY: 1000 };

test("the preview sits under its reference, in page coordinates", () => {
  const at = placeBox({ left: 120, top: 200, bottom: 220 }, { width: 200, height: 150 }, phone);
  assert.deepEqual(at, { left: 120, top: 1226 });
});

test("near the right edge it moves left to stay on screen, never past the left margin", () => {
  const ref = { left: 370, top: 200, bottom: 220 };
  assert.equal(placeBox(ref, { width: 300, height: 100 }, phone).left, 390 - 300 - 8);
  assert.equal(placeBox(ref, { width: 380, height: 100 }, phone).left, 8);
});

test("without room below it goes above, unless below is still the roomier side", () => {
  const low = { left: 20, top: 700, bottom: 720 };
  assert.deepEqual(placeBox(low, { width: 200, height: 300 }, phone), { left: 20, top: 1394 });
  const middle = { left: 20, top: 400, bottom: 420 };
  // 600 px tall fits neither side; more room below (410) than above (386): under it.
  assert.equal(placeBox(middle, { width: 200, height: 600 }, phone).top, 1426);
});
