"""The per-article stages over a stream: order, failures in place, worker processes."""

from __future__ import annotations

import gc

from newstally.model import Article, Failure
from newstally.pipeline import analyse, extract_line
from newstally.settings import Settings

TEXTS = [
    "Flooding along the Varra river killed 12 people on Monday, the regional governor said.",
    "The town council met on Tuesday to discuss the new library budget.",
    "At least 30 passengers were injured when a bus overturned near Keltmoor, police said.",
]


def articles(n: int) -> list[Article | Failure]:
    items: list[Article | Failure] = [
        Article(id=f"a{i}", origin=f"a{i}", text=TEXTS[i % len(TEXTS)]) for i in range(n)
    ]
    items.insert(2, Failure("broken.html", "ingest: not HTML"))
    return items


def test_failures_keep_their_place_and_jobs_do_not_change_results() -> None:
    one = list(analyse(articles(7), Settings(jobs=1), finish=extract_line))
    two = list(analyse(articles(7), Settings(jobs=2), finish=extract_line))
    assert isinstance(one[2], Failure) and isinstance(two[2], Failure)
    assert [x.line for x in one if not isinstance(x, Failure)] == [
        x.line for x in two if not isinstance(x, Failure)
    ]
    assert [x.figures for x in one if not isinstance(x, Failure)] == [1, 0, 1, 1, 0, 1, 1]


def test_worker_pool_leaves_the_garbage_collector_as_it_found_it() -> None:
    assert gc.get_freeze_count() == 0
    list(analyse(articles(4), Settings(jobs=2), finish=extract_line))
    assert gc.get_freeze_count() == 0
