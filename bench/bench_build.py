"""Plugin overhead: a synthetic site built with and without audio_clips, cold and warm.

A generator writes N articles of about 800 words, each with 5 sections and 5 clips (one per
section), drawing on a library of distinct audio files written with soundfile (each stem as Ogg
Opus and MP3, with a waveform file, like ``media/clips/``). Each build runs in a fresh process with
this repo's pelicanconf.py and theme; the two variants are interleaved so drift hits both alike:

- with the plugin:  PLUGINS = ["audio_clips"]
- without it:       PLUGINS = ["yaml_metadata"] (pelican-yaml-metadata's reader, so the YAML front
                    matter still parses and ``clips:`` stays in the metadata as plain data)

"cold" builds start with no output, no content cache and no probe cache; "warm" rebuilds the same
unchanged site with Pelican's content cache loaded (CACHE_CONTENT and LOAD_CONTENT_CACHE on). The
warm build of the plugin variant counts how many audio files it probed (target: zero).

    python bench/bench_build.py                 # N = 100 and 1000 (a few minutes)
    python bench/bench_build.py --sizes 100 --repeats 5
    python bench/bench_build.py --profile 1000  # cProfile one cold build with the plugin
    python bench/bench_build.py --quick         # tiny site, one repeat (smoke test)
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PYTHON, REPO, machine_line, median, pct, report, secs, write_json

RATE = 48000
SECTIONS = 5
CLIPS_PER_ARTICLE = 5
MODES = ("cold", "warm", "rebuild")
TARGETS = {"cold": 1.10, "warm": 1.03, "rebuild": None}
VARIANTS = {"plain": ["yaml_metadata"], "plugin": ["audio_clips"]}

_VOCABULARY = """
the a of and to in film music score cue scene silence strings brass piano theme motif chord
melody rhythm tempo harmony composer orchestra audience picture screen camera moment tension
release memory character story silent sound era studio director editor picture spotting reel
that this with for from under over while when before after because although quiet loud slow
fast bright dark warm cold rising falling distant close gentle sudden steady uneasy tender
plays returns carries frames hides reveals tells follows answers echoes lifts darkens softens
hears watches remembers expects forgets waits turns begins ends holds breaks builds fades long
short high low single full light heavy open closed familiar strange simple layered line phrase
bar beat pulse drone pedal ostinato fanfare waltz march lullaby hymn chorale viewer listener
cinema room night morning window door street river city sea train crowd
"""
_WORDS = _VOCABULARY.split()
_TITLES = (
    "Opening titles",
    "A theme for the hero",
    "Music under dialogue",
    "The chase",
    "Silence and its uses",
    "Source and score",
    "The final reel",
    "Leitmotif at work",
)


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 20))]
    if rng.random() < 0.2:
        i = rng.randrange(len(words))
        words[i] = f"*{words[i]}*"
    if rng.random() < 0.05:
        i = rng.randrange(len(words))
        words[i] = f"[{words[i]}](https://example.org/{words[i].strip('*')})"
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".....?")


def _paragraph(rng: random.Random, words: int) -> str:
    sentences, count = [], 0
    while count < words:
        sentence = _sentence(rng)
        sentences.append(sentence)
        count += len(sentence.split())
    return " ".join(sentences)


def _peaks(signal, count: int = 160) -> list[float]:
    import numpy as np

    windows = np.array_split(np.abs(signal), count)
    values = np.array([w.max() if len(w) else 0.0 for w in windows])
    top = float(values.max()) or 1.0
    return [round(float(v) / top, 3) for v in values]


def write_library(media: Path, stems: int, seconds: float = 3.0) -> list[str]:
    """``stems`` distinct clips as Opus + MP3 (+ peaks.json) under ``media/clips``; their stems."""
    import numpy as np
    import soundfile as sf
    from mutagen.oggopus import OggOpus

    clips = media / "clips"
    clips.mkdir(parents=True, exist_ok=True)
    names = []
    t = np.arange(int(RATE * seconds)) / RATE
    for index in range(stems):
        name = f"clip-{index:03d}"
        freq = 110.0 * 2 ** (index / 12)
        envelope = np.minimum(1.0, t * 4) * np.exp(-t * 0.4)
        signal = (0.3 * np.sin(2 * np.pi * freq * t) * envelope).astype("float32")
        sf.write(clips / f"{name}.opus", signal, RATE, format="OGG", subtype="OPUS")
        sf.write(clips / f"{name}.mp3", signal, RATE, format="MP3", subtype="MPEG_LAYER_III")
        tags = OggOpus(clips / f"{name}.opus")
        tags["TITLE"] = _clip_title(index)
        tags["LICENSE"] = "CC-BY-4.0"
        tags.save()
        peaks = {"version": 1, "peaks": _peaks(signal)}
        (clips / f"{name}.peaks.json").write_text(json.dumps(peaks), encoding="utf-8")
        names.append(name)
    return names


def _clip_title(index: int) -> str:
    return f"Study {index + 1} in {('A', 'C', 'D', 'E', 'G')[index % 5]}"


def write_article(path: Path, number: int, stems: list[str], words: int = 800) -> None:
    """One ~``words``-word article with SECTIONS sections and one clip at the end of each."""
    rng = random.Random(number)
    section_ids = [f"part-{k + 1}" for k in range(SECTIONS)]
    clips = []
    for k in range(CLIPS_PER_ARTICLE):
        index = (number * CLIPS_PER_ARTICLE + k) % len(stems)
        clips.append(
            "\n".join(
                (
                    f"  - src: clips/{stems[index]}.opus",
                    f"    section: {section_ids[k % SECTIONS]}",
                    f"    title: {json.dumps(_clip_title(index))}",
                    "    composer: Bench Composer",
                    "    composed: 2026",
                    "    performer: Bench Ensemble",
                    "    recorded: 2026",
                    "    license: CC-BY-4.0",
                    "    source: https://example.org/bench",
                    f"    caption: {json.dumps(_sentence(rng))}",
                    f"    description: {json.dumps(_sentence(rng))}",
                    "    listen_for:",
                    '      - {at: "0:00", text: "The opening."}',
                    '      - {at: "0:02", text: "The swell fades."}',
                )
            )
        )
    body = []
    for k, section in enumerate(section_ids):
        title = _TITLES[(number + k) % len(_TITLES)]
        body.append(f"## {title} {{#{section}}}")
        for _ in range(2):
            body.append(_paragraph(rng, words // (SECTIONS * 2)))
    text = "\n".join(
        (
            "---",
            f"title: {json.dumps(f'Synthetic article {number}')}",
            f"date: 2026-01-01 {number // 60 % 24:02d}:{number % 60:02d}",
            f"slug: article-{number:04d}",
            f"summary: {json.dumps(_sentence(rng))}",
            "clips:",
            *clips,
            "---",
            "",
            "\n\n".join(body),
            "",
        )
    )
    path.write_text(text, encoding="utf-8")


def write_site(root: Path, articles: int, stems: list[str]) -> Path:
    """Content for ``articles`` articles under ``root/content`` (the media library must exist)."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    for number in range(articles):
        write_article(content / f"article-{number:04d}.md", number, stems)
    return content


