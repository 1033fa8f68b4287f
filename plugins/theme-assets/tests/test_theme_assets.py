"""The theme_assets plugin: minified CSS and JavaScript in the output, content-hashed URLs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pelican.plugins.theme_assets.theme_assets import (
    Fingerprinter,
    ThemeAssetsError,
    config_of,
    digest,
    enabled,
    minified,
    minify_folder,
    publish_folder,
    theme_source,
)
from tests.support.sites import build_in_own_process

REPO = Path(__file__).resolve().parents[3]
THEME = REPO / "theme"

CSS = b"""/* A comment that explains the rule. */
.a  >  .b {
  color : red ;   /* trailing */
  margin: 0 0 1rem;
}

@media (prefers-color-scheme: dark) {
  .a { color: blue; }
}
"""

JS = b"""/* Header comment. */
(function () {
  "use strict";
  // a line comment
  var text = "keep  /* this */  string";
  var re = /a\\/b/g;
  window.result = text.replace(re, "x") + " " + (1 / 2);
})();
"""


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_css_loses_comments_and_white_space_but_keeps_every_rule():
    small = minified(".css", CSS)
    assert (
        small
        == b".a>.b{color:red;margin:0 0 1rem}@media (prefers-color-scheme:dark){.a{color:blue}}"
    )


def test_javascript_loses_comments_and_white_space_but_keeps_strings_and_regexes():
    small = minified(".js", JS).decode()
    assert "comment" not in small
    assert '"keep  /* this */  string"' in small
    assert r"/a\/b/g" in small
    assert "(1/2)" in small
    assert len(small) < len(JS) * 0.8


@pytest.mark.parametrize("suffix", [".css", ".js"])
def test_minifying_twice_changes_nothing(suffix):
    once = minified(suffix, CSS if suffix == ".css" else JS)
    assert minified(suffix, once) == once


def test_other_files_pass_through_untouched():
    svg = b"<svg xmlns='http://www.w3.org/2000/svg'>  <!-- c -->  </svg>\n"
    assert minified(".svg", svg) == svg
    assert minified(".json", b'{ "a": 1 }') == b'{ "a": 1 }'


def test_minify_folder_rewrites_only_css_and_javascript(tmp_path):
    css = write(tmp_path / "css" / "a.css", CSS)
    js = write(tmp_path / "js" / "a.js", JS)
    svg = write(tmp_path / "img" / "a.svg", b"<svg>  </svg>")
    assert minify_folder(tmp_path) == [css, js]
    assert css.read_bytes() == minified(".css", CSS)
    assert js.read_bytes() == minified(".js", JS)
    assert svg.read_bytes() == b"<svg>  </svg>"
    assert minify_folder(tmp_path) == []  # already small: nothing rewritten
    assert minify_folder(tmp_path / "missing") == []


def test_the_fingerprint_is_the_hash_of_the_bytes_the_output_will_hold(tmp_path):
    write(tmp_path / "static" / "css" / "a.css", CSS)
    minifying = Fingerprinter(tmp_path, ["static"], minify=True)
    plain = Fingerprinter(tmp_path, ["static"], minify=False)
    assert minifying("css/a.css") == f"css/a.css?v={digest(minified('.css', CSS))}"
    assert plain("/css/a.css") == f"css/a.css?v={digest(CSS)}"
    assert re.fullmatch(r"css/a\.css\?v=[0-9a-f]{10}", minifying("css/a.css"))


def test_a_path_that_is_not_a_theme_file_stops_the_build(tmp_path):
    (tmp_path / "static").mkdir()
    with pytest.raises(ThemeAssetsError, match=r"'css/typo\.css' is not a file"):
        Fingerprinter(tmp_path, ["static"], minify=True)("css/typo.css")


def test_the_last_static_path_wins_as_when_pelican_copies_them(tmp_path):
    first = write(tmp_path / "one" / "a.css", b"a{}")
    second = write(tmp_path / "two" / "a.css", b"b{}")
    single = write(tmp_path / "extra.js", b"x")
    assert theme_source(tmp_path, ["one", "two"], "a.css") == second
    assert theme_source(tmp_path, ["two", "one"], "a.css") == first
    assert theme_source(tmp_path, ["one", "extra.js"], "extra.js") == single
    assert theme_source(tmp_path, ["one"], "b.css") is None


MODULES = {
    "js/main.js": b'import { a } from "./modules/a.js";\nimport "./side.js";\n'
    b'export * from "./modules/c.js";\nimport { x } from "https://example.org/x.js";\n'
    b'import("./lazy.js").then(() => a(x));\n',
    "js/modules/a.js": b'import { b } from "./b.js";\nexport function a(v) { return b(v); }\n',
    "js/modules/b.js": b"export function b(v) { return v + 1; }\n",
    "js/modules/c.js": b"export const c = 3;\n",
    "js/side.js": b"window.side = true;\n",
    "js/lazy.js": b"export default 1;\n",
}


def module_theme(root: Path, files: dict[str, bytes]) -> Path:
    for relpath, data in files.items():
        write(root / "static" / relpath, data)
    return root


def specifiers(text: bytes) -> list[str]:
    return re.findall(r"""["']([^"']+\.js(?:\?v=[0-9a-f]{10})?)["']""", text.decode())


@pytest.mark.parametrize("minify", [True, False])
def test_relative_module_imports_carry_the_hash_of_what_they_import(tmp_path, minify):
    theme = module_theme(tmp_path, MODULES)
    link = Fingerprinter(theme, ["static"], minify=minify)
    main = link.publisher.published("js/main.js")
    a = link.publisher.published("js/modules/a.js")
    version = {p: digest(link.publisher.published(p)) for p in MODULES}
    assert specifiers(main) == [
        f"./modules/a.js?v={version['js/modules/a.js']}",
        f"./side.js?v={version['js/side.js']}",
        f"./modules/c.js?v={version['js/modules/c.js']}",
        "https://example.org/x.js",  # not relative: as written
        f"./lazy.js?v={version['js/lazy.js']}",
    ]
    assert specifiers(a) == [f"./b.js?v={version['js/modules/b.js']}"]
    assert link("js/main.js") == f"js/main.js?v={version['js/main.js']}"


def test_a_change_to_one_module_changes_the_url_of_every_importer_and_no_other(tmp_path):
    before = Fingerprinter(module_theme(tmp_path / "one", MODULES), ["static"], minify=True)
    changed = {**MODULES, "js/modules/b.js": b"export function b(v) { return v + 2; }\n"}
    after = Fingerprinter(module_theme(tmp_path / "two", changed), ["static"], minify=True)
    moved = {p for p in MODULES if before(p) != after(p)}
    assert moved == {"js/modules/b.js", "js/modules/a.js", "js/main.js"}


def test_the_output_holds_what_the_filter_hashed(tmp_path):
    theme = module_theme(tmp_path / "theme", MODULES)
    link = Fingerprinter(theme, ["static"], minify=True)
    output = tmp_path / "output"
    module_theme(output, MODULES)  # the copy Pelican makes
    written = publish_folder(output / "static", minify=True, fingerprint=True)
    assert len(written) == len(MODULES)
    for relpath in MODULES:
        data = (output / "static" / relpath).read_bytes()
        assert link(relpath) == f"{relpath}?v={digest(data)}"
    # Publishing is done once per build, from Pelican's fresh copies; a second pass over its own
    # output leaves it as it is (versioned specifiers are not versioned again).
    assert publish_folder(output / "static", minify=True, fingerprint=True) == []


def test_without_fingerprints_imports_stay_as_written(tmp_path):
    output = module_theme(tmp_path, MODULES)
    publish_folder(output / "static", minify=False, fingerprint=False)
    assert (output / "static" / "js" / "main.js").read_bytes() == MODULES["js/main.js"]
    publish_folder(output / "static", minify=True, fingerprint=False)
    assert "?v=" not in (output / "static" / "js" / "main.js").read_text()


def test_an_import_of_a_missing_module_stops_the_build(tmp_path):
    theme = module_theme(tmp_path, {"js/main.js": b'import { a } from "./modules/typo.js";\n'})
    with pytest.raises(ThemeAssetsError, match=r"js/main.js imports './modules/typo.js', which is"):
        Fingerprinter(theme, ["static"], minify=True)("js/main.js")
    theme = module_theme(tmp_path / "out", {"js/main.js": b'import "../../outside.js";\n'})
    with pytest.raises(ThemeAssetsError, match=r"imports '../../outside.js'"):
        Fingerprinter(theme, ["static"], minify=True)("js/main.js")


def test_a_cycle_of_imports_stops_the_build_naming_it(tmp_path):
    theme = module_theme(
        tmp_path,
        {"js/a.js": b'import "./b.js";\n', "js/b.js": b'import "./a.js";\n'},
    )
    with pytest.raises(ThemeAssetsError, match=r"cycle.*js/a.js -> js/b.js -> js/a.js"):
        Fingerprinter(theme, ["static"], minify=True)("js/a.js")


@pytest.mark.parametrize("key", ["THEME_ASSETS_MINIFY", "THEME_ASSETS_FINGERPRINT"])
def test_settings_must_be_booleans(key):
    assert config_of({}).minify and config_of({}).fingerprint
    assert getattr(config_of({key: False}), key.rsplit("_", 1)[-1].lower()) is False
    with pytest.raises(ThemeAssetsError, match=f"{key} must be True or False, not 'no'"):
        config_of({key: "no"})


def test_the_plugin_acts_only_for_builds_that_list_it():
    assert enabled({"PLUGINS": ["audio_clips", "theme_assets"]})
    assert enabled({"PLUGINS": ["pelican.plugins.theme_assets"]})
    assert not enabled({"PLUGINS": ["audio_clips"]})
    assert not enabled({})


def build(tmp_path: Path, **settings) -> Path:
    """A real Pelican build of one page with this repo's theme, in a process of its own."""
    return build_in_own_process(tmp_path, {"THEME": str(THEME), "PLUGINS": [], **settings})


