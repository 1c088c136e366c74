"""Fuzzing ingest with hypothesis: random bytes under every reader's name, random Unicode
(lone surrogates included) in JSON Lines records, and broken gzip, WARC, XML and JSON made
from good records of our own. Each case: nothing raises, every item is valid Unicode (JSON
can be written), the good inputs beside the bad one are all read, the bad one is named in
a failure with a reason or read, and `newstally ingest` writes nothing outside --out."""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from pathlib import Path

import hostile_corpus
import orjson
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newstally.ingest import read_inputs
from newstally.model import Article, Failure
from newstally.pipeline import ingest_to_file
from newstally.settings import Settings

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SUFFIXES = [".txt", ".html", ".jsonl", ".xml", ".warc", ".warc.gz", ".txt.gz", ".meta.json"]
GOOD_MARKERS = ["Goodone", "Goodtwo"]


def with_good_neighbours(folder: Path) -> None:
    (folder / "a_good.txt").write_text(hostile_corpus.report("Goodone", "Tarn", 3, 4))
    (folder / "z_good.jsonl").write_text(
        json.dumps({"text": hostile_corpus.report("Goodtwo", "Ulm", 5, 6)}) + "\n"
    )


def read_folder(folder: Path) -> tuple[list[Article], list[Failure]]:
    items = list(read_inputs([str(folder)], Settings()))
    for item in items:
        orjson.dumps(item.to_record() if isinstance(item, Article) else item.input + item.reason)
    articles = [i for i in items if isinstance(i, Article)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert all(f.reason.strip() for f in failures)
    return articles, failures


def check(folder: Path, bad_name: str | None = None, kept: list[str] = ()) -> list[Article]:
    """The good neighbours and ``kept`` markers are read; the bad file is accounted for."""
    articles, failures = read_folder(folder)
    texts = "\n".join(a.text for a in articles)
    for marker in [*GOOD_MARKERS, *kept]:
        assert marker in texts, marker
    if bad_name is not None:
        named = [a.origin for a in articles] + [f.input for f in failures]
        assert any(bad_name in origin for origin in named), (bad_name, named)
    out = folder.parent / "out"
    before = set(folder.parent.rglob("*"))
    ingest_to_file([str(folder)], out / "articles.jsonl", Settings())
    after = set(folder.parent.rglob("*"))
    assert {p for p in after - before if out not in p.parents and p != out} == set()
    return articles


def fresh_folder() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="newstally-fuzz-")


@FUZZ
@given(data=st.binary(min_size=1, max_size=4000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_under_every_name(data: bytes, suffix: str) -> None:
    with fresh_folder() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        with_good_neighbours(folder)
        (folder / f"m_random{suffix}").write_bytes(data)
        check(folder, None if suffix == ".meta.json" else "m_random")


@FUZZ
@given(title=st.text(max_size=200), text=st.text(max_size=500), ident=st.text(max_size=40))
def test_random_unicode_in_records(title: str, text: str, ident: str) -> None:
    record = {"id": ident, "title": title, "text": text}
    with fresh_folder() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        with_good_neighbours(folder)
        # ensure_ascii writes lone surrogates as \\udXXX escapes, as other producers do.
        (folder / "m_records.jsonl").write_text(json.dumps(record) + "\n")
        (folder / "m_text.txt").write_bytes(text.encode("utf-8", "surrogatepass"))
        articles = check(folder, "m_records")
        for article in articles:
            for value in (article.text, article.title or "", article.id):
                value.encode("utf-8")  # valid Unicode
                assert "\x00" not in value and "\x1b" not in value


def good_gzip() -> bytes:
    return gzip.compress(hostile_corpus.report("Zipmark", "Vell", 7, 8).encode(), mtime=0)


@FUZZ
@given(cut=st.integers(0, 400), junk=st.binary(max_size=64), at=st.integers(0, 400))
def test_broken_gzip(cut: int, junk: bytes, at: int) -> None:
    data = good_gzip()
    broken = data[: at % len(data)] + junk + data[at % len(data) + cut % 40 :]
    with fresh_folder() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        with_good_neighbours(folder)
        (folder / "m_broken.txt.gz").write_bytes(broken)
        (folder / "m_trailing.txt.gz").write_bytes(data + junk)
        check(folder, "m_broken", kept=["Zipmark"] if junk[:1] != b"\x1f" else [])


@FUZZ
@given(
    compressed=st.booleans(),
    offset=st.integers(0, 10_000),
    junk=st.binary(min_size=1, max_size=200),
)
# Damage over the line break before the next record: it still starts a record.
@example(compressed=False, offset=535, junk=b"\x00" * 11)
def test_broken_warc_keeps_the_records_around_the_damage(
    compressed: bool, offset: int, junk: bytes
) -> None:
    records = [
        hostile_corpus.warc_record("Firstrec", "Alma", 3, 4),
        hostile_corpus.warc_record("Middlerec", "Brin", 5, 6),
        hostile_corpus.warc_record("Lastrec", "Cove", 7, 8),
    ]
    if compressed:
        records = [gzip.compress(r, mtime=0) for r in records]
    middle = bytearray(records[1])
    # Damage the middle record's body (past its WARC headers when uncompressed).
    start = 0 if compressed else middle.index(b"\r\n\r\n") + 4
    where = start + offset % (len(middle) - start)
    middle[where : where + len(junk)] = junk
    with fresh_folder() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        with_good_neighbours(folder)
        name = "m_crawl.warc.gz" if compressed else "m_crawl.warc"
        (folder / name).write_bytes(records[0] + bytes(middle) + records[2])
        check(folder, "m_crawl", kept=["Firstrec", "Lastrec"])


@FUZZ
@given(cut=st.integers(1, 2000), junk=st.text(max_size=30))
def test_broken_feed_and_json(cut: int, junk: str) -> None:
    feed = hostile_corpus.feed([("Feedrec", "Dorn", 2, 3), ("Feedrec2", "Erl", 4, 5)])
    line = json.dumps({"id": "x", "text": hostile_corpus.report("Jsonrec", "Fal", 6, 7)})
    with fresh_folder() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        with_good_neighbours(folder)
        (folder / "m_feed.xml").write_text(feed[: cut % len(feed)] + junk)
        good = json.dumps({"id": "after", "text": hostile_corpus.report("Afterrec", "Gor", 1, 2)})
        (folder / "m_lines.jsonl").write_text(line[: cut % len(line)] + junk + "\n" + good + "\n")
        check(folder, "m_lines", kept=["Afterrec"])
        assert os.listdir(folder)
