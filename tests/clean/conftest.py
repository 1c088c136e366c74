"""Fixtures for the cleaning tests: invented articles with the junk scrapers leave."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstally.clean import OutletDirectory

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def read_fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture()
def fixture_text():
    return read_fixture


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
