/* Roving focus: a group of controls is one Tab stop; the arrow keys, Home and End move within
 * it (the WAI-ARIA toolbar pattern). The control last focused keeps the Tab stop. Only controls
 * on show count: on a phone the clip's tools fold behind "Tools", on a wide screen "Tools" is
 * not there; the Tab stop moves to a control on show when the layout changes. */

const KEYS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

function shown(el) {
  return el.getClientRects().length > 0;
}

export function rove(container, selector) {
  let current = null;
  function items() {
    return Array.from(container.querySelectorAll(selector)).filter(shown);
  }
  function take(item) {
    current = item;
    container.querySelectorAll(selector).forEach((other) => {
      other.setAttribute("tabindex", other === item ? "0" : "-1");
    });
  }
  function settle() {
    if (!current || !shown(current)) {
      const first = items()[0];
      if (first) {
        take(first);
      }
    }
  }
  if (!container.querySelector(selector)) {
    return;
  }
  settle();
  window.addEventListener("resize", settle);
  container.addEventListener("focusin", (event) => {
    const item = event.target.closest(selector);
    if (item && container.contains(item)) {
      take(item);
    }
  });
  container.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    const list = items();
    const i = list.indexOf(event.target.closest(selector));
    if (i < 0) {
      return;
    }
    let next;
    if (event.key in KEYS) {
      next = list[(i + KEYS[event.key] + list.length) % list.length];
    } else if (event.key === "Home") {
      next = list[0];
    } else if (event.key === "End") {
      next = list[list.length - 1];
    } else {
      return;
    }
    event.preventDefault();
    take(next);
    next.focus();
  });
}
