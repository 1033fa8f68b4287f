"""Write note data (tools/clips/notation.py) from a public-domain edition encoded as MusicXML.

Why: issue 25 asks that the notes of a public-domain work come from an edition the repository
can name, not from memory. The editions used are files of the music21 corpus (music21 on PyPI
ships them); this tool reads one with music21 and prints each staff's voices as note-data
strings, which are pasted into the clip's source file together with the edition's name, version
and sha256. ``make clips`` never needs music21: it reads the note data in the source file.

Usage (music21 installed in any environment)::

    python -m tools.clips.authoring.from_edition joplin/maple_leaf_rag --bars 1-16
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from fractions import Fraction
from pathlib import Path


def pitch_name(p) -> str:
    """music21 pitch -> 'C#4', 'Bb3' (double accidentals as '##'/'bb')."""
    alter = int(p.alter) if p.accidental is not None else 0
    accidental = "#" * alter if alter > 0 else "b" * -alter
    return f"{p.step}{accidental}{p.octave}"


def _length(value) -> str:
    frac = Fraction(value).limit_denominator(48)
    if frac.denominator == 1:
        return str(frac.numerator)
    as_float = float(frac)
    if abs(round(as_float, 4) - as_float) < 1e-9 and len(f"{as_float:g}") <= 6:
        return f"{as_float:g}"
    return f"{frac.numerator}/{frac.denominator}"


def voice_tokens(stream, start: float, end: float) -> str:
    """One voice (a music21 stream of notes, chords and rests) between two offsets in quarter
    notes, as note-data tokens; gaps become rests, ties become ``~``."""
    tokens, cursor = [], start
    for element in stream.flatten().notesAndRests:
        offset = float(element.getOffsetInHierarchy(stream))
        length = float(element.quarterLength)
        if length == 0 or offset + length <= start or offset >= end:
            continue  # grace notes, and notes outside the excerpt
        offset, stop = max(offset, start), min(offset + length, end)
        if offset > cursor + 1e-6:
            tokens.append(f"r:{_length(offset - cursor)}")
        tie = "~" if element.tie is not None and element.tie.type in ("start", "continue") else ""
        if element.isRest:
            tokens.append(f"r:{_length(stop - offset)}")
        elif element.isChord:
            names = ",".join(pitch_name(p) for p in sorted(element.pitches))
            tokens.append(f"[{names}]:{_length(stop - offset)}{tie}")
        else:
            tokens.append(f"{pitch_name(element.pitch)}:{_length(stop - offset)}{tie}")
        cursor = stop
    return " ".join(tokens)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", help="a music21 corpus path, e.g. joplin/maple_leaf_rag")
    parser.add_argument("--bars", default="", help="first-last bar numbers, e.g. 1-16")
    args = parser.parse_args(argv)
    import music21

    path = Path(music21.corpus.getWork(args.work))
    score = music21.converter.parse(path)
    first, last = (int(b) for b in args.bars.split("-")) if args.bars else (None, None)
    excerpt = score.measures(first, last) if first else score
    print(f"# edition: music21 {music21.__version__} corpus, {path.name}")
    print(f"# sha256: {hashlib.sha256(path.read_bytes()).hexdigest()}")
    for index, part in enumerate(excerpt.parts):
        measures = list(part.getElementsByClass("Measure"))
        start = float(measures[0].offset)
        end = float(measures[-1].offset + measures[-1].quarterLength)
        voice_ids = sorted({v.id for m in measures for v in m.voices}, key=str) or [None]
        for vid in voice_ids:
            chunks = []
            for m in measures:
                if not m.voices:  # a bar written without voices: its notes go to the first
                    source = m if vid == voice_ids[0] else None
                else:
                    source = next((v for v in m.voices if v.id == vid), None) if vid else m
                if source is None:
                    chunks.append(f"r:{_length(m.quarterLength)}")
                    continue
                text = voice_tokens(source, 0.0, float(m.quarterLength))
                chunks.append(text or f"r:{_length(m.quarterLength)}")
            print(f"# part {index} ({part.partName}), voice {vid}, beats {start}-{end}")
            print(" | ".join(chunks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
