"""The theme's CSS and JavaScript minified in the output, and a ``fingerprint`` filter that
versions their URLs by content. Enabled by pelicanconf.py."""

from .theme_assets import register

__all__ = ["register"]