# --- one build, in a fresh process -----------------------------------------------------------


def worker(spec: dict) -> dict:
    """Build once as ``spec`` says; return seconds and, with the plugin, files probed."""
    started = time.perf_counter()
    # Before Pelican is imported: its namespace path (pelican.plugins.*) is computed then, so
    # the package under --plugin-path wins over the installed one.
    sys.path.insert(0, spec["plugin_path"])
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(
        # None: Pelican's defaults (a stranger's site), for versus.py --clipless
        spec.get("pelicanconf", str(REPO / "pelicanconf.py")),
        override={
            "PATH": spec["content"],
            "OUTPUT_PATH": spec["output"],
            "CACHE_PATH": spec["cache"],
            "THEME": spec["theme"],
            "PLUGINS": spec["plugins"],
            "AUDIO_CLIPS_MEDIA_PATH": spec["media"],
            "CACHE_CONTENT": spec["mode"] != "rebuild",
            "LOAD_CONTENT_CACHE": spec["mode"] == "warm",
            # More settings: AUDIO_CLIPS_BENCH_OFF (versus.py --off), TIMEZONE (--clipless)
            **spec.get("settings", {}),
        },
    )
    import logging

    logging.getLogger("pelican").setLevel(logging.ERROR)
    if "audio_clips" not in spec["plugins"]:
        from pelican import signals

        # Without the plugin, ``clips`` is a list of plain dicts that the theme cannot summarise
        # (it sums the records' durations); hide it, as a site without clips would have none.
        signals.article_generator_finalized.connect(_hide_plain_clips)
    stages = _time_stages() if spec.get("stages") else None
    probe_file = Path(settings["CACHE_PATH"], "audio_clips", "probe.json")
    known = _probed_files(probe_file)
    profile = None
    if spec.get("profile"):
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    build_started, cpu_started = time.perf_counter(), time.process_time()
    pelican = Pelican(settings)  # registers the plugins: their receivers are connected now
    if stages is not None:
        _time_plugin_receivers(stages)
    pelican.run()
    finished, cpu = time.perf_counter(), time.process_time() - cpu_started
    if profile:
        profile.disable()
        profile.dump_stats(spec["profile"])
    probed = None
    if "audio_clips" in spec["plugins"]:
        after = _probed_files(probe_file)
        probed = sum(1 for path, stamp in after.items() if known.get(path) != stamp)
    return {
        "build": finished - build_started,
        "cpu": cpu,
        "in_process": finished - started,
        "probed": probed,
        "stages": stages,
    }


