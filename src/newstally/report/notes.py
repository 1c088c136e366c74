"""Slot notes in words: each `Note` that reconcile finds (a kind and its figures, sources
and outlets) becomes one plain-language sentence, and is filed under a heading.

Notes are fixed sentence patterns filled with the figures' own words (quoted) and the
names of sources and outlets; they never state a number that no figure states. The
sentence starts with the note's heading word ("Conflict: ...") so that a note read
alone (stories.json) says what it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..model import (
    Cited,
    ConflictNote,
    Counted,
    CoverageNote,
    HedgedNote,
    MismatchNote,
    Note,
    NoteKind,
    OneOutletNote,
    OtherGroupNote,
    OverlapNote,
    PartNote,
    RecategorisedNote,
    Story,
    SupersededNote,
    UnnamedNote,
)
from ..reconcile.config import ReconcileConfig, load_config

# The word each note starts with.
HEADING: dict[NoteKind, str] = {
    NoteKind.CONFLICT: "Conflict",
    NoteKind.MISMATCH: "Category mismatch",
    NoteKind.RECATEGORISED: "Revision",
    NoteKind.SUPERSEDED: "Revision",
    NoteKind.HEDGED: "Hedged",
    NoteKind.UNNAMED: "Unnamed source",
    NoteKind.ONE_OUTLET: "One outlet",
    NoteKind.COVERAGE: "Coverage",
    NoteKind.PART: "Part",
    NoteKind.OVERLAP: "Overlap",
    NoteKind.OTHER_GROUP: "Other group",
}
# The brief's sections besides "Notes".
CONFLICT_KINDS = frozenset({NoteKind.CONFLICT, NoteKind.MISMATCH})
REVISION_KINDS = frozenset({NoteKind.RECATEGORISED, NoteKind.SUPERSEDED})


def quoted(text: str) -> str:
    """Text in single quotes for plain-language notes."""
    return f"'{' '.join(text.split())}'"


def _join(names: Sequence[str]) -> str:
    names = list(dict.fromkeys(names))
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _source_name(cited: Cited, config: ReconcileConfig) -> str:
    """The source's name for use inside a sentence ("some reports", not "Some reports")."""
    name = cited.source
    first = name.split(" ", 1)[0]
    if cited.source_kind == "unnamed" and first.lower() in config.unnamed_starts:
        name = first.lower() + name[len(first) :]
    return name


def _describe(cited: Cited, config: ReconcileConfig) -> str:
    return f"{quoted(cited.quantity)} from {_source_name(cited, config)}"


def _counted(counted: Counted) -> str:
    """The quantity as written with its group: "'30' assailants"."""
    who = f" {' '.join(counted.group.split())}" if counted.group else ""
    return f"{quoted(counted.quantity)}{who}"


def _conflict(note: ConflictNote, config: ReconcileConfig) -> str:
    return f"{_describe(note.low, config)} and {_describe(note.high, config)} cannot both be true."


def _mismatch(note: MismatchNote, config: ReconcileConfig) -> str:
    texts = dict.fromkeys(" ".join(q.split()) for q in note.quantities)
    return (
        f"{_join(note.first_outlets)} reports {quoted(note.first_word)} where "
        f"{_join(note.second_outlets)} reports {quoted(note.second_word)} "
        f"({note.source}: {_join([quoted(t) for t in texts])})."
    )


def _recategorised(note: RecategorisedNote, config: ReconcileConfig) -> str:
    label = config.label
    when = f" ({quoted(note.cue)})" if note.cue else ""
    return (
        f"{note.source} first gave {quoted(note.first_quantity)} "
        f"{label(note.first_category)}{when}, later {quoted(note.last_quantity)} "
        f"{label(note.last_category)}; the later figure counts another category, so it does "
        "not replace the earlier one."
    )


