"""Time expressions in news text, resolved to ISO dates: "Feb. 7", "last week", "in the
first nine months of 2017", "since the war began".

`find_times` returns every time expression of a text, left to right, as `TimeMatch`
(character span, `When`, kind). Kinds:

- ``date``: a day or a span of days ("on Feb. 7", "7-8 February 2018", "02/28/2016")
- ``relative``: a day or week named relative to publication ("yesterday", "on Tuesday",
  "last week", "two days ago")
- ``period``: a month, a year or part of one ("last month", "in 2016", "in the first nine
  months of 2017", "over the past two years", "in early February")
- ``since``: from a date until publication ("since 2015", "since the war began")

Resolution (the rules are documented in docs/quantities.md, "Dates"): a date without a
year is the most recent such date on or before publication; a weekday is the most recent
such day on or before publication (the publication day itself counts: "on Tuesday" in a
Tuesday article is that Tuesday), "last Tuesday" strictly before it. Without a
publication date, month-day dates take ``default_year`` (see `article_year`) and relative
expressions keep start/end None. Every table lives in ``data/dates.toml``.

Each time shape is one entry of `TIME_SHAPES` (its pattern, its reader, the words it may
start with): adding a shape is adding an entry.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from ..model import When
from ..rules import load_table
from .quantities import _alt  # trie-shaped alternation of literal phrases

__all__ = ["TimeMatch", "article_year", "find_times", "parse_published"]


@dataclass(frozen=True, slots=True)
class TimeMatch:
    start: int  # character offsets into the text given
    end: int
    when: When  # text, start and end ISO dates (None when unresolved)
    kind: str  # date | relative | period | since


# --- tables -----------------------------------------------------------------------------

_D = load_table("dates")
_Q = load_table("quantities")
_MONTHS: dict[str, int] = _D["months"]
_WEEKDAYS: dict[str, int] = _D["weekdays"]
_RELATIVE: dict[str, dict[str, str]] = {k.lower(): v for k, v in _D["relative"].items()}
_MONTH_PARTS: dict[str, list[int]] = _D["parts"]["month"]
_YEAR_PARTS: dict[str, list[int]] = _D["parts"]["year"]
_FRACTIONS: dict[str, int] = _D["fractions"]
_ORDINALS: dict[str, int] = _D["ordinals"]
_NUMBER_WORDS: dict[str, int] = _Q["number_words"]["units"] | _Q["number_words"]["tens"]
_NUMERIC_ORDER: dict[str, str] = _D["ambiguous_numeric"]


# The full name of a month is its longest name; the others are abbreviations.
_FULL_MONTHS = [max((m for m in _MONTHS if _MONTHS[m] == n), key=len) for n in range(1, 13)]
_ABBREVIATED_MONTHS = [m for m in _MONTHS if m not in _FULL_MONTHS]
# Month names keep their case ("May" the month, "may" the verb); an abbreviation may take
# a full stop, which is then part of the match.
_MONTH = (
    rf"(?-i:(?:{_alt(_FULL_MONTHS, fold=False)})\b"
    rf"|(?:{_alt(_ABBREVIATED_MONTHS, fold=False)})(?:\.|\b))"
)
_MONTH_FULL = rf"(?-i:(?:{_alt(_FULL_MONTHS, fold=False)}))\b"
_WEEKDAY = rf"(?-i:(?:{_alt(_WEEKDAYS, fold=False)}))(?:(?<=\.)|\b)"
_YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d|,\d)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
_NUMBER = rf"(?:\d{{1,3}}|{_alt(_NUMBER_WORDS)}|a|an|one)"
_PART = rf"(?:(?:{_alt(_MONTH_PARTS)})(?:-|\s+)|the\s+(?:end|beginning|start|middle)\s+of\s+)"
_OF_YEAR = rf"(?:{_YEAR}|this\s+year|last\s+year|the\s+year)"
_DAY_PARTS = _alt(_D["day_parts"])

_PREPS = r"(?:on|in|during|throughout|over|within|for|from|by|until|till|as\s+of)"

_SINCE_EVENT = (
    rf"(?:the\s+|this\s+|its\s+|their\s+)?(?:(?:{_alt(_D['since']['starts'])})\s+of\s+"
    rf"(?:the\s+|this\s+|its\s+|their\s+)?(?:[\w-]+\s+){{0,2}}?(?:{_alt(_D['since']['events'])})"
    rf"|(?:[\w-]+\s+){{0,2}}?(?:{_alt(_D['since']['events'])})\s+"
    rf"(?:{_alt(_D['since']['began'])}))(?!\w)(?:\s+in\s+{_YEAR})?"
)


_YEAR_IN = re.compile(_YEAR)
_YEAR_DIGITS = re.compile(r"1[89]\d\d|20\d\d")  # what any match of _YEAR holds
_NUMERIC_DATE = re.compile(r"(?<![\d/.])(\d{1,2})([/.])(\d{1,2})\2(?:\d{4}|\d\d)(?![\d/.]\d)")
_DIGITS = re.compile(r"\d+")
_MONTH_IN = re.compile(_MONTH)
_WEEKDAY_IN = re.compile(_WEEKDAY)
_NUMBER_IN = re.compile(rf"\b{_NUMBER}\b", re.IGNORECASE)
_DAY_IN = re.compile(r"(?<![\d])(\d{1,2})(?:st|nd|rd|th)?(?!\d)")
_UNIT_IN = re.compile(r"(day|week|month|year|hour)s?\b", re.IGNORECASE)


# --- date arithmetic --------------------------------------------------------------------

DateRange = tuple[date | None, date | None]


@dataclass(slots=True)
class _Ctx:
    published: date | None
    default_year: int | None
    text: str = ""
    numeric_order: dict[str, str] | None = None  # by separator; filled when first needed

    def order(self, separator: str) -> str:
        """ "mdy" or "dmy" for an ambiguous numeric date: as the text's unambiguous
        numeric dates with that separator show, else as data/dates.toml says."""
        if self.numeric_order is None:
            self.numeric_order = dict(_NUMERIC_ORDER)
            seen: set[str] = set()
            for m in _NUMERIC_DATE.finditer(self.text):
                first, sep, second = int(m[1]), m[2], int(m[3])
                if sep in seen:
                    continue
                if first > 12 >= second:
                    self.numeric_order[sep] = "dmy"
                    seen.add(sep)
                elif second > 12 >= first:
                    self.numeric_order[sep] = "mdy"
                    seen.add(sep)
        return self.numeric_order.get(separator, "mdy")


def parse_published(published: str | None) -> date | None:
    """The date of an ISO date or datetime string ("2018-02-20", "2018-02-20T09:15:00Z");
    None when absent or unreadable."""
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_span(year: int, month: int) -> DateRange:
    return date(year, month, 1), date(year, month, _last_day(year, month))


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, ctx: _Ctx) -> int | None:
    """The year of a month-day date written without one."""
    pub = ctx.published
    if pub is not None:
        if (month, day) <= (pub.month, pub.day):
            return pub.year
        return pub.year - 1
    return ctx.default_year


def _day_date(month: int, day: int, year: int | None, ctx: _Ctx) -> date | None:
    if year is None:
        year = _year_for(month, day, ctx)
    return None if year is None else _safe_date(year, month, day)


def _number(text: str) -> int | None:
    word = text.lower()
    if word.isdigit():
        return int(word)
    if word in ("a", "an", "one"):
        return 1
    return _NUMBER_WORDS.get(word)


def _shift(pub: date, unit: str, n: int) -> date:
    """``pub`` moved n units back (n > 0 = earlier)."""
    if unit == "day":
        return pub - timedelta(days=n)
    if unit == "hour":
        return pub - timedelta(days=(n + 23) // 24)
    if unit == "week":
        return pub - timedelta(weeks=n)
    months = n * 12 if unit == "year" else n
    year, month = _add_months(pub.year, pub.month, -months)
    return date(year, month, min(pub.day, _last_day(year, month)))


def _relative_rule(rule: str, pub: date) -> DateRange:
    unit, _, offset_text = rule.partition(":")
    offset = int(offset_text)
    if unit == "day":
        day = pub + timedelta(days=offset)
        return day, day
    if unit == "night":
        return pub + timedelta(days=offset), pub
    if unit == "week":
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=offset)
        return monday, (pub if offset == 0 else monday + timedelta(days=6))
    if unit == "weekend":
        # the Saturday..Sunday on or before publication (a Saturday article: that day)
        saturday = pub - timedelta(days=(pub.weekday() - 5) % 7) + timedelta(weeks=offset)
        return saturday, min(saturday + timedelta(days=1), pub)
    if unit == "month":
        year, month = _add_months(pub.year, pub.month, offset)
        first, last = _month_span(year, month)
        return first, (pub if offset == 0 else last)
    if unit == "year":
        year = pub.year + offset
        return date(year, 1, 1), (pub if offset == 0 else date(year, 12, 31))
    raise ValueError(f"data/dates.toml: unknown relative rule {rule!r}")


# --- reading one bare expression --------------------------------------------------------


def _explicit_year(text: str) -> int | None:
    m = _YEAR_IN.search(text)
    return int(m[0]) if m else None


def _month_of(text: str) -> int:
    m = _MONTH_IN.search(text)
    assert m is not None  # the pattern matched a month
    return _MONTHS[m[0].rstrip(".")]


def _of_year(text: str, ctx: _Ctx) -> int | None:
    year = _explicit_year(text)
    if year is not None:
        return year
    pub = ctx.published
    low = text.lower()
    if "last year" in low:
        return pub.year - 1 if pub else None
    if pub is not None:
        return pub.year
    return ctx.default_year if "this year" in low or "the year" in low else None


def _part_name(text: str) -> str:
    low = text.lower()
    for name in ("beginning", "start", "early", "middle", "mid", "end", "late"):
        if low.startswith(name) or low.startswith(f"the {name}"):
            return {"start": "beginning", "middle": "mid"}.get(name, name)
    return ""


def _numeric_date(text: str, ctx: _Ctx) -> date | None:
    if "-" in text:
        y, m, d = (int(x) for x in text.split("-"))
        return _safe_date(y, m, d)
    a, b, y = (int(x) for x in re.split(r"[/.]", text))
    if y < 100:
        y += 2000
    if a > 12 and b <= 12:
        return _safe_date(y, b, a)
    if b > 12 and a <= 12:
        return _safe_date(y, a, b)
    if ctx.order("/" if "/" in text else ".") == "dmy":
        return _safe_date(y, b, a)
    return _safe_date(y, a, b)


def _fraction(text: str, ctx: _Ctx) -> DateRange:
    """ "the first nine months of 2017", "the first half of 2017", "the last quarter of
    last year" -> the months they cover."""
    year = _of_year(text.rsplit(" of ", 1)[1], ctx)
    if year is None:
        return None, None
    words = text.lower().split()
    ordinal = _ORDINALS[words[1]]
    head = text.lower().rsplit(" of ", 1)[0]
    count_match = _NUMBER_IN.search(head, len("the ") + len(words[1]))
    if "month" in head and "months" not in head:  # "the first month of"
        months = 1
        first_month = 1 if ordinal > 0 else 12
        return _months_range(year, first_month, months, ordinal)
    if "months" in head and count_match:
        months = _number(count_match[0]) or 0
        if not 1 <= months <= 12:
            return None, None
        return _months_range(year, 1 if ordinal > 0 else 13 - months, months, 1)
    if "week" in head:
        n = 1
        if "weeks" in head and count_match:
            n = _number(count_match[0]) or 1
        if ordinal > 0:
            start = date(year, 1, 1)
            return start, start + timedelta(weeks=n) - timedelta(days=1)
        end = date(year, 12, 31)
        return end - timedelta(weeks=n) + timedelta(days=1), end
    for fraction, size in _FRACTIONS.items():
        if fraction in words:
            index = ordinal
            # "the first half" (ordinal 1), "the second quarter" (2), "the last third" (-1)
            if len(words) > 3 and words[2] in _ORDINALS:
                index = _ORDINALS[words[2]]
            parts = 12 // size
            index = parts if index < 0 else index
            if not 1 <= index <= parts:
                return None, None
            return _months_range(year, (index - 1) * size + 1, size, 1)
    return None, None


