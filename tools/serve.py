"""A small static file server that answers HTTP Range requests.

Python's ``http.server`` ignores ``Range``; Chromium then cannot seek MP3 and reports Opus durations
as Infinity. Browser tests, benchmarks and local previews use this server instead. It can mount the
site under a sub-path (``/repo/``) the way GitHub Pages serves a project site.

Command line: ``python tools/serve.py output --port 8000 [--prefix /repo/]``.
"""

from __future__ import annotations

import argparse
import contextlib
import http.server
import os
import re
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


class RangeRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files below ``directory`` (mounted at ``prefix``), with single byte ranges."""

    prefix = "/"
    extensions_map = {  # noqa: RUF012 (class attribute, as in the standard library)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".opus": "audio/ogg",
        ".ogg": "audio/ogg",
        ".mp3": "audio/mpeg",
        ".m4a": "audio/mp4",
        ".svg": "image/svg+xml",
        ".json": "application/json",
        ".js": "text/javascript",
        ".xml": "application/xml",
        ".webmanifest": "application/manifest+json",
    }

    def log_message(self, format, *args):
        """Quiet by default; tests read the browser's network log instead."""

    def _inside_prefix(self) -> bool:
        clean = self.path.split("?", 1)[0].split("#", 1)[0]
        return clean.startswith(self.prefix) or clean + "/" == self.prefix

    def translate_path(self, path: str) -> str:
        """Strip the mount prefix before mapping the URL to a file."""
        clean = path.split("?", 1)[0].split("#", 1)[0]
        return super().translate_path("/" + clean[len(self.prefix) :])

    def send_head(self):
        if not self._inside_prefix():
            self.send_error(404, "Outside the site's sub-path")
            return None
        range_header = self.headers.get("Range")
        path = self.translate_path(self.path)
        if not range_header or os.path.isdir(path) or not os.path.isfile(path):
            return super().send_head()
        match = _RANGE.match(range_header.strip())
        size = os.path.getsize(path)
        if not match or (match.group(1) == "" and match.group(2) == ""):
            return super().send_head()
        first, last = match.groups()
        if first == "":  # suffix range: the last N bytes
            start, end = max(0, size - int(last)), size - 1
        else:
            start = int(first)
            end = min(int(last), size - 1) if last else size - 1
        if start >= size or start > end:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        handle = open(path, "rb")  # noqa: SIM115 (closed by copyfile's caller)
        handle.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Last-Modified", self.date_time_string(int(os.path.getmtime(path))))
        self.end_headers()
        return _Limited(handle, end - start + 1)

    def end_headers(self):
        if self.command in ("GET", "HEAD") and "Range" not in self.headers:
            self.send_header("Accept-Ranges", "bytes")
        super().end_headers()


class _Limited:
    """A file object that stops after ``remaining`` bytes, for ``copyfile``."""

    def __init__(self, handle, remaining: int):
        self._handle = handle
        self._remaining = remaining

    def read(self, size: int = -1) -> bytes:
        if self._remaining <= 0:
            return b""
        size = self._remaining if size < 0 else min(size, self._remaining)
        data = self._handle.read(size)
        self._remaining -= len(data)
        return data

    def close(self) -> None:
        self._handle.close()


def make_server(
    directory: str | os.PathLike,
    host: str = "127.0.0.1",
    port: int = 0,
    prefix: str = "/",
    handler: type[RangeRequestHandler] = RangeRequestHandler,
) -> http.server.ThreadingHTTPServer:
    """A threading server for ``directory`` mounted at ``prefix`` (which must end with '/').

    ``handler`` may be a subclass of RangeRequestHandler that adds behaviour (e.g. gzip).
    """
    if not prefix.startswith("/") or not prefix.endswith("/"):
        raise ValueError(f"prefix must start and end with '/': {prefix!r}")
    handler = type("Handler", (handler,), {"prefix": prefix})
    return http.server.ThreadingHTTPServer(
        (host, port), partial(handler, directory=str(Path(directory).resolve()))
    )


@contextlib.contextmanager
def serve(
    directory: str | os.PathLike,
    host: str = "127.0.0.1",
    port: int = 0,
    prefix: str = "/",
    handler: type[RangeRequestHandler] = RangeRequestHandler,
) -> Iterator[str]:
    """Serve ``directory`` in a background thread; yields the base URL (ending with ``prefix``)."""
    server = make_server(directory, host, port, prefix, handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default="output")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--prefix", default="/")
    args = parser.parse_args(argv)
    server = make_server(args.directory, args.host, args.port, args.prefix)
    print(f"Serving {args.directory} at http://{args.host}:{args.port}{args.prefix} (Ctrl-C stops)")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
