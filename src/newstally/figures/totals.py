"""An article's own totals per category for its main event.

The figures of one category are combined in three steps:

1. *Claims.* Figures that count distinct victims of one statement add up: the counts
   coordinated on one casualty word ("seven assailants and two police officers were
   killed" is 9). A count inside another ("50 people, including 30 assailants") is part
   of it and never adds. Period and cumulative figures stay out.
2. *Accounts.* Claims of one source about disjoint groups add up when the article
   narrates them in its own voice or the later one says it counts more people ("three
   soldiers were killed ... two civilians were also killed"); a source's claims about the
   same or an unnamed group ("people", no noun), or attributed claims naming the victims
   differently ("citizens", "volunteers"), restate or revise each other: the larger
   count covers the smaller one.
3. *Estimate.* Different accounts of the same event conflict: low = the lowest, high =
   the highest, best = the article's own-voice account, else the value most accounts
   support, ties going to the lower (conservative) value. An explicit "no one was killed"
   is an account of 0.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from ..model import CATEGORIES, Estimate, Figure
from ..rules import load_table

# Group heads that name no particular group: a claim about them may include any other.
GENERIC_HEADS = frozenset({None, "people", "person", "individual", "victim", "persons"})
# Heads that say "in addition to those already counted" ("three others were injured").
ADDITIONAL_HEADS = frozenset({"other", "others", "another"})


@dataclass(slots=True)
class FigureLinks:
    """Relations between an article's figures that the records do not carry.

    ``clause``: figure id -> key shared by counts coordinated on one casualty word;
    ``part_of``: figure id -> id of the figure whose count includes it.
    """

    clause: dict[str, str] = field(default_factory=dict)
    part_of: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class _Claim:
    low: int
    best: int
    high: int
    heads: set[str | None]
    source: str
    own_voice: bool
    additive: bool = False  # its statement says it counts more people ("also")
    bound: str = "="  # "=" when every part is exact; else the bound of a single part or "~"
    support: int = 1


@cache
def _additive_cue() -> re.Pattern[str]:
    cues = load_table("casualties")["totals"]["additive_cues"]
    return re.compile(r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")\b", re.IGNORECASE)


def _interval(f: Figure) -> tuple[int, int, int] | None:
    q = f.quantity
    if f.negated:
        return 0, 0, 0
    best = q.value if q.value is not None else q.low if q.low is not None else q.high
    if best is None:
        return None
    low = q.low if q.low is not None else best
    high = q.high if q.high is not None else best
    return min(low, best), best, max(high, best)


def _head(f: Figure) -> str | None:
    return f.group.head if f.group is not None else None


def _source_key(f: Figure) -> str:
    return f"{f.source.kind}:{f.source.text.lower()}"


def _claims(figures: list[Figure], links: FigureLinks) -> list[_Claim]:
    by_clause: dict[str, list[Figure]] = {}
    for f in figures:
        key = links.clause.get(f.id) or f"{f.sentence}|{f.span[0]}"
        by_clause.setdefault(key, []).append(f)
    claims: list[_Claim] = []
    for members in by_clause.values():
        parts = [(f, iv) for f in members if (iv := _interval(f)) is not None]
        if not parts:
            continue
        first = parts[0][0]
        claims.append(
            _Claim(
                low=sum(iv[0] for _, iv in parts),
                best=sum(iv[1] for _, iv in parts),
                high=sum(iv[2] for _, iv in parts),
                heads={_head(f) for f, _ in parts},
                source=_source_key(first),
                own_voice=first.source.kind == "outlet",
                additive=bool(_additive_cue().search(first.sentence)),
                bound=_combined_bound([f.quantity.bound for f, _ in parts]),
            )
        )
    return claims


def _combined_bound(bounds: list[str]) -> str:
    if all(b == "=" for b in bounds):
        return "="
    return bounds[0] if len(bounds) == 1 else "~"


def _disjoint(a: set[str | None], b: set[str | None]) -> bool:
    if a & ADDITIONAL_HEADS or b & ADDITIONAL_HEADS:
        return True
    if a & GENERIC_HEADS or b & GENERIC_HEADS:
        return False
    return not (a & b)


def _accounts(claims: list[_Claim]) -> list[_Claim]:
    """One account per source: its claims about disjoint groups add up; a claim about an
    overlapping group restates (same count) or covers (larger count) the other."""
    accounts: list[_Claim] = []
    for claim in claims:
        for acc in accounts:
            if acc.source != claim.source:
                continue
            if _disjoint(acc.heads, claim.heads) and (
                claim.additive or claim.own_voice or claim.heads & ADDITIONAL_HEADS
            ):
                acc.low += claim.low
                acc.best += claim.best
                acc.high += claim.high
                acc.heads |= claim.heads
                acc.bound = _combined_bound([acc.bound, claim.bound])
            elif (acc.best, acc.low, acc.high, acc.bound) == (
                claim.best,
                claim.low,
                claim.high,
                claim.bound,
            ):
                acc.support += 1  # a restatement
            elif claim.best > acc.best:
                # "a third assailant was shot" ... "three assailants and 80 people were
                # killed": the larger count covers the smaller one.
                acc.low, acc.best, acc.high = claim.low, claim.best, claim.high
                acc.bound = claim.bound
                acc.heads |= claim.heads
            else:
                acc.heads |= claim.heads
            break
        else:
            accounts.append(
                _Claim(
                    claim.low,
                    claim.best,
                    claim.high,
                    set(claim.heads),
                    claim.source,
                    claim.own_voice,
                    bound=claim.bound,
                )
            )
    return accounts


def _estimate(accounts: list[_Claim]) -> Estimate:
    low = min(a.low for a in accounts)
    high = max(a.high for a in accounts)
    own = [a for a in accounts if a.own_voice]
    pool = own or accounts
    # "more than 100" and "100" are different claims even though both record 100.
    support: Counter[tuple[int, str]] = Counter()
    for a in pool:
        support[(a.best, a.bound)] += a.support
    best = min(support, key=lambda key: (-support[key], key[0]))[0]
    return Estimate(low=low, best=best, high=high)


def totals(figures: list[Figure], links: FigureLinks | None = None) -> dict[str, Estimate]:
    """Per category, the article's estimate for its main event (absent if not reported)."""
    links = links or FigureLinks()
    out: dict[str, Estimate] = {}
    for category in CATEGORIES:
        mine = [
            f
            for f in figures
            if f.category == category and f.scope == "event" and f.id not in links.part_of
        ]
        if not mine:
            continue
        accounts = _accounts(_claims(mine, links))
        if accounts:
            out[category] = _estimate(accounts)
    return out
