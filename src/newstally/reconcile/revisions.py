"""Revisions: the same source's figures in time order; earlier ones are superseded.

Order: the publication dates of the articles first; within one date (or when a date is
unknown) in-text cues near the quantity ("previously", "last week", "days after
acknowledging" = earlier; "latest", "now", "rose to", "revised" = later; the table lists
them). A figure is superseded by a later figure of the same source in the same slot that
gives a different number. A running-toll update ("the toll rose to 23") replaces earlier
tolls rather than adding to them: stated in an outlet's own voice it also supersedes the
lower earlier tolls of official sources and of outlets, and an outlet's own figure that
merely repeats a superseded toll is superseded with it. Superseded figures stay in the
slot and its timeline but are left out of the estimate.

A source's figures in related categories (killed or wounded <-> killed, injured) appear in
each other's timelines, so that a revision that changes category ("five killed" ->
"several dozen killed or wounded") is shown where the categories overlap. Such a change
supersedes nothing: the later figure counts a different quantity.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from ..model import TimelineEntry
from .common import FigureRef
from .config import Cue, ReconcileConfig
from .groups import signature
from .slots import SlotDraft
from .sources import SourceInfo


@dataclass(frozen=True, slots=True)
class Placement:
    rank: int  # -1 earlier, 0 none, +1 later
    cue: Cue | None
    cue_text: str | None  # the cue as written in the sentence


NO_CUE = Placement(0, None, None)


@cache
def _pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"\b" + r"\s+".join(map(re.escape, phrase.split())) + r"\b", re.I)


@cache
def _any_cue(cues: tuple[Cue, ...]) -> re.Pattern[str]:
    """Whether a sentence holds any of the cues: one alternation, which matches a text
    exactly where one of the cues' own patterns does; most sentences hold none, and
    trying each cue's pattern on them took most of `placement`'s time."""
    return re.compile(
        r"\b(?:" + "|".join(r"\s+".join(map(re.escape, c.phrase.split())) for c in cues) + r")\b",
        re.I,
    )


def placement(ref: FigureRef, config: ReconcileConfig) -> Placement:
    """The revision cue nearest to the figure's quantity in its sentence, if any."""
    sentence = ref.figure.sentence
    if _any_cue(config.cues).search(sentence) is None:
        return NO_CUE
    start = ref.qpos
    end = start + len(ref.figure.quantity.text)
    best: tuple[int, int, Cue, str] | None = None
    for cue in config.cues:
        for m in _pattern(cue.phrase).finditer(sentence):
            gap = start - m.end() if cue.position == "before" else m.start() - end
            if 0 <= gap <= cue.max_chars:
                candidate = (gap, -len(cue.phrase), cue, m.group())
                if best is None or candidate[:2] < best[:2]:
                    best = candidate
    if best is None:
        return NO_CUE
    return Placement(best[2].direction, best[2], best[3])


def order_key(ref: FigureRef, place: Placement) -> tuple[str, int, int, int]:
    return (ref.published or "", place.rank, ref.article_index, ref.figure.span[0])


def is_earlier(a: FigureRef, pa: Placement, b: FigureRef, pb: Placement) -> bool:
    """``a`` was stated before ``b``: by publication date, else by in-text cues."""
    if a.published and b.published and a.published != b.published:
        return a.published < b.published
    return pa.rank < pb.rank


def _same_quantity(a: FigureRef, b: FigureRef) -> bool:
    qa, qb = a.figure.quantity, b.figure.quantity
    fa, fb = a.figure.negated, b.figure.negated
    return (qa.value, qa.low, qa.high, fa) == (qb.value, qb.low, qb.high, fb)


def find_superseded(
    drafts: list[SlotDraft],
    sources: Mapping[str, SourceInfo],
    places: Mapping[str, Placement],
    config: ReconcileConfig | None = None,
) -> dict[str, str]:
    """Superseded figure id -> the id of the latest figure that supersedes it.

    With ``config``, a figure of a specific group ("the woman") never revises one that
    counts everyone ("two people"), nor the other way round: it tells of some of them."""
    result: dict[str, str] = {}

    def generic(ref: FigureRef) -> bool:
        return config is None or signature(ref.figure.group, config).generic

    def same_count(a: FigureRef, b: FigureRef) -> bool:
        return config is None or generic(a) == generic(b)

    def later_of(current: str | None, candidate: FigureRef, refs: dict[str, FigureRef]) -> str:
        if current is None:
            return candidate.id
        held = refs[current]
        if order_key(candidate, places[candidate.id]) > order_key(held, places[held.id]):
            return candidate.id
        return current

    for draft in drafts:
        refs = {r.id: r for r in draft.refs}
        for f in draft.refs:
            sf, pf = sources[f.id], places[f.id]
            for g in draft.refs:
                if g is f or _same_quantity(f, g) or not is_earlier(f, pf, g, places[g.id]):
                    continue
                if not same_count(f, g):
                    continue
                sg, pg = sources[g.id], places[g.id]
                same_source = sf.key == sg.key
                outlet_update = (
                    pg.cue is not None
                    and pg.cue.update
                    and sg.kind == "outlet"
                    and sf.kind in ("official", "outlet")
                    and (f.figure.quantity.value or 0) < (g.figure.quantity.value or 0)
                )
                if same_source or outlet_update:
                    result[f.id] = later_of(result.get(f.id), g, refs)
        # An outlet's own figure that repeats a superseded toll ("at least 12" after the
        # ministry's 12) goes with it.
        for f_id, g_id in list(result.items()):
            if f_id not in refs:
                continue
            old, new = refs[f_id], refs[g_id]
            for e in draft.refs:
                if (
                    e.id not in result
                    and e.id != g_id
                    and sources[e.id].kind == "outlet"
                    and e.figure.quantity.value == old.figure.quantity.value
                    and not is_earlier(new, places[new.id], e, places[e.id])
                ):
                    result[e.id] = g_id
    return result


def build_timeline(
    draft: SlotDraft,
    related: list[SlotDraft],
    sources: Mapping[str, SourceInfo],
    places: Mapping[str, Placement],
    superseded: Mapping[str, str],
) -> list[TimelineEntry]:
    """Per source with more than one distinct figure (or a superseded one), its figures
    in time order."""
    own = {r.id for r in draft.refs}
    by_source: dict[str, list[FigureRef]] = {}
    for ref in draft.refs + [r for d in related for r in d.refs]:
        by_source.setdefault(sources[ref.id].key, []).append(ref)
    entries: list[TimelineEntry] = []
    for refs in by_source.values():
        if not any(r.id in own for r in refs):
            continue
        refs = sorted(refs, key=lambda r: order_key(r, places[r.id]))
        kept: list[FigureRef] = []
        seen: set[tuple[str, str, object]] = set()
        for ref in refs:
            mark = (ref.article, ref.figure.category, ref.figure.quantity.value)
            if mark not in seen:
                seen.add(mark)
                kept.append(ref)
        distinct = {(r.figure.category, r.figure.quantity.value) for r in kept}
        if len(distinct) < 2 and not any(r.id in superseded for r in kept):
            continue
        for ref in kept:
            entries.append(
                TimelineEntry(
                    source=sources[ref.id].display,
                    figure=ref.id,
                    # An earlier-cued figure was stated before its article: date unknown.
                    date=None if places[ref.id].rank < 0 else ref.published,
                    quantity=ref.figure.quantity.text,
                    category=ref.figure.category,
                    superseded=ref.id in superseded,
                )
            )
    return entries
