"""The field table: one row for every key a clip may have.

**A new clip field is one row here** (plus its lines in the templates). Everything else derives
from the table: which keys are known (``assemble.parse_fields``), how each value is parsed
(``fields.parse``, by the row's kind), which keys must be present, the record's attributes
(``records.Clip``), which tags of an audio file may fill a key and under which names in each
container (``media``, ``rights``), which facts must agree wherever a recording is used
(``consistency``) and in what order ``prepare`` takes the credits (``credit_keys``), and the
authoring guide's key table and the README's tag list
(``fields.key_table``, ``fields.tag_table``, each checked by a test).

Pure data, importing nothing of the package, so that ``records`` can build its ``Clip`` from it.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Longest text a key (or a tag standing in for it) may hold, in characters.
MAX_TEXT = 2000


@dataclass(frozen=True)
class Tags:
    """A key's tag names in each container (first one present wins; case is ignored)."""

    vorbis: tuple[str, ...] = ()
    """Vorbis comments: Ogg Opus, Ogg Vorbis, FLAC."""
    id3: tuple[str, ...] = ()
    """ID3 frames: MP3 (and WAV, AAC). ``TXXX:NAME`` is a user text frame, ``W…`` a URL frame."""
    mp4: tuple[str, ...] = ()
    """MP4 atoms: M4A. ``----:com.apple.iTunes:NAME`` is a freeform atom."""


@dataclass(frozen=True)
class Kind:
    """A kind of value: what the record holds for it, and what a clip without the key gets."""

    type: str
    """The record attribute's type, as an annotation."""
    default: object
    """The record's value when the key is absent (immutable)."""
    timed: str = ""
    """For lists of times: what one time is called in 'beyond the end of the clip' messages."""


#: Kinds of value; ``fields.PARSERS`` holds the parser of each.
KINDS = {
    "text": Kind("str", ""),
    "year": Kind("str", ""),
    "licence": Kind("License | None", None),
    "id": Kind("str", ""),
    "moments": Kind("tuple[Moment, ...]", (), timed="moment"),
    "times": Kind("tuple[float, ...]", (), timed="point"),
    "ids": Kind("tuple[str, ...]", ()),
    "label": Kind("str", ""),
    "place": Kind("int | str | None", None),
    "lines": Kind("tuple[tuple[str, ...], ...]", ()),
    "files": Kind("Notation | None", None),
}


@dataclass(frozen=True)
class Field:
    """One key a clip may have."""

    key: str
    """The key as written in front matter."""
    help: str
    """What it is (Markdown): the authoring guide's column, and the known keys' help."""
    kind: str
    """Which parser reads it and what the record holds (a key of :data:`KINDS`)."""
    needed: str = "no"
    """The guide's 'needed' column."""
    missing: str = ""
    """What to do when the key is absent; a non-empty text makes the key required."""
    tags: Tags | None = None
    """Tag names that may fill the key when front matter leaves it out (None: never from tags)."""
    credit: int = 0
    """Part of a recording's credit (the same wherever the recording is used on the site) when
    not 0: its place among the credits, 1 first, in the order ``prepare`` takes them and writes
    them into a clip's tags (:func:`credit_keys`). Keep the places of existing rows: a clip
    made again must come out byte for byte the same."""
    record: bool = True
    """The parsed value becomes the record attribute of the same name. False for keys the
    assembler turns into something else (``src`` into ``sources``, ``caption`` into
    ``caption_html``, ``notation`` into a ``Notation``, ``id`` with its default)."""

    @property
    def required(self) -> bool:
        return bool(self.missing)


_ITUNES = "----:com.apple.iTunes:"

