"""The plugin's cost side by side with an earlier commit, counted in instructions.

Wall-clock figures on a shared machine move by more than the few per cent a change costs, so
this counts the instructions each build executes (valgrind's cachegrind with its cache model
off), which other work on the machine does not change: repeated runs agree to about 0.1 %.

Both commits build the same generated site (``bench_build.write_site``: N articles with five
clips each) with the same theme, each with its own plugin, settings, worker and virtual
environment, with the plugin and without it (pelican-yaml-metadata reads the same front matter).
The plugin's own cost is the difference between the two; the table shows it per article for
both commits, cold (nothing cached) and warm (Pelican's content cache loaded).

    python bench/versus.py                          # against e709c2d, its theme, N = 100
    python bench/versus.py --base 8900ebd --theme head --rounds 3
    python bench/versus.py --counter cpu --quick    # CPU seconds instead (no valgrind needed)
    python bench/versus.py --modes cold --off chapters checks     # what two parts cost
    python bench/versus.py --clipless 1000 --modes cold           # a site without clips

``--off`` switches parts of this tree's plugin off through its benchmark-only setting
``AUDIO_CLIPS_BENCH_OFF`` (the names are the plugin's ``settings.BENCH_PARTS``; the plugin's
``tests/test_bench_seam.py`` fails when a switch stops taking effect). ``--clipless N`` measures
this tree alone: bench_guest's site of N articles without clips, on Pelican's default settings
and theme, with pelican-yaml-metadata alone and with the plugin beside it (issue 21: at most
1 % more instructions); ``--plugin-path`` measures another copy of the plugin there (one made
with ``git archive``, to compare a change with the commit before it).

The earlier commit is extracted with ``git archive`` and gets a virtual environment of its own
from its ``requirements/site.txt`` (plus numpy and soundfile, which its worker imports), kept
under ``--work`` between runs. Instruction counts need Debian's ``valgrind``
(``make bench-versus`` installs it).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_build import write_library, write_site
from common import REPO, machine_line, parser, report, write_json

DEFAULT_BASE = "e709c2d"
VARIANTS = {"plain": ["yaml_metadata"], "plugin": ["audio_clips"]}
_IREFS = re.compile(r"I\s+refs:\s+([\d,]+)")
#: What the earlier commit's worker imports besides its own requirements (pinned as ours are).
_WORKER_EXTRAS = ("numpy", "soundfile")


def instructions(stderr: str) -> int:
    """The instruction count cachegrind prints at the end of a run."""
    found = _IREFS.search(stderr)
    if not found:
        raise RuntimeError("cachegrind printed no instruction count:\n" + stderr[-2000:])
    return int(found.group(1).replace(",", ""))


def extract(revision: str, into: Path, repository: Path = REPO) -> Path:
    """The tree of ``revision`` (a commit of ``repository``) in ``into``, reused when there."""
    found = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
        cwd=repository,
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode != 0:
        raise SystemExit(f"versus.py: '{revision}' is not a commit of {repository}")
    commit = found.stdout.strip()
    tree = into / commit[:12]
    if not (tree / "bench" / "bench_build.py").is_file():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", commit], cwd=repository, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree


def pins(names: tuple[str, ...]) -> list[str]:
    """Our pinned versions of ``names`` (from requirements/test.txt)."""
    text = (REPO / "requirements" / "test.txt").read_text(encoding="utf-8")
    found = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", text, re.MULTILINE))
    return [f"{name}=={found[name]}" if name in found else name for name in names]


def environment(tree: Path) -> Path:
    """A virtual environment for the tree's own requirements; its Python."""
    env = tree.with_name(tree.name + "-venv")
    python = env / "bin" / "python"
    stamp = env / ".installed"
    if not stamp.is_file():
        subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
        install = ["-m", "pip", "install", "--quiet", "-r", "requirements/site.txt"]
        subprocess.run(
            [str(python), *install, *pins(_WORKER_EXTRAS)],
            cwd=tree,
            check=True,
        )
        stamp.touch()
    return python


