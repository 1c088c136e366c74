"""The store tests' articles (tests/store/corpus.py) and the server helper on the import
path, and one server over the shared test store."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "store"))
sys.path.insert(0, str(Path(__file__).parent))

from webserver import serving  # noqa: E402


@pytest.fixture(scope="session")
def server(desk) -> Iterator[str]:
    _, db, _ = desk
    with serving(db) as base:
        yield base
