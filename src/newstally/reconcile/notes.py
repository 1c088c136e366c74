"""Plain-language notes on a slot: conflicts, category mismatches between outlets,
revisions, hedged and unnamed sources, figures only one outlet reports, other groups.

Notes are built from fixed sentence patterns filled with the figures' own words (quoted)
and the names of sources and outlets; they never state a number that no figure states.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import TimelineEntry
from .common import FigureRef, quoted
from .config import ReconcileConfig
from .policy import Reading, conflict_pair
from .revisions import Placement, is_earlier
from .slots import SlotDraft
from .sources import SourceInfo

# Every note starts with its kind, so that reports can file it under the right heading.
CONFLICT = "Conflict"
MISMATCH = "Category mismatch"
REVISION = "Revision"
HEDGED = "Hedged"
UNNAMED = "Unnamed source"
ONE_OUTLET = "One outlet"
OVERLAP = "Overlap"
OTHER_GROUP = "Other group"
COVERAGE = "Coverage"
PART = "Part"
CONFLICT_KINDS = (CONFLICT, MISMATCH)
REVISION_KINDS = (REVISION,)


def note_kind(note: str) -> str:
    """The kind a note starts with ("Conflict", "Revision", ...)."""
    return note.split(":", 1)[0]


@dataclass(frozen=True, slots=True)
class NoteContext:
    """What the notes of one slot may refer to."""

    draft: SlotDraft
    readings: Sequence[Reading]  # current (not superseded) figures
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


def _join(names: Sequence[str]) -> str:
    names = list(dict.fromkeys(names))
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _describe(ref: FigureRef, ctx: NoteContext) -> str:
    return f"{quoted(ref.figure.quantity.text)} from {_source_name(ref, ctx)}"


def _source_name(ref: FigureRef, ctx: NoteContext) -> str:
    """The source's name for use inside a sentence ("some reports", not "Some reports")."""
    info = ctx.sources[ref.id]
    name = info.display
    first = name.split(" ", 1)[0]
    if info.kind == "unnamed" and first.lower() in ctx.config.unnamed_starts:
        name = first.lower() + name[len(first) :]
    return name


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


def conflict_note(ctx: NoteContext) -> list[str]:
    pair = conflict_pair(ctx.readings)
    if pair is None:
        return []
    low, high = (ctx.refs[r.figure] for r in pair)
    return [f"{CONFLICT}: {_describe(low, ctx)} and {_describe(high, ctx)} cannot both be true."]


def mismatch_notes(ctx: NoteContext) -> list[str]:
    """One source, two overlapping categories, different outlets: "Coastline Herald
    reports 'killed or wounded' where The Valley Post reports 'wounded'"."""
    notes: list[str] = []
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
                f"{MISMATCH}: {_join(list(first_words))} reports "
                f"{quoted(_first(first_words))} where {_join(list(second_words))} reports "
                f"{quoted(_first(second_words))} "
                f"({ctx.sources[here[0].id].display}: {_quantities(first + second)})."
            )
    return notes


def _quantities(refs: Sequence[FigureRef]) -> str:
    texts = dict.fromkeys(" ".join(r.figure.quantity.text.split()) for r in refs)
    return _join([quoted(t) for t in texts])


def _first(words: Mapping[str, str]) -> str:
    return next(iter(words.values()))


def overlap_notes(ctx: NoteContext) -> list[str]:
    label = ctx.config.label
    if ctx.draft.category == "casualties":
        parts = " and ".join(label(c) for c in ctx.config.related_to("casualties"))
        return [
            f"{OVERLAP}: {quoted(label('casualties'))} counts {parts} together: these "
            "figures are kept in a slot of their own and added to neither."
        ]
    if any(d.category == "casualties" for d in ctx.related):
        return [
            f"{OVERLAP}: figures for {quoted(label('casualties'))} overlap this count; they "
            "are kept in a separate slot."
        ]
    return []


def category_revision_notes(ctx: NoteContext) -> list[str]:
    """A source that moved from one category to another ("five killed", later "several
    dozen killed or wounded"); only when the first was stated before the second."""
    notes: list[str] = []
    by_source: dict[str, list[TimelineEntry]] = {}
    for entry in ctx.timeline:
        by_source.setdefault(entry.source, []).append(entry)
    label = ctx.config.label
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
        cue = ctx.places[first.figure].cue_text
        when = f" ({quoted(cue)})" if cue else ""
        notes.append(
            f"{REVISION}: {source} first gave {quoted(first.quantity)} "
            f"{label(first.category)}{when}, later {quoted(last.quantity)} "
            f"{label(last.category)}; the later figure counts another category, so it does "
            "not replace the earlier one."
        )
    return notes


