"""Fixtures for the cleaning tests: invented articles with the junk scrapers leave."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from newstally.clean import OutletDirectory
from newstally.rules import load_table

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def read_fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture()
def fixture_text():
    return read_fixture


@pytest.fixture()
def junk_table() -> Callable[..., dict]:
    """``junk_table(section=value, ...)``: a fresh copy of data/junk.toml with the given
    sections replaced (e.g. ``rule=[one_rule]``)."""

    def make(**sections: Any) -> dict:
        table = copy.deepcopy(load_table("junk"))
        table.update(sections)
        return table

    return make


@pytest.fixture(scope="session")
def outlets() -> OutletDirectory:
    """An outlet table of invented outlets, independent of data/outlets.toml."""
    return OutletDirectory.from_table(
        {
            "outlets": {
                "The Lakeside Courier": {"domains": ["lakesidecourier.example"], "aliases": []},
                "Radio Meridian": {
                    "domains": ["radiomeridian.example"],
                    "aliases": ["Meridian Radio"],
                },
                "Kestrel News": {
                    "domains": ["kestrel.example", "kestrelnews.example"],
                    "aliases": ["Kestrel", "KN"],
                },
                "The Harbor Ledger": {"domains": ["harborledger.example"], "aliases": []},
            }
        }
    )
