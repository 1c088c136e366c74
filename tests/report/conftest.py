"""Fixtures for the report tests: stories reconciled from hand-built articles (the factory
of tests/reconcile)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reconcile"))

from figure_factory import make_story, ridge_articles  # noqa: E402

from newstally.model import Article, Story  # noqa: E402
from newstally.reconcile import reconcile_story  # noqa: E402
from newstally.report import add_brief  # noqa: E402


@pytest.fixture
def ridge_done() -> tuple[Story, dict[str, Article]]:
    post, herald = ridge_articles()
    articles = {post.id: post, herald.id: herald}
    story = reconcile_story(make_story(post, herald), articles)
    add_brief(story, articles)
    return story, articles