def _months_range(year: int, first_month: int, months: int, _ordinal: int) -> DateRange:
    last_month = first_month + months - 1
    return date(year, first_month, 1), date(year, last_month, _last_day(year, last_month))


def _weekday(text: str, pub: date | None) -> DateRange:
    if pub is None:
        return None, None
    m = _WEEKDAY_IN.search(text)
    assert m is not None
    wanted = _WEEKDAYS[m[0]]
    back = (pub.weekday() - wanted) % 7
    if back == 0 and text.lower().startswith("last"):
        back = 7
    day = pub - timedelta(days=back)
    return day, day


# --- the time shapes -------------------------------------------------------------------
# Each shape is one place: its pattern, how it reads into dates, its kind when the dates
# do not exist, the words it may start with (the finder tries only tokens that can start
# a shape) and the prepositions it needs before it, if any.


def _read_day(text: str, ctx: _Ctx) -> tuple[DateRange, str]:
    days = [int(d) for d in _DAY_IN.findall(_YEAR_IN.sub("", text))]
    day = _day_date(_month_of(text), days[0], _explicit_year(text), ctx)
    return (day, day), "date"


def _read_day_range(text: str, ctx: _Ctx) -> tuple[DateRange, str]:
    d1, d2 = (int(d) for d in _DAY_IN.findall(_YEAR_IN.sub("", text))[:2])
    month, year = _month_of(text), _explicit_year(text)
    end = _day_date(month, d2, year, ctx)
    start = _safe_date(end.year, month, d1) if end else None
    if start is None or end is None or start > end:
        return (None, None), "date"
    return (start, end), "date"


