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


@pytest.fixture(scope="session")
def desk(tmp_path_factory):
    """A store built in two `newstally add` batches (two events, then a hostile article)
    and one `run` over the same articles: (inputs, store path, run output dir)."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent / "store"))
    from corpus import FIRE, FLOOD, HOSTILE, write_jsonl

    from newstally.pipeline import add_to_store, run
    from newstally.settings import Settings

    root = tmp_path_factory.mktemp("desk")
    first = write_jsonl(root / "first.jsonl", FLOOD + FIRE)
    second = write_jsonl(root / "second.jsonl", [HOSTILE])
    db = root / "desk.db"
    settings = Settings(jobs=1)
    add_to_store([str(first)], db, settings)
    add_to_store([str(second)], db, settings)
    out = root / "run"
    run([str(first), str(second)], out, settings)
    return [str(first), str(second)], db, out