def _probed_files(probe_file: Path) -> dict:
    """Audio file -> the size and time the plugin's probe cache (AUDIO_CLIPS_CACHE_PATH) read it
    at. The files a build probed are those it holds afterwards and did not hold, or held for
    another size or time, before (read from the file, so nothing of the plugin is patched)."""
    try:
        stored = json.loads(probe_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    entries = stored.get("entries", {}) if isinstance(stored, dict) else {}
    return {path: entry.get("stamp") for path, entry in entries.items()}


def _time_stages() -> dict:
    """Wrap the stages of a build that the plugin can make dearer with timers (seconds, summed).

    Pelican's own steps (reading the content cache, scanning each article's HTML for links
    twice, writing pages), the JSON-LD serialisation in the theme, the plugin's hooks and its
    generator, and Python's garbage collector.
    """
    import gc

    import jinja2.filters
    import jinja2.utils
    from pelican import contents, generators, writers

    times: dict[str, float] = {}

    def timed(label, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                times[label] = times.get(label, 0.0) + time.perf_counter() - started

        return wrapper

    for owner, name, label in (
        (generators.ArticlesGenerator, "__init__", "articles: set-up, content cache loaded"),
        (generators.ArticlesGenerator, "generate_context", "articles: context"),
        (contents.Content, "get_static_links", "… Pelican scans HTML for static links"),
        (generators.ArticlesGenerator, "generate_output", "articles: pages written"),
        (contents.Content, "_update_content", "… Pelican rewrites intrasite links"),
        (writers.Writer, "write_file", "all pages written (incl. credits)"),
    ):
        times[label] = 0.0  # fixes the order of the report's rows
        setattr(owner, name, timed(label, getattr(owner, name)))
    dumps = timed("… JSON-LD serialised (|tojson)", jinja2.utils.htmlsafe_json_dumps)
    jinja2.utils.htmlsafe_json_dumps = jinja2.filters.htmlsafe_json_dumps = dumps
    started: list[float] = []

    def collector(phase, info):
        if phase == "start":
            started.append(time.perf_counter())
        elif started:
            label = "garbage collection" + (" (full)" if info["generation"] == 2 else "")
            times[label] = times.get(label, 0.0) + time.perf_counter() - started.pop()

    gc.callbacks.append(collector)
    return times


def _time_plugin_receivers(times: dict) -> None:
    """Time the plugin's receivers of Pelican's signals, and the generator it adds, into
    ``times``. They are found through the signals (blinker's public ``receivers_for``), not by
    name, so a renamed hook is still timed; a generator is timed through Pelican's generator
    interface (``generate_context``, ``generate_output``)."""
    from blinker import ANY, Signal
    from pelican.generators import Generator
    from pelican.plugins import signals

    def timed(label, function):
        def wrapper(*args, **kwargs):
            begun = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                times[label] = times.get(label, 0.0) + time.perf_counter() - begun

        return wrapper

    def timed_generator(receiver):
        def wrapper(*args, **kwargs):
            made = receiver(*args, **kwargs)
            if not (isinstance(made, type) and issubclass(made, Generator)):
                return made
            methods = {
                name: timed(f"plugin: credits {name}", getattr(made, name))
                for name in ("generate_context", "generate_output")
            }
            return type(made.__name__, (made,), methods)

        return wrapper

    for signal in vars(signals).values():
        if not isinstance(signal, Signal):
            continue
        for receiver in list(signal.receivers_for(ANY)):
            if not getattr(receiver, "__module__", "").startswith("pelican.plugins.audio_clips"):
                continue
            signal.disconnect(receiver)
            if signal.name == "get_generators":
                signal.connect(timed_generator(receiver), weak=False)
            else:
                signal.connect(timed(f"plugin: {receiver.__name__}", receiver), weak=False)


def _hide_plain_clips(generator) -> None:
    for article in (*generator.articles, *generator.translations, *generator.drafts):
        article.clips = None


def run_build(spec: dict) -> dict:
    """Run :func:`worker` in a fresh interpreter; add the process's wall time."""
    started = time.perf_counter()
    done = subprocess.run(
        [PYTHON, __file__, "--worker", json.dumps(spec)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"build failed ({spec['plugins']}):\n{done.stdout}\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process"] = wall
    return result


def measure(
    root: Path, media: Path, articles: int, repeats: int, plugin_path: Path, theme: Path
) -> dict:
    """Cold then warm build of each variant, interleaved, ``repeats`` times; medians."""
    content = str(root / "content")
    samples: dict = {(v, m): [] for v in VARIANTS for m in MODES}
    probes: dict = {m: set() for m in MODES}
    for repeat in range(repeats):
        order = list(VARIANTS) if repeat % 2 == 0 else list(reversed(VARIANTS))
        for variant in order:
            run_dir = root / f"run-{variant}-{repeat}"
            for mode in MODES:
                spec = {
                    "content": content,
                    "media": str(media),
                    "output": str(run_dir / "output"),
                    "cache": str(run_dir / "cache"),
                    "plugins": VARIANTS[variant],
                    "plugin_path": str(plugin_path),
                    "theme": str(theme),
                    "mode": mode,
                }
                result = run_build(spec)
                samples[variant, mode].append(result)
                if result["probed"] is not None:
                    probes[mode].add(result["probed"])
    out = {"articles": articles, "repeats": repeats, "modes": {}}
    for mode in MODES:
        figures = {}
        for variant in VARIANTS:
            runs = samples[variant, mode]
            figures[variant] = {
                key: median(r[key] for r in runs)
                for key in ("build", "cpu", "in_process", "process")
            }
        out["modes"][mode] = {
            **figures,
            "ratio": figures["plugin"]["build"] / figures["plain"]["build"],
            "ratio_process": figures["plugin"]["process"] / figures["plain"]["process"],
            "ratio_cpu": figures["plugin"]["cpu"] / figures["plain"]["cpu"],
            "probed": sorted(probes[mode]),
            "target": TARGETS[mode],
        }
    return out


def profile_build(
    root: Path,
    media: Path,
    articles: int,
    mode: str,
    plugin_path: Path,
    theme: Path,
    variant: str = "plugin",
    top: int = 30,
) -> None:
    """cProfile one build (``mode`` cold, warm or rebuild); print the costliest functions."""
    import pstats

    stats_file = root / "build.prof"
    spec = {
        "content": str(root / "content"),
        "media": str(media),
        "output": str(root / "profile" / "output"),
        "cache": str(root / "profile" / "cache"),
        "plugins": VARIANTS[variant],
        "plugin_path": str(plugin_path),
        "theme": str(theme),
        "mode": "cold",
    }
    if mode != "cold":
        run_build(spec)  # fills the caches
        spec["mode"] = mode
    result = run_build({**spec, "profile": str(stats_file)})
    stats = pstats.Stats(str(stats_file))
    print(
        f"\n== cProfile: {mode} build {'with' if variant == 'plugin' else 'without'} the plugin, "
        f"N = {articles}: {secs(result['build'])} =="
    )
    stats.sort_stats("cumulative").print_stats(top)
    print("\n== ... only the plugin's own functions ==")
    stats.sort_stats("cumulative").print_stats("audio_clips", top)


def stage_report(
    root: Path, media: Path, articles: int, repeats: int, plugin_path: Path, theme: Path
) -> dict:
    """Warm rebuilds of both variants with stage timers; medians per stage, printed as a table."""
    samples: dict = {}
    for variant, plugins in VARIANTS.items():
        run_dir = root / f"stages-{variant}"
        spec = {
            "content": str(root / "content"),
            "media": str(media),
            "output": str(run_dir / "output"),
            "cache": str(run_dir / "cache"),
            "plugins": plugins,
            "plugin_path": str(plugin_path),
            "theme": str(theme),
            "mode": "cold",
        }
        run_build(spec)  # fills the content cache
        samples[variant] = spec
    results: dict = {variant: [] for variant in VARIANTS}
    for repeat in range(repeats):
        for variant in VARIANTS if repeat % 2 == 0 else tuple(reversed(VARIANTS)):
            spec = {**samples[variant], "mode": "warm", "stages": True}
            results[variant].append(run_build(spec))
    table: dict = {"whole build (CPU)": {}}
    for variant, runs in results.items():
        labels = dict.fromkeys(label for run in runs for label in run["stages"])
        for label in labels:
            table.setdefault(label, {})[variant] = median(
                run["stages"].get(label, 0.0) for run in runs
            )
        table.setdefault("whole build (CPU)", {})[variant] = median(run["cpu"] for run in runs)
    rows = []
    for label, values in table.items():
        plain, plugin = values.get("plain", 0.0), values.get("plugin", 0.0)
        rows.append(
            [
                label,
                f"{plain * 1000:.1f} ms",
                f"{plugin * 1000:.1f} ms",
                f"{(plugin - plain) * 1000:+.1f} ms",
            ]
        )
    report(
        f"Where a warm rebuild's time goes, N = {articles} (medians of {repeats})",
        ["stage", "without plugin", "with plugin", "difference"],
        rows,
        notes=["'…' rows are parts of the row above them; stages overlap, so rows do not add up."],
    )
    return {"articles": articles, "repeats": repeats, "stages": table}


def main(argv: list[str] | None = None) -> int:
    from common import parser

    argp = parser(__doc__.splitlines()[0])
    argp.add_argument("--sizes", type=int, nargs="+", help="article counts (default 100 1000)")
    argp.add_argument("--repeats", type=int, help="builds per variant and mode (median)")
    argp.add_argument("--stems", type=int, help="distinct clips in the library (default 50)")
    argp.add_argument("--profile", type=int, metavar="N", help="profile a cold build of N articles")
    argp.add_argument(
        "--keep", metavar="DIR", help="build in DIR and keep it (default: a temp dir)"
    )
    argp.add_argument(
        "--stages", type=int, metavar="N", help="time the stages of warm rebuilds of N articles"
    )
    argp.add_argument("--profile-mode", choices=MODES, default="cold")
    argp.add_argument("--profile-variant", choices=tuple(VARIANTS), default="plugin")
    argp.add_argument(
        "--plugin-path",
        type=Path,
        default=REPO / "plugins" / "audio-clips",
        help="folder holding pelican/plugins/audio_clips to measure (to try a change side by side)",
    )
    argp.add_argument(
        "--theme", type=Path, default=REPO / "theme", help="theme folder (default: this repo's)"
    )
    argp.add_argument("--worker", help=argparse_hidden())
    args = argp.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0
    sizes = args.sizes or ([3] if args.quick else [100, 1000])
    stems_wanted = max(CLIPS_PER_ARTICLE, args.stems or (CLIPS_PER_ARTICLE if args.quick else 50))
    with tempfile.TemporaryDirectory(prefix="bench-build-") as temp:
        base = Path(args.keep or temp)
        library = base / "library"
        started = time.perf_counter()
        stems = write_library(library / "media", stems_wanted)
        print(
            f"wrote {len(stems) * 2} audio files ({len(stems)} clips) in {secs(time.perf_counter() - started)}"
        )
        if args.profile:
            root = base / f"profile-{args.profile}"
            write_site(root, args.profile, stems)
            profile_build(
                root,
                library / "media",
                args.profile,
                args.profile_mode,
                args.plugin_path,
                args.theme,
                args.profile_variant,
            )
            return 0
        if args.stages:
            root = base / f"stages-{args.stages}"
            write_site(root, args.stages, stems)
            stages = stage_report(
                root,
                library / "media",
                args.stages,
                args.repeats or 5,
                args.plugin_path,
                args.theme,
            )
            print(machine_line())
            write_json(args.json, {"benchmark": "build-stages", "results": stages})
            return 0
        results = []
        for size in sizes:
            repeats = args.repeats or (1 if args.quick else (5 if size <= 100 else 3))
            root = base / f"n{size}"
            write_site(root, size, stems)
            results.append(
                measure(root, library / "media", size, repeats, args.plugin_path, args.theme)
            )
            print_results(results[-1:], len(stems))
    print()
    if args.plugin_path.resolve() != (REPO / "plugins" / "audio-clips").resolve():
        print(f"audio_clips measured from {args.plugin_path}, not this repo's plugins/")
    if args.theme.resolve() != (REPO / "theme").resolve():
        print(f"theme: {args.theme}, not this repo's theme/")
    print(machine_line())
    write_json(
        args.json,
        {
            "benchmark": "build",
            "stems": len(stems),
            "plugin_path": str(args.plugin_path),
            "theme": str(args.theme),
            "results": results,
        },
    )
    return 0


def print_results(results: list[dict], stems: int) -> None:
    rows = []
    for result in results:
        for mode, m in result["modes"].items():
            per_article = m["plugin"]["build"] / result["articles"] * 1000
            rows.append(
                (
                    result["articles"],
                    mode,
                    secs(m["plain"]["build"]),
                    secs(m["plugin"]["build"]),
                    f"{per_article:.1f} ms",
                    pct(m["ratio"]),
                    f"≤ {pct(m['target'])}" if m["target"] else "-",
                    ("yes" if m["ratio"] <= m["target"] else "NO") if m["target"] else "-",
                    pct(m["ratio_cpu"]),
                    pct(m["ratio_process"]),
                    ",".join(str(p) for p in m["probed"]),
                )
            )
    report(
        f"Plugin overhead (medians of {results[0]['repeats']} builds each)",
        (
            "N",
            "build",
            "without plugin",
            "with plugin",
            "per article",
            "overhead",
            "target",
            "met",
            "CPU",
            "process",
            "files probed",
        ),
        rows,
        notes=(
            f"5 sections and 5 clips per article; {stems} distinct clips, each as .opus and .mp3",
            "build = wall time of Pelican(settings) + run() in a fresh process; overhead on it;",
            "CPU = the same on CPU time (steadier on a busy machine); process = whole interpreter",
            "cold: no output, no caches; warm: Pelican's content cache loaded (the issue's 'warm');",
            "rebuild: no content cache, probe cache on disk (what `make html` does the second time)",
            "files probed = audio files mutagen actually read (target after cold: 0)",
        ),
    )


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    sys.exit(main())