def _read_numeric(text: str, ctx: _Ctx) -> tuple[DateRange, str]:
    return (_numeric_date(text, ctx),) * 2, "date"


def _read_fraction(text: str, ctx: _Ctx) -> tuple[DateRange, str]:
    return _fraction(text, ctx), "period"


def _read_part_month(text: str, ctx: _Ctx) -> tuple[DateRange, str]:
    part = _part_name(text)
    month = _month_of(text)
    year = _explicit_year(text)
    if year is None:
        year = _year_for(month, 1, ctx)
    if year is None:
        return (None, None), "period"
    first, last = _MONTH_PARTS.get(part, [1, 31])
    return (
        date(year, month, first),
        date(year, month, min(last, _last_day(year, month))),
    ), "period"


def _read_part_year(text: str, ctx: _Ctx) -> tuple[DateRange, str]:
    year = int(_YEAR_IN.search(text)[0])  # type: ignore[index]
    first, last = _YEAR_PARTS.get(_part_name(text), [1, 12])
    return (date(year, first, 1), date(year, last, _last_day(year, last))), "period"


def _read_month_year(text: str, ctx: _Ctx) -> tuple[DateRange, str]:
    return _month_span(_explicit_year(text) or 0, _month_of(text)), "period"


def _read_month(text: str, ctx: _Ctx) -> tuple[DateRange, str]:
    month = _month_of(text)
    year = _year_for(month, 1, ctx)
    return (_month_span(year, month) if year else (None, None)), "period"


