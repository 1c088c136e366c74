"""The one data model that every pipeline stage reads and enriches.

An `Article` comes out of ingest, is cleaned in place (``text`` replaced, ``removed``
filled), gets its ``figures``, ``statements`` and ``totals`` from the figures and
attribution stages, and is grouped into a `Story` that reconcile fills with `Slot`s.

Field names follow ``../shared/spec/OUTPUT.md`` (schema ``newstally/1``); the
``to_record`` methods give the exact JSON shape of each output file. Offsets (``span``)
always index into ``Article.text`` *after* cleaning.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from enum import StrEnum
from typing import Any, ClassVar, Literal

SCHEMA = "newstally/1"

CATEGORIES: tuple[str, ...] = (
    "killed",
    "injured",
    "casualties",
    "missing",
    "kidnapped",
    "arrested",
    "displaced",
)
# The other closed sets of values: a quantity's ``bound`` is one of "=", ">=", ">", "<=",
# "<", "~" (docs/quantities.md); a source's ``kind`` one of "official", "media",
# "organisation", "person", "unnamed", "outlet"; a figure's ``scope`` one of "event",
# "period", "cumulative".


@dataclass(slots=True)
class Removed:
    """A line that cleaning took out of the text, kept so nothing is lost."""

    text: str
    reason: str  # appeal, caption, navigation, related-link, repeated, credit, share, ...


@dataclass(slots=True)
class Estimate:
    """A low / best / high estimate; ``None`` means open or unknown."""

    low: int | None
    best: int | None
    high: int | None


@dataclass(slots=True)
class Total(Estimate):
    """An article's or a story's total for one category: the estimate over everyone
    counted, and ``victims``, the same without the attackers (perpetrators killed or
    wounded: suicide bombers, gunmen shot by police)."""

    victims: Estimate | None = None


@dataclass(slots=True)
class Quantity:
    text: str  # the words as written: "up to 200"
    value: int | None  # what a careful coder records
    low: int | None  # interval the words allow; None = open
    high: int | None
    bound: str  # "=", ">=", ">", "<=", "<" or "~"


@dataclass(slots=True)
class Group:
    text: str  # "Russian mercenaries"
    head: str | None  # "mercenary"
    affiliation: str | None  # "Russian"


@dataclass(slots=True)
class Source:
    """Who gives a figure. ``text`` is the resolved name; ``written`` the words as
    written when they differ ("it" -> text "Russia's Foreign Ministry")."""

    text: str
    kind: str  # "official", "media", "organisation", "person", "unnamed" or "outlet"
    written: str | None = None


@dataclass(slots=True)
class When:
    text: str
    start: str | None  # ISO date
    end: str | None


@dataclass(slots=True)
class Figure:
    id: str
    article: str
    category: str
    quantity: Quantity
    source: Source
    sentence: str
    span: tuple[int, int]
    group: Group | None = None
    cue: str | None = None
    hedges: list[str] = field(default_factory=list)
    negated: bool = False
    scope: str = "event"
    when: When | None = None
    where: list[str] = field(default_factory=list)
    # How many incidents the figure covers when the text says so ("across the three
    # attacks" -> 3); None for a single incident or when the text does not say.
    incidents: int | None = None
    # The id of a figure that includes this one ("50 people, including 30 assailants").
    part_of: str | None = None

    def to_record(self) -> dict[str, Any]:
        return _drop_private(as_record(self))


@dataclass(slots=True)
class SpeakerRef:
    text: str  # as written ("it")
    resolved: str  # the name it refers to ("Russia's Foreign Ministry")
    kind: str  # "official", "media", "organisation", "person", "unnamed" or "outlet"
    span: tuple[int, int] | None


@dataclass(slots=True)
class TextRef:
    text: str
    span: tuple[int, int] | None


@dataclass(slots=True)
class Statement:
    article: str
    source: SpeakerRef
    cue: TextRef | None
    content: TextRef

    def to_record(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Article:
    id: str
    origin: str
    text: str
    title: str | None = None
    outlet: str | None = None
    outlet_inferred: bool = False
    url: str | None = None
    language: str | None = None
    published: str | None = None
    removed: list[Removed] = field(default_factory=list)
    totals: dict[str, Estimate] = field(default_factory=dict)
    # Enrichment from later stages; written to their own files, not articles.jsonl.
    figures: list[Figure] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    # Raw HTML when a reader had it and text extraction is still to come.
    html: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "origin": self.origin,
            "outlet": self.outlet,
            "outlet_inferred": self.outlet_inferred,
            "title": self.title,
            "url": self.url,
            "language": self.language,
            "published": self.published,
            "text": self.text,
            "removed": [asdict(r) for r in self.removed],
            "totals": {k: asdict(v) for k, v in self.totals.items()},
        }


@dataclass(slots=True)
class SlotSource:
    text: str
    kind: str
    figures: list[str]


@dataclass(slots=True)
class TimelineEntry:
    source: str
    figure: str
    date: str | None
    quantity: str
    category: str
    superseded: bool


@dataclass(slots=True)
class Slot:
    id: str
    category: str
    scope: str
    figures: list[str]
    low: int | None
    best: int | None
    high: int | None
    group: Group | None = None
    when: When | None = None
    where: list[str] = field(default_factory=list)
    sources: list[SlotSource] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    agreement: str = "agree"  # agree | conflict
    notes: list[Note] = field(default_factory=list)  # worded by report (render_note)
    timeline: list[TimelineEntry] = field(default_factory=list)
    # How many incidents each figure of the slot covers ("across the three attacks" -> 3);
    # None for a single incident. Such a slot is never added to single-incident slots.
    incidents: int | None = None


@dataclass(slots=True)
class Story:
    id: str
    title: str
    articles: list[str]
    duplicates: dict[str, str] = field(default_factory=dict)
    outlets: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    slots: list[Slot] = field(default_factory=list)
    totals: dict[str, Estimate] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    brief: str = ""  # Markdown, written by report

    def to_record(self, note_text: Callable[[Note], str]) -> dict[str, Any]:
        """The story as stories.json holds it; ``note_text`` words each note (report's
        `render_note`: the words are report's, the notes reconcile's)."""
        record = as_record(self)
        for slot, slot_record in zip(self.slots, record["slots"], strict=True):
            slot_record["notes"] = list(dict.fromkeys(note_text(n) for n in slot.notes))
        return record


@dataclass(slots=True)
class Failure:
    """An input (file, record, WARC record) that could not be read or processed."""

    input: str
    reason: str

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}"


# --- notes on a slot ---------------------------------------------------------------------
# Reconcile finds them as values (a kind and the figures, sources and outlets concerned);
# report alone puts them into words (report/notes.py) and files them under headings.


class NoteKind(StrEnum):
    CONFLICT = "conflict"  # two current figures cannot both be true
    MISMATCH = "mismatch"  # one source, outlets report it under different categories
    RECATEGORISED = "recategorised"  # a source later gave a figure of another category
    SUPERSEDED = "superseded"  # a figure replaced by a later one
    HEDGED = "hedged"
    UNNAMED = "unnamed"  # a figure from an unnamed source
    ONE_OUTLET = "one-outlet"  # a figure only one outlet of the story reports
    COVERAGE = "coverage"  # figures covering several incidents together
    PART = "part"  # a figure stated as part of another
    OVERLAP = "overlap"  # "killed or wounded" beside "killed" and "wounded"
    OTHER_GROUP = "other-group"  # another group of the same category and time


@dataclass(frozen=True, slots=True)
class Cited:
    """A figure as a note names it: its quantity as written, from whom."""

    quantity: str
    source: str  # the source's name (SlotSource.text)
    source_kind: str  # as Source.kind


@dataclass(frozen=True, slots=True)
class Counted:
    """A figure as a part note names it: its quantity and group as written, and outlet."""

    quantity: str
    group: str | None
    outlet: str


@dataclass(frozen=True, slots=True)
class Note:
    kind: ClassVar[NoteKind]


@dataclass(frozen=True, slots=True)
class ConflictNote(Note):
    kind = NoteKind.CONFLICT
    low: Cited
    high: Cited


@dataclass(frozen=True, slots=True)
class MismatchNote(Note):
    """``first_outlets`` report ``first_word`` (the broader category) where
    ``second_outlets`` report ``second_word``, for figures of one source."""

    kind = NoteKind.MISMATCH
    first_outlets: tuple[str, ...]
    first_word: str
    second_outlets: tuple[str, ...]
    second_word: str
    source: str
    quantities: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RecategorisedNote(Note):
    kind = NoteKind.RECATEGORISED
    source: str
    first_quantity: str
    first_category: str
    cue: str | None  # the words that place the first figure earlier ("initially")
    last_quantity: str
    last_category: str


@dataclass(frozen=True, slots=True)
class SupersededNote(Note):
    kind = NoteKind.SUPERSEDED
    old: Cited
    old_outlets: tuple[str, ...]
    new: Cited
    new_outlet: str
    new_date: str | None
    same_source: bool  # the source revised its own figure


@dataclass(frozen=True, slots=True)
class HedgedNote(Note):
    kind = NoteKind.HEDGED
    figure: Cited
    hedges: tuple[str, ...]
    outlets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class UnnamedNote(Note):
    kind = NoteKind.UNNAMED
    quantity: str
    source_words: str  # the unnamed source as written ("a hospital official")
    outlet: str


@dataclass(frozen=True, slots=True)
class OneOutletNote(Note):
    kind = NoteKind.ONE_OUTLET
    outlet: str
    figures: tuple[Cited, ...]


@dataclass(frozen=True, slots=True)
class CoverageNote(Note):
    kind = NoteKind.COVERAGE
    incidents: int
    noun: str  # the incidents' word, plural ("attacks")
    noun_single: str  # and singular ("attack")
    figures: tuple[Cited, ...]


@dataclass(frozen=True, slots=True)
class PartNote(Note):
    kind = NoteKind.PART
    part: Counted
    whole: Counted
    slot_holds_part: bool  # the note is on the part's slot (else on the whole's)


@dataclass(frozen=True, slots=True)
class OverlapNote(Note):
    kind = NoteKind.OVERLAP
    combined: bool  # the slot is the combined category (else it beside such a slot)
    parts: tuple[str, ...]  # the categories the combined one counts together


@dataclass(frozen=True, slots=True)
class OtherGroupNote(Note):
    kind = NoteKind.OTHER_GROUP
    group: str  # the other slot's group label
    figures: tuple[Cited, ...]
    # "part": this slot counts everyone, the other group among them; "whole": the other
    # slot counts everyone; "different": two groups that may or may not overlap.
    relation: Literal["part", "whole", "different"]
    this_group: str | None


def _drop_private(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if not k.startswith("_")}


# --- records ---------------------------------------------------------------------------

_LEAVES = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


@dataclass(slots=True)
class _Box:
    value: Any


def as_record(value: Any) -> Any:
    """`dataclasses.asdict` of a model value, the same dicts three times faster (the 221
    stories and 1,472 figures of 300 GV-dev articles: 0.18 s of CPU in ``asdict``, 0.06 s
    here): leaves (strings, numbers, None) are returned as they are instead of
    deep-copied, and each class's field names are looked up once. Lists, tuples and
    dicts of exactly those types are rebuilt; anything else (enums, subclasses of the
    containers) goes through ``asdict``."""
    cls = type(value)
    if cls in _LEAVES:
        return value
    names = _FIELD_NAMES.get(cls)
    if names is None and is_dataclass(cls):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    if names is not None:
        return {name: as_record(getattr(value, name)) for name in names}
    if cls is list:
        return [as_record(v) for v in value]
    if cls is tuple:
        return tuple([as_record(v) for v in value])
    if cls is dict:
        return {as_record(k): as_record(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, dict)):
        return asdict(_Box(value))["value"]
    return copy.deepcopy(value)
