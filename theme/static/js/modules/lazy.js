/* The modules of the listening tools that only some readers use, fetched on first use (not part
 * of the page's cost on arrival nor on intent, BENCHMARKS.md §4): each loader returns the
 * promise of its module, fetched once per page (page.fetched). The import() calls name their
 * files literally, so the build versions them (theme-assets). */

import { announce } from "./live.js";
import { audioOf, titleOf } from "./clip.js";
import { handlers } from "./page.js";

const NEAR = "3000px 0px"; // compare.js loads when a comparison is this near the viewport

function once(page, name, fetchIt) {
  if (!page.fetched[name]) {
    page.fetched[name] = fetchIt();
  }
  return page.fetched[name];
}

export const loadLinks = (page) => once(page, "links", () => import("./links.js"));
export const loadHelp = (page) => once(page, "help", () => import("./help.js"));
export const loadSpeed = (page) => once(page, "speed", () => import("./speed.js"));

export function loadLoop(page) {
  return once(page, "loop", () =>
    import("./loop.js").then((module) => {
      page.figures.forEach(module.wireLoop); // a loop follows seeks and repeats from now on
      return module;
    })
  );
}

/* modules/compare.js (a comparison's switch: templates/clip-compare.html) is fetched only once a
 * comparison comes near the viewport, one of its versions plays, or a link or "v" asks for
 * one: a page without comparisons, or a reader who never gets that far, never downloads it.
 * Until then the stylesheet shows each comparison's first version only. */
export function loadCompare(page) {
  return once(page, "compare", () =>
    import("./compare.js").then((module) => {
      page.compare = module;
      const hooks = compareHooks(page);
      document.querySelectorAll("[data-compare]").forEach((group) => {
        module.wireCompare(group, hooks);
      });
      return module;
    })
  );
}

/* A comparison cues a version as the page does; when it switches versions, the shortcuts and
 * the mini-player follow the new one. */
function compareHooks(page) {
  return {
    seek: handlers(page).seek,
    switched(from, to, playing) {
      page.current = to;
      if (page.bar && page.mini.isShowing(page.bar, from)) {
        page.mini.showBar(page.bar, to, playing);
      }
    },
  };
}

/* "v": the comparison holding `fig` switches to its next version, which the shortcuts follow. */
export function nextVersion(page, fig) {
  loadCompare(page).then((module) => {
    page.current = module.nextVersion(fig, compareHooks(page)) || fig;
  });
}

export function loadCompareWhenNear(page) {
  const groups = Array.from(document.querySelectorAll("[data-compare]"));
  if (!groups.length) {
    return;
  }
  groups.forEach((group) => {
    group.querySelectorAll("audio, input[type=radio]").forEach((el) => {
      el.addEventListener(el.tagName === "AUDIO" ? "play" : "change", () => loadCompare(page));
    });
  });
  if (!("IntersectionObserver" in window)) {
    loadCompare(page);
    return;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        observer.disconnect();
        loadCompare(page);
      }
    },
    { rootMargin: NEAR }
  );
  groups.forEach((group) => observer.observe(group));
}

/* The mini-player and the Media Session matter only once something plays: their modules (and
 * the mini-player's styles) are fetched then, and `then` runs once they are there. */
export function withPlayer(page, then) {
  once(page, "player", () =>
    Promise.all([
      import("./miniplayer.js"),
      import("./session.js"),
      loadStyles("data-rail-css"),
    ]).then(([mini, session]) => {
      page.mini = mini;
      page.session = session;
      page.bar = mini.makeMiniPlayer({
        ...handlers(page),
        closed(fig) {
          announce("Player closed: " + titleOf(fig));
          audioOf(fig).focus({ preventScroll: true });
        },
      });
    })
  ).then(then);
}

/* A stylesheet the page names on this script's element (attribute `name`), added once; resolves
 * when it has loaded (or failed: the player still works, unstyled). */
function loadStyles(name) {
  const holder = document.querySelector("script[" + name + "]");
  if (!holder) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = holder.getAttribute(name);
    link.addEventListener("load", resolve);
    link.addEventListener("error", resolve);
    document.head.appendChild(link);
  });
}
