"""Media efficiency: bytes per minute of audio, per format, across the clip library.

Reads every published clip under ``media/clips/`` (or ``--media DIR``): size on disk, duration and
bitrate from mutagen, and integrated loudness (ITU-R BS.1770, pyloudnorm over soundfile's decode)
so the comparison is made at matched loudness. Target: Opus at least 20% smaller than MP3
(bytes per minute ratio ≤ 0.80).

    python bench/bench_media.py
    python bench/bench_media.py --media path/to/clips --no-loudness
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from common import REPO, machine_line, parser, report, write_json

TARGET = 0.80
#: Formats measured, by extension (the plugin offers the same ones as <source>s).
FORMATS = {".opus": "Opus", ".ogg": "Vorbis", ".m4a": "AAC", ".mp3": "MP3", ".flac": "FLAC"}


def measure_file(path: Path, loudness: bool) -> dict:
    import mutagen

    audio = mutagen.File(path)
    if audio is None or not getattr(audio.info, "length", 0):
        raise ValueError(f"{path}: not an audio file mutagen can read")
    figures = {
        "file": path.name,
        "stem": path.stem,
        "format": FORMATS[path.suffix.lower()],
        "bytes": path.stat().st_size,
        "seconds": float(audio.info.length),
        "kbps": getattr(audio.info, "bitrate", 0) / 1000,
        "lufs": None,
    }
    if loudness:
        figures["lufs"] = integrated_loudness(path)
    return figures


def integrated_loudness(path: Path) -> float | None:
    import pyloudnorm
    import soundfile as sf

    data, rate = sf.read(path, dtype="float32", always_2d=True)
    value = pyloudnorm.Meter(rate).integrated_loudness(data)
    return round(float(value), 2) if value > -70 else None


def measure(folder: Path, loudness: bool = True) -> dict:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in FORMATS and p.is_file())
    if not files:
        raise SystemExit(f"no audio files in {folder}")
    clips = [measure_file(p, loudness) for p in files]
    per_format: dict[str, dict] = {}
    for name in dict.fromkeys(c["format"] for c in clips):
        mine = [c for c in clips if c["format"] == name]
        total_bytes = sum(c["bytes"] for c in mine)
        minutes = sum(c["seconds"] for c in mine) / 60
        lufs = [c["lufs"] for c in mine if c["lufs"] is not None]
        per_format[name] = {
            "files": len(mine),
            "bytes": total_bytes,
            "minutes": minutes,
            "bytes_per_minute": total_bytes / minutes,
            "kbps": total_bytes * 8 / (minutes * 60) / 1000,
            "lufs_min": min(lufs) if lufs else None,
            "lufs_max": max(lufs) if lufs else None,
        }
    stems: dict[str, dict[str, dict]] = defaultdict(dict)
    for clip in clips:
        stems[clip["stem"]][clip["format"]] = clip
    pairs = []
    for stem, formats in sorted(stems.items()):
        if "Opus" in formats and "MP3" in formats:
            opus, mp3 = formats["Opus"], formats["MP3"]
            gap = (
                abs(opus["lufs"] - mp3["lufs"])
                if opus["lufs"] is not None and mp3["lufs"] is not None
                else None
            )
            pairs.append(
                {
                    "stem": stem,
                    "ratio": (opus["bytes"] / opus["seconds"]) / (mp3["bytes"] / mp3["seconds"]),
                    "opus_kbps": opus["bytes"] * 8 / opus["seconds"] / 1000,
                    "mp3_kbps": mp3["bytes"] * 8 / mp3["seconds"] / 1000,
                    "loudness_gap": gap,
                }
            )
    ratio = None
    if "Opus" in per_format and "MP3" in per_format:
        ratio = per_format["Opus"]["bytes_per_minute"] / per_format["MP3"]["bytes_per_minute"]
    return {"files": clips, "formats": per_format, "pairs": pairs, "opus_to_mp3": ratio}


def _lu(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "-"


def main(argv: list[str] | None = None) -> int:
    argp = parser(__doc__.splitlines()[0])
    argp.add_argument("--media", type=Path, default=REPO / "media" / "clips", help="clip folder")
    argp.add_argument("--no-loudness", action="store_true", help="skip the loudness measurement")
    args = argp.parse_args(argv)
    result = measure(args.media, loudness=not args.no_loudness)
    rows = [
        (
            name,
            f["files"],
            f"{f['minutes']:.2f}",
            f"{f['bytes'] / 1024:.0f} KiB",
            f"{f['bytes_per_minute'] / 1024:.0f} KiB",
            f"{f['kbps']:.0f}",
            f"{_lu(f['lufs_min'])} .. {_lu(f['lufs_max'])}",
        )
        for name, f in result["formats"].items()
    ]
    report(
        f"Media efficiency: {args.media}",
        ("format", "files", "minutes", "total", "per minute", "kbit/s", "LUFS (min .. max)"),
        rows,
    )
    if result["pairs"]:
        report(
            "Opus against MP3, clip by clip",
            ("clip", "Opus kbit/s", "MP3 kbit/s", "Opus/MP3", "loudness gap"),
            [
                (
                    p["stem"],
                    f"{p['opus_kbps']:.0f}",
                    f"{p['mp3_kbps']:.0f}",
                    f"{p['ratio']:.2f}",
                    f"{p['loudness_gap']:.2f} LU" if p["loudness_gap"] is not None else "-",
                )
                for p in result["pairs"]
            ],
        )
    ratio = result["opus_to_mp3"]
    if ratio is not None:
        gaps = [p["loudness_gap"] for p in result["pairs"] if p["loudness_gap"] is not None]
        report(
            "Opus vs MP3 across the library",
            ("Opus bytes/min ÷ MP3 bytes/min", "target", "met", "largest loudness gap"),
            [
                (
                    f"{ratio:.2f} ({(1 - ratio) * 100:.0f}% smaller)",
                    f"≤ {TARGET:.2f} (≥ 20% smaller)",
                    "yes" if ratio <= TARGET else "NO",
                    f"{max(gaps):.2f} LU" if gaps else "-",
                )
            ],
        )
    print()
    print(machine_line())
    write_json(args.json, {"benchmark": "media", "target": TARGET, **result})
    return 0


if __name__ == "__main__":
    sys.exit(main())
