"""Authoring aids for the clip library: run by hand, never by `make clips` (not in its digest)."""
