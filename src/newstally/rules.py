"""Loads the rule tables kept as data in ``newstally/data/*.toml``.

Each table (number words, vague quantities, casualty terms, hedges, junk patterns,
outlets, ...) lives in exactly one TOML file with comments that document it; code reads
it through `load_table` and never hard-codes its entries.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_table(name: str) -> dict[str, Any]:
    """Return the parsed ``data/<name>.toml`` table (cached; treat it as read-only)."""
    path = resources.files("newstally") / "data" / f"{name}.toml"
    with path.open("rb") as fh:
        return tomllib.load(fh)
