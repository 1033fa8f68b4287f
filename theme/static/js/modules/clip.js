/* Facts about one clip's <figure class="clip">, shared by the other modules. */

export function audioOf(fig) {
  return fig.querySelector("audio");
}

export function titleOf(fig) {
  const t = fig.querySelector(".clip-title");
  return t ? t.textContent.trim() : fig.id;
}

export function durationOf(fig) {
  const d = audioOf(fig).duration;
  return isFinite(d) && d > 0 ? d : parseFloat(fig.getAttribute("data-duration")) || 0;
}

export function setState(fig, text) {
  const el = fig.querySelector("[data-clip-state]");
  if (el) {
    el.textContent = text;
  }
}

/* The listen-for moments, in order: [{at: seconds, el: the moment's link or button}]. */
export function momentsOf(fig) {
  return Array.prototype.map.call(fig.querySelectorAll(".clip-moment"), function (el) {
    return { at: parseFloat(el.getAttribute("data-at")), el: el };
  });
}

export function play(audio) {
  const promise = audio.play();
  if (promise && promise.catch) {
    promise.catch(function (err) {
      // A pause() that wins the race with play() is expected (another clip started).
      if (err && err.name !== "AbortError") {
        const fig = audio.closest("figure.clip");
        setState(fig, err.name === "NotAllowedError" ? "Press play to listen" : "Cannot play");
      }
    });
  }
}
