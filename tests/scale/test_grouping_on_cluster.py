"""Grouping into stories as Dask tasks (`scale.grouping`) on a real LocalCluster: exactly
the stories of `stories.group_articles`, ids, members, copies and titles."""

from __future__ import annotations

import random

import pytest

from newstally.model import Article, Figure, Quantity, Source
from newstally.settings import Settings
from newstally.stories import DocumentFrequencies, group_articles

from .conftest import FILLER as SHARED_FILLER
from .conftest import PLACES, event_sentence

pytest.importorskip("distributed")

from newstally.scale import grouping  # noqa: E402

KINDS = (
    ("flood", "Floods swept through {place}, killing {n} people and leaving {m} injured."),
    ("attack", "Gunmen attacked a market in {place}; {n} people were killed, {m} hurt."),
    ("crash", "A bus left the road near {place}, killing {n} passengers and injuring {m}."),
    ("fire", "Fire gutted a warehouse in {place}; {n} workers died and {m} were hurt."),
)
FILLER = (*SHARED_FILLER, "Officials said the toll could rise as the search continued overnight.")
OFFICIAL = Source("the governor", "official")
OUTLETS = ("The Harbor Ledger", "Daily Kestrel", "Northgate Wire", "Radio Meridian")


def town(event: int) -> str:
    """A made-up town name of one event."""
    rng = random.Random(1000 + event)
    return "".join(rng.choice("bdgklmnrstv") + rng.choice("aeiou") for _ in range(3)).title()


def generated(count: int, seed: int = 9) -> list[Article]:
    """Reports of our own about many look-alike events: several outlets each, some
    undated or untitled, wire copies reprinted word for word, follow-ups weeks later."""
    rng = random.Random(seed)
    articles: list[Article] = []
    for i in range(count):
        event = rng.randrange(count // 4)
        kind, sentence = KINDS[event % len(KINDS)]
        place = f"{town(event)} {PLACES[event % len(PLACES)]}"
        day = 1 + event % 28
        month = 1 + (event // 28) % 12
        if rng.random() < 0.15 and articles:
            source = rng.choice(articles)  # a wire copy, another outlet
            articles.append(
                Article(
                    id=f"copy-{i:04d}",
                    origin=f"gen:{i}",
                    text=source.text,
                    title=source.title,
                    outlet=rng.choice(OUTLETS),
                    published=source.published,
                )
            )
            continue
        n, m = 2 + event % 17, 5 + event % 23
        body = [sentence.format(place=place, n=n, m=m), event_sentence(event)]
        body.append(rng.choice(FILLER))
        published = None if rng.random() < 0.1 else f"2025-{month:02d}-{day:02d}"
        if published and rng.random() < 0.1:
            published = f"2025-{min(12, month + 1):02d}-{day:02d}"  # a follow-up
        quantity = Quantity(str(n), n, n, n, "=")
        killed = Figure(f"gen-{i:04d}:f1", f"gen-{i:04d}", "killed", quantity, OFFICIAL, "", (0, 4))
        articles.append(
            Article(
                id=f"gen-{i:04d}",
                origin=f"gen:{i}",
                text=" ".join(body),
                title=None if rng.random() < 0.1 else f"{kind.title()} in {place}",
                outlet=rng.choice(OUTLETS),
                published=published,
                figures=[killed] if rng.random() < 0.5 else [],
            )
        )
    return articles


def _records(stories) -> list[tuple]:
    return [
        (s.id, s.title, s.articles, s.duplicates, s.outlets, s.start, s.end, [a.id for a in m])
        for s, m in stories
    ]


def _group_on_cluster(client, articles: list[Article], chunk: int) -> grouping.ClusterGrouping:
    work = grouping.ClusterGrouping(client, Settings(jobs=1))
    for start in range(0, len(articles), chunk):
        work.add(articles[start : start + chunk])
    return work


def test_stories_on_the_cluster_are_those_of_one_process(cluster, monkeypatch):
    _, client = cluster
    # Small blocks and batches, so that the pairs and components spread over many tasks.
    monkeypatch.setattr(grouping, "BLOCK_PAIRS", 400)
    monkeypatch.setattr(grouping, "COMPONENT_ARTICLES", 40)
    articles = generated(600)
    expected = group_articles(articles, Settings(jobs=1))
    shuffled = articles[:]
    random.Random(3).shuffle(shuffled)
    work = _group_on_cluster(client, shuffled, 37)
    got = work.group(shuffled, Settings(jobs=1))
    assert _records(got) == _records(expected)
    assert any(s.duplicates for s, _ in got)  # the copies were found
    assert sum(len(m) > 2 for _, m in got) >= 50  # and stories of several reports
    stats = work.stats
    assert stats.chunks == 17 and stats.blocks > 5 and stats.component_tasks >= 3


def test_the_examples_group_on_the_cluster_as_in_one_process(cluster, examples_dir):
    from newstally.pipeline import ingest

    _, client = cluster
    articles = [a for a in ingest([str(examples_dir)], Settings(jobs=1)) if hasattr(a, "text")]
    work = _group_on_cluster(client, articles, 2)
    assert _records(work.group(articles, Settings(jobs=1))) == _records(
        group_articles(articles, Settings(jobs=1))
    )


def test_an_article_not_prepared_on_the_cluster_is_an_error_not_a_wrong_story(cluster):
    _, client = cluster
    articles = generated(40)
    work = _group_on_cluster(client, articles[:30], 10)
    with pytest.raises(ValueError, match="not prepared"):
        work.group(articles, Settings(jobs=1))


def test_summed_document_frequencies_prune_as_the_whole_set_counts():
    # Many terms seen twice: the prune keeps some of equal count, chosen by term, so a sum
    # made in any order keeps the ones counting the whole set in one pass keeps.
    documents = [{f"t{i:03d}", f"t{(i + 1) % 300:03d}", "common"} for i in range(300)]
    whole = DocumentFrequencies.of(documents, max_vocabulary=100)
    halves: dict[str, int] = {}
    for part in (documents[150:], documents[:150]):
        for term, count in DocumentFrequencies.of(part, max_vocabulary=10**6).df.items():
            halves[term] = halves.get(term, 0) + count
    summed = DocumentFrequencies.from_counts(300, halves, max_vocabulary=100)
    assert summed.df == whole.df and len(whole.df) == 90
    assert summed.idf("t007") == whole.idf("t007")
    reversed_whole = DocumentFrequencies.of(documents[::-1], max_vocabulary=100)
    assert reversed_whole.df == whole.df
