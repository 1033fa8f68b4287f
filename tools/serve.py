"""A small static file server that answers HTTP Range requests.

Python's ``http.server`` ignores ``Range``; Chromium then cannot seek MP3 and reports Opus durations
as Infinity. Browser tests, benchmarks and local previews (`make serve`, through tools/dev.py) use
this server instead. It can mount the site under a sub-path (``/repo/``) the way GitHub Pages serves
a project site.

Behaviour under load and abuse (issues 14 and 22):

- a listen backlog of 1024 and a bounded pool of worker threads: a burst of connections waits in
  the kernel's queue instead of being dropped (a dropped SYN costs the client a 1 s retransmit);
- a request's line and headers are read by one thread that watches every new connection at once
  (``selectors``), and only a complete request goes to a worker: a client that drips its headers
  a line at a time holds no worker, and is closed when it has not finished them within the
  header timeout (``--header-timeout``, 5 s); the idle timeout then bounds each write of the
  answer;
- responses are HTTP/1.0 (one request per connection), so no idle keep-alive connection pins a
  worker; file bodies go out with sendfile(2);
- only what lies inside the served folder, once symbolic links are followed, is served or listed:
  a link inside it that leads out of it is a 404, like a missing file;
- a malformed path (NUL or other control characters, ``.``/``..`` segments, a backslash, bytes
  that are not UTF-8, raw or percent-encoded, an over-long path or segment) gets a plain 400,
  never a traceback; a request for HTTP/2 or later gets 505; every error carries a status line;
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
import io
import os
import re
import selectors
import socket
import stat
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from functools import partial

#: Longest request path (before percent-decoding) and path segment (decoded, in UTF-8 bytes).
MAX_PATH = 2048
MAX_SEGMENT = 255
#: Seconds a connection may stay silent while reading the response.
IDLE_TIMEOUT = 10.0
#: Seconds a client has to send its whole request line and headers.
HEADER_TIMEOUT = 5.0
#: Bytes of request line and headers a client may send.
MAX_HEADER = 64 * 1024
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
    if not path.isascii() and raw_utf8(path) is None:
        return "Path is not UTF-8"
    try:
        decoded = urllib.parse.unquote(raw_utf8(path) or path, errors="strict")
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


def raw_utf8(target: str) -> str | None:
    """A request target as the bytes on the wire meant it. http.server decodes the request line
    as Latin-1, so raw (not percent-encoded) UTF-8 arrives as mojibake: this is its text, or
    None when the bytes are not UTF-8."""
    try:
        raw = target.encode("latin-1")
    except UnicodeEncodeError:  # not from the wire: already text
        return target
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


class RangeRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files below ``directory`` (mounted at ``prefix``), with single byte ranges."""

    prefix = "/"
    timeout = IDLE_TIMEOUT  # StreamRequestHandler sets it on the socket
    # Error answers to a request line http.server cannot parse (HTTP/2.0, a bad version) are
    # sent before it knows the version; with its default, HTTP/0.9, they had no status line.
    default_request_version = "HTTP/1.0"

    def __init__(self, *args, preread: bytes | None = None, **kwargs):
        self._preread = preread
        super().__init__(*args, **kwargs)

    def setup(self):
        """The request line and headers were read by the server's header reader: the handler
        reads them from memory (no request body is ever read)."""
        super().setup()
        if self._preread is not None:
            self.rfile = io.BytesIO(self._preread)

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if not self.path.isascii():  # raw bytes on the wire: served as their percent-encoding
            text = raw_utf8(self.path)
            if text is None:
                self.send_error(400, "Path is not UTF-8")
                return False
            self.path = urllib.parse.quote(text, safe="/?#%=&;:+,!$'()*@~")
        return True

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
        """Strip the mount prefix before mapping the URL to a file; '' (which no file has) when
        the file, its links followed, lies outside the served folder."""
        clean = path.split("?", 1)[0].split("#", 1)[0]
        mapped = super().translate_path("/" + clean[len(self.prefix) :])
        # The served folder is resolved once, and the file mapped below what it resolved to: the
        # dev server swaps output/ (a symlink) to each new build, and resolving it twice could
        # see the old tree for one and the new for the other (a page reported missing).
        root = os.path.realpath(self.directory)
        trailing = os.sep if mapped.endswith(os.sep) else ""  # 'a.bin/' stays no file
        mapped = os.path.join(root, os.path.relpath(mapped, self.directory)) + trailing
        real = os.path.realpath(mapped)
        if real != root and not real.startswith(root.rstrip(os.sep) + os.sep):
            return ""
        return mapped

    def send_head(self):
        problem = path_problem(self.path)
        if problem:
            self.send_error(400, problem)
            return None
        if not self._inside_prefix():
            self.send_error(404, "Outside the site's sub-path")
            return None
        path = self.translate_path(self.path)
        if not path:
            self.send_error(404, "File not found")
            return None
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
    """A ThreadingHTTPServer with a deep listen backlog, a header reader and a bounded pool of
    workers.

    The standard library starts one thread per connection and listens with a backlog of 5: a
    burst of a few hundred requests then loses SYNs (each retried after a second or more) and
    spawns a thread for each. Here one thread reads the request line and headers of every open
    connection (:class:`_HeaderReader`), ``workers`` threads answer complete requests, at most
    ``workers + pending`` connections are open at once, and the rest wait in the kernel
    (``request_queue_size``).
    """

    request_queue_size = BACKLOG

    def __init__(
        self,
        address,
        handler,
        *,
        workers: int = WORKERS,
        pending: int = PENDING,
        header_timeout: float = HEADER_TIMEOUT,
    ):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="serve")
        self._slots = threading.BoundedSemaphore(workers + pending)
        super().__init__(address, handler)
        self._headers = _HeaderReader(self._dispatch, self._drop, header_timeout)

    def process_request(self, request, client_address):
        self._slots.acquire()  # blocks accepting (not serving) while every slot is taken
        if not self._headers.add(request, client_address):  # the server is closing
            self._drop(request)

    def _dispatch(self, request, client_address, preread: bytes) -> None:
        """A complete request line and headers: a worker answers them."""
        try:
            self._pool.submit(self._work, request, client_address, preread)
        except RuntimeError:  # the pool is shut down: the server is closing
            self._drop(request)

    def _drop(self, request) -> None:
        self.shutdown_request(request)
        self._slots.release()

    def _work(self, request, client_address, preread: bytes):
        try:
            self.RequestHandlerClass(request, client_address, self, preread=preread)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self._drop(request)

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
        self._headers.close()
        self._pool.shutdown(wait=True)


