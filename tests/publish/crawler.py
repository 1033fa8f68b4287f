"""Crawl a built site over HTTP and report every reference that does not resolve.

The site is served under a sub-path (``http://127.0.0.1:<port>/<repo>/``) as GitHub Pages serves
a project site. Every HTML page, stylesheet, sitemap and feed is parsed; every link, stylesheet,
script, image, audio source, JSON-LD URL and ``url()`` in CSS is checked:

- a URL on the test server must stay under the sub-path and answer 200 (HEAD for assets);
- a ``#fragment`` pointing into an HTML page must name an element of that page;
- an ``<audio>`` ``<source type>`` must match the Content-Type the file is served with;
- a URL on any other local address (``localhost:8000`` from a development build) is an error;
- URLs on other hosts (licence deeds, sources) are recorded, never fetched.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit
from xml.etree import ElementTree

from bs4 import BeautifulSoup

LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]"}

# (tag, attribute, kind); srcset attributes hold several URLs.
HTML_REFERENCES = [
    ("a", "href", "link"),
    ("area", "href", "link"),
    ("link", "href", "link"),
    ("script", "src", "script"),
    ("img", "src", "image"),
    ("img", "srcset", "image"),
    ("source", "src", "source"),
    ("source", "srcset", "source"),
    ("audio", "src", "audio"),
    ("video", "src", "video"),
    ("video", "poster", "image"),
    ("track", "src", "track"),
    ("iframe", "src", "frame"),
    ("embed", "src", "embed"),
    ("object", "data", "object"),
    ("form", "action", "form"),
    ("input", "src", "image"),
    ("use", "href", "link"),  # inline SVG pointing at a shape by #id
]

# JSON-LD keys whose string values are URLs (schema.org); all must be absolute.
JSONLD_URL_KEYS = {
    "@id",
    "url",
    "contentUrl",
    "embedUrl",
    "license",
    "image",
    "thumbnailUrl",
    "sameAs",
    "mainEntityOfPage",
    "isBasedOn",
    "logo",
    "discussionUrl",
    "acquireLicensePage",
}

CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


@dataclass(frozen=True)
class Problem:
    """One reference that does not work."""

    page: str
    """The URL of the page (or stylesheet, sitemap, feed) holding the reference."""
    kind: str
    """What the reference is: link, stylesheet, script, image, source, json-ld, css, sitemap…"""
    ref: str
    """The reference as written."""
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: {self.kind} {self.ref!r}: {self.problem}"


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes
    final_url: str


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    fetched: dict[str, int] = field(default_factory=dict)
    """Every URL on the test server that was requested, with its status."""
    external: set[str] = field(default_factory=set)
    """URLs on other hosts (not fetched)."""
    pages: set[str] = field(default_factory=set)
    """HTML pages that were parsed."""
    checked: int = 0
    """How many references were checked."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Crawler:
    """Crawls everything under ``base_url`` (which ends with '/')."""

    def __init__(self, base_url: str) -> None:
        if not base_url.endswith("/"):
            raise ValueError(f"base_url must end with '/': {base_url!r}")
        self.base_url = base_url
        self.origin = urlsplit(base_url).netloc
        # No proxies from the environment; redirects are followed by hand, to check each hop.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())
        self._cache: dict[tuple[str, str], Response] = {}
        self._ids: dict[str, set[str]] = {}
        self.report = Report()

    # -- fetching --------------------------------------------------------------------------------

    def fetch(self, url: str, method: str = "GET", hops: int = 5) -> Response:
        key = (method, url)
        if key in self._cache:
            return self._cache[key]
        request = urllib.request.Request(url, method=method)
        try:
            with self._opener.open(request, timeout=10) as answer:
                response = Response(
                    answer.status,
                    answer.headers.get("Content-Type", ""),
                    answer.read() if method == "GET" else b"",
                    url,
                )
        except urllib.error.HTTPError as error:
            location = error.headers.get("Location")
            if error.code in (301, 302, 303, 307, 308) and location and hops > 0:
                target = urljoin(url, location)
                if self.inside(target):
                    response = self.fetch(target, method, hops - 1)
                else:
                    response = Response(error.code, "", b"", target)
            else:
                response = Response(error.code, error.headers.get("Content-Type", ""), b"", url)
        self._cache[key] = response
        self.report.fetched[url] = response.status
        return response

    def inside(self, url: str) -> bool:
        return url.startswith(self.base_url)

    # -- checking one reference -----------------------------------------------------------------

    def check(
        self, page: str, kind: str, ref: str, *, expect_type: str | None = None
    ) -> str | None:
        """Check one reference found on ``page``; returns the absolute URL to parse further."""
        self.report.checked += 1
        ref = ref.strip()
        outcome = self._resolve(page, kind, ref, expect_type)
        if isinstance(outcome, Problem):
            self.report.problems.append(outcome)
            return None
        return outcome

    def _resolve(
        self, page: str, kind: str, ref: str, expect_type: str | None
    ) -> Problem | str | None:
        """The final URL the reference resolves to, a Problem, or None (nothing to follow)."""
        if not ref:
            return Problem(page, kind, ref, "empty URL")
        scheme = urlsplit(ref).scheme.lower()
        if scheme in ("mailto", "tel"):
            return None
        if scheme == "javascript":
            return Problem(page, kind, ref, "javascript: URL (blocked by the CSP, dead without JS)")
        if scheme == "data":
            return Problem(page, kind, ref[:40], "data: URL (blocked by the CSP)")
        url, fragment = urldefrag(urljoin(page, ref))
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return Problem(page, kind, ref, f"unexpected scheme {parts.scheme!r}")
        if parts.netloc != self.origin:
            if (parts.hostname or "") in LOCAL_HOSTS:
                return Problem(page, kind, ref, "points at a local server, not at the site")
            self.report.external.add(url)
            return None
        if not self.inside(url):
            return Problem(page, kind, ref, f"escapes the site's sub-path {self.base_url}")
        wants_body = kind in ("link", "stylesheet", "sitemap", "feed", "json-ld") or bool(fragment)
        response = self.fetch(url, "GET" if wants_body else "HEAD")
        if response.status != 200:
            return Problem(page, kind, ref, f"HTTP {response.status}")
        if expect_type:
            served = response.content_type.split(";")[0].strip().lower()
            wanted = expect_type.split(";")[0].strip().lower()
            if served != wanted:
                return Problem(page, kind, ref, f"type {expect_type!r} but served as {served!r}")
        if fragment and response.content_type.startswith("text/html"):
            ids = self._ids_of(response)
            if fragment not in ids and not fragment.startswith(":~:"):
                return Problem(page, kind, ref, f"no element with id {fragment!r} on that page")
        return response.final_url

    def _ids_of(self, response: Response) -> set[str]:
        if response.final_url not in self._ids:
            soup = BeautifulSoup(response.body, "html.parser")
            ids = {tag["id"] for tag in soup.find_all(id=True)}
            ids |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
            self._ids[response.final_url] = {str(i) for i in ids} | {"top"}
        return self._ids[response.final_url]

    # -- parsing documents ------------------------------------------------------------------------

    def references_in_html(self, html: bytes | str) -> list[tuple[str, str, str | None]]:
        """(kind, ref, expected type) for every URL in an HTML document."""
        soup = BeautifulSoup(html, "html.parser")
        found: list[tuple[str, str, str | None]] = []
        for tag_name, attribute, kind in HTML_REFERENCES:
            for tag in soup.find_all(tag_name, attrs={attribute: True}):
                value = str(tag[attribute])
                this_kind = kind
                if tag_name == "link":
                    rel = {r.lower() for r in tag.get("rel", [])}
                    this_kind = "stylesheet" if "stylesheet" in rel else "link"
                    if "preconnect" in rel or "dns-prefetch" in rel:
                        continue
                expect = None
                parent = tag.parent.name if tag.parent is not None else None
                if tag_name == "source" and parent in ("audio", "video") and tag.get("type"):
                    expect = str(tag["type"])
                if attribute == "srcset":
                    for candidate in value.split(","):
                        if candidate.strip():
                            found.append((this_kind, candidate.split()[0], None))
                else:
                    found.append((this_kind, value, expect))
        for meta in soup.find_all("meta", attrs={"content": True}):
            prop = str(meta.get("property") or meta.get("name") or "")
            if re.fullmatch(r"(og|twitter):(url|image|audio|video)(:url|:secure_url)?", prop):
                found.append(("meta", str(meta["content"]), None))
        for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
            found += [("json-ld", url, None) for url in self.jsonld_urls(script.string or "")]
        return found

    def jsonld_urls(self, text: str) -> list[str]:
        """URL values in a JSON-LD block; malformed JSON is reported as a URL that fails."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            return [f"invalid-json-ld:{error}"]
        urls: list[str] = []

        def walk(node, key=None):
            if isinstance(node, dict):
                for k, v in node.items():
                    walk(v, k)
            elif isinstance(node, list):
                for item in node:
                    walk(item, key)
            elif isinstance(node, str) and key in JSONLD_URL_KEYS:
                urls.append(node)

        walk(data)
        return urls

    def crawl(self, seeds: list[str]) -> Report:
        """Fetch every seed and everything they reference, breadth first."""
        queue = deque(seeds)
        seen: set[str] = set()
        while queue:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            response = self.fetch(url)
            if response.status != 200:
                self.report.problems.append(Problem(url, "seed", url, f"HTTP {response.status}"))
                continue
            self._parse(response, queue)
        return self.report

    def check_document(self, body: bytes, as_url: str) -> list[Problem]:
        """Check the references of an HTML document as if it were served at ``as_url``."""
        before = len(self.report.problems)
        own_ids = self._ids_of(Response(200, "text/html", body, as_url))
        for kind, ref, expect in self.references_in_html(body):
            if ref.startswith("#"):  # within this very document, wherever it is served
                self.report.checked += 1
                if ref[1:] not in own_ids:
                    self.report.problems.append(Problem(as_url, kind, ref, "no such id here"))
                continue
            self._check_ref(as_url, kind, ref, expect)
        return self.report.problems[before:]

    def _check_ref(self, page: str, kind: str, ref: str, expect: str | None) -> str | None:
        if kind == "json-ld" and not urlsplit(ref).scheme:
            self.report.problems.append(Problem(page, kind, ref, "not an absolute URL"))
            return None
        return self.check(page, kind, ref, expect_type=expect)

    def _parse(self, response: Response, queue: deque[str]) -> None:
        page = response.final_url
        content_type = response.content_type.split(";")[0].strip().lower()
        if content_type == "text/html":
            self.report.pages.add(page)
            for kind, ref, expect in self.references_in_html(response.body):
                target = self._check_ref(page, kind, ref, expect)
                if target and kind in ("link", "stylesheet"):
                    queue.append(target)
        elif content_type == "text/css":
            text = response.body.decode("utf-8", "replace")
            for match in CSS_URL.finditer(text):
                ref = match.group(2) or match.group(4)
                target = self.check(page, "css", ref)
                if target and match.group(4):
                    queue.append(target)
        elif content_type in ("application/xml", "text/xml", "application/atom+xml"):
            for kind, ref in self._xml_links(response.body):
                target = self.check(page, kind, ref)
                if target:
                    queue.append(target)

    @staticmethod
    def _xml_links(body: bytes) -> list[tuple[str, str]]:
        root = ElementTree.fromstring(body)
        links = []
        for element in root.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "loc" and element.text:
                links.append(("sitemap", element.text))
            elif tag == "link" and element.get("href"):
                links.append(("feed", element.get("href", "")))
        return links
