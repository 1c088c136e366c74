"""The store's SQLite schema and its versioned migrations (docs/store.md).

The schema version lives in ``PRAGMA user_version`` and the file is marked as a newstally
store by ``PRAGMA application_id``; each migration moves the file one version up inside
one transaction, so a newer newstally opens an older file, and an older one refuses a
newer file with a message instead of misreading it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import NewstallyError

# "nwst" as a 32-bit integer: `file` and sqlite3 show it, and it tells our files apart.
APPLICATION_ID = 0x6E777374

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, figures, statements, stories, slots, facets and full-text search.
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        identity TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1,
        revision_of TEXT,
        origin TEXT NOT NULL,
        outlet TEXT,
        title TEXT,
        url TEXT,
        published TEXT,
        text TEXT NOT NULL,
        added TEXT NOT NULL,
        record TEXT NOT NULL,
        UNIQUE (identity, content_hash)
    );
    CREATE INDEX articles_identity ON articles (identity);
    CREATE TABLE figures (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        article TEXT NOT NULL REFERENCES articles (id),
        category TEXT NOT NULL,
        value INTEGER,
        low INTEGER,
        high INTEGER,
        bound TEXT,
        source TEXT,
        source_kind TEXT,
        sentence TEXT,
        span_start INTEGER,
        span_end INTEGER,
        record TEXT NOT NULL
    );
    CREATE INDEX figures_article ON figures (article);
    CREATE TABLE statements (
        seq INTEGER PRIMARY KEY,
        article TEXT NOT NULL REFERENCES articles (id),
        source TEXT,
        kind TEXT,
        content TEXT,
        record TEXT NOT NULL
    );
    CREATE INDEX statements_article ON statements (article);
    CREATE TABLE stories (
        key INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        start TEXT,
        "end" TEXT,
        articles INTEGER NOT NULL,
        agreement TEXT NOT NULL,
        headline TEXT,
        outlets TEXT NOT NULL,
        input_hash TEXT NOT NULL,
        record TEXT NOT NULL,
        brief_data TEXT NOT NULL,
        chart_svg TEXT
    );
    CREATE INDEX stories_newest ON stories ("end" DESC, start DESC, id);
    CREATE TABLE story_articles (
        article_seq INTEGER PRIMARY KEY,
        article TEXT NOT NULL,
        story TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        story_key INTEGER NOT NULL
    );
    CREATE INDEX story_articles_story ON story_articles (story);
    CREATE INDEX story_articles_article ON story_articles (article);
    CREATE TABLE story_facets (
        story TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        value TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (kind, value, story)
    ) WITHOUT ROWID;
    CREATE INDEX story_facets_story ON story_facets (story);
    CREATE TABLE slots (
        id TEXT PRIMARY KEY,
        story TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        category TEXT NOT NULL,
        scope TEXT NOT NULL,
        low INTEGER,
        best INTEGER,
        high INTEGER,
        agreement TEXT NOT NULL,
        record TEXT NOT NULL
    );
    CREATE INDEX slots_story ON slots (story, position);
    CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, text, content='articles', content_rowid='seq', tokenize='unicode61'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
    END;
    """,
    # 2: what `add` needs to clean in any batches as one `run` (docs/store.md): the hash of
    # each article as read (before cleaning), its cleaning state before the corpus step
    # (zlib-compressed JSON; NULL for articles stored by version 1, which are never
    # cleaned again), its story-grouping features (a cache, zlib-compressed JSON), and the
    # full-text index kept when a re-cleaned article is updated.
    """
    ALTER TABLE articles ADD COLUMN raw_hash TEXT;
    ALTER TABLE articles ADD COLUMN cleaning BLOB;
    ALTER TABLE articles ADD COLUMN features BLOB;
    CREATE INDEX articles_raw ON articles (identity, raw_hash);
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(NewstallyError):
    """The store file cannot be used; ``str()`` names the file and the reason."""


def connect(path: Path, *, write: bool = False) -> sqlite3.Connection:
    """A connection to the store at ``path``, migrated to the current schema when writing.

    Readers open the file read-only (it must exist and be current); writers create it. WAL
    mode lets readers go on answering while one writer commits.
    """
    if not write and not path.exists():
        raise StoreError(f"{path}: no such store (create it with `newstally add ... --db {path}`)")
    try:
        if write:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=30.0, isolation_level=None)
        else:
            uri = f"{path.resolve().as_uri()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, timeout=30.0, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA foreign_keys = ON")
        _check(conn, path, write)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a usable SQLite store ({exc})") from exc
    return conn


def _check(conn: sqlite3.Connection, path: Path, write: bool) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    empty = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    if not (app == APPLICATION_ID or (empty and version == 0)):
        raise StoreError(f"{path}: not a newstally store (an SQLite file of another program)")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: written by a newer newstally (store schema {version}; this version "
            f"reads up to {SCHEMA_VERSION}); upgrade newstally to open it"
        )
    if version < SCHEMA_VERSION:
        if not write:
            raise StoreError(
                f"{path}: store schema {version} is older than {SCHEMA_VERSION}; "
                "run `newstally add` on it once to migrate it"
            )
        migrate(conn)
    if write:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")


def migrate(conn: sqlite3.Connection) -> None:
    """Apply every migration above the file's version, one transaction each."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for number in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # user_version may have moved while we waited for the write lock.
            if conn.execute("PRAGMA user_version").fetchone()[0] != number:
                conn.execute("ROLLBACK")
                continue
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    """The statements of a migration script (triggers hold ';' inside BEGIN ... END)."""
    out: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out
