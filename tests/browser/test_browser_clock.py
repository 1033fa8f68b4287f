"""The narrowest phones (under 384 px) give Chromium's time readout's room to the seek bar
(theme/static/css/player.css). A reader there still sees where a playing clip is: the state line
shows the elapsed time beside "Playing" (hidden from screen readers, which hear the slider's own
value); wider screens keep Chromium's readout and show no second clock."""

from __future__ import annotations

import pytest

from tests.browser.pagekit import press_play, wait_playing, wait_until

pytestmark = pytest.mark.browser

CLIP = "clip-fanfare"  # the fixture's first clip
CLOCK = """(id) => { const c = document.querySelector('#' + id + ' [data-clip-clock]');
  return c ? {text: c.textContent, shown: c.getClientRects().length > 0,
              hidden: c.getAttribute('aria-hidden')} : null; }"""


@pytest.mark.parametrize("width", [320, 360])
def test_a_playing_clip_shows_its_elapsed_time_where_chromium_hides_it(
    fixture_site, open_page, width
):
    page, log = open_page(fixture_site.url(fixture_site.essay), width=width)
    press_play(page, CLIP)
    wait_playing(page, CLIP, beyond=1.2)
    clock = wait_until(
        page,
        f"""() => {{ const c = ({CLOCK})('{CLIP}');
          return c && c.shown && c.text !== '0:00' ? c : null; }}""",
    )
    assert clock["text"] in ("0:01", "0:02", "0:03"), clock
    assert clock["hidden"] == "true"
    page.evaluate(f"() => document.querySelector('#{CLIP} audio').pause()")
    wait_until(page, f"() => !({CLOCK})('{CLIP}').shown")  # "Paused at …" says it then
    assert log.errors == []


def test_wider_screens_keep_one_clock(fixture_site, open_page):
    page, log = open_page(fixture_site.url(fixture_site.essay), width=1280)
    press_play(page, CLIP)
    wait_playing(page, CLIP, beyond=1.2)
    page.wait_for_timeout(300)
    assert not page.evaluate(CLOCK, CLIP)["shown"]
    assert log.errors == []
