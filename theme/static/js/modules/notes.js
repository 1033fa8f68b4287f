/* A note's preview beside its reference. The essay's notes live on a page of their own
 * (<essay>/notes/, written by the site_extras notes plugin); a click on a reference shows that
 * note here, in a popover (the Popover API: Escape or a click elsewhere closes it, and so does its
 * close button; focus goes back to the reference). The notes page is fetched once, on the first
 * click, and its stylesheet (css/notes.css, linked by that page) comes with it. Where anything is
 * missing (no Popover API, the page cannot be fetched, the note is not on it) the reference does
 * what it does without scripts: it opens the notes page at that note.
 * Fetched by clips.js on the first click on a reference; nothing here runs on arrival. */

/** "/essay/notes/#fn:x" read against `base` -> { page: "http://…/essay/notes/", id: "fn:x" }. */
export function splitNoteHref(href, base) {
  const url = new URL(href, base);
  const id = decodeURIComponent(url.hash.slice(1));
  url.hash = "";
  return { page: url.href, id };
}

/** `load`, called once per key: the same promise for every later call with that key. A failed
 * load is forgotten, so the next call tries again (a reader back online). */
export function memo(load) {
  const promises = new Map();
  return (key) => {
    if (!promises.has(key)) {
      const promise = Promise.resolve().then(() => load(key));
      promises.set(key, promise);
      promise.catch(() => promises.delete(key));
    }
    return promises.get(key);
  };
}

/** Where the preview goes, in page coordinates: under the reference, or above it when it does
 * not fit below and there is more room above; its left edge at the reference's, moved left as far
 * as it must to stay on screen, and never past the screen's left margin.
 * `ref` is the reference's viewport box ({left, top, bottom}), `box` the preview's size,
 * `view` the viewport ({width, height, scrollX, scrollY}). */
export function placeBox(ref, box, view, gap = 6, margin = 8) {
  const left = Math.max(margin, Math.min(ref.left, view.width - box.width - margin));
  const below = view.height - ref.bottom - gap - margin;
  const above = ref.top - gap - margin;
  const under = box.height <= below || below >= above;
  const top = under ? ref.bottom + gap : ref.top - gap - box.height;
  return { left: left + view.scrollX, top: top + view.scrollY };
}

const loadPage = memo((page) =>
  fetch(page, { credentials: "same-origin" }).then((response) => {
    if (!response.ok) {
      throw new Error("notes page: HTTP " + response.status);
    }
    return response.text().then((text) => new DOMParser().parseFromString(text, "text/html"));
  })
);

/* The notes page's stylesheet, added to this page once (resolves when loaded, or failed). */
const loadStyles = memo((href) => {
  if (!href) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.addEventListener("load", resolve);
    link.addEventListener("error", resolve);
    document.head.appendChild(link);
  });
});

let preview = null; // the one popover, made on the first note shown
let opener = null; // the reference it was opened from

function makePreview() {
  const box = document.createElement("div");
  box.id = "note-preview";
  box.className = "note-popover";
  box.setAttribute("popover", "auto");
  box.setAttribute("role", "dialog");
  box.setAttribute("aria-labelledby", "note-preview-title");
  box.tabIndex = -1;
  const title = document.createElement("p");
  title.id = "note-preview-title";
  title.className = "note-popover-title";
  const text = document.createElement("div");
  text.className = "note-popover-text";
  const more = document.createElement("p");
  more.className = "note-popover-more";
  const link = document.createElement("a");
  link.textContent = "All the notes, on their own page";
  more.appendChild(link);
  const close = document.createElement("button");
  close.type = "button";
  close.className = "note-popover-close";
  close.setAttribute("aria-label", "Close the note");
  close.textContent = "×";
  close.addEventListener("click", () => box.hidePopover());
  box.append(title, text, more, close);
  // The single-key shortcuts of the page are not for keys typed here (Escape still closes).
  box.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" && event.key !== "Tab") {
      event.stopPropagation();
    }
  });
  box.addEventListener("toggle", (event) => {
    if (event.newState !== "closed" || !opener) {
      return;
    }
    const focused = document.activeElement;
    if (!focused || focused === document.body || box.contains(focused)) {
      opener.focus({ preventScroll: true });
    }
  });
  window.addEventListener("resize", () => {
    if (opener && box.matches(":popover-open")) {
      place(box, opener);
    }
  });
  document.body.appendChild(box);
  return box;
}

function place(box, ref) {
  const at = placeBox(
    ref.getBoundingClientRect(),
    { width: box.offsetWidth, height: box.offsetHeight },
    {
      width: document.documentElement.clientWidth,
      height: window.innerHeight,
      scrollX: window.scrollX,
      scrollY: window.scrollY,
    }
  );
  box.style.left = at.left + "px";
  box.style.top = at.top + "px";
}

/* The note's text, as a copy: without its back-link (the reader is already at the reference)
 * and ids, with its links made absolute (they were written for the notes page). */
function noteContent(note, page) {
  const copy = note.cloneNode(true);
  copy.querySelectorAll(".footnote-backref").forEach((a) => a.remove());
  copy.querySelectorAll("[id]").forEach((el) => el.removeAttribute("id"));
  copy.querySelectorAll("a[href]").forEach((a) => {
    a.href = new URL(a.getAttribute("href"), page).href;
  });
  return Array.from(copy.childNodes);
}

/** Show the note that `link` (a note reference, `…/notes/#fn:x`) leads to, beside it. */
export async function showNote(link) {
  const { page, id } = splitNoteHref(link.getAttribute("href"), document.baseURI);
  const fallback = () => window.location.assign(link.href);
  if (typeof HTMLElement.prototype.showPopover !== "function") {
    fallback();
    return;
  }
  let notes;
  try {
    notes = await loadPage(page);
  } catch {
    fallback();
    return;
  }
  const note = notes.getElementById(id);
  if (!note) {
    fallback();
    return;
  }
  const sheet = notes.querySelector("link[data-notes-css]");
  await loadStyles(sheet ? new URL(sheet.getAttribute("href"), page).href : "");
  preview = preview || makePreview();
  if (preview.matches(":popover-open")) {
    opener = null; // a reader who opens another note: focus stays where it is
    preview.hidePopover();
  }
  preview.querySelector(".note-popover-title").textContent = "Note " + link.textContent.trim();
  preview.querySelector(".note-popover-text").replaceChildren(...noteContent(note, page));
  preview.querySelector(".note-popover-more a").href = link.href;
  opener = link;
  preview.showPopover();
  place(preview, link);
  preview.focus({ preventScroll: true });
}
