"""Fixtures for the ingest tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newstally.ingest import read_inputs
from newstally.model import Article, Failure
from newstally.settings import Settings

Read = Callable[..., tuple[list[Article], list[Failure]]]


@pytest.fixture
def read() -> Read:
    """read(*inputs, settings=None) -> (articles, failures), in the order yielded."""

    def _read(
        *inputs: str | Path, settings: Settings | None = None
    ) -> tuple[list[Article], list[Failure]]:
        items = list(read_inputs([str(i) for i in inputs], settings))
        assert all(isinstance(i, Article | Failure) for i in items)
        return (
            [i for i in items if isinstance(i, Article)],
            [i for i in items if isinstance(i, Failure)],
        )

    return _read
