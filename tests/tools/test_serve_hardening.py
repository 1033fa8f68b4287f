"""The dev server against a site owner's mistakes and a hostile client (issue 22): nothing outside
the served folder once links are followed, slow clients that hold no worker, a status line on
every error. Everything on 127.0.0.1, every loop bounded."""

from __future__ import annotations

import http.client
import os
import socket
import threading
import time
import urllib.parse

import pytest

from tools.serve import path_problem, serve


@pytest.fixture(scope="module")
def outside(tmp_path_factory):
    """A folder beside the served one, holding a secret."""
    folder = tmp_path_factory.mktemp("outside")
    (folder / "secret.txt").write_text("do not serve", encoding="utf-8")
    (folder / "inner").mkdir()
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory, outside):
    folder = tmp_path_factory.mktemp("served")
    (folder / "index.html").write_text("<!doctype html><title>home</title>", encoding="utf-8")
    (folder / "café.txt").write_text("accented", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "a.txt").write_text("a", encoding="utf-8")
    os.symlink(outside, folder / "out")  # a folder link that leads out
    os.symlink(outside / "secret.txt", folder / "secret.txt")  # a file link that leads out
    os.symlink("/etc", folder / "etc")
    os.symlink("sub/a.txt", folder / "alias.txt")  # a link that stays inside
    os.symlink("loop", folder / "loop")
    return folder


@pytest.fixture(scope="module")
def base(site):
    with serve(site) as url:
        yield url


def port_of(url: str) -> int:
    return urllib.parse.urlsplit(url).port


def get(url: str, path: str, timeout: float = 5.0):
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.putrequest("GET", parts.path + path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def raw(url: str, data: bytes, timeout: float = 5.0) -> bytes:
    """Send ``data`` as it is and read the answer until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", port_of(url)), timeout=timeout) as client:
        client.sendall(data)
        chunks = []
        while chunk := client.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


# --- only what lies inside the folder ---------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["out/", "out/secret.txt", "out/inner/", "secret.txt", "etc/", "etc/passwd", "loop"]
)
def test_links_out_of_the_folder_are_not_followed(base, path):
    status, body = get(base, path)
    assert status == 404
    assert b"do not serve" not in body and b"root:" not in body


def test_links_inside_the_folder_are_served(base):
    assert get(base, "alias.txt") == (200, b"a")


def test_a_listing_inside_the_folder_stays(base):
    status, body = get(base, "sub/")
    assert status == 200 and b"a.txt" in body


def test_the_served_folder_may_itself_be_a_link(tmp_path, site):
    link = tmp_path / "output"
    os.symlink(site, link)
    with serve(link) as url:
        assert get(url, "sub/a.txt") == (200, b"a")
        assert get(url, "out/secret.txt")[0] == 404


# --- a status line on every error path -----------------------------------------------------


@pytest.mark.parametrize(
    ("request_line", "status"),
    [
        (b"GET / HTTP/2.0\r\n\r\n", 505),
        (b"GET / HTTP/3.0\r\n\r\n", 505),
        (b"GET / HTTP/1.x\r\n\r\n", 400),
        (b"GET / FTP/1.0\r\n\r\n", 400),
        (b"GET / HTTP/1.0 extra\r\n\r\n", 400),
        (b"POST /\r\n\r\n", 400),
        (b"BREW / HTTP/1.0\r\n\r\n", 501),
        (b"GET /\xff HTTP/1.0\r\n\r\n", 400),
        (b"GET /caf\xe9.txt HTTP/1.0\r\n\r\n", 400),
        (b"GET /%ff HTTP/1.0\r\n\r\n", 400),
        (b"GET /x HTTP/1.0\r\n" + b"X: " + b"y" * 70_000 + b"\r\n\r\n", 431),
    ],
)
def test_every_error_has_a_status_line(base, request_line, status):
    answer = raw(base, request_line)
    assert answer.startswith(f"HTTP/1.0 {status} ".encode()), answer[:80]


def test_raw_utf8_in_a_path_is_the_file_it_names(base):
    answer = raw(base, "GET /café.txt HTTP/1.0\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.0 200 ") and answer.endswith(b"accented")


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("/\xff", "not UTF-8"),
        ("/caf\xc3\xa9.txt", None),  # UTF-8 bytes, as http.server hands them over
        ("/caf\xe9.txt", "not UTF-8"),  # a Latin-1 byte
        ("/%ff", "UTF-8"),
    ],
)
def test_path_problem_reads_raw_bytes_as_the_wire_sent_them(target, problem):
    found = path_problem(target)
    assert found is None if problem is None else problem in found


def test_a_client_that_hangs_up_at_once_leaves_no_trace(base, capfd):
    for _ in range(5):
        with socket.create_connection(("127.0.0.1", port_of(base)), timeout=5):
            pass
    assert get(base, "sub/a.txt") == (200, b"a")
    assert capfd.readouterr().err == ""


# --- slow clients hold no worker ------------------------------------------------------------


def drip(port: int, stop: threading.Event, opened: list, interval: float = 0.2) -> None:
    """One slow client: a request line, then one header line every ``interval`` seconds, never
    the blank line that ends them; stops when ``stop`` is set or the server closes it."""
    try:
        client = socket.create_connection(("127.0.0.1", port), timeout=10)
    except OSError:
        return
    opened.append(client)
    with client:
        try:
            client.sendall(b"GET /index.html HTTP/1.1\r\n")
            for number in range(100):  # bounded: 100 lines at most
                if stop.wait(interval):
                    return
                client.sendall(f"X-Drip-{number}: y\r\n".encode())
        except OSError:  # closed by the server (its header timeout)
            return


def test_forty_dripping_clients_do_not_delay_an_ordinary_get(site):
    """Four workers, forty clients sending a header line at a time: each ordinary GET answers
    within a second (the client gives up after one), many times over."""
    with serve(site, workers=4, header_timeout=30) as url:
        stop = threading.Event()
        opened: list = []
        drippers = [
            threading.Thread(target=drip, args=(port_of(url), stop, opened)) for _ in range(40)
        ]
        for thread in drippers:
            thread.start()
        try:
            deadline = time.monotonic() + 5
            while len(opened) < 40 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(opened) == 40
            for _ in range(10):
                assert get(url, "sub/a.txt", timeout=1.0) == (200, b"a")
        finally:
            stop.set()
            for thread in drippers:
                thread.join(timeout=10)


def test_a_client_that_never_finishes_its_headers_is_closed(site):
    with serve(site, header_timeout=0.5) as url:
        with socket.create_connection(("127.0.0.1", port_of(url)), timeout=10) as client:
            client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # no blank line, ever
            answer = b""
            while chunk := client.recv(4096):
                answer += chunk
        assert answer.startswith(b"HTTP/1.0 408 ")
        assert get(url, "sub/a.txt") == (200, b"a")


def test_a_request_sent_in_pieces_is_answered(base):
    with socket.create_connection(("127.0.0.1", port_of(base)), timeout=5) as client:
        for piece in (b"GET /sub/", b"a.txt HTTP/1.1\r\n", b"Host: x\r\n", b"\r\n"):
            client.sendall(piece)
            time.sleep(0.05)
        answer = b""
        while chunk := client.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.0 200 ") and answer.endswith(b"\r\n\r\na")


def test_a_request_ended_by_closing_the_sending_side_is_answered(base):
    with socket.create_connection(("127.0.0.1", port_of(base)), timeout=5) as client:
        client.sendall(b"GET /sub/a.txt HTTP/1.0\r\n")
        client.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := client.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.0 200 ")