def _read_decade(text: str, ctx: _Ctx) -> tuple[DateRange, str]:
    start = int(_DIGITS.search(text)[0])  # type: ignore[index]
    return (date(start, 1, 1), date(start + 9, 12, 31)), "period"


def _read_year(text: str, ctx: _Ctx) -> tuple[DateRange, str]:
    year = int(text)
    return (date(year, 1, 1), date(year, 12, 31)), "period"


def _read_year_range(text: str, ctx: _Ctx) -> tuple[DateRange, str]:
    years = _DIGITS.findall(text)
    first = int(years[0])
    last = int(years[1]) if len(years[1]) == 4 else first // 100 * 100 + int(years[1])
    if last < first:
        return (None, None), "period"
    return (date(first, 1, 1), date(last, 12, 31)), "period"


def _read_relative(text: str, ctx: _Ctx) -> tuple[DateRange, str]:
    pub = ctx.published
    entry = _RELATIVE[" ".join(text.lower().split())]
    span = _relative_rule(entry["rule"], pub) if pub else (None, None)
    return span, entry["kind"]


def _read_ago(text: str, ctx: _Ctx) -> tuple[DateRange, str]:
    pub = ctx.published
    n = _number(text.split()[0])
    unit = _UNIT_IN.search(text)[1].lower()  # type: ignore[index]
    if pub is None or n is None:
        return (None, None), "relative"
    day = _shift(pub, unit, n)
    return (day, day), "relative"


