"""Offline tools: media pipeline, local server. Not needed to build the site."""
