"""Fixtures shared by every stage's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def nlp():
    """The default spaCy pipeline, loaded once per test session."""
    from newstally.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES
