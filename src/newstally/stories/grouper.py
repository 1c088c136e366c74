"""Story ids and story titles."""

from __future__ import annotations

import hashlib

from ..model import Article, Story
from ..nlp import split_sentences

ClosedStory = tuple[Story, list[Article]]


def story_id(first_article_id: str) -> str:
    """A stable story id from the id of the story's first article (canonical order)."""
    return "s-" + hashlib.sha1(first_article_id.encode("utf-8")).hexdigest()[:8]


def headline(article: Article, max_chars: int = 120) -> str:
    """The article's title, else its first sentence cut to ``max_chars``."""
    title = " ".join((article.title or "").split())
    if title:
        return title[:max_chars]
    spans = split_sentences(article.text[:5000])
    if not spans:
        return article.id[:max_chars]
    a, b = spans[0]
    first = " ".join(article.text[a:b].split())
    return first if len(first) <= max_chars else first[: max_chars - 1].rstrip() + "…"
