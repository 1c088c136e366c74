"""Ingest: read every common news input into `Article`s (stub; see issue 2)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..model import Article, Failure
from ..settings import Settings


def read_inputs(inputs: Iterable[str], settings: Settings | None = None) -> Iterator[Article | Failure]:
    """Yield an Article per readable document and a Failure per unreadable input."""
    raise NotImplementedError
