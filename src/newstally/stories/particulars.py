"""The particulars of one event that tell two look-alike events apart (issue 16).

Two reports of one topic (two earthquakes, two arrests of one player) share most words
and names; what differs is when: a report's year. A dated report's year is its
publication year; an undated report's is the latest year its text writes (reports name
earlier years as background, rarely later ones). Two reports whose years differ, one of
them read from the text, are scaled by ``1 - [particulars].year_weight``; when both are
dated the time factor of `pair_score` already speaks. Likewise the calendar days a report
writes ("on October 19", "19 Oct"): when one of two reports is undated and none of the days
one writes is within ``date_window_days`` of one the other writes, they tell of different
days (``1 - date_weight``). Two dated reports days apart, one of which writes the day the
other was published ("the June 21 shooting"), tell of one event: a follow-up
(``1 + follow_up_bonus``); neither writing it, ``1 - follow_up_weight``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..model import Article
from .config import StoriesConfig
from .features import publication_day

# Ages of the people a report names: "a 36-year-old climber", "Ilse Marrow, 43,",
# "aged 19".
_AGES = re.compile(
    r"\b(\d{1,2})\s*-?\s*years?\s*-?\s*old\b"
    r"|[A-Z][\w'’-]+\s*,\s*(\d{1,2})\s*,"
    r"|\baged\s+(\d{1,2})\b"
)
_YEAR = re.compile(r"(?<![\d/.,-])(19\d\d|20\d\d)(?![\d/,]|\.\d)")
# Calendar days written in the text: "October 19", "Oct. 19", "19 October" (months
# capitalised: "may 5" is no date).
_MONTHS = (
    "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    "|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
_DAY = re.compile(
    rf"\b(?P<m1>{_MONTHS})\.?\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*:)"
    rf"|\b(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTHS})\b"
)
_MONTH_START = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)


@dataclass(frozen=True, slots=True)
class Particulars:
    """What one report says that is particular to its event."""

    year: int | None = None  # the report's year
    year_from_text: bool = False  # read from the text (no publication date)
    ages: frozenset[int] = frozenset()  # ages of the people it names
    days: frozenset[int] = frozenset()  # calendar days it writes (day of the year, 0-364)
    undated: bool = False  # no publication date
    published: int | None = None  # publication day (days since 1970-01-01)
    published_day: int | None = None  # its day of the year (0-364, as `days`)


def particulars(article: Article, config: StoriesConfig) -> Particulars:
    text = article.text[: config.max_chars]
    ages = frozenset(
        int(next(g for g in m.groups() if g)) for m in _AGES.finditer(text[: config.ages_chars])
    )
    days = frozenset(d for m in _DAY.finditer(text) if (d := _day_of_year(m)) is not None)
    day, date = publication_day(article)
    if day is not None and date is not None:
        month, day_of_month = int(date[5:7]), int(date[8:10])
        return Particulars(
            int(date[:4]),
            False,
            ages,
            days,
            published=math.floor(day),
            published_day=_MONTH_START[month - 1] + day_of_month - 1,
        )
    years = [int(y) for y in _YEAR.findall(text)]
    years = [y for y in years if config.min_year <= y <= config.max_year]
    return Particulars(max(years) if years else None, bool(years), ages, days, True)


def _day_of_year(match: re.Match[str]) -> int | None:
    month = (match.group("m1") or match.group("m2") or "")[:3].lower()
    day = int(match.group("d1") or match.group("d2"))
    index = "janfebmaraprmayjunjulaugsepoctnovdec".find(month) // 3
    if index < 0 or not 1 <= day <= 31:
        return None
    return _MONTH_START[index] + day - 1


def _days_apart(a: int, b: int) -> int:
    gap = abs(a - b)
    return min(gap, 365 - gap)


def particulars_factor(a: Particulars, b: Particulars, config: StoriesConfig) -> float:
    """How much the particulars of two reports scale their similarity."""
    factor = 1.0
    if a.ages and b.ages:
        factor *= 1.0 + config.age_bonus if a.ages & b.ages else 1.0 - config.age_weight
    if a.days and b.days and (a.undated or b.undated):
        window = config.date_window_days
        if not any(_days_apart(x, y) <= window for x in a.days for y in b.days):
            factor *= 1.0 - config.date_weight
    factor *= _follow_up_factor(a, b, config)
    if a.year is None or b.year is None or not (a.year_from_text or b.year_from_text):
        return factor
    return factor if a.year == b.year else factor * (1.0 - config.year_weight)


def _follow_up_factor(a: Particulars, b: Particulars, config: StoriesConfig) -> float:
    """Two dated reports days apart: does one write the day the other was published?

    A follow-up (an arrest, a funeral, a trial) names the day of its event: "the June 21
    shooting", "killed on Oct. 3". A report that writes a calendar day within
    ``date_window_days`` of the other's publication day (and not merely its own: "on
    Tuesday, Jan. 5" in a report of January 5) tells of it: ``1 + follow_up_bonus``; two
    reports far apart neither of which does: ``1 - follow_up_weight``."""
    if a.published is None or b.published is None or a.published_day is None:
        return 1.0
    if b.published_day is None or abs(a.published - b.published) <= config.follow_up_after_days:
        return 1.0
    window = config.date_window_days
    if _writes_day_of(a, b.published_day, window) or _writes_day_of(b, a.published_day, window):
        return 1.0 + config.follow_up_bonus
    return 1.0 - config.follow_up_weight


def _writes_day_of(report: Particulars, day: int, window: int) -> bool:
    """Whether ``report`` writes a calendar day near ``day`` that is not its own date."""
    own = report.published_day
    return any(
        _days_apart(x, day) <= window and (own is None or _days_apart(x, own) > window)
        for x in report.days
    )