FIELDS: tuple[Field, ...] = (
    Field(
        "src",
        "the audio file, a path below the media folder; files of the same name in the web formats "
        "(opus, ogg, oga, webm, m4a, aac, mp3) are offered too, a `.wav` or `.flac` master is not",
        "text",
        needed="yes",
        missing="add 'src: clips/<file>.opus' (a path below media/)",
        record=False,
    ),
    Field(
        "section",
        "id of the heading the clip belongs to; it goes at the end of that section",
        "text",
        needed="yes",
        missing="add 'section: <heading id>' — this article has: {headings}",
    ),
    Field(
        "description",
        "what the listener hears, in words, for people who cannot hear it",
        "text",
        needed="yes",
        missing="add 'description: …' saying what the listener hears",
    ),
    Field(
        "id",
        "a name for the clip's link `#clip-<id>`; defaults to the file name without extension",
        "id",
        record=False,
    ),
    Field(
        "title",
        "title of the work or excerpt",
        "text",
        needed="yes\\*",
        tags=Tags(("title",), ("TIT2",), ("\xa9nam",)),
        credit=1,
    ),
    Field(
        "composer",
        "who wrote the music",
        "text",
        needed="no\\*",
        tags=Tags(("composer",), ("TCOM",), ("\xa9wrt",)),
        credit=2,
    ),
    Field(
        "composed",
        "the year it was written (`1899`, `c. 1913`)",
        "year",
        tags=Tags(("composed",), ("TXXX:COMPOSED",), (_ITUNES + "COMPOSED",)),
        credit=5,
    ),
    Field(
        "performer",
        "who made this recording",
        "text",
        needed="no\\*",
        tags=Tags(("artist", "performer"), ("TPE1",), ("\xa9ART",)),
        credit=3,
    ),
    Field(
        "recorded",
        "the year of the recording",
        "year",
        tags=Tags(("date", "year"), ("TDRC", "TYER"), ("\xa9day",)),
        credit=4,
    ),
    Field(
        "license",
        'the recording\'s licence: an id of the allow-list (see "Licences")',
        "licence",
        needed="yes\\*",
        tags=Tags(("license",), ("TXXX:LICENSE", "WCOP"), (_ITUNES + "LICENSE",)),
        credit=6,
    ),
    Field(
        "composition_license",
        "the composition's status: `public-domain` or a licence id",
        "licence",
        tags=Tags(
            ("composition_license",),
            ("TXXX:COMPOSITION_LICENSE",),
            (_ITUNES + "COMPOSITION_LICENSE",),
        ),
        credit=7,
    ),
    Field(
        "source",
        "where the recording comes from: a URL, or a path in the site's repository",
        "text",
        needed="for CC BY and CC BY-SA",
        tags=Tags(("source", "contact"), ("TXXX:SOURCE", "WOAS"), (_ITUNES + "SOURCE",)),
        credit=8,
    ),
    Field(
        "attribution",
        "any extra credit the licence asks for",
        "text",
        tags=Tags(("attribution",), ("TXXX:ATTRIBUTION",), (_ITUNES + "ATTRIBUTION",)),
        credit=9,
    ),
    Field(
        "caption",
        "one or two sentences of Markdown under the player (inline formatting and safe links only)",
        "text",
        record=False,
    ),
    Field(
        "listen_for",
        'moments to listen for: `{at: "m:ss", text: "…"}`, each inside the clip (`m:ss.t` for '
        "tenths)",
        "moments",
    ),
    Field(
        "notation",
        "`true` shows the clip's engraved notation, highlighted as it plays "
        "(`notation/<file name>.svg` and `.timemap.json` below the media folder), or the path "
        "of its `.svg`",
        "files",
        record=False,
    ),
    Field(
        "compare",
        "ids of other clips of the same section to show in one figure with this one, as "
        "versions to switch between",
        "ids",
    ),
    Field(
        "version",
        "the clip's short label on a comparison's switch (at most 40 characters; defaults to "
        "its title)",
        "label",
    ),
    Field(
        "after",
        "place the clip after one paragraph of its section: its number (`2`) or a few of its "
        'words (`"not yet a scene"`)',
        "place",
    ),
    Field(
        "transcript",
        "the words of a clip with speech or lyrics, shown folded under the player; a blank "
        "line starts a new paragraph",
        "lines",
    ),
    Field(
        "align",
        "in a comparison: times (`m:ss.t`) of the same musical moments in each version, "
        "strictly increasing; the first version's are the reference",
        "times",
    ),
)

#: Credits that are tags only, no clip key: ``prepare`` writes them, the build never reads them.
TAG_CREDITS = ("copyright",)


def credit_keys(rows: tuple[Field, ...] = FIELDS) -> tuple[str, ...]:
    """A recording's credit keys, by their rows' ``credit`` places, then :data:`TAG_CREDITS`:
    what ``prepare`` takes and writes into tags, in that order."""
    credits = sorted((row for row in rows if row.credit), key=lambda row: row.credit)
    return tuple(row.key for row in credits) + TAG_CREDITS


#: The rows by key.
BY_KEY = {row.key: row for row in FIELDS}
#: The rows that may come from a file's tags.
TAGGED = tuple(row for row in FIELDS if row.tags is not None)
#: The containers whose tags are read, as the README names them.
CONTAINERS = {
    "vorbis": "Ogg Opus, Ogg Vorbis and FLAC (Vorbis comments)",
    "id3": "MP3, and WAV or AAC with ID3 tags (ID3 frames)",
    "mp4": "M4A (MP4 atoms)",
}
