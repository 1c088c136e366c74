"""Estimates: low, best and high per slot, by a named, configurable policy.

Every policy returns numbers that a figure's words state or bound; none is computed.

- A figure *states* a lower end when its bound is ``=``, ``~``, ``>=`` or ``>`` (its
  ``quantity.low``, else its value; "more than 100" -> 101), and an upper end when its
  bound is ``=``, ``~``, ``<=`` or ``<`` ("up to 200" -> 200). The ceiling a vague word
  allows ("dozens" allows up to 119) is no reported figure and is not an upper end.
- ``low`` is the smallest stated number and ``high`` the largest, taken over the lower
  and upper ends together; an end is open (``None``) when no figure states that side.
- ``agreement`` is ``conflict`` when the figures' intervals (the full intervals the words
  allow) have no common point: the reports cannot all be true together.
- ``best`` depends on the policy (`POLICIES`); when the reports agree it is always a
  value inside the common interval, so that every figure is compatible with it.

Superseded figures (see `revisions`) are left out before a policy sees the figures.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import Estimate, Figure
from .config import ReconcileConfig

LOWER_BOUNDS = frozenset({"=", "~", ">=", ">"})
UPPER_BOUNDS = frozenset({"=", "~", "<=", "<"})


@dataclass(frozen=True, slots=True)
class WeighedFigure:
    """One figure as a policy sees it."""

    figure: str
    source: str  # source identity (sources.SourceInfo.key)
    outlet: str
    value: int | None  # what a careful coder records
    lower: int | None  # the lower end the words state (None = none stated)
    upper: int | None
    interval: tuple[float, float]  # what the words allow, for the agreement check
    weight: float  # source kind weight x weakest hedge weight


def weigh(
    figure: Figure, source_key: str, source_kind: str, outlet: str, config: ReconcileConfig
) -> WeighedFigure:
    q = figure.quantity
    value = 0 if figure.negated else q.value
    bound = "=" if figure.negated else q.bound
    lower = upper = None
    if bound in LOWER_BOUNDS:
        lower = q.low if q.low is not None else value
        if lower is not None and bound == ">" and q.low is None:
            lower += 1
    if bound in UPPER_BOUNDS:
        upper = q.high if q.high is not None else value
        if upper is not None and bound == "<" and q.high is None:
            upper -= 1
    interval = _allowed(value, q.low, q.high, bound, config.approx_tolerance)
    if figure.negated:
        lower = upper = 0
        interval = (0.0, 0.0)
    weight = config.kind_weight(source_kind) * config.hedge_weight(figure.hedges)
    return WeighedFigure(figure.id, source_key, outlet, value, lower, upper, interval, weight)


def _allowed(
    value: int | None, low: int | None, high: int | None, bound: str, tolerance: float
) -> tuple[float, float]:
    """The interval the words allow; an approximate value without one gets +-tolerance."""
    lo = float(low) if low is not None else None
    hi = float(high) if high is not None else None
    if value is not None:
        if lo is None:
            lo = {"=": value, ">=": value, ">": value + 1, "~": value * (1 - tolerance)}.get(bound)
        if hi is None:
            hi = {"=": value, "<=": value, "<": value - 1, "~": value * (1 + tolerance)}.get(bound)
    return (0.0 if lo is None else lo, math.inf if hi is None else hi)


def stated_range(figures: Sequence[WeighedFigure]) -> tuple[int | None, int | None]:
    """(low, high): the smallest and largest stated numbers; open when no side is stated."""
    lowers = [r.lower for r in figures if r.lower is not None]
    uppers = [r.upper for r in figures if r.upper is not None]
    stated = lowers + uppers
    low = min(stated) if lowers else None
    high = max(stated) if uppers else None
    return low, high


def common_interval(figures: Sequence[WeighedFigure]) -> tuple[float, float] | None:
    """The points every reading allows, or None when there are none (a conflict)."""
    if not figures:
        return None
    lo = max(r.interval[0] for r in figures)
    hi = min(r.interval[1] for r in figures)
    return (lo, hi) if lo <= hi else None


def agreement(figures: Sequence[WeighedFigure]) -> str:
    return "agree" if common_interval(figures) is not None or not figures else "conflict"


def conflict_pair(figures: Sequence[WeighedFigure]) -> tuple[WeighedFigure, WeighedFigure] | None:
    """Two figures that cannot both be true: the highest floor and the lowest ceiling."""
    if not figures or common_interval(figures) is not None:
        return None
    floor = max(figures, key=lambda r: r.interval[0])
    ceiling = min(figures, key=lambda r: r.interval[1])
    return (ceiling, floor) if ceiling.interval[1] < floor.interval[0] else None


def _candidates(figures: Sequence[WeighedFigure]) -> list[int]:
    """Values a policy may pick: inside the common interval when the reports agree."""
    values = sorted({r.value for r in figures if r.value is not None})
    common = common_interval(figures)
    if common is not None:
        inside = [v for v in values if common[0] <= v <= common[1]]
        if inside:
            return inside
    return values


def _support(figures: Sequence[WeighedFigure]) -> dict[int, tuple[float, int]]:
    """Per value: summed weight of its distinct sources (each counted once, at its best
    weight) and the number of distinct outlets reporting it."""
    by_value: dict[int, dict[str, float]] = defaultdict(dict)
    outlets: dict[int, set[str]] = defaultdict(set)
    for r in figures:
        if r.value is None:
            continue
        sources = by_value[r.value]
        sources[r.source] = max(sources.get(r.source, 0.0), r.weight)
        outlets[r.value].add(r.outlet)
    return {v: (round(sum(s.values()), 6), len(outlets[v])) for v, s in by_value.items()}


Policy = Callable[[Sequence[WeighedFigure]], Estimate]
POLICIES: dict[str, Policy] = {}


def register_policy(name: str) -> Callable[[Policy], Policy]:
    """Register an estimation policy under ``name`` (selected by ``Settings.policy``)."""

    def add(policy: Policy) -> Policy:
        POLICIES[name] = policy
        return policy

    return add


def get_policy(name: str) -> Policy:
    try:
        return POLICIES[name]
    except KeyError:
        known = ", ".join(sorted(POLICIES))
        message = f"--policy {name}: unknown reconciliation policy (known: {known})"
        raise ValueError(message) from None


def _estimate(figures: Sequence[WeighedFigure], best: int | None) -> Estimate:
    """low and high from the stated range, widened to hold best: "more than 400" alone
    states a floor of 401 while a coder records 400, and low <= best <= high must hold."""
    low, high = stated_range(figures)
    if best is not None:
        low = best if low is None or best < low else low
        high = best if high is not None and best > high else high
    return Estimate(low=low, best=best, high=high)


def _gives_way(figure: WeighedFigure, figures: Sequence[WeighedFigure]) -> bool:
    """A vague amount or a range ("several": 3 to 9) whose range holds a number another
    figure states exactly ("seven"): the words allow that number and state none."""
    if figure.lower is None or figure.upper is None or figure.lower >= figure.upper:
        return False
    return any(
        other.value is not None
        and other.lower == other.upper == other.value
        and figure.lower <= other.value <= figure.upper
        for other in figures
    )


@register_policy("ucdp")
def ucdp(figures: Sequence[WeighedFigure]) -> Estimate:
    """UCDP-style: best is the value with the most independent support (summed weights of
    distinct sources, then distinct outlets), ties going to the lower, more conservative
    value. A vague amount gives way to a number it allows: "several" (coded 3) does not
    vote against "seven" when another report states seven; low and high still heed it."""
    voters = [r for r in figures if not _gives_way(r, figures)]
    told = {r.value for r in voters}
    candidates = _candidates(figures)
    candidates = [v for v in candidates if v in told] or candidates
    support = _support(voters)
    best = max(candidates, key=lambda v: (*support.get(v, (0.0, 0)), -v), default=None)
    return _estimate(figures, best)


@register_policy("conservative")
def conservative(figures: Sequence[WeighedFigure]) -> Estimate:
    """Best is the lowest value any report gives (ACLED's rule for conflicting tolls)."""
    return _estimate(figures, min(_candidates(figures), default=None))


@register_policy("median")
def median(figures: Sequence[WeighedFigure]) -> Estimate:
    """Best is the lower median of one value per source (its best-weighted figure)."""
    per_source: dict[str, WeighedFigure] = {}
    allowed = set(_candidates(figures))
    for r in figures:
        if r.value is None or r.value not in allowed:
            continue
        held = per_source.get(r.source)
        if held is None or (r.weight, -r.value) > (held.weight, -(held.value or 0)):
            per_source[r.source] = r
    values = sorted(r.value for r in per_source.values() if r.value is not None)
    best = values[(len(values) - 1) // 2] if values else None
    return _estimate(figures, best)


@register_policy("maximum")
def maximum(figures: Sequence[WeighedFigure]) -> Estimate:
    """Best is the highest value any report gives (an upper-end reading)."""
    return _estimate(figures, max(_candidates(figures), default=None))
