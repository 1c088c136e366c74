"""The store: add in batches = one run, identity and revisions, migrations, exports."""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from pathlib import Path

import pytest
from corpus import FLOOD, write_jsonl

from newstally.pipeline import add_to_store, export_from_store
from newstally.settings import Settings
from newstally.store import (
    SCHEMA_VERSION,
    QueryError,
    Store,
    StoreError,
    StoryFilter,
    connect,
    normalise_url,
)
from newstally.store.export import COLUMNS, flatten
from newstally.store.query import export_records, list_stories


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def exported(db: Path, what: str, tmp_path: Path, **filters: str) -> list[dict]:
    out = tmp_path / f"{what}.jsonl"
    export_from_store(db, what, "jsonl", out, dict(filters))
    return jsonl(out)


def test_batches_store_what_one_run_writes(desk, tmp_path: Path) -> None:
    _, db, out = desk
    assert exported(db, "articles", tmp_path) == jsonl(out / "articles.jsonl")
    assert exported(db, "figures", tmp_path) == jsonl(out / "figures.jsonl")
    stories = json.loads((out / "stories.json").read_text())["stories"]
    assert len(stories) >= 2
    assert exported(db, "stories", tmp_path) == stories
    assert exported(db, "slots", tmp_path) == [slot for s in stories for slot in s["slots"]]
    statements = [s for story in stories for s in story["statements"]]
    assert {json.dumps(s, sort_keys=True) for s in exported(db, "statements", tmp_path)} >= {
        json.dumps(s, sort_keys=True) for s in statements
    }


def test_adding_the_same_inputs_again_stores_nothing(desk) -> None:
    inputs, db, _ = desk
    before = sqlite3.connect(db).execute("SELECT count(*), max(seq) FROM articles").fetchone()
    stats, known = add_to_store(inputs, db, Settings(jobs=1))
    assert (stats.articles, known) == (0, 4)
    after = sqlite3.connect(db).execute("SELECT count(*), max(seq) FROM articles").fetchone()
    assert before == after


def test_file_is_wal_with_versioned_schema(desk) -> None:
    _, db, _ = desk
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_changed_text_under_the_same_url_is_a_revision(tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "a.jsonl", FLOOD[:1])
    changed = dict(FLOOD[0], text=FLOOD[0]["text"].replace("killed 12", "killed 14"))
    # The same page with a tracking parameter and another case of host: the same identity.
    changed["url"] = "HTTPS://www.HarbourPost.example/news/varra-flood/?utm_medium=x#top"
    second = write_jsonl(tmp_path / "b.jsonl", [changed])
    db = tmp_path / "r.db"
    add_to_store([str(first)], db, Settings(jobs=1))
    stats, known = add_to_store([str(second)], db, Settings(jobs=1))
    assert (stats.articles, known) == (1, 0)
    rows = (
        sqlite3.connect(db)
        .execute("SELECT id, revision, revision_of FROM articles ORDER BY seq")
        .fetchall()
    )
    assert rows == [("harbour-1", 1, None), ("harbour-1~r2", 2, "harbour-1")]
    figures = sqlite3.connect(db).execute("SELECT id, article FROM figures").fetchall()
    assert all(fid.startswith(aid + ":") for fid, aid in figures)


def test_url_normalisation() -> None:
    assert normalise_url("https://www.A.example/x/?utm_source=1&b=2#f") == "https://a.example/x?b=2"
    assert normalise_url("javascript:alert(1)") is None
    assert normalise_url(None) is None


