"""The store (issue 20): `newstally add` against `newstally run`, the web app's latency
with 50,000 articles stored, and the file size per article.

    .venv/bin/python benchmarks/store.py [--articles 2689] [--jobs 2] [--stored 50000]

1. Throughput: the GV-dev pages (../shared/data/gv-incidents-dev.jsonl, every article of
   every incident, in file order; the first --articles of them) through `newstally run`
   and through `newstally add` into a new store (whole commands, model loading included,
   timed alternately --repeats times; the median is reported). The target: add's
   articles/s at least 0.8 of run's. A second `add` of the same inputs (nothing new) is
   timed too.
2. Latency: the store from (1) is copied up to --stored articles (each copy of every
   article, figure, statement, story and slot under new ids, through the FTS triggers,
   so the index holds every copy), then a real `newstally serve` answers --requests
   requests each of the list (`/`), a search (`/?q=<word>`, words drawn from the titles)
   and a story page (`/stories/<id>`, random stories); p50/p95 per kind, through HTTP
   from this process (the target: p95 < 100 ms). The CPU time of the store queries
   behind each page (in this process, common words for the searches) is reported too:
   on a shared, loaded machine it shows the work a request does, which wall-clock
   latency there does not.
3. Size: the store's bytes per article, after (1) and after (2).

Skips with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import orjson

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "gv-incidents-dev.jsonl"
NEWSTALLY = [sys.executable, "-m", "newstally"]


def write_inputs(n: int, path: Path) -> int:
    count = 0
    with DATA.open("rb") as fh, path.open("wb") as out:
        for line in fh:
            for article in orjson.loads(line)["articles"]:
                if count >= n:
                    return count
                out.write(orjson.dumps(article) + b"\n")
                count += 1
    return count


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def throughput(inputs: Path, n: int, jobs: int, repeats: int, work: Path) -> Path:
    runs, adds = [], []
    db = work / "gv.db"
    for r in range(repeats):
        for side in ("run", "add") if r % 2 == 0 else ("add", "run"):
            if side == "run":
                out = work / f"run{r}"
                runs.append(
                    timed([*NEWSTALLY, "run", str(inputs), "-o", str(out), "-j", str(jobs), "-q"])
                )
            else:
                db = work / f"gv{r}.db"
                adds.append(
                    timed([*NEWSTALLY, "add", str(inputs), "--db", str(db), "-j", str(jobs), "-q"])
                )
    again = timed([*NEWSTALLY, "add", str(inputs), "--db", str(db), "-j", str(jobs), "-q"])
    run_rate, add_rate = n / statistics.median(runs), n / statistics.median(adds)
    print(f"articles: {n}, --jobs {jobs}, {repeats} timing(s) each")
    print(f"run: {run_rate:.2f} articles/s (median of {[round(t, 1) for t in runs]} s)")
    print(f"add: {add_rate:.2f} articles/s (median of {[round(t, 1) for t in adds]} s)")
    print(f"add / run: {add_rate / run_rate:.3f} (target >= 0.8)")
    print(f"add again (nothing new): {again:.1f} s")
    return db


def size_per_article(db: Path) -> tuple[int, float]:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.close()
    size = db.stat().st_size
    return articles, size / max(articles, 1)


def grow(db: Path, target: int) -> int:
    """Copy every stored row under new ids until ``target`` articles are stored."""
    conn = sqlite3.connect(db, isolation_level=None)
    base = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    copies = max(0, -(-target // base) - 1)
    for k in range(1, copies + 1):
        room = target - conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        if room <= 0:
            break
        tag = f"~c{k}"
        conn.execute("BEGIN")
        conn.execute(
            "CREATE TEMP TABLE pick AS SELECT id FROM articles WHERE id NOT LIKE '%~c%' "
            "ORDER BY seq LIMIT ?",
            (room,),
        )
        conn.execute(
            "INSERT INTO articles (id, identity, content_hash, revision, revision_of, origin, "
            "outlet, title, url, published, text, added, record, raw_hash, cleaning, features) "
            "SELECT id || :t, identity || :t, content_hash, revision, revision_of, origin, "
            "outlet, title, url, published, text, added, json_set(record, '$.id', id || :t), "
            "raw_hash, cleaning, features FROM articles WHERE id IN pick",
            {"t": tag},
        )
        conn.execute(
            "INSERT INTO figures (id, article, category, value, low, high, bound, source, "
            "source_kind, sentence, span_start, span_end, record) SELECT id || :t, article || :t,"
            " category, value, low, high, bound, source, source_kind, sentence, span_start,"
            " span_end, json_set(record, '$.id', id || :t, '$.article', article || :t)"
            " FROM figures WHERE article IN pick",
            {"t": tag},
        )
        conn.execute(
            "INSERT INTO statements (article, source, kind, content, record) SELECT article || :t,"
            " source, kind, content, record FROM statements WHERE article IN pick",
            {"t": tag},
        )
        conn.execute(
            "CREATE TEMP TABLE picked_stories AS SELECT DISTINCT story FROM story_articles "
            "WHERE article IN pick AND story NOT LIKE '%~c%'"
        )
        conn.execute(
            'INSERT INTO stories (id, position, title, start, "end", articles, agreement, '
            "headline, outlets, input_hash, record, brief_data, chart_svg) SELECT id || :t, "
            'position, title, start, "end", articles, agreement, headline, outlets, input_hash,'
            " json_set(record, '$.id', id || :t), brief_data, chart_svg FROM stories"
            " WHERE id IN picked_stories",
            {"t": tag},
        )
        conn.execute(
            "INSERT INTO story_articles (article_seq, article, story, story_key) "
            "SELECT a.seq, a.id, s.id, s.key FROM story_articles sa "
            "JOIN articles a ON a.id = sa.article || :t JOIN stories s ON s.id = sa.story || :t "
            "WHERE sa.story IN picked_stories",
            {"t": tag},
        )
        conn.execute(
            "INSERT OR IGNORE INTO story_facets SELECT story || :t, kind, value "
            "FROM story_facets WHERE story IN picked_stories",
            {"t": tag},
        )
        conn.execute(
            "INSERT INTO slots (id, story, position, category, scope, low, best, high, "
            "agreement, record) SELECT id || :t, story || :t, position, category, scope, low, "
            "best, high, agreement, record FROM slots WHERE story IN picked_stories",
            {"t": tag},
        )
        conn.execute("DROP TABLE pick")
        conn.execute("DROP TABLE picked_stories")
        conn.execute("COMMIT")
    conn.execute("ANALYZE")
    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.close()
    return total


def small_add(db: Path, base: int, n: int, offset: int, jobs: int, work: Path) -> None:
    """`add` of ``n`` new GV articles (those after the first ``offset``), twice (two sets),
    to a copy of the store grown to ``base`` articles: wall and CPU seconds (children,
    from getrusage), and where the time went (the add's manifest). The first add also
    brings the copied store's stories up to date (a grown store's copies group with
    their originals), so the second is the one to read."""
    import resource

    small = work / "small.db"
    shutil.copy(db, small)
    stored = grow(small, base)
    with DATA.open("rb") as fh:
        articles = [a for line in fh for a in orjson.loads(line)["articles"]]
    for k in range(2):
        extra = work / f"extra{k}.jsonl"
        with extra.open("wb") as out:
            for article in articles[offset + k * n : offset + (k + 1) * n]:
                out.write(orjson.dumps(article) + b"\n")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = timed([*NEWSTALLY, "add", str(extra), "--db", str(small), "-j", str(jobs), "-q"])
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        manifest = orjson.loads(Path(f"{small}.manifest.json").read_bytes())
        print(
            f"add {k + 1} of {n} articles to {stored + k * n} stored: {wall:.1f} s wall, "
            f"{cpu:.1f} s CPU; counts {manifest['counts']}"
        )
        print(f"  stage seconds (wall): {manifest['stage_seconds']}")
    small.unlink()


def latency(db: Path, requests: int) -> dict[str, list[float]]:
    sys.path.insert(0, str(ROOT / "tests" / "web"))
    from webserver import serving

    conn = sqlite3.connect(db)
    story_ids = [r[0] for r in conn.execute("SELECT id FROM stories")]
    words = sorted(
        {
            w.lower()
            for (title,) in conn.execute("SELECT title FROM articles LIMIT 2000")
            for w in (title or "").split()
            if w.isalpha() and len(w) > 4
        }
    )
    conn.close()
    rng = random.Random(20)
    times: dict[str, list[float]] = {"list": [], "search": [], "story": []}
    with serving(db) as base:
        for _ in range(requests):
            for kind in times:
                if kind == "list":
                    url = base + "/"
                elif kind == "search":
                    url = f"{base}/?q={quote(rng.choice(words))}"
                else:
                    url = f"{base}/stories/{quote(rng.choice(story_ids))}"
                start = time.perf_counter()
                with urllib.request.urlopen(url, timeout=30) as reply:
                    reply.read()
                times[kind].append((time.perf_counter() - start) * 1000)
    return times


def query_cpu(db: Path, requests: int) -> dict[str, list[float]]:
    """CPU milliseconds of the store queries behind each page, in this process (a measure
    that a loaded machine does not inflate as it does wall-clock latency)."""
    from newstally.store import StoryFilter, connect
    from newstally.store import query as q

    conn = connect(db)
    story_ids = [r[0] for r in conn.execute("SELECT id FROM stories")]
    rng = random.Random(20)
    words = ["shooting", "police", "killed", "wounded", "man", "victim", "county", "night"]
    times: dict[str, list[float]] = {"list": [], "search": [], "story": []}
    for _ in range(requests):
        for kind, call in (
            ("list", lambda: q.list_stories(conn, StoryFilter())),
            ("search", lambda: q.list_stories(conn, StoryFilter(q=rng.choice(words)))),
            ("story", lambda: q.get_story(conn, rng.choice(story_ids))),
        ):
            start = time.process_time()
            conn.execute("BEGIN")
            call()
            conn.execute("COMMIT")
            times[kind].append((time.process_time() - start) * 1000)
    conn.close()
    return times


def report(what: str, times: dict[str, list[float]]) -> None:
    for kind, values in times.items():
        values.sort()
        p50 = statistics.median(values)
        p95 = values[max(0, int(len(values) * 0.95) - 1)]
        print(f"{what} {kind}: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(values)} requests")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2689)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--stored", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--small-add",
        type=int,
        default=3000,
        help="time an add of 10 articles to the store grown to this many (0: skip)",
    )
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument(
        "--base-db", type=Path, help="a store of the first --articles to start from (no timing)"
    )
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"skipped: {DATA} not found (the shared data sits beside the checkout)")
        return 0
    with tempfile.TemporaryDirectory(prefix="newstally-store-") as tmp:
        work = Path(tmp)
        inputs = work / "gv.jsonl"
        n = write_inputs(args.articles, inputs)
        if args.base_db:
            db = work / "base.db"
            shutil.copy(args.base_db, db)
        else:
            db = throughput(inputs, n, args.jobs, args.repeats, work)
        stored, per = size_per_article(db)
        print(f"size: {per / 1024:.1f} KiB per article ({stored} articles stored)")
        if args.small_add:
            small_add(db, args.small_add, 10, n, args.jobs, work)
        if args.skip_latency:
            return 0
        total = grow(db, args.stored)
        stored, per = size_per_article(db)
        print(f"grown to {total} articles: {per / 1024:.1f} KiB per article")
        report("HTTP wall", latency(db, args.requests))
        report("query CPU", query_cpu(db, args.requests))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
