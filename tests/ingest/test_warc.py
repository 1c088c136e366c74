"""WARC reader: HTML response records, offsets, dates, truncation."""

from __future__ import annotations

import io

from warc_bytes import make_warc

from newstally.settings import Settings

PAGE = """<html lang="en"><head><title>Bridge collapse in Tarn</title>
<meta property="og:site_name" content="Valley Gazette"></head><body><article>
<h1>Bridge collapse in Tarn</h1>
<p>An old road bridge collapsed into the river at Tarn on Monday morning while traffic was
crossing it, police said in a statement.</p>
<p>Three drivers were injured and one was missing, according to the fire brigade.</p>
</article></body></html>"""


CRAWL = [
    ("request", "https://valleygazette.example/tarn", "2024-05-06T09:00:00Z", "", b"GET /tarn"),
    (
        "response",
        "https://valleygazette.example/tarn",
        "2024-05-06T09:00:01Z",
        "text/html; charset=utf-8",
        PAGE.encode(),
    ),
    (
        "response",
        "https://valleygazette.example/logo.png",
        "2024-05-06T09:00:02Z",
        "image/png",
        b"\x89PNG\r\n\x1a\n....",
    ),
    (
        "response",
        "https://www.reuters.com/world/tarn-bridge",
        "2024-05-07T10:00:00Z",
        "text/html",
        PAGE.replace("Valley Gazette", "Reuters").replace("Tarn on", "Tarn late on").encode(),
    ),
]


def test_html_responses_become_articles(tmp_path, read):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(make_warc(CRAWL))
    articles, failures = read(path)
    assert failures == []
    assert [a.url for a in articles] == [
        "https://valleygazette.example/tarn",
        "https://www.reuters.com/world/tarn-bridge",
    ]
    first, second = articles
    assert first.outlet == "Valley Gazette"
    assert second.outlet == "Reuters"
    # No date in the pages: the record's WARC-Date.
    assert first.published == "2024-05-06T09:00:01+00:00"
    assert first.origin.startswith(f"{path}@")
    offsets = [int(a.origin.rsplit("@", 1)[1]) for a in articles]
    assert 0 < offsets[0] < offsets[1]
    assert "Three drivers were injured" in first.text
    assert first.id.startswith("tarn-") and second.id.startswith("tarn-bridge-")


def test_offset_points_at_the_record(tmp_path, read):
    data = make_warc(CRAWL)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data)
    from warcio.archiveiterator import ArchiveIterator

    [article, _] = read(path)[0]
    offset = int(article.origin.rsplit("@", 1)[1])
    record = next(iter(ArchiveIterator(io.BytesIO(data[offset:]))))
    assert record.rec_headers.get_header("WARC-Target-URI") == article.url


def test_uncompressed_warc(tmp_path, read):
    path = tmp_path / "crawl.warc"
    path.write_bytes(make_warc(CRAWL, gzip=False))
    articles, failures = read(path)
    assert failures == [] and len(articles) == 2


def test_truncated_gzip_keeps_records_read_so_far(tmp_path, read):
    data = make_warc(CRAWL)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - 200])
    articles, failures = read(path)
    assert [a.url for a in articles] == ["https://valleygazette.example/tarn"]
    assert [f.reason for f in failures if f.input.startswith(f"{path}@")] == [
        "truncated gzip stream"
    ]


def test_not_a_warc(tmp_path, read):
    path = tmp_path / "fake.warc"
    path.write_text("hello, this is not an archive\n")
    articles, failures = read(path)
    assert articles == []
    assert failures[0].reason == "not a WARC file (no WARC/ header)"


def test_warc_without_html_records(tmp_path, read):
    path = tmp_path / "images.warc.gz"
    path.write_bytes(make_warc([CRAWL[0], CRAWL[2]]))
    articles, failures = read(path)
    assert articles == []
    assert failures[0].reason == "no HTML response records"


def test_record_too_large(tmp_path, read):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(make_warc(CRAWL))
    articles, failures = read(path, settings=Settings(max_input_bytes=100))
    assert articles == []
    assert len(failures) == 2
    assert all("record too large" in f.reason and "@" in f.input for f in failures)


def test_warc_recognised_by_content(tmp_path, read):
    path = tmp_path / "download.bin"
    path.write_bytes(make_warc(CRAWL))
    assert len(read(path)[0]) == 2


def test_a_good_record_after_a_corrupt_gzip_member_is_kept(tmp_path, read):
    members = [make_warc([record]) for record in CRAWL]
    damaged = bytearray(members[1])
    damaged[len(damaged) // 2 : len(damaged) // 2 + 30] = b"\x00" * 30
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(members[0] + bytes(damaged) + members[2] + members[3])
    articles, failures = read(path)
    assert [a.url for a in articles] == ["https://www.reuters.com/world/tarn-bridge"]
    offset = len(members[0])
    assert [f.input for f in failures] == [f"{path}@{offset}"]
    assert failures[0].reason.startswith("corrupt gzip member")


def test_garbage_between_plain_records_is_skipped_and_listed(tmp_path, read):
    records = [make_warc([record], gzip=False) for record in CRAWL]
    garbage = b"\x1b[2J not a record\r\n" * 5
    path = tmp_path / "crawl.warc"
    path.write_bytes(records[0] + records[1] + garbage + records[2] + records[3])
    articles, failures = read(path)
    assert len(articles) == 2
    offset = len(records[0]) + len(records[1])
    assert [(f.input, f.reason) for f in failures] == [
        (f"{path}@{offset}", f"not a WARC record ({len(garbage)} bytes skipped)")
    ]


def test_gzip_warc_with_trailing_garbage_keeps_every_record(tmp_path, read):
    data = make_warc(CRAWL)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data + b"trailing junk")
    articles, failures = read(path)
    assert len(articles) == 2
    assert [(f.input, f.reason) for f in failures] == [
        (f"{path}@{len(data)}", "not gzip data (13 bytes skipped)")
    ]
