/* Which clip: the one on screen, the next or the previous one. Pure functions over positions in
 * the list of clips a reader can see (unit-tested in ../test/order.test.mjs); page.js applies
 * them to the page's figures. */

/* Of clips whose boxes are `boxes` ({top, bottom} in px from the window's top, in page order),
 * in a window `height` px tall: the first on screen; else the last one scrolled past; else the
 * first. */
export function visibleIndex(boxes, height) {
  let passed = 0;
  for (let i = 0; i < boxes.length; i++) {
    if (boxes[i].bottom > 0 && boxes[i].top < height) {
      return i;
    }
    if (boxes[i].bottom <= 0) {
      passed = i;
    }
  }
  return passed;
}

/* Where "n" / "p" move the focus while nothing plays, from clip `i` (-1: not among the `count`
 * shown) by `step`: the neighbour, staying at either end; the first when `i` is -1. */
export function gotoIndex(i, step, count) {
  return i < 0 ? 0 : Math.max(0, Math.min(count - 1, i + step));
}

/* Which clip "next" / "previous" plays (the mini-player, the system's media keys, "n" / "p"
 * while a clip plays), from clip `i` by `step`: the neighbour, or -1 past either end (nothing
 * plays then). */
export function stepIndex(i, step, count) {
  const next = i + step;
  return next >= 0 && next < count ? next : -1;
}
