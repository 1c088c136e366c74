"""Reading the store: the filtered story list, one story, one article, one figure, and
the rows of an export. Every function takes an open connection and runs in whatever read
transaction the caller holds (the web app opens one per request)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import orjson

from ..model import CATEGORIES

MAX_PER_PAGE = 200
MAX_QUERY_CHARS = 500


class QueryError(ValueError):
    """A bad filter or search; ``str()`` says which parameter and why (an HTTP 400)."""


@dataclass(frozen=True, slots=True)
class StoryFilter:
    """The filters of the story list, the web app's CSV and `newstally export`."""

    q: str | None = None
    category: str | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    outlet: str | None = None

    @classmethod
    def parse(cls, params: dict[str, str | None]) -> StoryFilter:
        """Filters from request or command-line parameters, checked (QueryError)."""
        values = {f.name: (params.get(f.name) or "").strip() or None for f in fields(cls)}
        if values["q"] and len(values["q"]) > MAX_QUERY_CHARS:
            raise QueryError(f"q: longer than {MAX_QUERY_CHARS} characters")
        if values["category"] and values["category"] not in CATEGORIES:
            raise QueryError(
                f"category: unknown category {values['category']!r} "
                f"(choose from {', '.join(CATEGORIES)})"
            )
        for name in ("since", "until"):
            if values[name]:
                try:
                    date.fromisoformat(values[name])
                except ValueError:
                    raise QueryError(f"{name}: not a date YYYY-MM-DD: {values[name]!r}") from None
        return cls(**values)

    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def params(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


_MATCHED = (
    "SELECT story_key FROM story_articles WHERE article_seq IN "
    "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
)
# The same as a join: each matching rowid looks its story up directly (no list of the
# matching rowids built first; 20 -> 16 ms of CPU for a word in 41,672 of 50,000 articles).
_MATCHED_JOIN = (
    "SELECT sa.story_key FROM articles_fts f JOIN story_articles sa ON sa.article_seq = f.rowid"
    " WHERE articles_fts MATCH ?"
)


def _where(flt: StoryFilter, matched: str | None = None) -> tuple[str, list[Any]]:
    """The WHERE clause of the filter; with ``matched`` (a table of the story keys that
    the search matched, filled beforehand) the search reads that table."""
    clauses: list[str] = []
    args: list[Any] = []
    if flt.q and matched:
        # unary +: membership is tested while the newest-first index is scanned
        clauses.append(f"+s.key IN {matched}")
    elif flt.q:
        clauses.append(f"s.key IN ({_MATCHED})")
        args.append(flt.q)
    for kind in ("category", "place", "outlet"):
        value = getattr(flt, kind)
        if value:
            clauses.append("s.id IN (SELECT story FROM story_facets WHERE kind = ? AND value = ?)")
            args += [kind, value]
    if flt.since:
        clauses.append('substr(coalesce(s."end", s.start), 1, 10) >= ?')
        args.append(flt.since)
    if flt.until:
        clauses.append("substr(s.start, 1, 10) <= ?")
        args.append(flt.until)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


def check_search(conn: sqlite3.Connection, flt: StoryFilter) -> None:
    """Raise QueryError when ``flt.q`` is not a valid FTS5 query (unbalanced quotes, a
    bare operator, an unknown column): SQLite reports those only when the query runs."""
    if not flt.q:
        return
    try:
        conn.execute("SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1", (flt.q,))
    except sqlite3.OperationalError as exc:
        raise QueryError(f"q: not a valid search ({exc})") from None


def _run(conn: sqlite3.Connection, sql: str, args: list[Any]) -> list[Any]:
    return conn.execute(sql, args).fetchall()


def list_stories(
    conn: sqlite3.Connection, flt: StoryFilter, page: int = 1, per_page: int = 25
) -> dict[str, Any]:
    """One page of stories, newest first, with the total count."""
    if page < 1:
        raise QueryError("page: must be 1 or more")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError(f"per_page: must be 1 to {MAX_PER_PAGE}")
    check_search(conn, flt)
    matched = None
    if flt.q:
        # The stories the search matches, found once for both the count and the page.
        matched = "temp.matched"
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS matched (key INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM temp.matched")
        conn.execute(f"INSERT OR IGNORE INTO temp.matched {_MATCHED_JOIN}", (flt.q,))
    where, args = _where(flt, matched)
    if flt.params().keys() == {"q"}:
        # every matched key is a stored story's: the search alone counts its table
        total = _run(conn, "SELECT count(*) FROM temp.matched", [])[0][0]
    else:
        total = _run(conn, f"SELECT count(*) FROM stories s{where}", args)[0][0]
    # NULL sorts last in descending order, so the index stories_newest serves the order.
    rows = _run(
        conn,
        f'SELECT s.id, s.title, s.start, s."end", s.articles, s.agreement, s.headline, s.outlets'
        f" FROM stories s INDEXED BY stories_newest{where}"
        ' ORDER BY s."end" DESC, s.start DESC, s.id LIMIT ? OFFSET ?',
        [*args, per_page, (page - 1) * per_page],
    )
    return {
        "filters": flt.params(),
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": max(1, -(-total // per_page)),
        "stories": [
            {
                "id": r[0],
                "title": r[1],
                "start": r[2],
                "end": r[3],
                "articles": r[4],
                "agreement": r[5],
                "headline": orjson.loads(r[6]) if r[6] else None,
                "outlets": orjson.loads(r[7]),
            }
            for r in rows
        ],
    }


def get_story(conn: sqlite3.Connection, story_id: str) -> dict[str, Any] | None:
    """A story's record, its brief data, chart and the figures its slots hold."""
    row = conn.execute(
        "SELECT record, brief_data, chart_svg IS NOT NULL FROM stories WHERE id = ?", (story_id,)
    ).fetchone()
    if row is None:
        return None
    record = orjson.loads(row[0])
    figures = {
        fid: orjson.loads(rec)
        for fid, rec in conn.execute(
            "SELECT f.id, f.record FROM figures f JOIN story_articles sa ON sa.article = f.article"
            " WHERE sa.story = ? ORDER BY f.seq",
            (story_id,),
        )
    }
    articles = {
        aid: {"id": aid, "title": title, "outlet": outlet, "url": url, "published": published}
        for aid, title, outlet, url, published in conn.execute(
            "SELECT a.id, a.title, a.outlet, a.url, a.published FROM articles a "
            "JOIN story_articles sa ON sa.article = a.id WHERE sa.story = ? ORDER BY a.seq",
            (story_id,),
        )
    }
    return {
        "story": record,
        "brief": orjson.loads(row[1]),
        "has_chart": bool(row[2]),
        "figures": figures,
        "articles": articles,
    }


def get_chart(conn: sqlite3.Connection, story_id: str) -> str | None:
    row = conn.execute("SELECT chart_svg FROM stories WHERE id = ?", (story_id,)).fetchone()
    return row[0] if row else None


def get_article(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    """An article's record, figures, statements, revisions and stories."""
    row = conn.execute(
        "SELECT record, identity, revision, revision_of, added FROM articles WHERE id = ?",
        (article_id,),
    ).fetchone()
    if row is None:
        return None
    revisions = [
        {"id": r[0], "revision": r[1], "added": r[2], "title": r[3]}
        for r in conn.execute(
            "SELECT id, revision, added, title FROM articles WHERE identity = ? ORDER BY revision",
            (row[1],),
        )
    ]
    stories = [
        {"id": r[0], "title": r[1]}
        for r in conn.execute(
            "SELECT s.id, s.title FROM stories s JOIN story_articles sa ON sa.story = s.id "
            "WHERE sa.article = ? ORDER BY s.position",
            (article_id,),
        )
    ]
    return {
        "article": orjson.loads(row[0]),
        "revision": row[2],
        "revision_of": row[3],
        "added": row[4],
        "revisions": revisions if len(revisions) > 1 else [],
        "figures": _records(
            conn, "SELECT record FROM figures WHERE article = ? ORDER BY seq", article_id
        ),
        "statements": _records(
            conn, "SELECT record FROM statements WHERE article = ? ORDER BY seq", article_id
        ),
        "stories": stories,
    }


def get_figure(conn: sqlite3.Connection, figure_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT record FROM figures WHERE id = ?", (figure_id,)).fetchone()
    return orjson.loads(row[0]) if row else None


def _records(conn: sqlite3.Connection, sql: str, *args: Any) -> list[dict[str, Any]]:
    return [orjson.loads(r[0]) for r in conn.execute(sql, args)]


# --- exports ---------------------------------------------------------------------------

EXPORTS = ("articles", "figures", "statements", "stories", "slots")


def export_records(
    conn: sqlite3.Connection, what: str, flt: StoryFilter | None = None
) -> Iterator[dict[str, Any]]:
    """The stored records of one kind, as `newstally run` writes them, for the stories
    the filter selects (all of them without a filter): articles and figures in the order
    stored (figures and statements by article), stories and slots in the order of
    stories.json."""
    if what not in EXPORTS:
        raise QueryError(f"what: unknown kind {what!r} (choose from {', '.join(EXPORTS)})")
    flt = flt or StoryFilter()
    check_search(conn, flt)
    where, args = _where(flt)
    selected = f"SELECT s.id FROM stories s{where}"
    if what == "stories":
        sql = "SELECT t.record FROM stories t"
        if flt.active():
            sql += f" WHERE t.id IN ({selected})"
        sql += " ORDER BY t.position"
    elif what == "slots":
        sql = "SELECT t.record FROM slots t JOIN stories p ON p.id = t.story"
        if flt.active():
            sql += f" WHERE t.story IN ({selected})"
        sql += " ORDER BY p.position, t.position"
    else:
        column = "t.id" if what == "articles" else "t.article"
        sql = f"SELECT t.record FROM {what} t"
        # Figures and statements in their article's order (an article cleaned again has
        # its rows replaced, so their own seq can be later than the next article's).
        order = " ORDER BY t.seq"
        if what != "articles":
            sql += " JOIN articles a ON a.id = t.article"
            order = " ORDER BY a.seq, t.seq"
        if flt.active():
            sql += (
                f" WHERE {column} IN (SELECT sa.article FROM story_articles sa"
                f" WHERE sa.story IN ({selected}))"
            )
        sql += order
    for (record,) in conn.execute(sql, args if flt.active() else []):
        yield orjson.loads(record)
