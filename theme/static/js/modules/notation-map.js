/* Where the music is on the engraving at a time: the bar sounding, the playhead's x, the clef or
 * key signature in force at a bar. Pure functions on plain data (a score as readScore returns it,
 * positions in engraving units), unit-tested in ../test/notation-map.test.mjs. */

/* Bar start times (seconds) from each bar's earliest onset (Infinity for a bar where no note
 * starts): the first bar starts at 0; bars without an onset share the time up to the next
 * onset evenly; bars after the last onset (nothing starts there) follow it less than a second
 * apart. */
export function fillBarTimes(firsts) {
  const times = firsts.slice();
  times[0] = 0;
  for (let i = 1; i < times.length; i++) {
    if (times[i] === Infinity) {
      let next = i + 1;
      while (next < times.length && times[next] === Infinity) {
        next++;
      }
      const end = next < times.length ? times[next] : times[i - 1] + 1;
      times[i] = times[i - 1] + (end - times[i - 1]) / (next - i + 1);
    }
  }
  return times;
}

/* The playhead's path from the onsets in timemap order ({t, x}: a note's onset and its head's
 * x): one anchor per onset time, at its leftmost head, in time order and never moving back. */
export function playheadAnchors(onsets) {
  const anchors = [];
  onsets.forEach((onset) => {
    const last = anchors[anchors.length - 1];
    if (last && last.t === onset.t) {
      last.x = Math.min(last.x, onset.x);
    } else {
      anchors.push({ t: onset.t, x: onset.x });
    }
  });
  anchors.sort((a, b) => a.t - b.t);
  for (let k = 1; k < anchors.length; k++) {
    anchors[k].x = Math.max(anchors[k].x, anchors[k - 1].x);
  }
  return anchors;
}

/* The bar sounding at `t` seconds (the first before the music starts, the last after it). */
export function barAt(score, t) {
  let i = 0;
  while (i + 1 < score.bars.length && score.bars[i + 1].time <= t) {
    i++;
  }
  return i;
}

/* The playhead's x at `t`: between the note heads of the onsets around it; with `glide` false,
 * at the last onset (no movement between onsets). After the last onset it glides on to the
 * final bar line by the end of the clip (`duration`). */
export function playheadX(score, t, glide, duration) {
  const a = score.anchors;
  if (!a.length || t <= a[0].t) {
    return a.length ? a[0].x : score.bars[0].x0;
  }
  for (let i = 0; i + 1 < a.length; i++) {
    if (a[i + 1].t > t) {
      if (!glide) {
        return a[i].x;
      }
      return a[i].x + ((a[i + 1].x - a[i].x) * (t - a[i].t)) / (a[i + 1].t - a[i].t);
    }
  }
  const last = a[a.length - 1];
  if (!glide || !(duration > last.t)) {
    return last.x;
  }
  const f = Math.min(1, (t - last.t) / (duration - last.t));
  return last.x + (score.end - last.x) * f;
}

/* Of a staff's clefs or key signatures ({bar, …} in score order), the one in force at bar `i`:
 * the last one at or before it; null when none is. */
export function inForce(list, i) {
  let found = null;
  (list || []).forEach((entry) => {
    if (entry.bar <= i) {
      found = entry;
    }
  });
  return found;
}
