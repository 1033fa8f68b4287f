"""Files a published site needs besides its pages: .nojekyll, robots.txt, sitemap.xml, and a
fallback template for 404.html. Enabled by publishconf.py only. Its module ``notes`` is a plugin of
its own (an article's notes on a page of their own), enabled in pelicanconf.py."""

from .site_extras import register

__all__ = ["register"]
