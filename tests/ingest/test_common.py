"""Shared helpers: outlet table, dates, decoding, bounds, headlines."""

from __future__ import annotations

import time

import pytest

from newstally.ingest.common import bound_text, decode_text, headline_of, iso_published
from newstally.ingest.outlets import (
    canonical_outlet,
    outlet_for_url,
    outlet_from_title,
    resolve_outlet,
)
from newstally.ingest.registry import InputProblem
from newstally.rules import load_table


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.themoscowtimes.com/2018/02/20/x", "The Moscow Times"),
        ("https://www.bbc.co.uk/news/world-middle-east-1", "BBC News"),
        ("https://www.bbc.com/news/x", "BBC News"),
        ("https://edition.cnn.com/2024/01/01/x", "CNN"),
        ("https://apnews.com/article/x", "Associated Press"),
        ("https://radiomeridian.example/news/x", "Radio Meridian"),
        ("https://www.harborledger.example/world/x", "The Harbor Ledger"),
        ("http://web.archive.org/web/20151114163750/http://www.bbc.co.uk:80/news/x", "BBC News"),
        ("https://web.archive.org/web/2015id_/https://apnews.com/article/x", "Associated Press"),
        ("https://web.archive.org/web/20151114163750/http://unknown.example/x", None),
        ("https://notbbc.co.uk/x", None),
        ("https://unknown.example/x", None),
        ("not a url", None),
        (None, None),
    ],
)
def test_outlet_for_url(url, outlet):
    assert outlet_for_url(url) == outlet


def test_names_and_aliases():
    assert canonical_outlet("the bbc") == "BBC News"
    assert canonical_outlet("Harbor Ledger") == "The Harbor Ledger"
    assert canonical_outlet("Valley Gazette") is None
    assert resolve_outlet("Valley Gazette", "https://www.bbc.com/x") == "Valley Gazette"
    assert resolve_outlet("bbc.com", "https://www.bbc.com/x") == "BBC News"  # a host, not a name
    assert resolve_outlet(None, "https://northgatewire.example/x") == "Northgate Wire"


def test_outlet_table_shape():
    outlets = load_table("outlets")["outlets"]
    for name in ("The Harbor Ledger", "Northgate Wire", "Radio Meridian", "Daily Kestrel"):
        assert name in outlets
    domains = [d for entry in outlets.values() for d in entry["domains"]]
    assert len(domains) == len(set(domains))
    assert all(isinstance(entry["aliases"], list) for entry in outlets.values())


@pytest.mark.parametrize(
    ("title", "outlet"),
    [
        ("Valley Gazette - Latest News", "Valley Gazette"),
        ("BBC News - World", "BBC News"),
        ("Top stories | Reuters", "Reuters"),
        ("World news", None),
        ("Latest headlines", None),
        (None, None),
    ],
)
def test_outlet_from_title(title, outlet):
    assert outlet_from_title(title) == outlet


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-14", "2025-03-14"),
        ("2025-03-14T11:20:00Z", "2025-03-14T11:20:00+00:00"),
        ("2025-03-14T11:20:00+02:00", "2025-03-14T11:20:00+02:00"),
        ("Fri, 14 Mar 2025 10:30:00 +0000", "2025-03-14T10:30:00+00:00"),
        ("14 March 2025", "2025-03-14T00:00:00"),
        ("Friday", None),  # would be "some Friday near today": never invent a date
        ("March 2025", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (time.strptime("2025-03-14 10:30", "%Y-%m-%d %H:%M"), "2025-03-14T10:30:00+00:00"),
    ],
)
def test_iso_published(value, expected):
    assert iso_published(value) == expected


def test_decode_text():
    assert decode_text("Zoë".encode()) == "Zoë"
    assert decode_text("Zoë".encode("utf-16")) == "Zoë"
    assert (
        decode_text("caf\u00e9 \u201cquoted\u201d".encode("cp1252"))
        == "caf\u00e9 \u201cquoted\u201d"
    )
    with pytest.raises(InputProblem, match=r"byte 0x81 at offset 4"):
        decode_text(b"abc \x81 def")
    with pytest.raises(InputProblem, match="binary data"):
        decode_text(b"\x00\x01\x02abc")


def test_bound_text_cuts_at_paragraph():
    text = "First paragraph here.\n\nSecond paragraph here.\n\nThird paragraph here."
    kept, removed = bound_text(text, 50)
    assert kept == "First paragraph here.\n\nSecond paragraph here."
    assert removed is not None and removed.reason == "truncated"
    assert removed.text == f"[... {len(text) - len(kept)} characters cut]"
    assert bound_text(text, 1000) == (text, None)


def test_bound_text_without_boundaries_cuts_at_the_limit():
    kept, removed = bound_text("x" * 100, 40)
    assert kept == "x" * 40 and removed.text == "[... 60 characters cut]"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Gunmen attack market in Karsa\n\nBody.", "Gunmen attack market in Karsa"),
        ("Who counts the dead in Dunmore?\nBody.", "Who counts the dead in Dunmore?"),
        ("×\nGunmen attack market", None),
        ("Support us\nBody", None),  # fewer than three words
        ("Gunmen attacked the market in Karsa on Friday.\n", None),
        ("Related:\nBody", None),
        ("x" * 200, None),
    ],
)
def test_headline_of(text, title):
    assert headline_of(text) == title
