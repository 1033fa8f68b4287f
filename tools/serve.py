"""A small static file server that answers HTTP Range requests.

Python's ``http.server`` ignores ``Range``; Chromium then cannot seek MP3 and reports Opus durations
as Infinity. Browser tests, benchmarks and local previews (`make serve`, through tools/dev.py) use
this server instead. It can mount the site under a sub-path (``/repo/``) the way GitHub Pages serves
a project site.

Behaviour under load and abuse (issue 14):

- a listen backlog of 1024 and a bounded pool of worker threads: a burst of connections waits in
  the kernel's queue instead of being dropped (a dropped SYN costs the client a 1 s retransmit);
- an idle timeout per connection, so a client that connects and says nothing frees its worker
  (it bounds each read and write, not a whole request: 32 clients dripping a byte every few
  seconds could still hold every worker, which a local dev server accepts);
- responses are HTTP/1.0 (one request per connection), so no idle keep-alive connection pins a
  worker; file bodies go out with sendfile(2);
- a malformed path (NUL or other control characters, ``.``/``..`` segments, a backslash, bytes
  that are not UTF-8, an over-long path or segment) gets a plain 400, never a traceback;
- Range as RFC 9110 §14 describes it, with one choice the RFC leaves open: a request for
  **several** ranges gets the whole file (200), not multipart/byteranges (§14.2 lets a server
  ignore Range; browsers' media players only ever ask for one range).

The served folder is looked up on every request (never resolved once at start), so a dev loop
can swap a symlink to a freshly built tree under it.

Command line: ``python tools/serve.py output --port 8000 [--prefix /repo/]``.
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import http.server
import os
import re
import stat
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from functools import partial

#: Longest request path (before percent-decoding) and path segment (decoded, in UTF-8 bytes).
MAX_PATH = 2048
MAX_SEGMENT = 255
#: Seconds a connection may stay silent (while sending its request or reading the response).
IDLE_TIMEOUT = 10.0
#: Worker threads, and accepted connections allowed to wait for one; beyond that the kernel's
#: listen backlog holds them.
WORKERS = 32
PENDING = 256
BACKLOG = 1024

#: What ``parse_range`` returns for a syntactically valid range that selects no byte (416).
UNSATISFIABLE = "unsatisfiable"
_SPEC = re.compile(r"(\d*)-(\d*)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _number(digits: str) -> int:
    """A range bound; absurdly long numbers (which ``int`` refuses past 4300 digits) saturate."""
    return int(digits) if len(digits) <= 18 else 10**18


def parse_range(header: str, size: int) -> tuple[int, int] | str | None:
    """The byte range a ``Range`` header selects in a file of ``size`` bytes (RFC 9110 §14.1).

    Returns ``(first, last)`` (inclusive) to answer 206, ``UNSATISFIABLE`` to answer 416, or
    ``None`` to ignore the header and send the whole file: another unit, invalid syntax, a
    first-pos after the last-pos (§14.1.1 calls that invalid), several ranges (our choice), or a
    suffix range on an empty file (satisfiable by the RFC, but 206 cannot describe zero bytes).
    """
    unit, equals, ranges = header.partition("=")
    if not equals or unit.strip().lower() != "bytes":
        return None
    specs = [spec.strip() for spec in ranges.split(",") if spec.strip()]
    if len(specs) != 1:
        return None
    found = _SPEC.fullmatch(specs[0])
    if not found or found.groups() == ("", ""):
        return None
    first, last = found.groups()
    if first == "":  # suffix range: the last N bytes
        length = _number(last)
        if length == 0:
            return UNSATISFIABLE
        if size == 0:
            return None
        return max(0, size - length), size - 1
    start = _number(first)
    end = _number(last) if last else None
    if end is not None and end < start:
        return None
    if start >= size:
        return UNSATISFIABLE
    return start, size - 1 if end is None else min(end, size - 1)


def path_problem(target: str) -> str | None:
    """Why a request target is not a path we serve (for a 400), or None if it is fine."""
    path = target.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/"):
        return "Path must start with '/'"
    if len(path) > MAX_PATH:
        return "Path too long"
    try:
        decoded = urllib.parse.unquote(path, errors="strict")
    except UnicodeDecodeError:
        return "Path is not UTF-8"
    if _CONTROL.search(decoded):
        return "Control character in path"
    if "\\" in decoded:
        return "Backslash in path"
    segments = decoded.split("/")
    if any(segment in (".", "..") for segment in segments):
        return "Dot segment in path"
    if any(len(segment.encode()) > MAX_SEGMENT for segment in segments):
        return "Path segment too long"
    return None


class RangeRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files below ``directory`` (mounted at ``prefix``), with single byte ranges."""

    prefix = "/"
    timeout = IDLE_TIMEOUT  # StreamRequestHandler sets it on the socket
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
        problem = path_problem(self.path)
        if problem:
            self.send_error(400, problem)
            return None
        if not self._inside_prefix():
            self.send_error(404, "Outside the site's sub-path")
            return None
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            index = self._index(path)
            if index is None:  # the redirect to 'dir/', or a listing: the standard library's
                return super().send_head()
            path = index
        try:
            handle = open(path, "rb")  # noqa: SIM115 (closed by do_GET/do_HEAD or below)
        except OSError:
            self.send_error(404, "File not found")
            return None
        try:
            facts = os.fstat(handle.fileno())
            if not stat.S_ISREG(facts.st_mode):
                handle.close()
                self.send_error(404, "File not found")
                return None
            return self._send_file(handle, path, facts)
        except BaseException:
            handle.close()
            raise

    def _index(self, folder: str) -> str | None:
        if not urllib.parse.urlsplit(self.path).path.endswith("/"):
            return None
        for name in ("index.html", "index.htm"):
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate):
                return candidate
        return None

    def _send_file(self, handle, path: str, facts: os.stat_result):
        size = facts.st_size
        etag = f'"{facts.st_mtime_ns:x}-{size:x}"'
        if self._not_modified(etag, facts.st_mtime):
            handle.close()
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        chosen = self._requested_range(size, etag, facts.st_mtime)
        if chosen == UNSATISFIABLE:
            handle.close()
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.send_header("Accept-Ranges", "bytes")
            self.end_headers()
            return None
        if chosen is None:
            self.send_response(200)
            length = size
        else:
            start, end = chosen
            length = end - start + 1
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(length))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", self.date_time_string(int(facts.st_mtime)))
        self.end_headers()
        return _Limited(handle, 0 if chosen is None else chosen[0], length)

    def copyfile(self, source, outputfile):
        """Files go out with sendfile(2): a burst of range requests costs little CPU."""
        if isinstance(source, _Limited) and outputfile is self.wfile:
            source.send_to(self.connection)
        else:
            super().copyfile(source, outputfile)

    def _not_modified(self, etag: str, mtime: float) -> bool:
        """If-None-Match (weak comparison), else If-Modified-Since (RFC 9110 §13.1.2, §13.1.3)."""
        none_match = self.headers.get("If-None-Match")
        if none_match is not None:
            tags = [tag.strip().removeprefix("W/") for tag in none_match.split(",")]
            return "*" in tags or etag in tags
        since = self.headers.get("If-Modified-Since")
        stamp = _http_date(since) if since else None
        return stamp is not None and int(mtime) <= stamp

    def _requested_range(self, size: int, etag: str, mtime: float):
        """``parse_range``'s answer, or None when Range does not apply: only GET has range
        handling (§14.2), and an If-Range whose validator does not match asks for the whole file
        (§13.1.5: an entity-tag compared strongly, or a date equal to Last-Modified)."""
        header = self.headers.get("Range")
        if self.command != "GET" or header is None:
            return None
        if_range = self.headers.get("If-Range")
        if if_range is not None:
            if_range = if_range.strip()
            if if_range.startswith(('"', "W/")):
                matches = if_range == etag
            else:
                matches = _http_date(if_range) == int(mtime)
            if not matches:
                return None
        return parse_range(header, size)