def plugin_path(tree: Path) -> Path:
    """Where the tree keeps the plugin: a package folder, or (before issue 13) a plugins folder."""
    package = tree / "plugins" / "audio-clips"
    return package if package.is_dir() else tree / "plugins"


def bench_parts() -> tuple[str, ...]:
    """The parts this tree's plugin lets a benchmark switch off (``AUDIO_CLIPS_BENCH_OFF``)."""
    from pelican.plugins.audio_clips.settings import BENCH_PARTS

    return tuple(BENCH_PARTS)


def compile_plugin(side: dict) -> None:
    """Compile the side's plugin to bytecode first, as pip does when it installs a package: a
    build then reads it, as it reads Pelican's. Without this, where PYTHONDONTWRITEBYTECODE is
    set, every build would compile the plugin from source, which is no cost of the plugin
    (about 195 M instructions a build here, against 130 M to import it compiled)."""
    subprocess.run(
        [str(side["python"]), "-m", "compileall", "-q", str(Path(side["plugin_path"], "pelican"))],
        check=True,
        capture_output=True,
    )


def build(side: dict, spec: dict, counter: str) -> float:
    """One build by the side's own worker, in a fresh process; instructions or CPU seconds."""
    if side.get("off") and "audio_clips" in spec["plugins"]:
        # The plugin's own switch for benchmarks; a part it does not know stops the build.
        spec = {
            **spec,
            "settings": {**spec.get("settings", {}), "AUDIO_CLIPS_BENCH_OFF": side["off"]},
        }
    command = [str(side["python"]), "bench/bench_build.py", "--worker", json.dumps(spec)]
    if counter == "instructions":
        command = [
            "valgrind",
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
            *command,
        ]
    # A fixed hash seed: the same dict and set orders in every run.
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        command, cwd=side["tree"], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"build failed in {side['tree']}:\n{done.stdout}\n{done.stderr}")
    if counter == "instructions":
        return instructions(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])["cpu"]


def compare(
    sides: dict,
    content: Path,
    media: Path,
    theme: Path | str,
    work: Path,
    args,
    variants: dict = VARIANTS,
    extra: dict | None = None,
) -> dict:
    """Every side, variant and mode, ``rounds`` times, interleaved; the minimum of each.
    ``extra``: more of the worker's spec (another settings file, more settings)."""
    samples: dict = {}
    for round_number in range(args.rounds):
        order = list(sides) if round_number % 2 == 0 else list(reversed(sides))
        for mode in args.modes:
            for name in order:
                for variant, listed in variants.items():
                    plugins = sides[name].get("plugins", listed) if variant == "plugin" else listed
                    out = work / "runs" / f"{name}-{variant}"
                    shutil.rmtree(out, ignore_errors=True)
                    spec = {
                        "content": str(content),
                        "media": str(media),
                        "output": str(out / "output"),
                        "cache": str(out / "cache"),
                        "plugins": plugins,
                        "plugin_path": str(sides[name]["plugin_path"]),
                        "theme": str(theme),
                        "mode": "cold",
                        **(extra or {}),
                    }
                    if mode == "warm":
                        build(sides[name], spec, "cpu")  # fills the caches, not counted
                        spec["mode"] = "warm"
                    figure = build(sides[name], spec, args.counter)
                    samples.setdefault((mode, name, variant), []).append(figure)
                    print(f"  round {round_number + 1}: {mode} {name} {variant}: {figure:,.3f}")
    return {key: min(values) for key, values in samples.items()}


#: A site without clips: the plugin as a guest beside pelican-yaml-metadata.
GUEST_VARIANTS = {"plain": ["yaml_metadata"], "plugin": ["yaml_metadata", "audio_clips"]}


