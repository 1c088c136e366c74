"""Cleaning replayed over the stored set, so that `add` in any batches cleans as one `run`.

Cleaning ends with a step over the whole stream of articles: lines an outlet repeats across
its stories are removed (`clean.finish_cleaning`). In one `run` an article's cleaning can
depend on articles read after it, so an `add` of a later batch may change how an earlier
one should have been cleaned. The store keeps each article's state from before that step
(its classified lines, the raw title and date: column `articles.cleaning`, zlib-compressed
JSON) and every `add` replays the step over all stored articles, in the order stored, then
the new ones: exactly the stream one `run` over all of them reads. An article whose cleaned
text comes out different from what is stored is analysed again and replaced.
"""

from __future__ import annotations

import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from ..clean import CleaningStarted, finish_cleaning
from ..clean.lines import Line
from ..model import Article, Removed
from ..settings import Settings

# The fields of an article that cleaning sets; an article whose replay changes none of
# them is cleaned as stored.
CLEANED_FIELDS = ("text", "removed", "title", "published", "outlet", "outlet_inferred")


def _removed(items: list[Removed]) -> list[list[str]]:
    return [[r.text, r.reason] for r in items]


def cleaning_state(started: CleaningStarted) -> bytes:
    """What the corpus step needs of an article begun with `clean.start_cleaning`
    (call it before `finish_cleaning`, which marks the lines and then drops them)."""
    article = started.article
    state: dict[str, Any] = {
        "title": article.title,
        "published": article.published,
        "outlet": article.outlet,
        "outlet_inferred": article.outlet_inferred,
        "key": started.key,
        "prior": _removed(started.prior),
        "lines": None
        if started.lines is None
        else [
            [line.text, line.blank_before, line.reason, _removed(line.cuts)]
            for line in started.lines
        ],
    }
    return zlib.compress(orjson.dumps(state), 1)


def started_from_state(record: dict[str, Any], state: bytes) -> CleaningStarted:
    """The stored article (``record``: its articles.jsonl row) as it was before the corpus
    step, ready for `finish_cleaning` again."""
    fields = orjson.loads(zlib.decompress(state))
    prior = [Removed(text, reason) for text, reason in fields["prior"]]
    article = Article(
        id=record["id"],
        origin=record["origin"],
        text=record["text"],
        title=fields["title"],
        outlet=fields["outlet"],
        outlet_inferred=fields["outlet_inferred"],
        url=record.get("url"),
        language=record.get("language"),
        published=fields["published"],
        removed=list(prior),
    )
    if fields["lines"] is None:  # cleaning failed: the article passes through as stored
        article.title, article.published = record.get("title"), record.get("published")
        article.removed = [Removed(**r) for r in record.get("removed", [])]
        return CleaningStarted(article, None, None, prior, done=True)
    lines = [
        Line(n, text, blank, reason, [Removed(t, r) for t, r in cuts])
        for n, (text, blank, reason, cuts) in enumerate(fields["lines"])
    ]
    return CleaningStarted(article, lines, fields["key"], prior)


def cleaned_differently(article: Article, record: dict[str, Any]) -> bool:
    """Whether the replayed ``article`` differs from the stored ``record`` in anything
    cleaning sets."""
    replayed = article.to_record()
    return any(replayed[name] != record.get(name) for name in CLEANED_FIELDS)


def replay(
    stored: Iterable[tuple[Any, CleaningStarted]],
    new: Iterable[tuple[Any, CleaningStarted]],
    settings: Settings,
) -> Iterator[tuple[Any, Article]]:
    """The corpus step over the stored articles then the new ones, in that order, as
    (tag, cleaned article): each article with the tag it came with."""
    tags: deque[Any] = deque()

    def started() -> Iterator[CleaningStarted]:
        for source in (stored, new):
            for tag, item in source:
                tags.append(tag)
                yield item

    for article in finish_cleaning(started(), settings):
        yield tags.popleft(), article
