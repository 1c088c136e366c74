"""Input naming: directories, globs, unknown and missing inputs, gzip, robustness."""

from __future__ import annotations

import gzip
import json

import pytest

from newstally.ingest import READERS, read_path
from newstally.ingest.registry import Reader
from newstally.model import Article

REPORT = "Quarry blast injures four in Eskdale\n\nFour workers were injured on Monday.\n"


@pytest.fixture
def tree(tmp_path):
    """A small input tree with files to read and files to skip."""
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / "a" / "one.txt").write_text(REPORT)
    (tmp_path / "a" / "one.meta.json").write_text(json.dumps({"outlet": "Valley Gazette"}))
    (tmp_path / "b" / "two.txt").write_text(REPORT.replace("four", "five"))
    (tmp_path / "b" / "three.jsonl").write_text(json.dumps({"id": "r3", "text": "Six hurt."}))
    (tmp_path / "notes.md").write_text("# notes")
    (tmp_path / "make_things.py").write_text("print('hi')")
    (tmp_path / ".hidden.txt").write_text(REPORT)
    (tmp_path / ".cache" / "four.txt").write_text(REPORT)
    return tmp_path


def test_directory_is_read_recursively_in_sorted_order(tree, read):
    articles, failures = read(tree)
    assert failures == []
    assert [a.origin for a in articles] == [
        str(tree / "a" / "one.txt"),
        f"{tree / 'b' / 'three.jsonl'}:1",
        str(tree / "b" / "two.txt"),
    ]
    assert articles[0].outlet == "Valley Gazette"


def test_glob_pattern(tree, read):
    articles, failures = read(str(tree / "**" / "*.txt"))
    assert failures == []
    assert [a.origin for a in articles] == [
        str(tree / "a" / "one.txt"),
        str(tree / "b" / "two.txt"),
    ]


def test_glob_without_matches(tmp_path, read):
    pattern = str(tmp_path / "*.warc.gz")
    articles, failures = read(pattern)
    assert articles == []
    assert [(f.input, f.reason) for f in failures] == [(pattern, "no files match this pattern")]


def test_missing_path(tmp_path, read):
    missing = str(tmp_path / "nope.txt")
    articles, failures = read(missing)
    assert [(f.input, f.reason) for f in failures] == [(missing, "no such file or directory")]


def test_unknown_type_and_binary_named_explicitly(tree, read):
    binary = tree / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    articles, failures = read(tree / "notes.md", binary)
    assert articles == []
    assert failures[0].reason.startswith("unknown type (readable: ")
    assert failures[1].reason == "binary data, not text"


def test_a_file_named_twice_is_read_once(tree, read):
    articles, failures = read(tree / "a", tree / "a" / "one.txt", tree)
    assert failures == []
    assert len(articles) == 3


def test_gzipped_text(tmp_path, read):
    path = tmp_path / "report.txt.gz"
    path.write_bytes(gzip.compress(REPORT.encode()))
    [article] = read(path)[0]
    assert article.origin == str(path)
    assert article.title == "Quarry blast injures four in Eskdale"
    assert article.id.startswith("report-")


def test_truncated_gzipped_text(tmp_path, read):
    path = tmp_path / "report.txt.gz"
    path.write_bytes(gzip.compress((REPORT * 50).encode())[:-30])
    articles, failures = read(path)
    [article] = articles
    assert article.text and (REPORT * 50).startswith(article.text[:200])
    [failure] = failures
    assert failure.input == str(path)
    assert failure.reason.startswith("truncated gzip stream; the ")


def test_gzip_with_trailing_garbage_keeps_the_text(tmp_path, read):
    path = tmp_path / "report.txt.gz"
    path.write_bytes(gzip.compress(REPORT.encode()) + b"\x1b[2Jnot gzip")
    [article], [failure] = read(path)
    assert article.title == "Quarry blast injures four in Eskdale"
    assert failure.reason == "12 bytes after the gzip data are not gzip, ignored"


def test_two_gzip_members_are_one_text(tmp_path, read):
    path = tmp_path / "report.txt.gz"
    half = len(REPORT) // 2
    path.write_bytes(gzip.compress(REPORT[:half].encode()) + gzip.compress(REPORT[half:].encode()))
    [article], failures = read(path)
    assert failures == [] and article.title == "Quarry blast injures four in Eskdale"


def test_a_crashing_reader_becomes_a_failure(tmp_path, monkeypatch, read):
    def explode(source, settings):
        raise RuntimeError("reader bug")
        yield

    monkeypatch.setitem(READERS, "text", Reader(name="text", suffixes=(".txt",), read=explode))
    (tmp_path / "x.txt").write_text(REPORT)
    (tmp_path / "y.jsonl").write_text(json.dumps({"text": "Two hurt."}))
    articles, failures = read(tmp_path)
    assert len(articles) == 1  # the batch went on
    assert failures[0].reason == "could not read (RuntimeError: reader bug)"


def test_read_path_streams(tree):
    items = read_path(tree)
    first = next(items)
    assert isinstance(first, Article)
    assert first.origin.endswith("one.txt")
