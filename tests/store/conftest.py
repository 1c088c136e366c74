"""A store built in two `add` batches, and one `run` over the same articles."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from corpus import FIRE, FLOOD, HOSTILE, write_jsonl  # noqa: E402


@pytest.fixture(scope="session")
def desk(tmp_path_factory):
    """(inputs, store path, run output dir): FLOOD+FIRE added first, HOSTILE second."""
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
