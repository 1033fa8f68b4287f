"""How this project starts Debian's Chromium headless: one list of flags for tests and benchmarks.

The flags are those measured on these machines (docs/design.md, "Testing layers"): without the background-networking
ones Chromium keeps trying to reach Google's hosts through a closed network.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's package; Playwright's own browser download does not work here."""

HEADLESS_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""Flags for any headless run (Lighthouse passes them as one string)."""

CHROMIUM_ARGS = [*HEADLESS_ARGS, "--autoplay-policy=no-user-gesture-required"]
"""Flags for Playwright runs that press play."""
