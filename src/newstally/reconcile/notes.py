"""Notes on a slot: conflicts, category mismatches between outlets, revisions, hedged
and unnamed sources, figures only one outlet reports, other groups.

Each note is a value (`newstally.model.Note`: its kind and the figures' own words, the
names of sources and outlets); report puts it into words (report/notes.py), so a note
never states a number that no figure states.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..model import (
    Cited,
    ConflictNote,
    Counted,
    CoverageNote,
    HedgedNote,
    MismatchNote,
    Note,
    OneOutletNote,
    OtherGroupNote,
    OverlapNote,
    PartNote,
    RecategorisedNote,
    SupersededNote,
    TimelineEntry,
    UnnamedNote,
)
from .common import FigureRef
from .config import ReconcileConfig
from .policy import WeighedFigure, conflict_pair
from .revisions import Placement, is_earlier
from .slots import SlotDraft
from .sources import SourceInfo


@dataclass(frozen=True, slots=True)
class NoteContext:
    """What the notes of one slot may refer to."""

    draft: SlotDraft
    current: Sequence[WeighedFigure]  # current (not superseded) figures
    related: Sequence[SlotDraft]  # same family, related categories
    others: Sequence[tuple[SlotDraft, str]]  # same category and time, other groups (+label)
    timeline: Sequence[TimelineEntry]
    sources: Mapping[str, SourceInfo]
    places: Mapping[str, Placement]
    superseded: Mapping[str, str]
    refs: Mapping[str, FigureRef]
    story_outlets: Sequence[str]
    group_label: str | None
    config: ReconcileConfig
    everyone: bool = False  # the slot counts everyone ("people"), not one group


def _cited(ref: FigureRef, ctx: NoteContext) -> Cited:
    info = ctx.sources[ref.id]
    return Cited(ref.figure.quantity.text, info.display, info.kind)


def category_word(ref: FigureRef, config: ReconcileConfig) -> str:
    """The word the sentence uses for the figure's category, nearest to the quantity."""
    sentence = ref.figure.sentence.lower()
    best: tuple[int, str] | None = None
    for word in config.category_words.get(ref.figure.category, ()):
        for m in re.finditer(r"\b" + re.escape(word) + r"\b", sentence):
            distance = abs(m.start() - ref.qpos)
            if best is None or distance < best[0]:
                best = (distance, word)
    return best[1] if best else config.label(ref.figure.category)


def _outlet_words(refs: Sequence[FigureRef], config: ReconcileConfig) -> dict[str, str]:
    by_outlet: dict[str, Counter[str]] = {}
    for ref in refs:
        by_outlet.setdefault(ref.outlet, Counter())[category_word(ref, config)] += 1
    return {o: c.most_common(1)[0][0] for o, c in by_outlet.items()}


def conflict_note(ctx: NoteContext) -> list[Note]:
    pair = conflict_pair(ctx.current)
    if pair is None:
        return []
    low, high = (ctx.refs[r.figure] for r in pair)
    return [ConflictNote(_cited(low, ctx), _cited(high, ctx))]


def mismatch_notes(ctx: NoteContext) -> list[Note]:
    """One source, two overlapping categories, different outlets: "Coastline Herald
    reports 'killed or wounded' where The Valley Post reports 'wounded'"."""
    notes: list[Note] = []
    here_cat = ctx.draft.category
    for other in ctx.related:
        for key in dict.fromkeys(ctx.sources[r.id].key for r in ctx.draft.refs):
            here = [r for r in ctx.draft.refs if ctx.sources[r.id].key == key]
            there = [r for r in other.refs if ctx.sources[r.id].key == key]
            if not there:
                continue
            here_outlets = {r.outlet for r in here}
            there_outlets = {r.outlet for r in there}
            only_here = [
                r for r in here if r.outlet not in there_outlets and r.id not in ctx.superseded
            ]
            only_there = [
                r for r in there if r.outlet not in here_outlets and r.id not in ctx.superseded
            ]
            if not only_here or not only_there:
                continue
            # The broader category ("killed or wounded") is named first in both slots.
            first, second = (only_there, only_here)
            if here_cat == "casualties":
                first, second = only_here, only_there
            first_words, second_words = (
                _outlet_words(first, ctx.config),
                _outlet_words(second, ctx.config),
            )
            notes.append(
                MismatchNote(
                    first_outlets=tuple(first_words),
                    first_word=_first(first_words),
                    second_outlets=tuple(second_words),
                    second_word=_first(second_words),
                    source=ctx.sources[here[0].id].display,
                    quantities=tuple(r.figure.quantity.text for r in first + second),
                )
            )
    return notes