def superseded_notes(ctx: NoteContext) -> list[str]:
    notes: list[str] = []
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
        where = _join(
            [
                r.outlet
                for r in ctx.draft.refs
                if ctx.superseded.get(r.id) == newer_id
                and r.figure.quantity.text.lower() == mark[1]
            ]
        )
        date = f", {newer.published}" if newer.published else ""
        if ctx.sources[ref.id].key == ctx.sources[newer_id].key:
            notes.append(
                f"{REVISION}: {_source_name(ref, ctx)} gave {quoted(ref.figure.quantity.text)} "
                f"({where}), later {quoted(newer.figure.quantity.text)} ({newer.outlet}{date}); "
                "the earlier figure is superseded and not counted."
            )
        else:
            shown = f" ({where})" if where != _source_name(ref, ctx) else ""
            notes.append(
                f"{REVISION}: {_describe(ref, ctx)}{shown} was replaced by the updated toll "
                f"{_describe(newer, ctx)} ({newer.outlet}{date}) and is not counted."
            )
    return notes


def hedge_notes(ctx: NoteContext) -> list[str]:
    grouped: dict[tuple[str, str], list[FigureRef]] = {}
    for ref in ctx.draft.refs:
        if ref.figure.hedges:
            key = (ctx.sources[ref.id].key, ref.figure.quantity.text.lower())
            grouped.setdefault(key, []).append(ref)
    notes: list[str] = []
    for refs in grouped.values():
        hedges = list(dict.fromkeys(h for r in refs for h in r.figure.hedges))
        kind = ctx.sources[refs[0].id].kind
        what = "the official figure" if kind == "official" else "the figure"
        notes.append(
            f"{HEDGED}: {what} {_describe(refs[0], ctx)} is hedged "
            f"({', '.join(quoted(h) for h in hedges)} in {_join([r.outlet for r in refs])}) "
            "and weighs less."
        )
    return notes


def unnamed_notes(ctx: NoteContext) -> list[str]:
    notes: list[str] = []
    seen: set[str] = set()
    for ref in ctx.draft.refs:
        info = ctx.sources[ref.id]
        if info.kind != "unnamed" or info.key in seen:
            continue
        seen.add(info.key)
        notes.append(
            f"{UNNAMED}: {quoted(ref.figure.quantity.text)} comes from an unnamed source "
            f"({quoted(' '.join(ref.figure.source.text.split()))} in {ref.outlet})."
        )
    return notes


def single_outlet_notes(ctx: NoteContext) -> list[str]:
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
    alone: dict[str, list[str]] = {}
    for key, names in outlets.items():
        if len(names) == 1:
            alone.setdefault(next(iter(names)), []).append(_describe(first[key], ctx))
    return [f"{ONE_OUTLET}: only {o} reports {_join(items)}." for o, items in alone.items()]


def other_group_notes(ctx: NoteContext) -> list[str]:
    notes: list[str] = []
    for other, label in ctx.others:
        figures = ", ".join(dict.fromkeys(_describe(r, ctx) for r in other.refs[:4]))
        if ctx.everyone:
            relation = "part of everyone counted here"
        elif other.cluster == 0:
            relation = "everyone, of whom this group is a part"
        else:
            here = quoted(ctx.group_label) if ctx.group_label else "this slot"
            relation = (
                f"a different group from {here}; the reports do not say whether the two overlap"
            )
        notes.append(
            f"{OTHER_GROUP}: {quoted(label)} ({figures}) are counted in a separate slot: "
            f"{relation}."
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


def coverage_notes(ctx: NoteContext) -> list[str]:
    """A slot of figures that cover several incidents together."""
    n = ctx.draft.incidents
    if n <= 1:
        return []
    plural, single = _incident_noun(ctx.draft, ctx.config)
    figures = _join(list(dict.fromkeys(_describe(r, ctx) for r in ctx.draft.refs[:4])))
    return [
        f"{COVERAGE}: covers {n} related {plural} together ({figures}); kept apart from "
        f"figures for a single {single} and not added to them."
    ]


def _counted(ref: FigureRef) -> str:
    """The quantity as written with its group: "'30' assailants"."""
    group = ref.figure.group
    who = f" {' '.join(group.text.split())}" if group is not None and group.text else ""
    return f"{quoted(ref.figure.quantity.text)}{who}"


def part_notes(ctx: NoteContext) -> list[str]:
    """Figures stated as part of another ("50 people, including 30 assailants"), on the
    part's slot and on the whole's."""
    notes: list[str] = []
    own = {r.id for r in ctx.draft.refs}
    for ref in ctx.draft.refs:
        whole = ctx.refs.get(ref.figure.part_of or "")
        if whole is None or whole.id in own:
            continue
        notes.append(
            f"{PART}: {_counted(ref)} ({ref.outlet}) are part of {_counted(whole)}, which "
            "is counted in another slot; the two are not added together and do not conflict."
        )
    for ref in ctx.refs.values():
        if ref.id in own or ref.figure.part_of not in own:
            continue
        whole = ctx.refs[ref.figure.part_of or ""]
        notes.append(
            f"{PART}: {_counted(whole)} ({whole.outlet}) includes {_counted(ref)}, which is "
            "counted in another slot; the two are not added together."
        )
    return notes


def slot_notes(ctx: NoteContext) -> list[str]:
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