def _superseded(note: SupersededNote, config: ReconcileConfig) -> str:
    where = _join(note.old_outlets)
    date = f", {note.new_date}" if note.new_date else ""
    old_source = _source_name(note.old, config)
    if note.same_source:
        return (
            f"{old_source} gave {quoted(note.old.quantity)} ({where}), later "
            f"{quoted(note.new.quantity)} ({note.new_outlet}{date}); "
            "the earlier figure is superseded and not counted."
        )
    shown = f" ({where})" if where != old_source else ""
    return (
        f"{_describe(note.old, config)}{shown} was replaced by the updated toll "
        f"{_describe(note.new, config)} ({note.new_outlet}{date}) and is not counted."
    )


def _hedged(note: HedgedNote, config: ReconcileConfig) -> str:
    what = "the official figure" if note.figure.source_kind == "official" else "the figure"
    return (
        f"{what} {_describe(note.figure, config)} is hedged "
        f"({', '.join(quoted(h) for h in note.hedges)} in {_join(note.outlets)}) "
        "and weighs less."
    )


def _unnamed(note: UnnamedNote, config: ReconcileConfig) -> str:
    return (
        f"{quoted(note.quantity)} comes from an unnamed source "
        f"({quoted(note.source_words)} in {note.outlet})."
    )


def _one_outlet(note: OneOutletNote, config: ReconcileConfig) -> str:
    return f"only {note.outlet} reports {_join([_describe(c, config) for c in note.figures])}."


def _coverage(note: CoverageNote, config: ReconcileConfig) -> str:
    figures = _join([_describe(c, config) for c in note.figures])
    return (
        f"covers {note.incidents} related {note.noun} together ({figures}); kept apart from "
        f"figures for a single {note.noun_single} and not added to them."
    )


def _part(note: PartNote, config: ReconcileConfig) -> str:
    part, whole = note.part, note.whole
    if note.slot_holds_part:
        return (
            f"{_counted(part)} ({part.outlet}) are part of {_counted(whole)}, which "
            "is counted in another slot; the two are not added together and do not conflict."
        )
    return (
        f"{_counted(whole)} ({whole.outlet}) includes {_counted(part)}, which is "
        "counted in another slot; the two are not added together."
    )


def _overlap(note: OverlapNote, config: ReconcileConfig) -> str:
    label = config.label
    if note.combined:
        parts = " and ".join(label(c) for c in note.parts)
        return (
            f"{quoted(label('casualties'))} counts {parts} together: these "
            "figures are kept in a slot of their own and added to neither."
        )
    return (
        f"figures for {quoted(label('casualties'))} overlap this count; they "
        "are kept in a separate slot."
    )


def _other_group(note: OtherGroupNote, config: ReconcileConfig) -> str:
    figures = ", ".join(dict.fromkeys(_describe(c, config) for c in note.figures))
    if note.relation == "part":
        relation = "part of everyone counted here"
    elif note.relation == "whole":
        relation = "everyone, of whom this group is a part"
    else:
        here = quoted(note.this_group) if note.this_group else "this slot"
        relation = f"a different group from {here}; the reports do not say whether the two overlap"
    return f"{quoted(note.group)} ({figures}) are counted in a separate slot: {relation}."


_WORDING: dict[NoteKind, Callable[[Any, ReconcileConfig], str]] = {
    NoteKind.CONFLICT: _conflict,
    NoteKind.MISMATCH: _mismatch,
    NoteKind.RECATEGORISED: _recategorised,
    NoteKind.SUPERSEDED: _superseded,
    NoteKind.HEDGED: _hedged,
    NoteKind.UNNAMED: _unnamed,
    NoteKind.ONE_OUTLET: _one_outlet,
    NoteKind.COVERAGE: _coverage,
    NoteKind.PART: _part,
    NoteKind.OVERLAP: _overlap,
    NoteKind.OTHER_GROUP: _other_group,
}


def render_note(note: Note, config: ReconcileConfig | None = None) -> str:
    """The note as one plain-language sentence: "Conflict: '12' from police and ..."."""
    config = config or load_config()
    return f"{HEADING[note.kind]}: {_WORDING[note.kind](note, config)}"


def story_record(story: Story) -> dict[str, Any]:
    """The story as stories.json holds it, its notes in words."""
    config = load_config()
    return story.to_record(lambda note: render_note(note, config))