def theme_links(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_bytes(), "html.parser")
    refs = [tag["href"] for tag in soup.select("link[href]")]
    refs += [tag["src"] for tag in soup.select("script[src]")]
    return [ref for ref in refs if "/theme/" in ref]


def test_a_build_with_the_plugin_ships_minified_files_under_versioned_urls(tmp_path):
    sources = {p: p.read_bytes() for p in (THEME / "static").rglob("*") if p.is_file()}
    output = build(tmp_path, PLUGINS=["theme_assets"])
    for source, data in sources.items():
        out = output / "theme" / source.relative_to(THEME / "static")
        # Minified, and with its module imports versioned: take the versions out and the rest
        # is the minified source.
        plain = re.sub(rb"(\.js)\?v=[0-9a-f]{10}", rb"\1", out.read_bytes())
        assert plain == minified(source.suffix, data), out
        assert source.read_bytes() == data, f"{source} was changed: only the output is minified"
    entry = (output / "theme" / "js" / "clips.js").read_text()
    imported = re.findall(r'from"(\./modules/[a-z]+\.js)\?v=([0-9a-f]{10})"', entry)
    assert imported, "clips.js imports no versioned module"
    for spec, version in imported:
        assert version == digest((output / "theme" / "js" / spec).read_bytes()), spec
    links = theme_links(output / "hello.html")
    assert links, "the page links no theme file"
    for link in links:
        path, _, version = link.partition("?v=")
        assert version == digest((output / path.lstrip("/")).read_bytes()), link
    assert any(link.startswith("/theme/css/style.css?v=") for link in links)
    assert any(link.startswith("/theme/js/clips.js?v=") for link in links)


