"""The bundled example corpus: three events, one wire story reprinted."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstally.model import Article
from newstally.stories import group_stories


@pytest.fixture(scope="module")
def example_stories(examples_dir: Path) -> list[tuple[str, list[str], dict[str, str]]]:
    if not examples_dir.is_dir():
        pytest.skip("examples/ not found")
    from newstally.clean import clean_articles
    from newstally.ingest import read_inputs

    articles = [a for a in read_inputs([str(examples_dir)]) if isinstance(a, Article)]
    cleaned = list(clean_articles(articles))
    return [(s.title, s.articles, s.duplicates) for s, _ in group_stories(cleaned)]


def _story(stories: list[tuple[str, list[str], dict[str, str]]], word: str) -> list[str]:
    return sorted({a for _, articles, _ in stories for a in articles if word in a})


def test_examples_make_three_stories(example_stories) -> None:  # noqa: ANN001
    assert len(example_stories) == 3
    titles = " ".join(title for title, _, _ in example_stories).lower()
    assert "market" in titles and "bus station" in titles and "quake" in titles


def test_karsa_and_belvik_attacks_stay_apart(example_stories) -> None:  # noqa: ANN001
    for _, articles, _ in example_stories:
        joined = " ".join(articles).lower()
        assert not ("karsa" in joined and "belvik" in joined)
        assert not ("karsa" in joined and "tavros" in joined)


def test_the_reprinted_wire_story_is_one_duplicate(example_stories) -> None:  # noqa: ANN001
    duplicates = [d for _, _, d in example_stories if d]
    assert len(duplicates) == 1
    ((copy, original),) = duplicates[0].items()
    assert "kestrel" in copy and "northgate" in original


def test_without_dates_names_alone_keep_the_two_attacks_apart(examples_dir: Path) -> None:
    if not examples_dir.is_dir():
        pytest.skip("examples/ not found")
    from dataclasses import replace

    from newstally.clean import clean_articles
    from newstally.ingest import read_inputs

    articles = [a for a in read_inputs([str(examples_dir)]) if isinstance(a, Article)]
    undated = [replace(a, published=None) for a in clean_articles(articles)]
    stories = [s.articles for s, _ in group_stories(undated)]
    assert len(stories) == 3
    for ids in stories:
        joined = " ".join(ids).lower()
        assert not ("karsa" in joined and "belvik" in joined)
