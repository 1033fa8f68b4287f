"""The local server answers Range requests and honours its mount prefix."""

import urllib.error
import urllib.request

import pytest

from tools.serve import serve


@pytest.fixture
def site(tmp_path):
    (tmp_path / "a.bin").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    return tmp_path


def fetch(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, dict(response.headers), response.read()


def test_range_request_gets_partial_content(site):
    with serve(site) as base:
        status, headers, body = fetch(base + "a.bin", Range="bytes=10-19")
    assert status == 206
    assert headers["Content-Range"] == "bytes 10-19/1024"
    assert body == bytes(range(10, 20))


def test_suffix_and_open_ranges(site):
    with serve(site) as base:
        _, _, tail = fetch(base + "a.bin", Range="bytes=-3")
        _, headers, rest = fetch(base + "a.bin", Range="bytes=1020-")
    assert tail == bytes([253, 254, 255])
    assert rest == bytes([252, 253, 254, 255])
    assert headers["Content-Length"] == "4"


def test_unsatisfiable_range(site):
    with serve(site) as base, pytest.raises(urllib.error.HTTPError) as error:
        fetch(base + "a.bin", Range="bytes=5000-")
    assert error.value.code == 416


def test_whole_file_advertises_ranges(site):
    with serve(site) as base:
        status, headers, body = fetch(base + "a.bin")
    assert status == 200
    assert headers["Accept-Ranges"] == "bytes"
    assert len(body) == 1024


def test_prefix_mount(site):
    with serve(site, prefix="/repo/") as base:
        assert base.endswith("/repo/")
        status, _, body = fetch(base)
        assert status == 200
        assert b"<title>x</title>" in body
        root = base[: -len("repo/")]
        with pytest.raises(urllib.error.HTTPError) as error:
            fetch(root + "index.html")
    assert error.value.code == 404
