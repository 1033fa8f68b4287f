"""Production settings for GitHub Pages (`make publish`); see docs/publishing.md.

Everything in pelicanconf.py applies, then the lines below. The site's address is not written
here: the Pages workflow passes it in the ``SITEURL`` environment variable (the ``base_url`` output
of ``actions/configure-pages``): ``https://<owner>.github.io/<repo>`` for a project site, or
``https://example.org`` for a custom domain. By hand::

    SITEURL=https://<owner>.github.io/<repo> make publish
"""

import os
import sys
from urllib.parse import urlsplit

# The pelicanconf.py beside this file, even in a process that has read another site's settings
# before (Pelican keeps each settings file it reads as a module named after the file).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.modules.pop("pelicanconf", None)
from pelicanconf import *  # noqa: E402, F403


def _site_url(value: str) -> str:
    """The site's absolute base URL without a trailing slash, or stop the build with a fix."""
    value = value.strip()
    if not value:
        raise SystemExit(
            "publishconf.py: SITEURL is not set. The Pages workflow sets it from "
            "actions/configure-pages; to build by hand, run "
            "SITEURL=https://<owner>.github.io/<repo> make publish"
        )
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SystemExit(
            f"publishconf.py: SITEURL={value!r} is not an absolute http(s) URL without query or "
            "fragment, e.g. https://<owner>.github.io/<repo> or https://example.org"
        )
    return value.rstrip("/")


SITEURL = _site_url(os.environ.get("SITEURL", ""))
RELATIVE_URLS = False  # every link is absolute, so 404.html works at any depth of the site

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"

# 404.html: GitHub Pages serves it for every missing address under the site. The theme's
# templates/404.html renders it if there is one, else the site_extras plugin's fallback
# (plugins/site-extras/pelican/plugins/site_extras/templates/404.html).
DIRECT_TEMPLATES = [*DIRECT_TEMPLATES, "404"]  # noqa: F405

# site_extras writes .nojekyll, robots.txt and sitemap.xml (with lastmod) into the output after
# the build. (audio_clips adds each clip to the Atom feed as an enclosure.)
PLUGINS = [*PLUGINS, "site_extras"]  # noqa: F405

# CONTENT_SECURITY_POLICY comes from pelicanconf.py: the same policy locally and when published.
