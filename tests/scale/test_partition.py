"""Partitioning: the chunks, read in order, are the stream one machine reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstally.ingest import read_inputs
from newstally.model import Article, Failure
from newstally.scale import partition, read_chunk
from newstally.scale.partition import WholeFileFailures
from newstally.settings import Settings

from .conftest import warc_records, write_corpus


def _read_all(inputs: list[str], chunk_records: int) -> list[tuple[str, str, str]]:
    """The items of every chunk in order, as the client sees them."""
    settings = Settings()
    whole_files = WholeFileFailures()
    items = []
    for chunk in partition(inputs, chunk_records=chunk_records):
        read = read_chunk(chunk, settings)
        items += read + whole_files.after(chunk, read)
    return [_key(item) for item in items]


def _key(item: Article | Failure) -> tuple[str, str, str]:
    if isinstance(item, Failure):
        return ("failure", item.input, item.reason)
    return (item.id, item.origin, item.text)


@pytest.mark.parametrize("chunk_records", [1, 7, 256])
def test_chunks_read_in_order_are_what_one_machine_reads(tmp_path: Path, chunk_records: int):
    paths = write_corpus(tmp_path / "corpus", 60)
    inputs = [str(p) for p in paths]
    expected = [_key(item) for item in read_inputs(inputs, Settings())]
    assert _read_all(inputs, chunk_records) == expected


def test_examples_in_chunks_match_read_inputs(examples_dir: Path):
    expected = [_key(item) for item in read_inputs([str(examples_dir)], Settings())]
    assert _read_all([str(examples_dir)], 2) == expected


def test_large_jsonl_is_split_by_lines_with_their_numbers(tmp_path: Path):
    path = write_corpus(tmp_path / "corpus", 90)[0]  # 30 records
    chunks = partition([str(path)], chunk_records=8)
    pieces = [c.piece for c in chunks]
    assert all(p is not None for p in pieces)
    assert [p.first_line for p in pieces] == [1, 9, 17, 25]
    assert pieces[-1].end == path.stat().st_size
    origins = [a.origin for a in read_chunk(chunks[1], Settings())]
    assert origins[0] == f"{path}:9" and origins[-1] == f"{path}:16"


def test_a_bad_line_and_a_missing_file_are_failures_in_place(tmp_path: Path):
    path = tmp_path / "mixed.jsonl"
    lines = [b'{"id": "x%d", "text": "Two people were killed."}' % i for i in range(20)]
    lines[11] = b"{not json"
    path.write_bytes(b"\n".join(lines) + b"\n")
    inputs = [str(path), str(tmp_path / "absent.txt"), str(tmp_path / "*.nothing")]
    expected = [_key(item) for item in read_inputs(inputs, Settings())]
    got = _read_all(inputs, 5)
    assert got == expected
    assert ("failure", f"{path}:12", got[11][2]) == got[11]


def test_the_same_file_named_twice_is_read_once(tmp_path: Path):
    path = write_corpus(tmp_path / "corpus", 30)[0]
    assert _read_all([str(path), str(path)], 4) == _read_all([str(path)], 4)


def test_a_file_url_reads_the_articles_of_the_path(tmp_path: Path):
    pytest.importorskip("fsspec")
    path = write_corpus(tmp_path / "corpus", 30)[0]
    by_path = _read_all([str(path)], 4)
    by_url = _read_all([f"file://{path}"], 4)
    assert [(k[0], k[2]) for k in by_url] == [(k[0], k[2]) for k in by_path]
    assert by_url[0][1] == f"file://{path}:1"


def test_a_memory_url_directory_and_glob_read_as_the_local_directory(tmp_path: Path):
    fsspec = pytest.importorskip("fsspec")
    directory = tmp_path / "corpus"
    write_corpus(directory, 30)
    memory = fsspec.filesystem("memory")
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            memory.pipe(f"/issue21/{path.relative_to(directory).as_posix()}", path.read_bytes())
    memory.pipe("/issue21/.hidden.txt", b"Not an input.")
    try:
        local = _read_all([str(directory)], 4)
        by_url = _read_all(["memory://issue21"], 4)
        assert [(k[0], k[2]) for k in by_url] == [(k[0], k[2]) for k in local]
        assert by_url[0][1] == "memory:///issue21/batch0.jsonl:1"
        jsonl_only = _read_all(["memory://issue21/*.jsonl"], 4)
        assert [k[0] for k in jsonl_only] == [k[0] for k in local][: len(jsonl_only)]
        assert len(jsonl_only) == 20
        assert _read_all(["memory://issue21/none-*.jsonl"], 4) == [
            ("failure", "memory://issue21/none-*.jsonl", "no files match this pattern")
        ]
    finally:
        memory.rm("/issue21", recursive=True)


def test_standard_input_cannot_go_to_a_cluster():
    with pytest.raises(ValueError, match="standard input"):
        partition(["-"])


def _warc_slices(path: Path, chunk_records: int) -> int:
    return sum(c.piece is not None for c in partition([str(path)], chunk_records=chunk_records))


@pytest.mark.parametrize("gzip", [True, False])
def test_a_large_warc_is_split_by_records_and_reads_as_the_whole_file(tmp_path, gzip):
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    path.write_bytes(b"".join(warc_records(40, gzip)))
    expected = [_key(item) for item in read_inputs([str(path)])]
    assert len(expected) == 40 and _warc_slices(path, 4) >= 10
    assert _read_all([str(path)], 4) == expected


def test_a_split_warc_keeps_its_damage_where_the_whole_file_has_it(tmp_path):
    records = warc_records(30, gzip=True)
    damaged = bytearray(records[10])
    damaged[len(damaged) // 2 : len(damaged) // 2 + 40] = b"\x00" * 40
    records[10] = bytes(damaged)
    records[20] = records[20] + b"not a record, between two members"
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(b"".join(records) + b"trailing junk")
    expected = [_key(item) for item in read_inputs([str(path)])]
    assert sum(key[0] == "failure" for key in expected) == 3
    assert _warc_slices(path, 3) >= 5
    for chunk_records in (1, 2, 3, 7):
        assert _read_all([str(path)], chunk_records) == expected


def test_a_split_warc_without_html_records_fails_once_as_a_whole(tmp_path):
    path = tmp_path / "images.warc.gz"
    path.write_bytes(b"".join(warc_records(12, gzip=True, html=False)))
    expected = [_key(item) for item in read_inputs([str(path)])]
    assert expected == [("failure", str(path), "no HTML response records")]
    assert _warc_slices(path, 2) >= 3
    assert _read_all([str(path)], 2) == expected


def _rss(items: int, between: str = "") -> bytes:
    """An RSS feed of our own: a channel (title, link, language) around ``items`` items,
    HTML content, one item without text, a channel element after the items."""
    parts = []
    for i in range(items):
        if i == 5:
            parts.append("<item><title>Empty</title><link>https://marl.example/e</link></item>")
            continue
        parts.append(
            f"<item><title>Flood {i} in Marl</title><link>https://marl.example/n/{i}</link>"
            f"<pubDate>Sun, {1 + i % 28:02d} Mar 2025 08:00:00 GMT</pubDate>"
            f"<description><![CDATA[<p>Floods in Marl killed {i + 2} people, the district "
            f"office said. <item>not an item</item></p>]]></description></item>"
        )
        if i == 11:
            parts.append(between)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>Marl River Post</title><link>https://marl.example/</link>"
        "<language>en</language>\n" + "\n".join(parts) + "\n<ttl>60</ttl></channel></rss>\n"
    ).encode()


def _atom(entries: int) -> bytes:
    body = "".join(
        f"<entry><title>Fire {i} in Tessin</title><id>urn:fire:{i}</id>"
        f'<link href="https://tessin.example/f/{i}"/><updated>2025-05-{1 + i % 28:02d}T09:00:00Z'
        f'</updated><content type="html">&lt;p&gt;A fire in Tessin killed {i + 1} workers.'
        "&lt;/p&gt;</content></entry>"
        for i in range(entries)
    )
    return (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Tessin Courier</title>'
        f"<id>urn:tessin</id><updated>2025-05-30T00:00:00Z</updated>{body}</feed>"
    ).encode()


def _feed_slices(path: Path, chunk_records: int) -> int:
    chunks = partition([str(path)], chunk_records=chunk_records)
    return sum(c.piece is not None and c.piece.kind == "feed" for c in chunks)


def _records(inputs: list[str], chunk_records: int | None) -> list:
    """Every article's whole record (outlet, language, url, date ...) and every failure."""
    if chunk_records is None:
        items = list(read_inputs(inputs, Settings()))
    else:
        items = [
            item
            for chunk in partition(inputs, chunk_records=chunk_records)
            for item in read_chunk(chunk, Settings())
        ]
    return [(i.input, i.reason) if isinstance(i, Failure) else i.to_record() for i in items]


