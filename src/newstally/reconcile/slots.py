"""Slots: the figures of one story that measure the same quantity.

Figures share a slot when they have the same category, fitting victim groups (see
`groups`), the same scope and the same time: event figures of the story's main event
together (an event figure dated far from it counts another incident), period figures only
with figures of the same period, cumulative figures only with the same running total.
Period and cumulative figures never join an event slot. "casualties" (killed or wounded)
is a category of its own; `config.related` links its slots to the killed and injured ones.

Two more things split slots. A figure that covers several incidents ("23 soldiers were
killed across the three attacks", `Figure.incidents`) measures another quantity than a
single incident's figure: its slot key carries the number of incidents, so outlets
reporting the same multi-incident total share a slot of its own. A figure that is part of
another (`Figure.part_of`: "50 people, including 30 assailants") never shares its whole's
slot: it normally lands in its own group's slot. A generic whole of a specific part ("50
people, including 30 assailants") counts everyone, not the main group, so it goes to the
"everyone" slot; a part that still falls into its whole's slot ("50 people, including 30
people in the market") gets a part slot beside the whole's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, replace
from datetime import date

from ..model import CATEGORIES, Group, When
from .common import FigureRef
from .config import ReconcileConfig
from .groups import GENERIC_CLUSTER, GroupClusters, cluster_groups, signature

SCOPE_ORDER = {"event": 0, "period": 1, "cumulative": 2, "background": 3}


@dataclass(slots=True)
class SlotDraft:
    category: str
    scope: str
    cluster: int  # victim-group cluster (groups.GENERIC_CLUSTER = everyone)
    time_key: str | None  # None = the main event; else the incident date or the period
    refs: list[FigureRef]
    incidents: int = 1  # incidents each figure covers (> 1: "across the three attacks")
    part: bool = False  # figures that are part of figures of the slot with the same key

    @property
    def family(self) -> Hashable:
        """Slots of one family count the same people at the same time (any category);
        source identity is matched within a family."""
        return (self.cluster, self.scope, self.time_key)

    @property
    def measure(self) -> Hashable:
        """The family narrowed to the same coverage: the same number of incidents, and
        whole or part. Related slots (casualties <-> killed) must share it."""
        return (self.cluster, self.scope, self.time_key, self.incidents, self.part)

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


@dataclass(frozen=True, slots=True)
class SlotKey:
    category: str
    scope: str
    cluster: int
    time_key: str | None
    incidents: int = 1
    part: bool = False


def figure_incidents(ref: FigureRef) -> int:
    """How many incidents a figure covers: 1 unless the text says several."""
    n = ref.figure.incidents
    return n if n is not None and n > 1 else 1


def _separate_parts(
    refs: list[FigureRef], keys: dict[str, SlotKey], config: ReconcileConfig
) -> None:
    """Wholes and parts: a generic whole of a specific part ("50 people, including 30
    assailants") counts everyone, not the story's main group, so it goes to the everyone
    slot; a part that still falls into its whole's slot gets a part slot beside it (the
    two would otherwise read as a conflict)."""
    by_id = {r.id: r for r in refs}
    parts = [r for r in refs if r.figure.part_of in keys and r.figure.part_of != r.id]
    for ref in parts:
        whole_id = ref.figure.part_of or ""
        whole = by_id[whole_id]
        if (
            signature(whole.figure.group, config).generic
            and not signature(ref.figure.group, config).generic
        ):
            keys[whole_id] = replace(keys[whole_id], cluster=GENERIC_CLUSTER)
    for ref in parts:
        whole_key = keys[ref.figure.part_of or ""]
        if keys[ref.id] == replace(whole_key, part=False):
            keys[ref.id] = replace(keys[ref.id], part=True)


def build_slots(
    refs: list[FigureRef], config: ReconcileConfig
) -> tuple[list[SlotDraft], GroupClusters]:
    """Group a story's figures into slot drafts (in report order) and its victim groups."""
    groups = cluster_groups(refs, config)
    main_day = _main_event_day(refs)
    keys: dict[str, SlotKey] = {}
    for ref in refs:
        figure = ref.figure
        scope = figure.scope if figure.scope in SCOPE_ORDER else "event"
        keys[ref.id] = SlotKey(
            figure.category,
            scope,
            groups.cluster_of(signature(figure.group, config)),
            _time_key(ref, main_day, config.event_gap_days),
            figure_incidents(ref),
        )
    _separate_parts(refs, keys, config)
    drafts: dict[SlotKey, SlotDraft] = {}
    for ref in refs:
        key = keys[ref.id]
        if key not in drafts:
            drafts[key] = SlotDraft(
                key.category, key.scope, key.cluster, key.time_key, [], key.incidents, key.part
            )
        drafts[key].refs.append(ref)
    first_seen = {key: i for i, key in enumerate(drafts)}

    def order(key: SlotKey) -> tuple[int, int, int, int, int, int, int]:
        return (
            SCOPE_ORDER[key.scope],
            key.time_key is not None,
            key.incidents,
            CATEGORIES.index(key.category) if key.category in CATEGORIES else len(CATEGORIES),
            key.cluster != groups.main,
            key.part,
            first_seen[key],
        )

    return [drafts[k] for k in sorted(drafts, key=order)], groups


def nested(a: SlotDraft, b: SlotDraft) -> bool:
    """Some figure of one slot is stated as part of a figure of the other."""
    ids_a, ids_b = set(a.figure_ids), set(b.figure_ids)
    return any(r.figure.part_of in ids_b for r in a.refs) or any(
        r.figure.part_of in ids_a for r in b.refs
    )


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
