"""``python -m tools.clips [--force] [STEM ...]``: render the clip library (see docs/clips.md)."""

from __future__ import annotations

import argparse
import logging
import sys

from .build import ClipError, build
from .debian import PackageUnavailable
from .notation import NotationError
from .recording import RecordingError
from .render import ToolMissing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.clips", description=__doc__)
    parser.add_argument("stems", nargs="*", help="only these clips (default: all)")
    parser.add_argument("--force", action="store_true", help="re-render even if unchanged")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO, format="%(levelname)s %(message)s"
    )
    try:
        done = build(args.stems or None, force=args.force)
    except (ClipError, NotationError, PackageUnavailable, RecordingError, ToolMissing) as err:
        logging.getLogger("tools.clips").error("%s", err)
        return 1
    logging.getLogger("tools.clips").info("rendered %d clip(s)", len(done))
    return 0


if __name__ == "__main__":
    sys.exit(main())