@pytest.mark.parametrize(("name", "content"), [("post.rss", _rss(40)), ("courier.xml", _atom(30))])
def test_a_large_feed_is_split_by_items_and_reads_as_the_whole_file(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    expected = _records([str(path)], None)
    assert len(expected) in (40, 30) and isinstance(expected[0], dict)
    assert sum(isinstance(e, tuple) for e in expected) == (1 if name.endswith(".rss") else 0)
    assert _feed_slices(path, 4) >= 8
    for chunk_records in (1, 4, 7):
        assert _records([str(path)], chunk_records) == expected
    second = read_chunk(partition([str(path)], chunk_records=4)[1], Settings())
    origins = [a.origin if isinstance(a, Article) else a.input for a in second]
    assert origins[0] == f"{path}#5"  # numbered as in the whole file


def test_a_feed_that_cannot_be_cut_exactly_is_read_whole(tmp_path):
    # A channel element between two items would belong to one slice only.
    between = tmp_path / "between.rss"
    between.write_bytes(_rss(40, between="<image><url>https://marl.example/logo</url></image>"))
    broken = tmp_path / "broken.rss"
    broken.write_bytes(_rss(40).replace(b"</channel>", b""))  # not well-formed
    for path in (between, broken):
        assert _feed_slices(path, 4) == 0
        assert _records([str(path)], 4) == _records([str(path)], None)


def test_web_archives_walked_on_the_workers_cut_as_here(tmp_path, cluster):
    _, client = cluster
    from newstally.scale.partition import warc_slices

    paths = []
    for n, gzip in enumerate((True, False)):
        path = tmp_path / (f"crawl{n}.warc.gz" if gzip else f"crawl{n}.warc")
        path.write_bytes(b"".join(warc_records(30, gzip)))
        paths.append(str(path))
    inputs = [*paths, *(str(p) for p in write_corpus(tmp_path / "corpus", 30))]
    walked: list[str] = []

    def walk(jobs):
        walked.extend(job[0] for job in jobs)
        return client.gather([client.submit(warc_slices, *job, pure=False) for job in jobs])

    here = partition(inputs, chunk_records=4)
    there = partition(inputs, chunk_records=4, walk=walk)
    assert walked == paths  # both archives, in one batch of tasks
    assert there == here and sum(c.piece is not None for c in there) >= 16