def _read_past(text: str, ctx: _Ctx) -> tuple[DateRange, str]:
    pub = ctx.published
    unit = _UNIT_IN.search(text)[1].lower()  # type: ignore[index]
    numbers = _NUMBER_IN.findall(text)
    n = _number(numbers[0]) if numbers else 1
    kind_out = "relative" if unit in ("day", "week", "hour") else "period"
    if pub is None or n is None:
        return (None, None), kind_out
    return (_shift(pub, unit, n), pub), kind_out


def _read_weekday(text: str, ctx: _Ctx) -> tuple[DateRange, str]:
    return _weekday(text, ctx.published), "relative"


@dataclass(frozen=True, slots=True)
class TimeShape:
    name: str  # the regex group's name (prefixed "s_" after "since", "p_" otherwise)
    pattern: str
    read: Callable[[str, _Ctx], tuple[DateRange, str]]  # -> (start, end), kind
    failed_kind: str = "period"  # the kind when the dates do not exist ("30 February")
    starts: frozenset[str] = frozenset()  # lower-case words it may start with, but digits
    needs_prep: tuple[str, ...] = ()  # read only after one of these ("in 2016")


_IN = ("in", "during", "throughout")
# Tried in this order at each position: longer shapes first.
TIME_SHAPES: tuple[TimeShape, ...] = (
    TimeShape(
        "range_dm",
        rf"{_DAY}\s*(?:[-–]|to|and)\s*{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?",
        _read_day_range,
        "date",
    ),
    TimeShape(
        "range_md",
        rf"{_MONTH}\s+{_DAY}\s*(?:[-–]|to|through|until|till)\s*{_DAY}(?:,?\s+{_YEAR})?",
        _read_day_range,
        "date",
    ),
    TimeShape(
        "dm",
        rf"(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?",
        _read_day,
        "date",
        frozenset({"the"}),
    ),
    TimeShape("md", rf"(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?", _read_day, "date"),
    TimeShape(
        "numeric",
        r"\d{4}-\d\d-\d\d(?![\d-])|\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d\d)(?![\d/.]\d)",
        _read_numeric,
        "date",
    ),
    TimeShape(
        "fraction",
        rf"the\s+(?:{_alt(_ORDINALS)})\s+(?:{_NUMBER}\s+(?:months|weeks)|"
        rf"(?:{_alt(_FRACTIONS)})|month|week|(?:{_alt(_ORDINALS)})\s+(?:{_alt(_FRACTIONS)}))"
        rf"\s+of\s+{_OF_YEAR}",
        _read_fraction,
        starts=frozenset({"the"}),
    ),
    TimeShape(
        "part_month",
        rf"{_PART}{_MONTH_FULL}(?:,?\s+{_YEAR})?",
        _read_part_month,
        starts=frozenset({"the", *_MONTH_PARTS}),
    ),
    TimeShape(
        "part_year",
        rf"{_PART}{_YEAR}",
        _read_part_year,
        starts=frozenset({"the", *_MONTH_PARTS}),
    ),
    TimeShape("month_year", rf"{_MONTH}\s+{_YEAR}", _read_month_year),
    TimeShape(
        "decade", r"(?:the\s+)?(?:1[89]|20)\d0s(?!\w)", _read_decade, starts=frozenset({"the"})
    ),
    TimeShape(
        "year_range",
        rf"(?:between\s+{_YEAR}\s+and\s+{_YEAR}|from\s+{_YEAR}\s+(?:to|until|till)\s+{_YEAR}"
        rf"|{_YEAR}\s+(?:to|until|till|through)\s+{_YEAR}|{_YEAR}\s*[-–/]\s*(?:{_YEAR}|\d\d(?!\d)))",
        _read_year_range,
        starts=frozenset({"between", "from"}),
    ),
    TimeShape(
        "relative",
        rf"(?:{_alt(_RELATIVE)})(?!\w)",
        _read_relative,
        starts=frozenset({"earlier", *(p.split()[0].lower() for p in _RELATIVE)}),
    ),
    TimeShape(
        "ago",
        rf"{_NUMBER}\s+(?:days?|weeks?|months?|years?)\s+ago(?!\w)",
        _read_ago,
        "relative",
        frozenset({"a", "an", "one", *_NUMBER_WORDS}),
    ),
    TimeShape(
        "past",
        rf"the\s+(?:past|last|previous)\s+(?:{_NUMBER}\s+)?"
        rf"(?:days?|weeks?|months?|years?|hours?)(?!\w)",
        _read_past,
        starts=frozenset({"the"}),
    ),
    TimeShape(
        "weekday",
        rf"(?:last\s+|this\s+(?:past\s+)?)?{_WEEKDAY}(?:['’]s)?(?:\s+(?:{_DAY_PARTS})(?!\w))?",
        _read_weekday,
        "relative",
        frozenset({"last", "this"}),
    ),
    TimeShape("month", _MONTH_FULL, _read_month, needs_prep=_IN),
    TimeShape("year", _YEAR, _read_year, needs_prep=_IN),
)
_SHAPES = {shape.name: shape for shape in TIME_SHAPES}
_SHAPE_NAMES = list(_SHAPES)


