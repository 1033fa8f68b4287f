"""The local server: Range as RFC 9110 §14 describes it, its mount prefix, clean answers to
malformed paths, an idle timeout and a bounded number of worker threads."""

from __future__ import annotations

import concurrent.futures
import email.utils
import http.client
import os
import socket
import struct
import threading
import time
import urllib.parse

import pytest

from tools.serve import UNSATISFIABLE, parse_range, path_problem, serve

DATA = bytes(range(256)) * 4  # 1024 bytes, each position recognisable


def write_site(folder):
    (folder / "a.bin").write_bytes(DATA)
    (folder / "empty.bin").write_bytes(b"")
    (folder / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One site and one server for the module (stopping a server costs half a second)."""
    return write_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def base(site):
    with serve(site) as url:
        yield url


def request(url, path="", method="GET", **headers):
    """(status, headers, body) of one request sent exactly as written (no quoting, no cleaning)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        connection.putrequest(method, parts.path + path, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name.replace("_", "-"), value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def read_until_closed(connection) -> bytes:
    """Everything the server sends until it closes the connection (bounded by its timeout)."""
    chunks = []
    while chunk := connection.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def etag_and_date(base):
    _, headers, _ = request(base, "a.bin", method="HEAD")
    return headers["ETag"], headers["Last-Modified"]


# --- single ranges (RFC 9110 §14.1.1, §14.4, §15.3.7) -----------------------------------------


def test_single_range_gets_partial_content(base):
    status, headers, body = request(base, "a.bin", Range="bytes=10-19")
    assert status == 206
    assert headers["Content-Range"] == "bytes 10-19/1024"
    assert headers["Content-Length"] == "10"
    assert headers["Accept-Ranges"] == "bytes"
    assert headers["Content-Type"] == "application/octet-stream"
    assert body == DATA[10:20]


def test_last_pos_past_the_end_is_clamped(base):
    status, headers, body = request(base, "a.bin", Range="bytes=1000-5000")
    assert status == 206
    assert headers["Content-Range"] == "bytes 1000-1023/1024"
    assert headers["Content-Length"] == "24"
    assert body == DATA[1000:]


def test_suffix_range_is_the_last_n_bytes(base):
    status, headers, body = request(base, "a.bin", Range="bytes=-3")
    assert (status, headers["Content-Range"], headers["Content-Length"]) == (
        206,
        "bytes 1021-1023/1024",
        "3",
    )
    assert body == DATA[-3:]


def test_suffix_longer_than_the_file_is_the_whole_file(base):
    status, headers, body = request(base, "a.bin", Range="bytes=-5000")
    assert (status, headers["Content-Range"]) == (206, "bytes 0-1023/1024")
    assert body == DATA


def test_open_range_runs_to_the_end(base):
    status, headers, body = request(base, "a.bin", Range="bytes=1020-")
    assert (status, headers["Content-Range"], headers["Content-Length"]) == (
        206,
        "bytes 1020-1023/1024",
        "4",
    )
    assert body == DATA[1020:]


def test_range_unit_is_case_insensitive(base):
    status, _, body = request(base, "a.bin", Range="Bytes=0-1")
    assert (status, body) == (206, DATA[:2])


# --- unsatisfiable ranges (§15.5.17) ---------------------------------------------------------


@pytest.mark.parametrize(
    "header", ["bytes=1024-", "bytes=5000-6000", "bytes=-0", "bytes=" + "9" * 5000 + "-"]
)
def test_range_past_the_end_is_416_with_the_length(base, header, capfd):
    status, headers, body = request(base, "a.bin", Range=header)
    assert status == 416
    assert headers["Content-Range"] == "bytes */1024"
    assert headers["Content-Length"] == "0"
    assert body == b""
    assert "Traceback" not in capfd.readouterr().err


# --- ranges the server ignores (whole file, 200) ---------------------------------------------


def assert_whole_file(status, headers, body):
    assert status == 200
    assert "Content-Range" not in headers
    assert headers["Content-Length"] == "1024"
    assert headers["Accept-Ranges"] == "bytes"
    assert body == DATA


def test_several_ranges_get_the_whole_file(base):
    """Our documented choice (§14.2 allows it): no multipart/byteranges."""
    assert_whole_file(*request(base, "a.bin", Range="bytes=0-1, 5-6"))


@pytest.mark.parametrize(
    "header",
    [
        "bytes=abc",
        "bytes=5-2",  # last-pos before first-pos: invalid (§14.1.1), so ignored
        "bytes=",
        "bytes=-",
        "bytes=1-2-3",
        "bytes=+1-2",
        "0-5",
        "items=0-5",
    ],
)
def test_invalid_range_is_ignored(base, header):
    assert_whole_file(*request(base, "a.bin", Range=header))


def test_whole_file_advertises_ranges(base):
    assert_whole_file(*request(base, "a.bin"))


# --- If-Range (§13.1.5) ----------------------------------------------------------------------


def test_if_range_with_the_current_etag_gets_the_range(base):
    etag, _ = etag_and_date(base)
    status, _, body = request(base, "a.bin", Range="bytes=0-3", If_Range=etag)
    assert (status, body) == (206, DATA[:4])


def test_if_range_with_the_last_modified_date_gets_the_range(base):
    _, date = etag_and_date(base)
    status, _, body = request(base, "a.bin", Range="bytes=0-3", If_Range=date)
    assert (status, body) == (206, DATA[:4])


@pytest.mark.parametrize("kind", ["other etag", "weak etag", "older date", "garbage"])
def test_if_range_that_does_not_match_gets_the_whole_file(base, kind):
    etag, date = etag_and_date(base)
    stamp = email.utils.parsedate_to_datetime(date).timestamp()
    validator = {
        "other etag": '"not-this-one"',
        "weak etag": "W/" + etag,  # If-Range compares strongly: a weak tag never matches
        "older date": email.utils.formatdate(stamp - 60, usegmt=True),
        "garbage": "yesterday",
    }[kind]
    assert_whole_file(*request(base, "a.bin", Range="bytes=0-3", If_Range=validator))


def test_changed_file_no_longer_matches_its_old_etag(tmp_path):
    with serve(write_site(tmp_path)) as base:
        etag, _ = etag_and_date(base)
        os.utime(tmp_path / "a.bin", ns=(0, 10**18))
        assert_whole_file(*request(base, "a.bin", Range="bytes=0-3", If_Range=etag))


# --- HEAD, conditional GET, empty files, folders ---------------------------------------------


def test_head_has_the_headers_of_get_and_no_body(base):
    status, headers, body = request(base, "a.bin", method="HEAD")
    assert (status, headers["Content-Length"], headers["Accept-Ranges"], body) == (
        200,
        "1024",
        "bytes",
        b"",
    )


def test_head_ignores_range(base):
    """Range handling is defined for GET only (§14.2)."""
    status, headers, body = request(base, "a.bin", method="HEAD", Range="bytes=0-3")
    assert (status, headers["Content-Length"], body) == (200, "1024", b"")
    assert "Content-Range" not in headers


def test_if_none_match_gets_304(base):
    etag, _ = etag_and_date(base)
    status, _, body = request(base, "a.bin", If_None_Match=etag)
    assert (status, body) == (304, b"")


def test_zero_length_file(base):
    status, headers, body = request(base, "empty.bin")
    assert (status, headers["Content-Length"], body) == (200, "0", b"")
    status, headers, _ = request(base, "empty.bin", Range="bytes=0-")
    assert (status, headers["Content-Range"]) == (416, "bytes */0")
    # A suffix range is satisfiable on an empty file, but 206 cannot describe zero bytes.
    status, headers, body = request(base, "empty.bin", Range="bytes=-5")
    assert (status, headers["Content-Length"], body) == (200, "0", b"")


def test_folder_index_answers_ranges(base):
    status, headers, body = request(base, "", Range="bytes=0-8")
    assert (status, headers["Content-Range"], body) == (206, "bytes 0-8/31", b"<!doctype")
    assert headers["Content-Type"] == "text/html"


def test_folder_without_slash_redirects(site, base):
    (site / "sub").mkdir()
    (site / "sub" / "index.html").write_text("sub", encoding="utf-8")
    status, headers, _ = request(base, "sub")
    assert (status, headers["Location"]) == (301, "/sub/")


def test_missing_file_is_404(base):
    assert request(base, "nope.bin")[0] == 404
    assert request(base, "a.bin/")[0] == 404


def test_prefix_mount(site):
    with serve(site, prefix="/repo/") as base:
        assert base.endswith("/repo/")
        status, _, body = request(base)
        assert status == 200
        assert b"<title>x</title>" in body
        root = base[: -len("repo/")]
        assert request(root, "index.html")[0] == 404


# --- malformed paths: a plain 400, nothing on the console ------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "%00",
        "a.bin%00.html",
        "../a.bin",
        "x/../a.bin",
        "%2e%2e/a.bin",
        "x/..%2fa.bin",
        "./a.bin",
        "..%5ca.bin",
        "%0d%0aSet-Cookie:x",
        "%ff",
        "a" * 3000,
        "b" * 300 + "/a.bin",
    ],
)
def test_malformed_path_is_a_clean_400(base, path, capfd):
    status, headers, body = request(base, path)
    assert status == 400
    assert int(headers["Content-Length"]) == len(body)
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize(
    ("path", "problem"),
    [("/a.bin", None), ("/caf%C3%A9/", None), ("/a.bin?x=..", None), ("a.bin", "start")],
)
def test_path_problem(path, problem):
    found = path_problem(path)
    assert found is None if problem is None else problem in found


