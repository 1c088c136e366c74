"""Fixtures for the reconcile tests; the factory lives in figure_factory.py (also used by
tests/report)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figure_factory import make_story, ridge_articles  # noqa: E402

from newstally.model import Article, Story  # noqa: E402


@pytest.fixture
def ridge() -> tuple[Story, dict[str, Article]]:
    post, herald = ridge_articles()
    return make_story(post, herald), {post.id: post, herald.id: herald}
