/* Fetching a strip's engraving and timemap, and putting the engraving in the page in place of
 * its <object> (docs/notation.md, "In the page"). Both come from the site's own files, cached
 * by the browser (they are versioned by name). */

function getText(url) {
  const init = { credentials: "same-origin", cache: "force-cache" };
  return fetch(url, init).then(function (response) {
    if (!response.ok) {
      throw new Error(url + ": HTTP " + response.status);
    }
    return response.text();
  });
}

/* The engraving's text as an <svg> element of this document; throws if it is not an SVG. */
function parseSvg(text) {
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const svg = doc.documentElement;
  if (!svg || svg.nodeName !== "svg" || doc.getElementsByTagName("parsererror").length) {
    throw new Error("not an SVG");
  }
  return document.importNode(svg, true);
}

/* Fetch the engraving at `svgUrl` and the timemap at `timemapUrl`. Resolves to {svg, timemap}:
 * the <svg>, not yet in the page, and the timemap's JSON ({timemap: [...], bars: [ms, ...]}). */
export function fetchStrip(svgUrl, timemapUrl) {
  return Promise.all([getText(svgUrl), getText(timemapUrl)]).then(function (texts) {
    const svg = parseSvg(texts[0]);
    return { svg: svg, timemap: JSON.parse(texts[1]) };
  });
}

/* Put `svg` in the page in place of the <object> that showed it, with the object's text
 * alternative. */
export function inline(object, svg) {
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", object.getAttribute("aria-label") || "");
  svg.setAttribute("class", "clip-notation-svg");
  object.replaceWith(svg);
}
