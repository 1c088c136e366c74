"""The publication date of an article, read from a dateline in its kept text, or nothing.

Only a date that a dateline or byline gives is the article's date: a line near the top that
is just a date (optionally labelled "Published", with a time, after a short byline), or a
"CITY, <date> -" paragraph opening. Dates inside sentences are event dates; removed lines
(a donation box's "since <date>") are never read. Conflicting datelines give None; an
"Updated" date alone gives None. Month and weekday names come from ``data/dates.toml``,
labels and limits from ``data/junk.toml`` ``[dates]``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from ..model import Article
from ..rules import load_table
from .junk import JunkRules, default_rules

_MIN_YEAR, _MAX_YEAR = 1900, 2199
_TIME = re.compile(r"^\d{1,2}(?::\d{2}){1,2}(?:[ap]\.?m\.?)?$", re.IGNORECASE)
_TOKEN = re.compile(r"[^\s,;()\[\]]+")


@dataclass(frozen=True, slots=True)
class DatelineConfig:
    head_lines: int
    published_labels: tuple[str, ...]  # longest first
    updated_labels: tuple[str, ...]
    fillers: frozenset[str]
    weekdays: frozenset[str]
    byline_max_words: int
    months: dict[str, int]
    date_patterns: tuple[re.Pattern[str], ...]
    city: re.Pattern[str]
    city_tail: re.Pattern[str]


@cache
def _config(rules: JunkRules) -> DatelineConfig:
    section = rules.table["dates"]
    calendar = load_table("dates")
    months: dict[str, int] = dict(calendar["months"])
    names = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    month = rf"(?P<month>{names})\.?"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?P<year>\d{4})"
    patterns = (
        re.compile(rf"\b{month}\s+{day},?\s+{year}\b"),
        re.compile(rf"\b{day}\s+(?:of\s+)?{month},?\s+{year}\b"),
        re.compile(r"\b(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})\b"),
        re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>\d{4}|\d{2})\b"),
    )

    def by_length(labels: list[str]) -> tuple[str, ...]:
        return tuple(sorted((label.lower() for label in labels), key=len, reverse=True))

    return DatelineConfig(
        head_lines=int(section["head_lines"]),
        published_labels=by_length(section["published_labels"]),
        updated_labels=by_length(section["updated_labels"]),
        fillers=frozenset(w.lower() for w in section["filler_words"]),
        weekdays=frozenset(w.lower().rstrip(".") for w in calendar["weekdays"]),
        byline_max_words=int(section["byline_max_words"]),
        months=months,
        date_patterns=patterns,
        city=re.compile(section["city"]),
        city_tail=re.compile(section["city_tail"]),
    )


def _to_date(match: re.Match[str], cfg: DatelineConfig) -> dt.date | None:
    groups = match.groupdict()
    year = int(groups["year"])
    if len(groups["year"]) == 2:
        year += 2000 if year < 70 else 1900
    if groups.get("month"):
        month = cfg.months[groups["month"]]
        day = int(groups["day"])
    elif groups.get("mnum"):
        month, day = int(groups["mnum"]), int(groups["day"])
    else:
        a, b = int(groups["a"]), int(groups["b"])
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            month, day = a, b
        else:
            return None  # 03/04/2018: March or April? Not confident.
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _dates_in(line: str, cfg: DatelineConfig) -> list[tuple[int, int, dt.date]]:
    found: list[tuple[int, int, dt.date]] = []
    for pattern in cfg.date_patterns:
        for match in pattern.finditer(line):
            if any(a < match.end() and match.start() < b for a, b, _ in found):
                continue
            date = _to_date(match, cfg)
            if date is not None:
                found.append((match.start(), match.end(), date))
    return sorted(found)


def _label(before: str, cfg: DatelineConfig) -> str:
    text = before.lower()
    for label in cfg.updated_labels:
        if re.search(rf"\b{re.escape(label)}\b", text):
            return "updated"
    for label in cfg.published_labels:
        if re.search(rf"\b{re.escape(label)}\b", text):
            return "published"
    return "plain"


def _residual_words(text: str, cfg: DatelineConfig) -> list[str]:
    words = []
    for token in _TOKEN.findall(text):
        word = token.strip(".:-–—|•·/").lower()
        if not word or word in cfg.fillers or word in cfg.weekdays:
            continue
        if word.rstrip(".") in cfg.weekdays or _TIME.match(word):
            continue
        if any(word == label or word in label.split() for label in cfg.published_labels):
            continue
        if any(word in label.split() for label in cfg.updated_labels):
            continue
        words.append(word)
    return words


def dateline_dates(line: str, cfg: DatelineConfig) -> list[tuple[str, dt.date]]:
    """(label, date) for each date of ``line`` when the line is a dateline, else []."""
    dates = _dates_in(line, cfg)
    if not dates:
        return []
    rest = (
        "".join(
            line[(dates[k - 1][1] if k else 0) : start]
            for k, (start, _end, _date) in enumerate(dates)
        )
        + line[dates[-1][1] :]
    )
    words = _residual_words(rest, cfg)
    if line.lower().startswith("by ") and words:
        before_first = _residual_words(line[: dates[0][0]], cfg)
        if len(before_first) <= cfg.byline_max_words + 1:
            words = words[len(before_first) :]
    if words:
        return []
    labelled = []
    previous_end = 0
    for start, end, date in dates:
        labelled.append((_label(line[previous_end:start], cfg), date))
        previous_end = end
    return labelled


def city_dateline(line: str, cfg: DatelineConfig) -> dt.date | None:
    """The date of a "CITY, <date> (Agency) -" paragraph opening, else None."""
    city = cfg.city.match(line)
    if not city:
        return None
    for pattern in cfg.date_patterns:
        match = pattern.match(line, city.end())
        if match and cfg.city_tail.match(line, match.end()):
            return _to_date(match, cfg)
    return None


def infer_published(article: Article, rules: JunkRules | None = None) -> str | None:
    """An ISO date for ``article`` from a dateline in its kept text, or None when there
    is none or it is not clear (several different dates, only an "updated" date)."""
    cfg = _config(rules or default_rules())
    head = [line.strip() for line in article.text.split("\n") if line.strip()][: cfg.head_lines]
    published: set[dt.date] = set()
    plain: set[dt.date] = set()
    for line in head:
        for label, date in dateline_dates(line, cfg):
            if label == "published":
                published.add(date)
            elif label == "plain":
                plain.add(date)
        opening = city_dateline(line, cfg)
        if opening is not None:
            plain.add(opening)
    chosen = published or plain
    if len(chosen) != 1:
        return None
    return next(iter(chosen)).isoformat()
