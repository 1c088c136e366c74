"""Slots: the figures of one story that measure the same quantity.

Figures share a slot when they have the same category, fitting victim groups (see
`groups`), the same scope and the same time: event figures of the story's main event
together (an event figure dated far from it counts another incident), period figures only
with figures of the same period, cumulative figures only with the same running total.
Period and cumulative figures never join an event slot. "casualties" (killed or wounded)
is a category of its own; `config.related` links its slots to the killed and injured ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date

from ..model import CATEGORIES, Group, When
from .common import FigureRef
from .config import ReconcileConfig
from .groups import GroupClusters, cluster_groups, signature

SCOPE_ORDER = {"event": 0, "period": 1, "cumulative": 2}


@dataclass(slots=True)
class SlotDraft:
    category: str
    scope: str
    cluster: int  # victim-group cluster (groups.GENERIC_CLUSTER = everyone)
    time_key: str | None  # None = the main event; else the incident date or the period
    refs: list[FigureRef]

    @property
    def family(self) -> Hashable:
        """Slots of one family count the same people at the same time (any category)."""
        return (self.cluster, self.scope, self.time_key)

    @property
    def figure_ids(self) -> list[str]:
        return [r.id for r in self.refs]


def _day(iso: str | None) -> date | None:
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


def _main_event_day(refs: list[FigureRef]) -> date | None:
    days = Counter(
        d
        for r in refs
        if r.figure.scope == "event" and r.figure.when
        for d in [_day(r.figure.when.start)]
        if d
    )
    if not days:
        return None
    top = max(days.values())
    return min(d for d, n in days.items() if n == top)


def _time_key(ref: FigureRef, main_day: date | None, gap_days: float) -> str | None:
    when = ref.figure.when
    if ref.figure.scope != "event":
        if when is None:
            return "?"
        if when.start or when.end:
            return f"{when.start or ''}..{when.end or ''}"
        return " ".join(when.text.lower().split())
    if when is None or main_day is None:
        return None
    start, end = _day(when.start), _day(when.end) or _day(when.start)
    if start is None or end is None:
        return None
    if start <= main_day <= end:
        return None
    apart = min(abs((start - main_day).days), abs((end - main_day).days))
    return None if apart <= gap_days else start.isoformat()


def build_slots(
    refs: list[FigureRef], config: ReconcileConfig
) -> tuple[list[SlotDraft], GroupClusters]:
    """Group a story's figures into slot drafts (in report order) and its victim groups."""
    groups = cluster_groups(refs, config)
    main_day = _main_event_day(refs)
    drafts: dict[tuple[str, str, int, str | None], SlotDraft] = {}
    for ref in refs:
        figure = ref.figure
        scope = figure.scope if figure.scope in SCOPE_ORDER else "event"
        cluster = groups.cluster_of(signature(figure.group, config))
        key = (figure.category, scope, cluster, _time_key(ref, main_day, config.event_gap_days))
        if key not in drafts:
            drafts[key] = SlotDraft(figure.category, scope, cluster, key[3], [])
        drafts[key].refs.append(ref)
    first_seen = {key: i for i, key in enumerate(drafts)}

    def order(key: tuple[str, str, int, str | None]) -> tuple[int, int, int, int, int]:
        category, scope, cluster, time_key = key
        return (
            SCOPE_ORDER[scope],
            time_key is not None,
            CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES),
            cluster != groups.main,
            first_seen[key],
        )

    return [drafts[k] for k in sorted(drafts, key=order)], groups


def slot_group(draft: SlotDraft, config: ReconcileConfig) -> Group | None:
    """The group most of the slot's figures name (a specific one before "people")."""
    groups = [r.figure.group for r in draft.refs if r.figure.group is not None]
    if not groups:
        return None
    counts = Counter((g.text or "").lower() for g in groups)
    return max(
        groups,
        key=lambda g: (
            not signature(g, config).generic,
            counts[(g.text or "").lower()],
            -groups.index(g),
        ),
    )


def slot_when(draft: SlotDraft) -> When | None:
    whens = [r.figure.when for r in draft.refs if r.figure.when is not None]
    if not whens:
        return None
    keys = [(w.start, w.end) for w in whens]
    counts = Counter(keys)
    return max(whens, key=lambda w: (counts[(w.start, w.end)], -whens.index(w)))


def slot_where(draft: SlotDraft) -> list[str]:
    seen: dict[str, str] = {}
    for ref in draft.refs:
        for place in ref.figure.where:
            seen.setdefault(place.lower(), place)
    return list(seen.values())


def slot_outlets(draft: SlotDraft) -> list[str]:
    return list(dict.fromkeys(r.outlet for r in draft.refs))