class _HeaderReader:
    """Reads the request line and headers of every new connection in one thread, so that a slow
    or silent client costs a file descriptor, never a worker.

    A connection whose headers are complete (a blank line), or whose client has stopped sending
    (end of stream), goes to ``dispatch`` with the bytes read; one that has not finished within
    ``timeout`` seconds, or whose headers pass :data:`MAX_HEADER` bytes, gets a short error
    answer and is closed through ``drop``.
    """

    def __init__(self, dispatch, drop, timeout: float):
        self._dispatch, self._drop, self._timeout = dispatch, drop, timeout
        self._selector = selectors.DefaultSelector()
        self._wake_read, self._wake_write = socket.socketpair()
        self._wake_read.setblocking(False)
        self._selector.register(self._wake_read, selectors.EVENT_READ, None)
        self._new: list = []
        self._lock = threading.Lock()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="http-headers", daemon=True)
        self._thread.start()

    def add(self, request, client_address) -> bool:
        with self._lock:
            if self._closed:
                return False
            self._new.append((request, client_address))
        with contextlib.suppress(OSError):
            self._wake_write.send(b"\0")
        return True

    def close(self) -> None:
        with self._lock:
            self._closed = True
        with contextlib.suppress(OSError):
            self._wake_write.send(b"\0")
        self._thread.join(timeout=5)

    def _run(self) -> None:
        waiting: dict = {}  # socket -> [client_address, bytearray, deadline]
        while True:
            with self._lock:
                new, self._new = self._new, []
                closed = self._closed
            if closed:
                break
            now = time.monotonic()
            for request, client_address in new:
                request.setblocking(False)
                waiting[request] = [client_address, bytearray(), now + self._timeout]
                self._selector.register(request, selectors.EVENT_READ, None)
            soonest = min((entry[2] for entry in waiting.values()), default=now + 1.0)
            for key, _ in self._selector.select(timeout=max(0.0, min(soonest - now, 1.0))):
                if key.fileobj is self._wake_read:
                    with contextlib.suppress(OSError):
                        self._wake_read.recv(4096)
                    continue
                self._read(key.fileobj, waiting)
            now = time.monotonic()
            for request in [r for r, entry in waiting.items() if entry[2] <= now]:
                self._finish(request, waiting, b"408 Request Timeout")
        for request in list(waiting):
            self._finish(request, waiting, None)
        self._selector.close()
        self._wake_read.close()
        self._wake_write.close()

    def _read(self, request, waiting: dict) -> None:
        client_address, buffer, _ = waiting[request]
        try:
            chunk = request.recv(8192)
        except BlockingIOError:
            return
        except OSError:
            self._finish(request, waiting, None)
            return
        buffer += chunk
        complete = b"\r\n\r\n" in buffer or b"\n\n" in buffer
        if len(buffer) > MAX_HEADER and not complete:
            self._finish(request, waiting, b"431 Request Header Fields Too Large")
        elif complete or (not chunk and buffer):
            self._selector.unregister(request)
            del waiting[request]
            request.setblocking(True)
            self._dispatch(request, client_address, bytes(buffer))
        elif not chunk:  # closed before sending anything
            self._finish(request, waiting, None)

    def _finish(self, request, waiting: dict, status: bytes | None) -> None:
        """Close a connection that did not send a request in time (with a short answer)."""
        with contextlib.suppress(KeyError, ValueError, OSError):
            self._selector.unregister(request)
        waiting.pop(request, None)
        if status is not None:
            body = status + b"\n"
            with contextlib.suppress(OSError):
                request.send(
                    b"HTTP/1.0 " + status + b"\r\nContent-Type: text/plain\r\n"
                    b"Connection: close\r\nContent-Length: "
                    + str(len(body)).encode()
                    + b"\r\n\r\n"
                    + body
                )
        self._drop(request)


