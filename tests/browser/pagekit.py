"""Small helpers for driving the essay page in Chromium.

The pages carry a strict Content-Security-Policy (no 'unsafe-eval'), so Playwright's
``wait_for_function`` (which evaluates a string inside the page) is refused; ``wait_until`` polls
with ``page.evaluate`` instead, which the policy does not govern.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

#: Where the tests leave screenshots for a reviewer (gitignored; named in the README).
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

AUDIO_STATE = """(id) => {
  const a = document.querySelector('#' + CSS.escape(id) + ' audio');
  return {paused: a.paused, time: a.currentTime, ready: a.readyState, src: a.currentSrc};
}"""


def wait_until(page, expression: str, arg=None, timeout: float = 8.0, interval: float = 0.03):
    """Poll ``expression`` (a JS function taking ``arg``) until it returns something truthy."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = page.evaluate(expression, arg)
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {expression} ({arg!r}): {value}")


def audio_state(page, figure_id: str) -> dict:
    return page.evaluate(AUDIO_STATE, figure_id)


def clip_ids(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('figure.clip')].map(f => f.id)")


def press_play(page, figure_id: str) -> None:
    """Click the native play button (the leftmost control of Chromium's audio controls)."""
    audio = page.locator(f"#{figure_id} audio")
    audio.scroll_into_view_if_needed()
    box = audio.bounding_box()
    page.mouse.click(box["x"] + 22, box["y"] + box["height"] / 2)


def wait_playing(page, figure_id: str, beyond: float = 0.0) -> dict:
    """Wait until the clip is playing and its currentTime has moved past ``beyond``."""
    return wait_until(
        page,
        """([id, beyond]) => {
          const a = document.querySelector('#' + CSS.escape(id) + ' audio');
          return !a.paused && a.readyState >= 2 && a.currentTime > beyond
            ? {time: a.currentTime} : null;
        }""",
        [figure_id, beyond],
    )


def seconds(label: str) -> float:
    """'1:05' or '65' -> 65.0."""
    if not re.fullmatch(r"\d+(:\d{1,2}){0,2}(\.\d+)?", label):
        raise ValueError(label)
    total = 0.0
    for part in label.split(":"):
        total = total * 60 + float(part)
    return total


def iso_seconds(duration: str) -> float:
    """'PT1M5S' -> 65.0 (the subset JSON-LD uses)."""
    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?", duration)
    if not match:
        raise ValueError(duration)
    hours, minutes, secs = (float(g) if g else 0.0 for g in match.groups())
    return hours * 3600 + minutes * 60 + secs


def screenshot_path(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / name


def png_pixels(data: bytes):
    """Decode an 8-bit RGB/RGBA PNG (as Chromium writes screenshots) into a numpy array."""
    import struct
    import zlib

    import numpy as np

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    channels = 3 if colour == 2 else 4
    raw = np.frombuffer(zlib.decompress(b"".join(chunks)), dtype=np.uint8)
    rows = raw.reshape(height, width * channels + 1)
    out = np.zeros((height, width * channels), dtype=np.int32)
    for y in range(height):
        kind, line = rows[y, 0], rows[y, 1:].astype(np.int32)
        above = out[y - 1] if y else np.zeros_like(line)
        if kind == 0:
            out[y] = line
        elif kind == 2:
            out[y] = (line + above) % 256
        else:  # filters 1, 3, 4 depend on the pixel to the left: decode left to right
            row = np.zeros_like(line)
            for x in range(line.size):
                left = row[x - channels] if x >= channels else 0
                up_left = above[x - channels] if x >= channels else 0
                if kind == 1:
                    predictor = left
                elif kind == 3:
                    predictor = (left + above[x]) // 2
                else:
                    p = left + above[x] - up_left
                    pa, pb, pc = abs(p - left), abs(p - above[x]), abs(p - up_left)
                    predictor = left if pa <= pb and pa <= pc else above[x] if pb <= pc else up_left
                row[x] = (line[x] + predictor) % 256
            out[y] = row
    return out.reshape(height, width, channels)[:, :, :3]


def use_tool(page, figure_id: str, selector: str) -> None:
    """Press one of a clip's tools (loop, a speed, link): they fold behind its "Tools" button
    (issue 23), which closes again once a tool is chosen."""
    toggle = page.locator(f"#{figure_id} [data-tools-toggle]")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    page.locator(f"#{figure_id} {selector}").click()


def violations(page) -> list[str]:
    """axe-core's violations on the page, one line each (rule, impact, help, first targets)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in results.response["violations"]
    ]