def clipless(args) -> int:
    """What the plugin adds to a site that has no clips (issue 21: at most 1 % of the build).

    bench_guest's site of N articles (YAML front matter, a reST post every 50) on Pelican's
    default settings and theme, built by this tree's worker with pelican-yaml-metadata alone and
    with the plugin beside it; the difference as a share of the build without it."""
    from bench_guest import write_site as write_guest_site

    work = Path(args.work or tempfile.mkdtemp(prefix="bench-versus-"))
    content = work / "clipless" / f"content-{args.clipless}"
    if not content.is_dir():
        write_guest_site(content, args.clipless)
    media = work / "clipless" / "media"  # the plugin's media folder: empty
    media.mkdir(parents=True, exist_ok=True)
    package = args.plugin_path.resolve() if args.plugin_path else plugin_path(REPO)
    sides = {"after": {"tree": REPO, "python": sys.executable, "plugin_path": package}}
    sides["after"]["off"] = args.off
    extra = {"pelicanconf": None, "settings": {"TIMEZONE": "UTC", "SITEURL": ""}}
    print(machine_line())
    compile_plugin(sides["after"])
    figures = compare(sides, content, media, "notmyidea", work, args, GUEST_VARIANTS, extra)
    unit, scale = ("M instructions", 1e6) if args.counter == "instructions" else ("ms CPU", 1e-3)
    rows, results = [], {}
    for mode in args.modes:
        plain, plugin = figures[(mode, "after", "plain")], figures[(mode, "after", "plugin")]
        added = plugin / plain - 1
        per_article = (plugin - plain) / args.clipless / scale
        results[mode] = {"plain": plain, "plugin": plugin, "added": added}
        rows.append(
            [
                mode,
                f"{plain / scale:,.1f}",
                f"{plugin / scale:,.1f}",
                f"{per_article:+.3f}",
                f"{added:+.2%}",
            ]
        )
    report(
        f"the plugin on a site without clips, N = {args.clipless} ({args.counter})",
        [
            "mode",
            f"yaml_metadata ({unit})",
            f"+ audio_clips ({unit})",
            "added, per article",
            "added",
        ],
        rows,
        notes=[
            "Pelican's default settings and theme (notmyidea); target (issue 21): at most +1 %",
            f"audio_clips from {package}",
            f"switched off in the builds with the plugin: {', '.join(args.off)}"
            if args.off
            else "",
            f"minimum of {args.rounds} run(s) of each build",
        ],
    )
    write_json(args.json, {"clipless": args.clipless, "results": results})
    return 0