def test_without_the_plugin_the_theme_links_its_plain_readable_files(tmp_path):
    output = build(tmp_path)
    links = theme_links(output / "hello.html")
    assert "/theme/css/style.css" in links
    assert all("?v=" not in link for link in links)
    style = THEME / "static" / "css" / "style.css"
    assert (output / "theme" / "css" / "style.css").read_bytes() == style.read_bytes()


# --- bundles (THEME_ASSETS_BUNDLES) ------------------------------------------------------------

PARTS = {"css/a.css": b"/* a */\n.a { color: red; }\n", "css/b.css": b".b { color: blue; }\n"}
BUNDLES = {"css/all.css": ("css/b.css", "css/a.css")}


def test_a_bundle_joins_its_parts_in_order_and_is_versioned_like_a_file(tmp_path):
    theme = module_theme(tmp_path / "theme", PARTS)
    link = Fingerprinter(theme, ["static"], minify=True, bundles=BUNDLES)
    joined = minified(".css", PARTS["css/b.css"] + b"\n" + PARTS["css/a.css"])
    assert joined == b".b{color:blue}.a{color:red}"
    assert link("css/all.css") == f"css/all.css?v={digest(joined)}"
    output = module_theme(tmp_path / "output", PARTS)  # the copy Pelican makes
    written = publish_folder(output / "static", minify=True, fingerprint=True, bundles=BUNDLES)
    bundle = output / "static" / "css" / "all.css"
    assert bundle in written
    assert bundle.read_bytes() == joined
    assert (output / "static" / "css" / "a.css").read_bytes() == minified(
        ".css", PARTS["css/a.css"]
    )
    # The next build finds the bundle it wrote and writes it again, from the parts.
    bundle.write_bytes(b".stale{}")
    publish_folder(output / "static", minify=True, fingerprint=True, bundles=BUNDLES)
    assert bundle.read_bytes() == joined