def _first(words: Mapping[str, str]) -> str:
    return next(iter(words.values()))


def overlap_notes(ctx: NoteContext) -> list[Note]:
    if ctx.draft.category == "casualties":
        return [OverlapNote(combined=True, parts=ctx.config.related_to("casualties"))]
    if any(d.category == "casualties" for d in ctx.related):
        return [OverlapNote(combined=False, parts=ctx.config.related_to("casualties"))]
    return []


def category_revision_notes(ctx: NoteContext) -> list[Note]:
    """A source that moved from one category to another ("five killed", later "several
    dozen killed or wounded"); only when the first was stated before the second."""
    notes: list[Note] = []
    by_source: dict[str, list[TimelineEntry]] = {}
    for entry in ctx.timeline:
        by_source.setdefault(entry.source, []).append(entry)
    for source, entries in by_source.items():
        first = entries[0]
        later = [
            e
            for e in entries
            if e.category != first.category
            and is_earlier(
                ctx.refs[first.figure],
                ctx.places[first.figure],
                ctx.refs[e.figure],
                ctx.places[e.figure],
            )
        ]
        if not later:
            continue
        last = later[-1]
        notes.append(
            RecategorisedNote(
                source=source,
                first_quantity=first.quantity,
                first_category=first.category,
                cue=ctx.places[first.figure].cue_text or None,
                last_quantity=last.quantity,
                last_category=last.category,
            )
        )
    return notes


def superseded_notes(ctx: NoteContext) -> list[Note]:
    notes: list[Note] = []
    done: set[tuple[str, str, str]] = set()
    for ref in ctx.draft.refs:
        newer_id = ctx.superseded.get(ref.id)
        if newer_id is None:
            continue
        newer = ctx.refs[newer_id]
        mark = (ctx.sources[ref.id].key, ref.figure.quantity.text.lower(), newer_id)
        if mark in done:
            continue
        done.add(mark)
        where = [
            r.outlet
            for r in ctx.draft.refs
            if ctx.superseded.get(r.id) == newer_id and r.figure.quantity.text.lower() == mark[1]
        ]
        notes.append(
            SupersededNote(
                old=_cited(ref, ctx),
                old_outlets=tuple(dict.fromkeys(where)),
                new=_cited(newer, ctx),
                new_outlet=newer.outlet,
                new_date=newer.published,
                same_source=ctx.sources[ref.id].key == ctx.sources[newer_id].key,
            )
        )
    return notes


def hedge_notes(ctx: NoteContext) -> list[Note]:
    grouped: dict[tuple[str, str], list[FigureRef]] = {}
    for ref in ctx.draft.refs:
        if ref.figure.hedges:
            key = (ctx.sources[ref.id].key, ref.figure.quantity.text.lower())
            grouped.setdefault(key, []).append(ref)
    notes: list[Note] = []
    for refs in grouped.values():
        notes.append(
            HedgedNote(
                figure=_cited(refs[0], ctx),
                hedges=tuple(dict.fromkeys(h for r in refs for h in r.figure.hedges)),
                outlets=tuple(dict.fromkeys(r.outlet for r in refs)),
            )
        )
    return notes


def unnamed_notes(ctx: NoteContext) -> list[Note]:
    notes: list[Note] = []
    seen: set[str] = set()
    for ref in ctx.draft.refs:
        info = ctx.sources[ref.id]
        if info.kind != "unnamed" or info.key in seen:
            continue
        seen.add(info.key)
        notes.append(UnnamedNote(ref.figure.quantity.text, ref.figure.source.text, ref.outlet))
    return notes