def main(argv: list[str] | None = None) -> int:
    argp = parser(__doc__.splitlines()[0])
    argp.add_argument(
        "--base", default=DEFAULT_BASE, help=f"earlier commit (default {DEFAULT_BASE})"
    )
    argp.add_argument("--articles", type=int, help="articles in the site (default 100)")
    argp.add_argument("--rounds", type=int, default=1, help="runs of each build (minimum kept)")
    argp.add_argument("--modes", nargs="+", choices=("cold", "warm"), default=["cold", "warm"])
    argp.add_argument(
        "--theme",
        default="base",
        help="'base' (the earlier commit's theme, so only the plugin differs), 'head' (this "
        "tree's), or a folder",
    )
    argp.add_argument("--counter", choices=("instructions", "cpu"), default="instructions")
    argp.add_argument(
        "--base-python",
        help="use this Python for the earlier commit instead of making it a virtual environment",
    )
    argp.add_argument("--work", help="folder for the extracted tree, its venv and the site")
    argp.add_argument(
        "--base-tree",
        type=Path,
        help="an earlier tree already on disk (instead of extracting --base with git)",
    )
    argp.add_argument(
        "--repository",
        type=Path,
        default=REPO,
        help="git repository holding --base (default: this one; for a copy made by git archive)",
    )
    argp.add_argument(
        "--off",
        nargs="+",
        choices=bench_parts(),
        default=[],
        help="switch these parts of this tree's plugin off in its builds, with the plugin's "
        "AUDIO_CLIPS_BENCH_OFF setting (what each costs)",
    )
    argp.add_argument(
        "--clipless",
        type=int,
        metavar="N",
        help="instead: this tree alone, a site of N articles without clips (bench_guest's) on "
        "Pelican's default settings and theme, pelican-yaml-metadata alone and with the plugin",
    )
    argp.add_argument(
        "--guest",
        action="store_true",
        help="this tree's builds with the plugin list pelican-yaml-metadata too, as its "
        "pelicanconf.py does (the plugin wraps that reader); the earlier commit's list only it",
    )
    argp.add_argument(
        "--plugin-path",
        type=Path,
        help="the folder holding pelican/plugins/audio_clips to measure as this tree's (a copy "
        "made with git archive, to measure a commit before a change); default this tree's",
    )
    args = argp.parse_args(argv)
    if args.counter == "instructions" and not shutil.which("valgrind"):
        print("versus.py: instruction counts need valgrind (make bench-versus installs it)")
        return 2
    if args.clipless:
        return clipless(args)
    articles = args.articles or (3 if args.quick else 100)
    work = Path(args.work or tempfile.mkdtemp(prefix="bench-versus-"))
    started = time.perf_counter()
    if args.base_tree:
        base_tree = args.base_tree.resolve()
        args.base = base_tree.name
    else:
        base_tree = extract(args.base, work / "trees", args.repository)
    sides = {
        "before": {
            "tree": base_tree,
            "python": Path(args.base_python).absolute()
            if args.base_python
            else environment(base_tree),
            "plugin_path": plugin_path(base_tree),
        },
        "after": {
            "tree": REPO,
            "python": sys.executable,
            "plugin_path": args.plugin_path.resolve() if args.plugin_path else plugin_path(REPO),
            # With --guest, as this tree's pelicanconf.py lists it: the registered reader is
            # pelican-yaml-metadata's, which the plugin wraps.
            "plugins": ["yaml_metadata", "audio_clips"] if args.guest else ["audio_clips"],
            "off": args.off,
        },
    }
    theme = {"base": base_tree / "theme", "head": REPO / "theme"}.get(args.theme, Path(args.theme))
    stems = write_library(work / "library" / "media", 5 if args.quick else 50)
    content = write_site(work / "site", articles, stems)
    for side in sides.values():
        compile_plugin(side)
    print(f"set up in {time.perf_counter() - started:.1f} s; {machine_line()}")
    figures = compare(sides, content, work / "library" / "media", theme, work, args)
    unit = "M instructions" if args.counter == "instructions" else "ms CPU"
    scale = 1e6 if args.counter == "instructions" else 1e-3
    rows, results = [], {}
    for mode in args.modes:
        own = {}
        for name in sides:
            plain, plugin = figures[(mode, name, "plain")], figures[(mode, name, "plugin")]
            own[name] = (plugin - plain) / articles / scale
            rows.append(
                [mode, name, f"{plain / scale:,.0f}", f"{plugin / scale:,.0f}", f"{own[name]:+.2f}"]
            )
        change = own["after"] - own["before"]
        results[mode] = {"own_per_article": own, "change_per_article": change}
        rows.append([mode, "change", "", "", f"{change:+.2f}"])
    report(
        f"the plugin's own cost, {args.base} → this tree, N = {articles} ({args.counter})",
        ["mode", "commit", f"without plugin ({unit})", f"with plugin ({unit})", "own, per article"],
        rows,
        notes=[
            f"theme: {theme}",
            f"switched off in this tree's builds: {', '.join(args.off)}" if args.off else "",
            f"this tree's builds with the plugin: PLUGINS = {sides['after']['plugins']}",
            f"minimum of {args.rounds} run(s) of each build; 'own' = (with − without) ÷ N",
        ],
    )
    write_json(args.json, {"base": args.base, "articles": articles, "results": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
