"""Clean: remove scraper junk from extracted text, infer outlet and date (stub; issue 2)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..model import Article
from ..settings import Settings


def clean_articles(articles: Iterable[Article], settings: Settings | None = None) -> Iterator[Article]:
    """Clean each article in place and yield it (may buffer a bounded batch)."""
    raise NotImplementedError
