"""Every published page is valid HTML (Nu HTML Checker) and lives within its own CSP."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from .nu import ALLOWED_CSS_FINDINGS, css_message, describe, errors_in, file_of, run_vnu
from .site_build import ROOT, Site

pytestmark = pytest.mark.slow

# <script type> values the browser treats as data, not code (CSP does not apply to them).
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json", "importmap"}
SUBRESOURCES = [
    ("script", "src"),
    ("img", "src"),
    ("audio", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("source", "src"),
    ("track", "src"),
    ("iframe", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
]
LINK_SUBRESOURCE_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}


BROKEN_PAGE = '<!doctype html><html lang="en"><title>x</title><p><time>0:06</time><div></p>'
BROKEN_CSS = "a { colour: red; vector-effect: non-scaling-stroke }\n"


@pytest.fixture(scope="module")
def nu_report(site: Site, tmp_path_factory) -> dict[str, list[dict]]:
    """Nu checker messages by file, for every page and for a deliberately broken page.

    One run of the checker (one JVM start) for both.
    """
    broken = tmp_path_factory.mktemp("nu") / "broken.html"
    broken.write_text(BROKEN_PAGE, encoding="utf-8")
    pages = site.html_files()
    assert pages
    by_file: dict[str, list[dict]] = {str(path): [] for path in [*pages, broken]}
    for message in run_vnu([*pages, broken]):
        by_file.setdefault(file_of(message), []).append(message)
    return by_file


def test_every_page_validates_with_the_nu_html_checker(site: Site, nu_report):
    errors = [
        m
        for path, messages in nu_report.items()
        if not path.endswith("/broken.html")
        for m in errors_in(messages)
    ]
    assert not errors, f"{len(errors)} Nu HTML Checker errors:\n" + "\n".join(
        describe(m, site.output) for m in errors
    )


def test_the_nu_checker_does_report_errors(nu_report):
    """The validation above can fail: the broken page yields errors."""
    (broken,) = [path for path in nu_report if path.endswith("/broken.html")]
    assert errors_in(nu_report[broken])


@pytest.fixture(scope="module")
def css_report(site: Site, tmp_path_factory) -> dict[str, list[dict]]:
    """The checker's CSS messages for every published stylesheet and a broken one (one JVM)."""
    broken = tmp_path_factory.mktemp("nu-css") / "broken.css"
    broken.write_text(BROKEN_CSS, encoding="utf-8")
    sheets = sorted(site.output.rglob("*.css"))
    assert sheets, "no stylesheet in the output"
    by_file: dict[str, list[dict]] = {str(path): [] for path in [*sheets, broken]}
    for message in run_vnu([*sheets, broken], "--css"):
        by_file.setdefault(file_of(message), []).append(message)
    return by_file


def test_the_stylesheets_pass_the_css_check_but_for_the_listed_findings(site: Site, css_report):
    unexpected = [
        describe(m, site.output)
        for path, messages in css_report.items()
        if not path.endswith("/broken.css")
        for m in errors_in(messages)
        if css_message(m) not in ALLOWED_CSS_FINDINGS
    ]
    assert not unexpected, "CSS errors not listed in tests/publish/nu.py:\n" + "\n".join(unexpected)


def test_every_allowed_css_finding_is_still_needed(css_report):
    """A listed finding the stylesheets no longer cause is struck off the list."""
    found = {
        css_message(m)
        for path, ms in css_report.items()
        if not path.endswith("/broken.css")
        for m in ms
    }
    assert set(ALLOWED_CSS_FINDINGS) <= found, set(ALLOWED_CSS_FINDINGS) - found


def test_the_css_check_does_report_errors(css_report):
    """An unknown property fails; a listed one is reported exactly as the list spells it."""
    (broken,) = [path for path in css_report if path.endswith("/broken.css")]
    messages = [css_message(m) for m in errors_in(css_report[broken])]
    assert any("colour" in m for m in messages), messages
    assert any(m in ALLOWED_CSS_FINDINGS for m in messages), messages


