"""Excerpts of soundtrack recordings shipped in Debian packages (CC-BY-SA game music).

``apt-get download`` fetches the exact package version named in the clip's source file into a
cache outside the repo; ``dpkg-deb -x`` unpacks it; the excerpt is cut from the named file. The
whole original tracks are never committed, only the excerpt and this recipe.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import numpy as np
import soundfile
from scipy import signal

from .render import RATE, require

CACHE = Path(os.environ.get("CLIPS_CACHE", Path.home() / ".cache" / "soundtrack-clips"))


class PackageUnavailable(RuntimeError):
    """The pinned package version cannot be fetched from the Debian archive."""


def fetch(package: str, version: str, sha256: str | None = None) -> Path:
    """Path of the unpacked package, downloading and unpacking it on first use."""
    debs = CACHE / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    deb = debs / f"{package}_{version.rsplit(':', maxsplit=1)[-1]}_all.deb"
    if not deb.exists():
        _download(package, version, debs)
        if not deb.exists():
            raise PackageUnavailable(f"apt-get download {package}={version} gave no {deb.name}")
    if sha256:
        digest = hashlib.sha256(deb.read_bytes()).hexdigest()
        if digest != sha256:
            raise PackageUnavailable(f"{deb.name}: sha256 {digest} differs from {sha256}")
    root = CACHE / "unpacked" / deb.stem
    if not root.exists():
        tmp = root.with_suffix(".partial")
        tmp.mkdir(parents=True, exist_ok=True)
        subprocess.run([require("dpkg-deb"), "-x", str(deb), str(tmp)], check=True)
        tmp.rename(root)
    return root


def _download(package: str, version: str, into: Path) -> None:
    """``apt-get download`` the exact version; refresh the package lists once if that fails."""
    cmd = [require("apt-get"), "download", f"{package}={version}"]
    result = subprocess.run(cmd, cwd=into, capture_output=True, text=True, check=False)
    if result.returncode:
        subprocess.run([require("apt-get"), "update", "-qq"], capture_output=True, check=False)
        result = subprocess.run(cmd, cwd=into, capture_output=True, text=True, check=False)
    if result.returncode:
        raise PackageUnavailable(
            f"cannot download {package}={version}: {result.stderr.strip()} (if Debian no longer "
            "has this version, choose the excerpt again from the current one and update the "
            "clip's source file)"
        )


def excerpt(root: Path, member: str, start: float, end: float) -> np.ndarray:
    """Frames ``start``..``end`` seconds of an audio file inside the package, at :data:`RATE`."""
    path = root / member.lstrip("/")
    with soundfile.SoundFile(path) as f:
        rate = f.samplerate
        f.seek(int(start * rate))
        audio = f.read(int((end - start) * rate), dtype="float64", always_2d=True)
    if rate != RATE:
        g = np.gcd(RATE, rate)
        audio = signal.resample_poly(audio, RATE // g, rate // g, axis=0)
    return audio