def single_outlet_notes(ctx: NoteContext) -> list[Note]:
    """Numbers (of current figures) that only one outlet of a multi-outlet story reports."""
    if len(set(ctx.story_outlets)) < 2:
        return []
    outlets: dict[object, set[str]] = {}
    first: dict[object, FigureRef] = {}
    for ref in ctx.draft.refs:
        if ref.id in ctx.superseded:
            continue
        q = ref.figure.quantity
        key = (q.value, q.low, q.high, q.bound)
        outlets.setdefault(key, set()).add(ref.outlet)
        first.setdefault(key, ref)
    alone: dict[str, list[Cited]] = {}
    for key, names in outlets.items():
        if len(names) == 1:
            alone.setdefault(next(iter(names)), []).append(_cited(first[key], ctx))
    return [OneOutletNote(o, tuple(items)) for o, items in alone.items()]


def other_group_notes(ctx: NoteContext) -> list[Note]:
    notes: list[Note] = []
    for other, label in ctx.others:
        relation: Literal["part", "whole", "different"]
        if ctx.everyone:
            relation = "part"
        elif other.cluster == 0:
            relation = "whole"
        else:
            relation = "different"
        notes.append(
            OtherGroupNote(
                group=label,
                figures=tuple(_cited(r, ctx) for r in other.refs[:4]),
                relation=relation,
                this_group=ctx.group_label,
            )
        )
    return notes


def _incident_noun(draft: SlotDraft, config: ReconcileConfig) -> tuple[str, str]:
    """The words naming the incidents ("attacks", "attack"), from the figures' sentences:
    the configured word that occurs first; "incidents" when none does."""
    found: tuple[int, str, str] | None = None
    for ref in draft.refs:
        sentence = ref.figure.sentence.lower()
        for plural, single in config.incident_nouns.items():
            m = re.search(r"\b" + re.escape(plural) + r"\b", sentence)
            if m and (found is None or m.start() < found[0]):
                found = (m.start(), plural, single)
        if found:
            break
    return (found[1], found[2]) if found else ("incidents", "incident")


def coverage_notes(ctx: NoteContext) -> list[Note]:
    """A slot of figures that cover several incidents together."""
    n = ctx.draft.incidents
    if n <= 1:
        return []
    plural, single = _incident_noun(ctx.draft, ctx.config)
    figures = tuple(_cited(r, ctx) for r in ctx.draft.refs[:4])
    return [CoverageNote(n, plural, single, figures)]


def _counted(ref: FigureRef) -> Counted:
    """The quantity as written with its group ("'30' assailants") and outlet."""
    group = ref.figure.group
    return Counted(ref.figure.quantity.text, group.text if group else None, ref.outlet)


def part_notes(ctx: NoteContext) -> list[Note]:
    """Figures stated as part of another ("50 people, including 30 assailants"), on the
    part's slot and on the whole's."""
    notes: list[Note] = []
    own = {r.id for r in ctx.draft.refs}
    for ref in ctx.draft.refs:
        whole = ctx.refs.get(ref.figure.part_of or "")
        if whole is None or whole.id in own:
            continue
        notes.append(PartNote(_counted(ref), _counted(whole), slot_holds_part=True))
    for ref in ctx.refs.values():
        if ref.id in own or ref.figure.part_of not in own:
            continue
        whole = ctx.refs[ref.figure.part_of or ""]
        notes.append(PartNote(_counted(ref), _counted(whole), slot_holds_part=False))
    return notes


def slot_notes(ctx: NoteContext) -> list[Note]:
    """All notes of one slot, most important first."""
    notes = (
        conflict_note(ctx)
        + mismatch_notes(ctx)
        + category_revision_notes(ctx)
        + superseded_notes(ctx)
        + hedge_notes(ctx)
        + unnamed_notes(ctx)
        + single_outlet_notes(ctx)
        + coverage_notes(ctx)
        + part_notes(ctx)
        + overlap_notes(ctx)
        + other_group_notes(ctx)
    )
    return list(dict.fromkeys(notes))