def csp_of(soup: BeautifulSoup):
    return soup.find_all(
        "meta", attrs={"http-equiv": re.compile(r"^content-security-policy$", re.IGNORECASE)}
    )


def test_every_page_carries_the_policy_first_in_head(site: Site):
    problems = []
    for path in site.html_files():
        rel = path.relative_to(site.output)
        soup = BeautifulSoup(path.read_bytes(), "html.parser")
        metas = csp_of(soup)
        if len(metas) != 1:
            problems.append(f"{rel}: {len(metas)} CSP <meta> elements, want 1")
            continue
        meta = metas[0]
        if meta.parent is None or meta.parent.name != "head":
            problems.append(f"{rel}: the CSP <meta> is not in <head>")
            continue
        # A <meta> policy only governs what comes after it.
        for earlier in meta.find_all_previous(["link", "script", "style", "base"]):
            problems.append(f"{rel}: <{earlier.name}> comes before the CSP <meta>")
    assert not problems, "\n".join(problems)


def test_the_policy_allows_only_the_sites_own_origin(site: Site):
    policies = set()
    for path in site.html_files():
        for meta in csp_of(BeautifulSoup(path.read_bytes(), "html.parser")):
            policies.add(str(meta.get("content", "")))
    assert policies, "no CSP on any page"
    for policy in policies:
        directives = {}
        for part in policy.split(";"):
            if part.strip():
                name, *sources = part.split()
                directives[name.lower()] = sources
        assert "default-src" in directives, policy
        loose = {
            (name, source)
            for name, sources in directives.items()
            for source in sources
            if source not in ("'self'", "'none'")
        }
        assert not loose, f"sources other than 'self'/'none' in {policy!r}: {sorted(loose)}"


def test_the_pages_carry_the_policy_publishconf_declares(site: Site):
    """One source of truth: CONTENT_SECURITY_POLICY in publishconf.py is what the pages send."""
    from pelican.settings import read_settings

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITEURL", site.siteurl)
        patch.chdir(ROOT)
        declared = read_settings(str(ROOT / "publishconf.py"))["CONTENT_SECURITY_POLICY"]
    for path in site.html_files():
        for meta in csp_of(BeautifulSoup(path.read_bytes(), "html.parser")):
            assert meta["content"] == declared, path.relative_to(site.output)


def test_the_markup_needs_nothing_the_policy_blocks(site: Site):
    """No inline script or style, no event-handler attributes, no third-party subresources."""
    origin = urlsplit(site.base_url).netloc
    problems = []
    for path in site.html_files():
        rel = path.relative_to(site.output)
        url = site.url_of(path)
        soup = BeautifulSoup(path.read_bytes(), "html.parser")
        for script in soup.find_all("script"):
            kind = str(script.get("type", "")).lower()
            if not script.get("src") and kind not in DATA_SCRIPT_TYPES:
                problems.append(f"{rel}: inline <script> (type={kind or 'JavaScript'})")
        problems += [f"{rel}: <style> element" for _ in soup.find_all("style")]
        for tag in soup.find_all(True):
            for attribute in tag.attrs:
                if attribute.lower() == "style":
                    problems.append(f"{rel}: style attribute on <{tag.name}>")
                elif attribute.lower().startswith("on"):
                    problems.append(f"{rel}: {attribute} attribute on <{tag.name}>")
        found = [(t, a) for name, a in SUBRESOURCES for t in soup.find_all(name, attrs={a: True})]
        for link in soup.find_all("link", href=True):
            if LINK_SUBRESOURCE_RELS & {r.lower() for r in link.get("rel", [])}:
                found.append((link, "href"))
        for tag, attribute in found:
            target = urlsplit(urljoin(url, str(tag[attribute])))
            if target.netloc != origin:
                problems.append(
                    f"{rel}: <{tag.name} {attribute}> from {target.netloc or target.scheme}"
                )
    assert not problems, "\n".join(problems)