def _resolve(kind: str, text: str, ctx: _Ctx) -> tuple[DateRange, str]:
    """Dates and kind of a bare expression of the given shape; dates that do not exist
    ("30 February", year 0) leave start and end None."""
    shape = _SHAPES[kind]
    try:
        return shape.read(text, ctx)
    except (ValueError, OverflowError):
        return (None, None), shape.failed_kind


# --- the finder -------------------------------------------------------------------------


def _bare(prefix: str) -> str:
    return "|".join(f"(?P<{prefix}{shape.name}>{shape.pattern})" for shape in TIME_SHAPES)


_TIME = re.compile(
    rf"(?<![\w/.-])(?:"
    rf"(?P<since>since)\s+(?:(?P<s_event>{_SINCE_EVENT})|{_bare('s_')})"
    rf"|(?:(?P<prep>{_PREPS})\s+)?(?:{_bare('p_')})"
    rf")",
    re.IGNORECASE,
)


def _first_words(phrases: Iterable[str]) -> set[str]:
    return {p.split()[0].lower() for p in phrases}


_NAMES = frozenset([*_MONTHS, *(w.rstrip(".") for w in _WEEKDAYS)])  # case-sensitive: "May", "Tues"
_STARTS = frozenset(
    {"since"}
    | set().union(*(shape.starts for shape in TIME_SHAPES))
    | _first_words(re.sub(r"\\s\+", " ", _PREPS).strip("(?:)").split("|"))
)
# Keys: every time expression holds a digit, a month or weekday name, or one of these
# lower-case fragments ("day" also finds "today", "yesterday"; "night" "overnight").
_KEY_FRAGMENTS = ("since", "ago", "day", "week", "month", "year", "hour", "night")
_KEY_FRAGMENTS += ("morning", "afternoon", "evening")
# Two passes: each regex then starts with a plain character set, which the regex engine
# scans for quickly; one alternation of both is twice as slow.
_KEY_DIGITS = re.compile(r"\d+")
_KEY_NAMES = re.compile(rf"(?:{_alt(_NAMES, fold=False)})\b")
_TOKEN = re.compile(r"\w+")
_LOOKBACK = 64


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _since_event_span(text: str, pub: date | None) -> DateRange:
    year = _explicit_year(text)
    return (date(year, 1, 1) if year else None), pub


