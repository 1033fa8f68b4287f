"""Offline pipeline that renders the essay's audio clips (``make clips``).

Each clip is described by one YAML file in ``media/sources/``: its credits, and either note data
(rendered with FluidSynth through a free soundfont), a synthesis recipe (numpy), or an excerpt of a
Debian-packaged soundtrack. The pipeline trims, fades, normalises loudness, encodes Opus and MP3,
writes tags with mutagen, and records a catalogue for the essay's author.

The heavy tools (fluidsynth, the soundfont, ffmpeg) are needed only here, never by the site build.
"""
