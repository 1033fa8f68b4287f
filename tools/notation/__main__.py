"""``python -m tools.notation [stem ...] [--force]``: engrave the clips named in
media/notation/recipes.yaml (run by ``make notation``, and by ``make clips``)."""

from __future__ import annotations

import argparse
import logging
import sys

from tools.clips.build import ClipError
from tools.clips.notation import NotationError
from tools.clips.render import ToolMissing

from .engrave import build, sizes_table
from .notes import EngraveError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.notation", description=__doc__)
    parser.add_argument("stems", nargs="*", help="clips to engrave (default: every recipe)")
    parser.add_argument("--force", action="store_true", help="engrave even if nothing changed")
    parser.add_argument(
        "--sizes", action="store_true", help="print the bytes each clip's notation adds, and stop"
    )
    args = parser.parse_args(argv)
    if args.sizes:
        print(sizes_table())
        return 0
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    log = logging.getLogger("tools.notation")
    try:
        done = build(args.stems or None, force=args.force)
    except (EngraveError, ClipError, NotationError, ToolMissing) as err:
        log.error("%s", err)
        return 1
    log.info("engraved %d clip(s)", len(done))
    return 0


if __name__ == "__main__":
    sys.exit(main())
