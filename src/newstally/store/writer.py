"""Writing the store: analysed articles in batches, then the stories recomputed.

Every batch of articles is one transaction and the stories are replaced in one more, so a
process killed at any moment leaves the file as it was after its last commit; running the
same `add` again skips what is stored (by identity and content hash) and finishes the rest.

Stories are recomputed over all stored articles (their set: the grouping does not depend
on order or batching), with the functions `newstally run` uses (`group_articles`,
`reconcile_story`, `build_brief_data`),
so a store holds the stories one `run` over the same articles gives. Only the analysis
of each article (the expensive part) is stored once and never redone. A story whose
articles and settings are unchanged keeps its stored reconciliation; only the stories an
`add` touched are reconciled again.
"""

from __future__ import annotations

import hashlib
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from ..model import Article, Failure, Story
from ..rules import load_table
from ..settings import Settings
from .records import article_from_record, content_hash, dumps, identity, statement_from_record
from .schema import connect

# Articles loaded at a time when the stories are recomputed.
LOAD_CHUNK = 500


@dataclass(slots=True)
class AddResult:
    stored: int = 0  # new articles (revisions included)
    revisions: int = 0
    known: int = 0  # already stored, skipped
    recleaned: int = 0  # stored articles replaced after cleaning again


class Store:
    """A store opened for writing (one writer at a time; readers are never blocked)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = connect(path, write=True)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- articles ----------------------------------------------------------------------

    def is_stored(self, key: str, raw_hash: str) -> bool:
        """Whether the input with this identity and hash as read (`records.content_hash`
        of the article before cleaning) is stored already."""
        row = self.conn.execute(
            "SELECT 1 FROM articles WHERE identity = ? AND raw_hash = ?", (key, raw_hash)
        ).fetchone()
        return row is not None

    def cleaning_states(self) -> Iterator[tuple[int, dict[str, Any], bytes]]:
        """(seq, articles.jsonl record, cleaning state) of every stored article that has
        a cleaning state, in the order stored (`store.cleaning`)."""
        top = self.conn.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0]
        last = 0
        while last < top:
            rows = self.conn.execute(
                "SELECT seq, record, cleaning FROM articles WHERE seq > ? AND seq <= ? "
                "AND cleaning IS NOT NULL ORDER BY seq LIMIT ?",
                (last, top, LOAD_CHUNK),
            ).fetchall()
            if not rows:
                return
            for seq, record, state in rows:
                yield seq, orjson.loads(record), state
            last = rows[-1][0]

    def cleaning_settled(self, settings: Settings) -> bool:
        """Whether the last `add` replayed cleaning over exactly the stored articles with
        these settings and stored every change (so another replay changes nothing)."""
        return _meta(self.conn, "cleaning_state") == _cleaning_state(self.conn, settings)

    def settle_cleaning(self, settings: Settings) -> None:
        with self.conn:
            _set_meta(self.conn, "cleaning_state", _cleaning_state(self.conn, settings))

    def add_articles(
        self,
        articles: Iterable[Article],
        raw: Iterable[tuple[str, bytes | None]] | None = None,
        recleaned: Iterable[tuple[int, Article]] = (),
    ) -> AddResult:
        """Store analysed articles (with figures and statements) in one transaction;
        those stored already are skipped. ``raw`` gives each article's hash as read and
        its cleaning state; ``recleaned`` are stored articles (by seq) cleaned and
        analysed again, replaced in the same transaction."""
        result = AddResult()
        now = datetime.now(UTC).isoformat(timespec="seconds")
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            for seq, article in recleaned:
                result.recleaned += _replace_article(conn, seq, article)
            for article, (raw_hash, state) in zip(
                articles, raw if raw is not None else _no_raw(), strict=False
            ):
                key, chash = identity(article), content_hash(article)
                if conn.execute(
                    "SELECT 1 FROM articles WHERE identity = ? AND content_hash = ?", (key, chash)
                ).fetchone():
                    result.known += 1
                    continue
                previous = conn.execute(
                    "SELECT id, revision FROM articles WHERE identity = ? "
                    "ORDER BY revision DESC LIMIT 1",
                    (key,),
                ).fetchone()
                revision, revision_of = (previous[1] + 1, previous[0]) if previous else (1, None)
                _unique_id(conn, article, revision)
                _insert_article(
                    conn, article, (key, chash, raw_hash, state), revision, revision_of, now
                )
                result.stored += 1
                result.revisions += previous is not None
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return result

    # --- stories -----------------------------------------------------------------------

    def update_stories(
        self, settings: Settings, on_failure: Callable[[Failure], None] | None = None
    ) -> int:
        """Regroup all stored articles and replace the stories that changed, in one
        transaction; the number of stories stored."""
        state = _state(self.conn, settings)
        if _meta(self.conn, "stories_state") == state:
            return self.conn.execute("SELECT count(*) FROM stories").fetchone()[0]
        from ..stories import group_articles

        stored = dict(self.conn.execute("SELECT id, input_hash FROM stories").fetchall())
        hashes = dict(self.conn.execute("SELECT id, content_hash FROM articles").fetchall())
        kept: list[tuple[str, str | None, str]] = []  # (id, start, sort key) of unchanged
        fresh: list[dict[str, Any]] = []

        def finish(closed: list[tuple[Story, list[Article]]]) -> None:
            for story, members in closed:
                key = _input_hash(story, hashes, settings)
                if stored.get(story.id) == key:
                    kept.append((story.id, story.start, key))
                    continue
                # Grouping reads no statements; the stories reconciled again need them.
                statements = _by_article(self.conn, "statements", [a.id for a in members])
                for article in members:
                    article.statements = [
                        statement_from_record(s) for s in statements.get(article.id, [])
                    ]
                row = _reconciled_row(story, members, settings, key, on_failure)
                if row is not None:
                    fresh.append(row)

        cache = self._features(settings)
        known = set(cache)
        finish(group_articles(self._articles(), settings, features_cache=cache))
        features = [(_encode_features(f), aid) for aid, f in cache.items() if aid not in known]
        order = sorted(
            [(start or "", sid) for sid, start, _ in kept]
            + [(r["start"] or "", r["id"]) for r in fresh]
        )
        self._replace_stories({sid for sid, _, _ in kept}, fresh, order, state, features)
        return len(order)

    def _features(self, settings: Settings) -> dict[str, Any]:
        """The stored grouping features of the articles (article id -> features); all of
        them are dropped first when the code, rules or model that compute them changed."""
        key = _features_key(settings)
        if _meta(self.conn, "features_key") != key:
            with self.conn:
                self.conn.execute("UPDATE articles SET features = NULL")
                _set_meta(self.conn, "features_key", key)
        return {
            aid: _decode_features(aid, blob)
            for aid, blob in self.conn.execute(
                "SELECT id, features FROM articles WHERE features IS NOT NULL"
            )
        }

    def _articles(self) -> Iterator[Article]:
        """Every stored article with its figures (what grouping reads), in the order
        stored."""
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT seq, id, record FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
                (last, LOAD_CHUNK),
            ).fetchall()
            if not rows:
                return
            figures = _by_article(self.conn, "figures", [r[1] for r in rows])
            for _, aid, record in rows:
                yield article_from_record(orjson.loads(record), figures.get(aid, []))
            last = rows[-1][0]

    def _replace_stories(
        self,
        kept: set[str],
        fresh: list[dict[str, Any]],
        order: list[tuple[str, str]],
        state: str,
        features: list[tuple[bytes, str]],
    ) -> None:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany("UPDATE articles SET features = ? WHERE id = ?", features)
            for (sid,) in conn.execute("SELECT id FROM stories").fetchall():
                if sid not in kept:
                    conn.execute("DELETE FROM stories WHERE id = ?", (sid,))
            for row in fresh:
                _insert_story(conn, row)
            conn.executemany(
                "UPDATE stories SET position = ? WHERE id = ?",
                [(n, sid) for n, (_, sid) in enumerate(order)],
            )
            _set_meta(conn, "stories_state", state)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _unique_id(conn: sqlite3.Connection, article: Article, revision: int) -> None:
    """Give a revision whose id is taken (an input's own id reused for a changed text) an
    id of its own: ``<id>~r<revision>``, figure ids and references renamed with it."""
    if not conn.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
        return
    old, new = article.id, f"{article.id}~r{revision}"
    n = revision
    while conn.execute("SELECT 1 FROM articles WHERE id = ?", (new,)).fetchone():
        n += 1
        new = f"{old}~r{n}"
    article.id = new
    for figure in article.figures:
        figure.article = new
        if figure.id.startswith(old + ":"):
            figure.id = new + figure.id[len(old) :]
        if figure.part_of and figure.part_of.startswith(old + ":"):
            figure.part_of = new + figure.part_of[len(old) :]
    for statement in article.statements:
        statement.article = new


def _no_raw() -> Iterator[tuple[None, None]]:
    while True:
        yield None, None


def _insert_article(
    conn: sqlite3.Connection,
    article: Article,
    hashes: tuple[str, str, str | None, bytes | None],
    revision: int,
    revision_of: str | None,
    now: str,
) -> None:
    key, chash, raw_hash, state = hashes
    conn.execute(
        "INSERT INTO articles (id, identity, content_hash, revision, revision_of, origin, "
        "outlet, title, url, published, text, added, record, raw_hash, cleaning) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            article.id,
            key,
            chash,
            revision,
            revision_of,
            article.origin,
            article.outlet,
            article.title,
            article.url,
            article.published,
            article.text,
            now,
            dumps(article.to_record()),
            raw_hash,
            state,
        ),
    )
    _insert_analysis(conn, article)


def _replace_article(conn: sqlite3.Connection, seq: int, article: Article) -> int:
    """Replace a stored article (same id) that was cleaned and analysed again: its text,
    record, figures and statements; 0 when another stored revision of the same page holds
    that text already (the stored one is kept)."""
    key, chash = identity(article), content_hash(article)
    if conn.execute(
        "SELECT 1 FROM articles WHERE identity = ? AND content_hash = ? AND seq != ?",
        (key, chash, seq),
    ).fetchone():
        return 0
    conn.execute("DELETE FROM figures WHERE article = ?", (article.id,))
    conn.execute("DELETE FROM statements WHERE article = ?", (article.id,))
    conn.execute(
        "UPDATE articles SET content_hash = ?, outlet = ?, title = ?, published = ?, text = ?, "
        "record = ?, features = NULL WHERE seq = ?",
        (
            chash,
            article.outlet,
            article.title,
            article.published,
            article.text,
            dumps(article.to_record()),
            seq,
        ),
    )
    _insert_analysis(conn, article)
    return 1


def _insert_analysis(conn: sqlite3.Connection, article: Article) -> None:
    conn.executemany(
        "INSERT INTO figures (id, article, category, value, low, high, bound, source, "
        "source_kind, sentence, span_start, span_end, record) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                f.id,
                article.id,
                f.category,
                f.quantity.value,
                f.quantity.low,
                f.quantity.high,
                f.quantity.bound,
                f.source.text,
                f.source.kind,
                f.sentence,
                f.span[0],
                f.span[1],
                dumps(f.to_record()),
            )
            for f in article.figures
        ],
    )
    conn.executemany(
        "INSERT INTO statements (article, source, kind, content, record) VALUES (?, ?, ?, ?, ?)",
        [
            (article.id, s.source.resolved, s.source.kind, s.content.text, dumps(s.to_record()))
            for s in article.statements
        ],
    )


def _by_article(
    conn: sqlite3.Connection, table: str, ids: list[str]
) -> dict[str, list[dict[str, Any]]]:
    marks = ",".join("?" * len(ids))
    out: dict[str, list[dict[str, Any]]] = {}
    for article, record in conn.execute(
        f"SELECT article, record FROM {table} WHERE article IN ({marks}) ORDER BY seq", ids
    ):
        out.setdefault(article, []).append(orjson.loads(record))
    return out


def _settings_key(settings: Settings) -> str:
    return f"window={settings.window_days};policy={settings.policy}"


def _state(conn: sqlite3.Connection, settings: Settings) -> str:
    """A fingerprint of what the stories are computed from: the stored articles, in
    order, and the settings that group and reconcile them."""
    digest = hashlib.sha1(_settings_key(settings).encode(), usedforsecurity=False)
    for (chash,) in conn.execute("SELECT content_hash FROM articles ORDER BY seq"):
        digest.update(chash.encode())
    return digest.hexdigest()


def _features_key(settings: Settings) -> str:
    """What the grouping features of an article are computed with: this newstally, the
    model (its lemma tables), the stories rules and the code that reads them."""
    from ..stories import features as module
    from ..version import __version__

    digest = hashlib.sha1(f"{__version__};{settings.model}".encode(), usedforsecurity=False)
    digest.update(Path(module.__file__).read_bytes())
    digest.update(orjson.dumps(load_table("stories"), option=orjson.OPT_SORT_KEYS))
    return digest.hexdigest()


def _encode_features(f: Any) -> bytes:
    """An article's grouping features without its id (the row's)."""
    fields = [f.words, f.names, sorted(f.salient), sorted(f.areas), f.day, f.date]
    fields += [sorted(f.categories), sorted(f.headline)]
    return zlib.compress(orjson.dumps(fields), 1)


def _decode_features(aid: str, blob: bytes) -> Any:
    from ..stories.features import ArticleFeatures

    words, names, salient, areas, day, date, categories, headline = orjson.loads(
        zlib.decompress(blob)
    )
    return ArticleFeatures(
        aid,
        words,
        names,
        frozenset(salient),
        frozenset(areas),
        day,
        date,
        frozenset(categories),
        frozenset(headline),
    )


def _cleaning_state(conn: sqlite3.Connection, settings: Settings) -> str:
    """A fingerprint of what the cleaning replay reads: the stored inputs, in order, and
    the cleaning settings."""
    clean = sorted((k, str(v)) for k, v in settings.extra.items() if k.startswith("clean."))
    digest = hashlib.sha1(orjson.dumps(clean), usedforsecurity=False)
    for raw_hash, chash in conn.execute("SELECT raw_hash, content_hash FROM articles ORDER BY seq"):
        digest.update(f"{raw_hash}:{chash};".encode())
    return digest.hexdigest()


def _input_hash(story: Story, hashes: dict[str, str], settings: Settings) -> str:
    """A fingerprint of what a story's reconciliation reads: its grouping, its articles'
    contents and the settings."""
    digest = hashlib.sha1(_settings_key(settings).encode(), usedforsecurity=False)
    grouping = [
        story.id,
        story.title,
        story.articles,
        story.duplicates,
        story.outlets,
        story.start,
        story.end,
    ]
    digest.update(orjson.dumps(grouping, option=orjson.OPT_SORT_KEYS))
    for aid in story.articles:
        digest.update(hashes.get(aid, "").encode())
    return digest.hexdigest()


def _story_record(story: Story) -> dict[str, Any]:
    from ..report import story_record

    return story_record(story)


def _reconciled_row(
    story: Story,
    members: list[Article],
    settings: Settings,
    key: str,
    on_failure: Callable[[Failure], None] | None,
) -> dict[str, Any] | None:
    """A story reconciled exactly as `newstally run` does, as the row to store."""
    from ..reconcile import reconcile_story
    from ..report import add_brief, story_record
    from ..report.chart import story_chart_svg

    by_id = {a.id: a for a in members}
    story.statements = [s for a in members for s in a.statements]
    try:
        reconciled = reconcile_story(story, by_id, settings)
        brief = add_brief(reconciled, by_id)
        chart = story_chart_svg(reconciled, by_id, prefix="c")
    except Exception as exc:  # one bad story never stops the others
        if on_failure:
            on_failure(
                Failure(f"story {story.id}", f"reconcile failed: {type(exc).__name__}: {exc}")
            )
        return None
    return {
        "id": reconciled.id,
        "start": reconciled.start,
        "story": reconciled,
        "record": story_record(reconciled),
        "brief": asdict(brief),
        "chart": chart,
        "input_hash": key,
    }


def headline_toll(story: Story) -> dict[str, Any] | None:
    """The toll a list shows for a story: killed when reported, else its first total."""
    if not story.totals:
        return None
    category = "killed" if "killed" in story.totals else next(iter(story.totals))
    est = story.totals[category]
    return {"category": category, "low": est.low, "best": est.best, "high": est.high}


def _insert_story(conn: sqlite3.Connection, row: dict[str, Any]) -> None:
    story: Story = row["story"]
    agreement = (
        "conflict"
        if any(s.agreement == "conflict" for s in story.slots)
        else ("agree" if story.slots else "none")
    )
    key = conn.execute(
        'INSERT INTO stories (id, position, title, start, "end", articles, agreement, headline, '
        "outlets, input_hash, record, brief_data, chart_svg) "
        "VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            story.id,
            story.title,
            story.start,
            story.end,
            len(story.articles),
            agreement,
            dumps(headline_toll(story)),
            dumps(story.outlets),
            row["input_hash"],
            dumps(row["record"]),
            dumps(row["brief"]),
            row["chart"],
        ),
    ).lastrowid
    conn.executemany(
        "INSERT INTO story_articles (article_seq, article, story, story_key) "
        "SELECT seq, id, ?, ? FROM articles WHERE id = ?",
        [(story.id, key, a) for a in dict.fromkeys(story.articles)],
    )
    facets = {("outlet", o) for o in story.outlets}
    facets |= {("category", s.category) for s in story.slots}
    facets |= {("place", p) for s in story.slots for p in s.where}
    conn.executemany(
        "INSERT OR IGNORE INTO story_facets (story, kind, value) VALUES (?, ?, ?)",
        [(story.id, kind, value) for kind, value in sorted(facets)],
    )
    conn.executemany(
        "INSERT INTO slots (id, story, position, category, scope, low, best, high, agreement, "
        "record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                s.id,
                story.id,
                n,
                s.category,
                s.scope,
                s.low,
                s.best,
                s.high,
                s.agreement,
                dumps(record),
            )
            for n, (s, record) in enumerate(zip(story.slots, row["record"]["slots"], strict=True))
        ],
    )


def _meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