def find_times(
    text: str, published: str | None = None, default_year: int | None = None
) -> list[TimeMatch]:
    """Every time expression of ``text``, left to right, resolved against ``published``
    (ISO date or datetime) or, for dates without a year, ``default_year``."""
    ctx = _Ctx(parse_published(published), default_year, text)
    found: list[TimeMatch] = []
    for m in _candidates(text):
        if m["since"] is not None:
            if m["s_event"] is not None:
                start, end = _since_event_span(m["s_event"], ctx.published)
                found.append(_match(m, text, start, end, "since"))
                continue
            name = next(n for n in _SHAPE_NAMES if m["s_" + n] is not None)
            (start, _end), _kind = _resolve(name, m["s_" + name], ctx)
            end = ctx.published
            if start is not None and end is not None and start > end:
                end = None  # a start after publication (scraper junk): leave the end open
            found.append(_match(m, text, start, end, "since"))
            continue
        name = next(n for n in _SHAPE_NAMES if m["p_" + n] is not None)
        prep = (m["prep"] or "").lower()
        needs = _SHAPES[name].needs_prep
        if needs and prep not in needs:
            continue
        bare = m["p_" + name]
        (start, end), kind = _resolve(name, bare, ctx)
        found.append(_match(m, text, start, end, kind))
    return found


def _keys(text: str) -> list[int]:
    """Offsets of the keys of ``text`` in order (str.find is far faster than a regex of
    lower-case words, which the regex engine cannot skip ahead for)."""
    found = {m.start() for m in _KEY_DIGITS.finditer(text)}
    found.update(m.start() for m in _KEY_NAMES.finditer(text))
    low = text.lower()
    if len(low) != len(text):  # rare Unicode whose lower case changes length
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for fragment in _KEY_FRAGMENTS:
        at = low.find(fragment)
        while at != -1:
            found.add(at)
            at = low.find(fragment, at + 1)
    return sorted(found)


def _candidates(text: str) -> Iterator[re.Match[str]]:
    """The matches of _TIME that finditer would give, found faster: every time expression
    holds a key (a digit, a month or weekday name, "since", "week", "yesterday"...) fewer
    than _LOOKBACK characters after its start, so _TIME is tried only at the tokens that
    can start one, shortly before a key."""
    pos = 0
    tried = -1  # tokens up to here were tried already (a match depends only on position)
    match_at, tokens, starts, names = _TIME.match, _TOKEN.finditer, _STARTS, _NAMES
    for key in _keys(text):
        if key < pos:
            continue
        for tok in tokens(text, max(pos, key - _LOOKBACK), key + 16):
            at = tok.start()
            if at > key:
                break
            if at < pos or at <= tried:
                continue
            tried = at
            word = tok[0]
            if not (word[0].isdigit() or word.lower() in starts or word in names):
                continue
            m = match_at(text, at)
            if m is not None:
                yield m
                pos = m.end()


def _match(m: re.Match[str], text: str, start: date | None, end: date | None, kind: str):
    return TimeMatch(m.start(), m.end(), When(m[0], _iso(start), _iso(end)), kind)


def article_year(text: str) -> int | None:
    """The most common explicit year among the article's dates ("7 February 2018"); when
    no day date has a year, among its periods ("in 2017", "since 2015"). Ties go to the
    latest year; None when nothing has a year."""
    if _YEAR_DIGITS.search(text) is None:
        return None  # no year's digits anywhere, so none in any date: skip finding them
    times = find_times(text)
    for kinds in (("date",), ("period", "since")):
        years = Counter(
            int(y) for t in times if t.kind in kinds for y in _YEAR_IN.findall(t.when.text)
        )
        if years:
            return max(years, key=lambda y: (years[y], y))
    return None