def _http_date(value: str) -> int | None:
    """An HTTP-date as a POSIX timestamp, or None if it is not one."""
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


class _Limited:
    """``remaining`` bytes of ``handle`` from ``start``: sent by ``copyfile`` with sendfile(2),
    or read like a file object by a subclass that wants the bytes."""

    def __init__(self, handle, start: int, remaining: int):
        self._handle = handle
        self.start = start
        self._remaining = remaining
        handle.seek(start)

    def send_to(self, connection) -> None:
        """Copy the bytes in the kernel (socket.sendfile falls back to read/send by itself)."""
        if self._remaining > 0:
            connection.sendfile(self._handle, self.start, self._remaining)
        self._remaining = 0

    def read(self, size: int = -1) -> bytes:
        if self._remaining <= 0:
            return b""
        size = self._remaining if size < 0 else min(size, self._remaining)
        data = self._handle.read(size)
        self._remaining -= len(data)
        return data

    def close(self) -> None:
        self._handle.close()


class RangeHTTPServer(http.server.ThreadingHTTPServer):
    """A ThreadingHTTPServer with a deep listen backlog and a bounded pool of workers.

    The standard library starts one thread per connection and listens with a backlog of 5: a
    burst of a few hundred requests then loses SYNs (each retried after a second or more) and
    spawns a thread for each. Here ``workers`` threads serve, at most ``pending`` accepted
    connections wait for them, and the rest wait in the kernel (``request_queue_size``).
    """

    request_queue_size = BACKLOG

    def __init__(self, address, handler, *, workers: int = WORKERS, pending: int = PENDING):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="serve")
        self._slots = threading.BoundedSemaphore(workers + pending)
        super().__init__(address, handler)

    def process_request(self, request, client_address):
        self._slots.acquire()  # blocks accepting (not serving) while every slot is taken
        try:
            self._pool.submit(self._work, request, client_address)
        except RuntimeError:  # the pool is shut down: the server is closing
            self._slots.release()
            self.shutdown_request(request)

    def _work(self, request, client_address):
        try:
            self.process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request, client_address):
        """One line on stderr instead of a traceback; a client that went away is not news."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        print(
            f"serve: error answering {client_address[0]}: {type(error).__name__}: {error}",
            file=sys.stderr,
        )

    def server_close(self):
        super().server_close()
        self._pool.shutdown(wait=True)


def make_server(
    directory: str | os.PathLike,
    host: str = "127.0.0.1",
    port: int = 0,
    prefix: str = "/",
    handler: type[RangeRequestHandler] = RangeRequestHandler,
    *,
    workers: int = WORKERS,
    timeout: float = IDLE_TIMEOUT,
) -> RangeHTTPServer:
    """A server for ``directory`` mounted at ``prefix`` (which must end with '/').

    ``handler`` may be a subclass of RangeRequestHandler that adds behaviour (e.g. gzip).
    ``directory`` is made absolute but not resolved: if it is a symlink, each request follows
    its current target.
    """
    if not prefix.startswith("/") or not prefix.endswith("/"):
        raise ValueError(f"prefix must start and end with '/': {prefix!r}")
    handler = type("Handler", (handler,), {"prefix": prefix, "timeout": timeout})
    return RangeHTTPServer(
        (host, port),
        partial(handler, directory=os.path.abspath(directory)),
        workers=workers,
    )


@contextlib.contextmanager
def serve(
    directory: str | os.PathLike,
    host: str = "127.0.0.1",
    port: int = 0,
    prefix: str = "/",
    handler: type[RangeRequestHandler] = RangeRequestHandler,
    **options,
) -> Iterator[str]:
    """Serve ``directory`` in a background thread; yields the base URL (ending with ``prefix``).

    ``options`` go to ``make_server`` (``workers``, ``timeout``).
    """
    server = make_server(directory, host, port, prefix, handler, **options)
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
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--timeout", type=float, default=IDLE_TIMEOUT, help="idle seconds")
    args = parser.parse_args(argv)
    server = make_server(
        args.directory,
        args.host,
        args.port,
        args.prefix,
        workers=args.workers,
        timeout=args.timeout,
    )
    port = server.server_address[1]  # the one the system chose, with --port 0
    print(f"Serving {args.directory} at http://{args.host}:{port}{args.prefix} (Ctrl-C stops)")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
