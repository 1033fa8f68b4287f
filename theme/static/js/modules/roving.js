/* Roving focus: a group of controls is one Tab stop; the arrow keys, Home and End move within
 * it (the WAI-ARIA toolbar pattern). The control last focused keeps the Tab stop. */

const KEYS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

export function rove(container, selector) {
  function items() {
    return Array.prototype.slice.call(container.querySelectorAll(selector));
  }
  function take(item) {
    items().forEach(function (other) {
      other.setAttribute("tabindex", other === item ? "0" : "-1");
    });
  }
  const all = items();
  if (!all.length) {
    return;
  }
  take(all[0]);
  container.addEventListener("focusin", function (event) {
    const item = event.target.closest(selector);
    if (item && container.contains(item)) {
      take(item);
    }
  });
  container.addEventListener("keydown", function (event) {
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
