/* The notes of a timemap as intervals: pure (unit-tested in ../test/notation-time.test.mjs). */

/* Timemap entries ({tstamp: ms, on: [ids], off: [ids]}) -> [{id, on, off, el}] in seconds, in
 * order of onset; a note never switched off lasts to the end (off = Infinity). */
export function intervals(timemap) {
  const byId = {};
  const list = [];
  timemap.forEach((entry) => {
    const t = entry.tstamp / 1000;
    (entry.off || []).forEach((id) => {
      if (byId[id]) {
        byId[id].off = t;
      }
    });
    (entry.on || []).forEach((id) => {
      const note = { id, on: t, off: Infinity, el: null };
      byId[id] = note;
      list.push(note);
    });
  });
  return list;
}

/* The notes sounding at `t` (seconds): those begun and not yet ended. */
export function soundingAt(notes, t) {
  const now = [];
  for (let i = 0; i < notes.length && notes[i].on <= t; i++) {
    if (t < notes[i].off) {
      now.push(notes[i]);
    }
  }
  return now;
}

/* Of the notes shown sounding (`lit`), those no longer sounding (not in `now`). */
export function stoppedNotes(lit, now) {
  return lit.filter((note) => now.indexOf(note) < 0);
}
