"""The bundled examples/ corpus reads to the articles other stages' tests rely on."""

from __future__ import annotations

import gzip
import importlib.util

import pytest

# origin (relative to examples/) -> (outlet, url, published, title)
EXPECTED = {
    "feeds/northgate_wire.xml#1": (
        "Northgate Wire",
        "https://northgatewire.example/world/veloria-karsa-market-attack-20250314",
        "2025-03-14T10:30:00+00:00",
        "Gunmen kill 12 in Veloria market attack, ministry says",
    ),
    "feeds/northgate_wire.xml#2": (
        "Northgate Wire",
        "https://northgatewire.example/world/veloria-belvik-bus-station-attack-20250321",
        "2025-03-21T20:15:00+00:00",
        "Gunmen kill four at Veloria bus station; 11 suspects arrested",
    ),
    "html/belvik_attack_ledger.html": (
        "The Harbor Ledger",
        "https://www.harborledger.example/world/2025/03/21/belvik-attack",
        "2025-03-21T22:30:00+00:00",
        "Four dead in Belvik bus station attack, 11 suspects held",
    ),
    "html/tavros_quake_kestrel.html": (
        "Daily Kestrel",
        "https://www.dailykestrel.example/news/2025/03/15/tavros-earthquake",
        "2025-03-15T09:05:00+00:00",
        "Tavros earthquake: nine dead, several dozen injured",
    ),
    "jsonl/reports.jsonl:1": (
        "Daily Kestrel",
        "https://www.dailykestrel.example/news/2025/03/14/karsa-market-massacre",
        "2025-03-14T13:40:00+00:00",
        "Karsa market massacre: ministry counts 12 dead",
    ),
    "jsonl/reports.jsonl:2": (
        "Northgate Wire",
        "https://northgatewire.example/world/veloria-tavros-earthquake-20250315",
        "2025-03-15T06:50:00+00:00",
        "Quake kills nine in Veloria's Tavros region",
    ),
    "txt/belvik_attack_kestrel.txt": (
        "Daily Kestrel",
        "https://www.dailykestrel.example/news/2025/03/21/belvik-bus-station-attack",
        "2025-03-21T21:10:00+00:00",
        "Four killed in gun attack on Belvik bus station",
    ),
    "txt/karsa_attack_ledger.txt": (
        "The Harbor Ledger",
        "https://www.harborledger.example/world/2025/03/14/karsa-market-attack",
        "2025-03-14T11:20:00+00:00",
        "Gunmen kill at least 12 in attack on Karsa market",
    ),
    "txt/karsa_governor_meridian.txt": (
        None,  # no metadata: the cleaning stage infers Radio Meridian from the text
        None,
        None,
        "Dunmore governor says Karsa death toll far higher than official count",
    ),
    "txt/tavros_quake_ledger.txt": (
        "The Harbor Ledger",
        "https://www.harborledger.example/world/2025/03/15/tavros-earthquake",
        "2025-03-15T07:45:00+00:00",
        "Earthquake in Tavros region kills at least nine",
    ),
    "warc/crawl.warc.gz@0": (
        "The Harbor Ledger",
        "https://www.harborledger.example/world/2025/03/15/karsa-death-toll-rises",
        "2025-03-15T16:00:00+00:00",
        "Karsa attack: death toll rises to 23, ministry says",
    ),
    "warc/crawl.warc.gz@950": (
        "Radio Meridian",
        "https://radiomeridian.example/news/tavros-quake-survivors",
        "2025-03-16T07:30:00+00:00",  # from WARC-Date: the page has no date
        "Tavros quake survivors spend the night in the cold",
    ),
}


@pytest.fixture(scope="module")
def example_articles(examples_dir):
    from newstally.ingest import read_inputs
    from newstally.model import Article

    items = list(read_inputs([str(examples_dir)]))
    failures = [i for i in items if not isinstance(i, Article)]
    assert failures == []
    prefix = f"{examples_dir}/"
    return {a.origin.removeprefix(prefix): a for a in items}


def test_every_example_reads_as_intended(example_articles):
    assert len(example_articles) == 12
    got = {
        origin: (a.outlet, a.url, a.published, a.title) for origin, a in example_articles.items()
    }
    assert got == EXPECTED


def test_ids_are_unique_and_jsonl_ids_kept(example_articles):
    ids = [a.id for a in example_articles.values()]
    assert len(set(ids)) == len(ids)
    assert example_articles["jsonl/reports.jsonl:1"].id == "kestrel-karsa-20250314"


def test_the_reprint_differs_from_the_wire_story_by_one_line(example_articles):
    wire = example_articles["feeds/northgate_wire.xml#1"].text.split("\n\n")
    copy = example_articles["jsonl/reports.jsonl:1"].text.split("\n\n")
    added = [p for p in copy if p not in wire]
    assert added == [
        "The Daily Kestrel has asked the Interior Ministry for the names of the victims."
    ]
    assert [p for p in copy if p in wire] == wire


def test_karsa_report_keeps_junk_for_the_cleaning_stage(example_articles):
    text = example_articles["txt/karsa_attack_ledger.txt"].text
    for junk in (
        "Support independent journalism",
        "Photo: J. Doe / Reuters",
        "Read more:",
        "Related:",
        "Facebook Twitter Email",
        "What happened in Karsa?",
    ):
        assert junk in text
    assert '12 people had "presumably" been killed' in text


def test_radio_meridian_report_carries_text_evidence_of_its_outlet(example_articles):
    text = example_articles["txt/karsa_governor_meridian.txt"].text
    assert "told Radio Meridian" in text and "A message from Radio Meridian" in text


def test_make_warc_reproduces_the_committed_file(examples_dir):
    spec = importlib.util.spec_from_file_location("make_warc", examples_dir / "make_warc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build()
    committed = (examples_dir / "warc" / "crawl.warc.gz").read_bytes()
    assert gzip.decompress(built) == gzip.decompress(committed)
