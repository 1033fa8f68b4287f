/* Optional script for the plugin's own clip partial (AUDIO_CLIPS_SCRIPT): each "listen for"
   moment becomes a button that plays the clip from its time, and the waveform shows how far the
   clip has played and seeks on a click. Without it the moments are plain timed text and the
   native controls do the rest. No dependencies, nothing inline: it runs under script-src 'self'.
   A classic script, strict throughout: the block below keeps its names (functions included, as
   strict mode scopes them to the block) out of the page's global scope, as a wrapping function
   would, while each function stays short on its own. */
"use strict";

{

  function startAt(audio, seconds) {
    if (audio.readyState > 0) {
      audio.currentTime = seconds;
    } else {
      // With preload="none" nothing is known yet: seek as soon as the length is.
      audio.addEventListener(
        "loadedmetadata",
        function () {
          audio.currentTime = seconds;
        },
        { once: true }
      );
    }
    const playing = audio.play();
    if (playing && playing.catch) {
      playing.catch(function () {}); // refused (no sound allowed): the seek still stands
    }
  }

  function enhanceMoment(item, audio) {
    const at = parseFloat(item.getAttribute("data-at"));
    if (!isFinite(at) || item.querySelector("button")) {
      return;
    }
    const button = document.createElement("button");
    button.type = "button";
    button.className = "audio-clip-seek";
    while (item.firstChild) {
      button.appendChild(item.firstChild);
    }
    item.appendChild(button);
    button.addEventListener("click", function () {
      startAt(audio, at);
    });
  }

  function enhanceWave(svg, audio, duration) {
    const progress = svg.querySelector(".audio-clip-wave-progress");
    const width = svg.viewBox.baseVal.width;
    if (!progress || !width || !duration) {
      return;
    }
    svg.classList.add("audio-clip-wave-seekable");
    audio.addEventListener("timeupdate", function () {
      const share = Math.min(1, audio.currentTime / duration);
      progress.setAttribute("width", (share * width).toFixed(1));
    });
    svg.addEventListener("click", function (event) {
      const box = svg.getBoundingClientRect();
      if (box.width > 0) {
        startAt(audio, ((event.clientX - box.left) / box.width) * duration);
      }
    });
  }

  function enhance(figure) {
    const audio = figure.querySelector("audio");
    if (!audio) {
      return;
    }
    const moments = figure.querySelectorAll(".audio-clip-moments > li[data-at]");
    for (let i = 0; i < moments.length; i++) {
      enhanceMoment(moments[i], audio);
    }
    const wave = figure.querySelector("svg.audio-clip-wave");
    if (wave) {
      enhanceWave(wave, audio, parseFloat(figure.getAttribute("data-duration")));
    }
  }

  const figures = document.querySelectorAll("figure.audio-clip");
  for (let i = 0; i < figures.length; i++) {
    enhance(figures[i]);
  }
}
