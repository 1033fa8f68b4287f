"""What publishing the media costs now that published files are copies, not hard links (issue 22).

Publishes every file under ``--media`` (default: this site's media/clips and media/notation) into
a fresh output folder on the same file system, three ways, and prints the median time of each:

- **hard link** — what the plugin did before: instant, but output/ shared the sources' inodes, so
  anything that edited output/ edited media/;
- **copy** — what it does now (``generator._link_or_copy``): a reflink where the file system can
  share blocks, else a copy with sendfile(2), written beside the target and renamed over it;
- **unchanged** — a rebuild with nothing changed: the size-and-mtime check (``_up_to_date``) that
  skips every file.

    python bench/bench_publish.py            # 5 repeats
    python bench/bench_publish.py --quick    # 1 repeat
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from common import REPO, machine_line, median, ms, parser, report, timed, write_json

from pelican.plugins.audio_clips.generator import _link_or_copy, _up_to_date


def media_files(folders: list[Path]) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*") if p.is_file())


def publish(files: list[Path], root: Path, target: Path, how) -> None:
    for origin in files:
        destination = target / origin.relative_to(root)
        destination.parent.mkdir(parents=True, exist_ok=True)
        how(origin, destination)


def hard_link(origin: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    os.link(origin, target)


def main() -> int:
    argp = parser(__doc__.splitlines()[0])
    argp.add_argument("--media", action="append", type=Path, help="folder of files to publish")
    argp.add_argument("--repeats", type=int, default=5)
    args = argp.parse_args()
    folders = args.media or [REPO / "media" / "clips", REPO / "media" / "notation"]
    root = Path(os.path.commonpath([f.resolve() for f in folders]))
    files = media_files(folders)
    if not files:
        print("no files to publish", file=sys.stderr)
        return 2
    size = sum(f.stat().st_size for f in files)
    repeats = 1 if args.quick else args.repeats
    times: dict[str, list[float]] = {"hard link": [], "copy": [], "unchanged": []}
    # Same file system as the sources: a hard link cannot cross one.
    with tempfile.TemporaryDirectory(dir=root, prefix=".bench-publish-") as scratch:
        for number in range(repeats):
            linked = Path(scratch, f"linked-{number}")
            times["hard link"].append(
                timed(lambda linked=linked: publish(files, root, linked, hard_link))[0]
            )
            copied = Path(scratch, f"copied-{number}")
            times["copy"].append(
                timed(lambda copied=copied: publish(files, root, copied, _link_or_copy))[0]
            )

            def rebuild(target=copied):
                skipped = 0
                for origin in files:
                    skipped += _up_to_date(origin, target / origin.relative_to(root))
                assert skipped == len(files)

            times["unchanged"].append(timed(rebuild)[0])
            shutil.rmtree(linked)
            shutil.rmtree(copied)
    rows = [
        [name, ms(median(values)), f"{size / 1e6 / median(values):.0f} MB/s" if values else "n/a"]
        for name, values in times.items()
    ]
    report(
        f"Publishing {len(files)} files ({size / 1e6:.1f} MB), median of {repeats}",
        ["method", "time", "throughput"],
        rows,
        [machine_line()],
    )
    write_json(
        args.json,
        {
            "files": len(files),
            "bytes": size,
            "repeats": repeats,
            "median_seconds": {name: median(values) for name, values in times.items()},
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
