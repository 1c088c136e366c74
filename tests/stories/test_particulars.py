"""Particulars that tell look-alike events apart: written calendar days (issue 16)."""

from __future__ import annotations

from newstally.model import Article
from newstally.stories.config import load_config
from newstally.stories.particulars import particulars, particulars_factor


def report(text: str, published: str | None = None) -> Article:
    return Article(id="r", origin="test", text=text, published=published)


FIRST = (
    "The Harbour Lions placed their running back Teo Marsh on injured reserve on October 19 "
    "after he sprained a knee in Sunday's game."
)
SAME_EVENT = (
    "Teo Marsh will miss the rest of the season: the Harbour Lions moved him to injured "
    "reserve on Oct. 20, a day after the knee sprain was confirmed."
)
OTHER_SEASON = (
    "The Harbour Lions placed running back Ivo Penn on injured reserve on January 5, one day "
    "after another back went on the list."
)


def test_calendar_days_are_read_as_days_of_the_year() -> None:
    config = load_config()
    assert particulars(report(FIRST), config).days == {291}  # October 19
    assert particulars(report("It happened on 3 March."), config).days == {61}
    # A lower-case "may" is no month, a time is no day.
    assert not particulars(report("Police may 5 times ask."), config).days
    assert not particulars(report("Updated Jan 10:45 GMT"), config).days


def test_undated_reports_whose_written_days_are_far_apart_are_scaled_down() -> None:
    config = load_config()
    first, same, other = (particulars(report(t), config) for t in (FIRST, SAME_EVENT, OTHER_SEASON))
    assert particulars_factor(first, same, config) == 1.0
    assert particulars_factor(first, other, config) == 1.0 - config.date_weight
    assert particulars_factor(first, other, config) == particulars_factor(other, first, config)


def test_dated_reports_leave_time_to_the_publication_dates() -> None:
    config = load_config()
    first = particulars(report(FIRST, "2026-10-19"), config)
    other = particulars(report(OTHER_SEASON, "2026-10-21"), config)
    assert particulars_factor(first, other, config) == 1.0
