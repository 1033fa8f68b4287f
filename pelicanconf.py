"""Settings for building the site locally (`make html`, `make serve`)."""

AUTHOR = "The Soundtrack Essay team"
SITENAME = "Hearing the Movies"
SITESUBTITLE = "An essay on film music, with clips you can play"
SITEURL = ""

PATH = "content"
THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"

# All three are packages (requirements/site.txt); Pelican finds them as pelican.plugins.*.
# yaml_metadata reads the YAML front matter of every page; audio_clips places the clips (and
# reads the front matter of articles that list clips itself); theme_assets minifies the theme's
# CSS and JavaScript in the output and versions their URLs by content. The site_extras package's
# notes plugin publishes the notes of an article with `notes: page` on a page of their own
# (plugins/site-extras/README.md); it is named in full, being a module of that package.
PLUGINS = ["yaml_metadata", "audio_clips", "theme_assets", "pelican.plugins.site_extras.notes"]

# The theme keeps one stylesheet per component; the output joins them, so a page makes one
# request for its styles (theme/templates/base.html links the one it needs): pages with clips get
# the card's, moments', notation's and comparisons' styles too (player.css also keeps the rail's
# gutter, which pages without clips must not have). Print's rules (all inside @media print) ride
# along: Chromium fetches a media="print" stylesheet on arrival anyway, and inside the bundle they
# cost less (BENCHMARKS.md §4). The front page's and the credits page's own styles (pages.css)
# are only in the bundle of pages without clips. Not bundled: the mini-player's css/rail.css comes
# with it, on the first play; css/intent.css (playing states, live notation, the shortcut list)
# with the reader's first sign of intent.
_PAGE_CSS = ["css/style.css", "css/print.css"]
_CLIPS_CSS = ["css/player.css", "css/moments.css", "css/notation.css", "css/compare.css"]
THEME_ASSETS_BUNDLES = {
    "css/site.css": [_PAGE_CSS[0], "css/pages.css", _PAGE_CSS[1]],
    "css/site-clips.css": [_PAGE_CSS[0], *_CLIPS_CSS, _PAGE_CSS[1]],
}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.attr_list": {},
        "markdown.extensions.extra": {},
        # Typographic quotes and dashes as the characters themselves, not as named entities
        # (&rsquo; is 7 bytes, ’ is 3): the same text, 0.06 KB less on arrival (BENCHMARKS.md §4).
        "markdown.extensions.smarty": {
            "substitutions": {
                "left-single-quote": "‘",
                "right-single-quote": "’",
                "left-double-quote": "“",
                "right-double-quote": "”",
                "left-angle-quote": "«",
                "right-angle-quote": "»",
                "ellipsis": "…",
                "ndash": "–",
                "mdash": "—",
            }
        },
    },
    "output_format": "html5",
}

ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DIRECT_TEMPLATES = ["index"]
STATIC_PATHS = []
DEFAULT_PAGINATION = False

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
# With CATEGORY_SAVE_AS empty Pelican gives articles no category, and its draft writer then
# fails on `article.category` (Pelican 4.12). One category, never written as a page nor shown by
# the theme, lets drafts build.
DEFAULT_METADATA = {"category": "essays"}

# Reproducible output: no timestamps of the build machine in pages.
DELETE_OUTPUT_DIRECTORY = True

# Delivered by the theme as <meta http-equiv="Content-Security-Policy"> (GitHub Pages cannot send
# headers): nothing but the site's own origin, and no inline script or style.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; "
    "font-src 'self'; connect-src 'self'; manifest-src 'self'; object-src 'self'; frame-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)