def test_a_newer_or_foreign_file_is_refused_with_a_reason(tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    Store(newer).close()
    sqlite3.connect(newer).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer newstally"):
        connect(newer)
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError, match="not a newstally store"):
        connect(foreign, write=True)
    with pytest.raises(StoreError, match="no such store"):
        connect(tmp_path / "missing.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="not a usable SQLite store"):
        connect(junk)


def test_an_older_file_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    sqlite3.connect(db).execute("PRAGMA user_version = 0").connection.close()
    Store(db).close()
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_filters_and_search(desk) -> None:
    _, db, _ = desk
    conn = connect(db)
    every = list_stories(conn, StoryFilter())
    assert every["total"] >= 2
    ends = [s["end"] for s in every["stories"]]
    assert ends == sorted(ends, reverse=True)
    flood = list_stories(conn, StoryFilter(q="Varra"))
    assert [s["title"] for s in flood["stories"]] and all(
        "Keltmoor" in s["title"] for s in flood["stories"]
    )
    assert list_stories(conn, StoryFilter(outlet="keltmoor daily"))["total"] == 1
    assert list_stories(conn, StoryFilter(since="2031-06-01"))["total"] == every["total"] - 1
    assert list_stories(conn, StoryFilter(until="2031-03-31"))["total"] == 1
    assert list_stories(conn, StoryFilter(category="displaced"))["total"] == 1
    with pytest.raises(QueryError, match="q: not a valid search"):
        list_stories(conn, StoryFilter(q='"unbalanced'))
    with pytest.raises(QueryError, match="since"):
        StoryFilter.parse({"since": "yesterday"})
    with pytest.raises(QueryError, match="category"):
        StoryFilter.parse({"category": "eaten"})


def test_filtered_export_holds_only_the_selected_stories(desk, tmp_path: Path) -> None:
    _, db, _ = desk
    articles = exported(db, "articles", tmp_path, q="Varra")
    assert {a["id"] for a in articles} == {"harbour-1", "daily-1"}
    figures = exported(db, "figures", tmp_path, q="Varra")
    assert figures and {f["article"] for f in figures} <= {"harbour-1", "daily-1"}


@pytest.mark.parametrize("what", ["articles", "figures", "statements", "stories", "slots"])
def test_csv_columns_cover_every_field(desk, tmp_path: Path, what: str) -> None:
    _, db, _ = desk
    records = list(export_records(connect(db), what))
    assert records
    skipped = {"slots", "statements"} if what == "stories" else set()
    for record in records:
        # (a null object, e.g. "when": null, has no sub-keys to compare)
        keys = {k for k, v in flatten(record).items() if k not in skipped and v is not None}
        assert keys - set(COLUMNS[what]) == set(), f"{what}: columns missing"
    out = tmp_path / f"{what}.csv"
    assert export_from_store(db, what, "csv", out, {}) == len(records)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == COLUMNS[what] and len(rows) == len(records)


def test_parquet_export(desk, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow not installed")
    _, db, _ = desk
    out = tmp_path / "figures.parquet"
    n = export_from_store(db, "figures", "parquet", out, {})
    table = pq.read_table(out)
    assert table.num_rows == n and table.column_names == COLUMNS["figures"]
    assert str(table.schema.field("quantity_value").type) == "int64"


def test_parquet_without_pyarrow_names_the_install(desk, tmp_path, monkeypatch) -> None:
    _, db, _ = desk
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    from newstally.errors import NewstallyError

    with pytest.raises(NewstallyError, match=r'pip install "newstally\[parquet\]"'):
        export_from_store(db, "figures", "parquet", tmp_path / "x.parquet", {})
    assert not (tmp_path / "x.parquet").exists()


def test_a_version_1_file_with_articles_is_migrated(desk, tmp_path: Path) -> None:
    """A file written by schema 1 (no cleaning state) opens for writing: migrated to the
    current version with its rows kept; a reader asks for that migration first."""
    from newstally.store.schema import MIGRATIONS, _statements

    db = tmp_path / "v1.db"
    conn = sqlite3.connect(db, isolation_level=None)
    for statement in _statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA application_id = 0x6E777374")
    conn.execute("PRAGMA user_version = 1")
    record = {"id": "old-1", "origin": "old.txt", "title": "Old", "text": "Old text."}
    conn.execute(
        "INSERT INTO articles (id, identity, content_hash, origin, text, added, record) "
        "VALUES ('old-1', 'id:old-1', 'h', 'old.txt', 'Old text.', '2031-01-01', ?)",
        (json.dumps(record),),
    )
    conn.close()
    if SCHEMA_VERSION > 1:
        with pytest.raises(StoreError, match="older than .*run `newstally add`"):
            connect(db)
    inputs, _, _ = desk
    add_to_store(inputs[:1], db, Settings(jobs=1))
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    rows = conn.execute("SELECT id, cleaning IS NULL FROM articles ORDER BY seq").fetchall()
    assert rows[0] == ("old-1", 1) and len(rows) == 4
    assert all(not legacy for _, legacy in rows[1:])
    assert conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Varra'")
