"""Engraved notation for score clips: the pipeline's note data -> MEI -> Verovio SVG + timemap.

The timemap's times are the seconds the clip's audio was rendered at: every engraved note's
quarter-note position goes through the pipeline's own tempo map (ramps included), minus the
silence the pipeline trimmed from the start of the render. See docs/notation.md.
"""
