"""Test support for the browser tests: a static server that answers Range requests (Chromium
seeks audio only when the server does), and a headless Chromium through Playwright.

Inside the plugin's home repository the browser is the one that repository tests with (its
``tools/chromium.py``: Debian's Chromium and its flags); elsewhere Playwright's own Chromium
(``python -m playwright install chromium``).
"""

from __future__ import annotations

import contextlib
import http.server
import os
import re
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")
#: Lets a test press play without a user gesture.
AUTOPLAY = "--autoplay-policy=no-user-gesture-required"


class _RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Python's file handler, plus one byte range per request (all a media player asks for)."""

    def log_message(self, format, *args):  # quiet
        pass

    def send_head(self):
        match = _RANGE.match(self.headers.get("Range", "").strip())
        path = Path(self.translate_path(self.path))
        if not match or not path.is_file() or match.group(1) == match.group(2) == "":
            return super().send_head()
        size = path.stat().st_size
        first, last = match.groups()
        start = int(first) if first else max(0, size - int(last))
        end = min(int(last), size - 1) if first and last else size - 1
        if start >= size:
            self.send_error(416)
            return None
        handle = path.open("rb")
        handle.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        self._remaining = end - start + 1
        return handle

    def copyfile(self, source, outputfile):
        remaining = getattr(self, "_remaining", None)
        if remaining is None:
            return super().copyfile(source, outputfile)
        outputfile.write(source.read(remaining))
        return None


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1; yields the base URL (ending in '/')."""
    handler = partial(_RangeHandler, directory=os.fspath(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def launch(playwright):
    """Chromium, headless, allowed to play sound without a gesture."""
    try:
        from tools.chromium import CHROMIUM, CHROMIUM_ARGS
    except ImportError:  # outside the home repository
        return playwright.chromium.launch(args=[AUTOPLAY])
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
