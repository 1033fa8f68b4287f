"""Files a published site needs besides its pages: .nojekyll, robots.txt, sitemap.xml, and a
fallback template for 404.html. Enabled by publishconf.py only."""

from .site_extras import register

__all__ = ["register"]