def make_server(
    directory: str | os.PathLike,
    host: str = "127.0.0.1",
    port: int = 0,
    prefix: str = "/",
    handler: type[RangeRequestHandler] = RangeRequestHandler,
    *,
    workers: int = WORKERS,
    timeout: float = IDLE_TIMEOUT,
    header_timeout: float | None = None,
) -> RangeHTTPServer:
    """A server for ``directory`` mounted at ``prefix`` (which must end with '/').

    ``handler`` may be a subclass of RangeRequestHandler that adds behaviour (e.g. gzip).
    ``directory`` is made absolute but not resolved: if it is a symlink, each request follows
    its current target. ``header_timeout`` (default: the shorter of ``timeout`` and
    :data:`HEADER_TIMEOUT`) bounds the time a client takes to send its request.
    """
    if not prefix.startswith("/") or not prefix.endswith("/"):
        raise ValueError(f"prefix must start and end with '/': {prefix!r}")
    handler = type("Handler", (handler,), {"prefix": prefix, "timeout": timeout})
    return RangeHTTPServer(
        (host, port),
        partial(handler, directory=os.path.abspath(directory)),
        workers=workers,
        header_timeout=min(timeout, HEADER_TIMEOUT) if header_timeout is None else header_timeout,
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

    ``options`` go to ``make_server`` (``workers``, ``timeout``, ``header_timeout``).
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
    parser.add_argument(
        "--header-timeout", type=float, default=HEADER_TIMEOUT, help="seconds to send a request"
    )
    args = parser.parse_args(argv)
    server = make_server(
        args.directory,
        args.host,
        args.port,
        args.prefix,
        workers=args.workers,
        timeout=args.timeout,
        header_timeout=args.header_timeout,
    )
    port = server.server_address[1]  # the one the system chose, with --port 0
    print(f"Serving {args.directory} at http://{args.host}:{port}{args.prefix} (Ctrl-C stops)")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
