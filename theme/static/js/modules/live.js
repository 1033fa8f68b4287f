/* The page's one polite live region: what the player does is said, not only shown. */

let region = null;

export function makeLiveRegion() {
  if (!region) {
    region = document.createElement("p");
    region.className = "visually-hidden";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    document.body.appendChild(region);
  }
  return region;
}

export function announce(text) {
  makeLiveRegion().textContent = text;
}