def test_parse_range_is_a_pure_function():
    assert parse_range("bytes=0-0", 1) == (0, 0)
    assert parse_range("bytes=1-", 1) == UNSATISFIABLE
    assert parse_range("bytes=0-1,", 10) == (0, 1)  # an empty list element is allowed (§5.6.1)
    assert parse_range("bytes=0-1,2-3", 10) is None


# --- connections: idle timeout, bounded threads ----------------------------------------------


def test_idle_connection_is_closed(site):
    with serve(site, timeout=0.3) as url:
        port = urllib.parse.urlsplit(url).port
        with socket.create_connection(("127.0.0.1", port), timeout=5) as idle:
            started = time.monotonic()
            answer = read_until_closed(idle)  # closed by the server, not by our 5 s timeout
            assert time.monotonic() - started < 4
            assert answer.startswith(b"HTTP/1.0 408 ")
        # the worker it held is free again
        assert request(url, "a.bin")[0] == 200


def test_client_that_hangs_up_mid_file_leaves_no_traceback(tmp_path, capfd):
    (tmp_path / "big.bin").write_bytes(bytes(16 << 20))
    with serve(tmp_path) as url:
        port = urllib.parse.urlsplit(url).port
        for _ in range(3):
            with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
                client.sendall(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
                assert client.recv(12).startswith(b"HTTP/1.0 200")
                # close with a reset (linger 0) while the server is still sending
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        assert request(url, "big.bin", method="HEAD")[0] == 200
    assert "Traceback" not in capfd.readouterr().err


def test_worker_threads_are_bounded_and_every_byte_is_right(site, capfd):
    before = {thread.ident for thread in threading.enumerate()}
    with serve(site, workers=4) as url:

        def one(number):
            start = number % 1000
            return number, request(url, "a.bin", Range=f"bytes={start}-{start + 23}")

        with concurrent.futures.ThreadPoolExecutor(64) as clients:
            answers = list(clients.map(one, range(200)))
        workers = [
            t for t in threading.enumerate() if t.ident not in before and t.name.startswith("serve")
        ]
    assert len(workers) <= 4
    for number, (status, _, body) in answers:
        start = number % 1000
        assert (status, body) == (206, DATA[start : start + 24])
    assert "Traceback" not in capfd.readouterr().err


def test_a_swap_of_the_served_symlink_between_two_lookups_loses_no_page(tmp_path, monkeypatch):
    """The dev server serves output/, a symlink it swaps to each new build. The served folder is
    resolved once per request: a swap between resolving it and resolving the file (made here to
    happen exactly there) served a 404 for a page both builds have (1 run in 7 of
    tests/tools/test_dev.py's rebuild test)."""
    import tools.serve as served

    old, new = tmp_path / "build-1", tmp_path / "build-2"
    for tree in (old, new):
        tree.mkdir()
        write_site(tree)
    link = tmp_path / "output"
    link.symlink_to(old)
    real = os.path.realpath
    calls = []

    def swapping_realpath(path, *args, **kwargs):
        found = real(path, *args, **kwargs)
        calls.append(path)
        if len(calls) == 1:  # right after the served folder is resolved: the build swaps
            swap = tmp_path / ".output.swap"
            swap.symlink_to(new)
            os.replace(swap, link)
        return found

    with serve(link) as url:
        monkeypatch.setattr(served.os.path, "realpath", swapping_realpath)
        status, _, body = request(url, "a.bin")
    assert len(calls) >= 2 and status == 200 and body == DATA
