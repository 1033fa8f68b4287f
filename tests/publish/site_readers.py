"""Which tests read this site's own inputs (content/ and the settings files), and so run again
in the fork that "Make it yours" makes (tests/publish/test_make_it_yours.py). A module of its
own: tests/conftest.py marks these tests, and the fork test chooses them."""

from __future__ import annotations

#: Test modules and folders that read the site's inputs as a whole (they build or read content/
#: and the settings): every test in them reads the site.
SITE_MODULES = (
    "tests/content",
    "tests/docs",
    "tests/theme",
    "tests/publish",
    "tests/media/test_reuse.py",
    "tests/bench/test_bench_check.py",
    "tests/bench/test_bench_serve.py",
    "tests/bench/test_bench_latency.py",
)
#: Browser tests run against the fixture site (the tests' own content) and the real site; only
#: the latter read the site, as the fixtures they take show (tests/conftest.py).
MARKED = ("tests/browser", "tests/notation/test_notation_browser.py")
#: Fixtures that hand a test this site's own content (content/, built with pelicanconf.py).
SITE_FIXTURES = {"real_site_output", "real_site", "showcase_site"}


def in_site_modules(nodeid: str) -> bool:
    """Whether a test (by its node id, relative to the repository) is in ``SITE_MODULES``."""
    path = nodeid.split("::", 1)[0]
    return any(path == name or path.startswith(name.rstrip("/") + "/") for name in SITE_MODULES)