def test_an_unminified_bundle_keeps_its_parts_readable(tmp_path):
    output = module_theme(tmp_path, PARTS)
    publish_folder(output / "static", minify=False, fingerprint=False, bundles=BUNDLES)
    text = (output / "static" / "css" / "all.css").read_bytes()
    assert text == PARTS["css/b.css"] + PARTS["css/a.css"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (["css/a.css"], "must map a bundle's path to its parts"),
        ({"js/all.js": ["js/a.js"]}, "'js/all.js' is not a stylesheet"),
        ({"css/all.css": "css/a.css"}, "must list its parts"),
        ({"css/all.css": []}, "lists no part"),
        ({"css/all.css": ["css/a.css", "js/a.js"]}, "part 'js/a.js' is not of the same kind"),
        ({"css/all.css": ["css/a.css", "css/a.css"]}, "lists a part twice"),
        ({"css/all.css": ["css/all.css"]}, "part 'css/all.css' is a bundle"),
    ],
)
def test_bundle_settings_that_cannot_work_stop_the_build(value, message):
    with pytest.raises(ThemeAssetsError, match=re.escape(message)):
        config_of({"THEME_ASSETS_BUNDLES": value})


def test_a_bundle_of_a_missing_part_or_named_like_a_theme_file_stops_the_build(tmp_path):
    theme = module_theme(tmp_path, PARTS)
    missing = {"css/all.css": ("css/a.css", "css/typo.css")}
    with pytest.raises(ThemeAssetsError, match=r"'css/all.css'\]: 'css/typo.css' is not a file"):
        Fingerprinter(theme, ["static"], minify=True, bundles=missing)("css/all.css")
    with pytest.raises(ThemeAssetsError, match=r"'css/a.css' is also a file of the theme"):
        Fingerprinter(theme, ["static"], minify=True, bundles={"css/a.css": ("css/b.css",)})


def test_the_theme_links_one_bundled_stylesheet_when_the_build_bundles(tmp_path):
    """This repository's theme with its pelicanconf.py bundles: a page without clips links
    css/site.css (the page's styles and print's), and no part."""
    import runpy

    bundles = runpy.run_path(str(REPO / "pelicanconf.py"))["THEME_ASSETS_BUNDLES"]
    output = build(tmp_path, PLUGINS=["theme_assets"], THEME_ASSETS_BUNDLES=bundles)
    links = theme_links(output / "hello.html")
    sheets = [link for link in links if ".css" in link]
    assert len(sheets) == 1 and sheets[0].startswith("/theme/css/site.css?v="), links
    published = (output / "theme" / "css" / "site.css").read_bytes()
    parts = [(THEME / "static" / part).read_bytes() for part in bundles["css/site.css"]]
    assert published == minified(".css", b"\n".join(p.rstrip(b"\n") for p in parts) + b"\n")
    assert b"@media print" in published
    assert sheets[0].endswith(digest(published))
