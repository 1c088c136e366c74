"""Stories on real feeds: grouping of ECB+ and Gun Violence Archive articles, story tolls,
order independence and grouping cost (issue 16). Run through ``benchmarks/stories.py``
(``--events``), or alone:

    .venv/bin/python benchmarks/story_events.py [--fast] [--only ecb,gv,scale]

* ECB+-dev (``ecbplus-dev.jsonl``): 496 documents of 21 topics, each topic two look-alike
  events; BCubed precision/recall/F1 of the stories against the gold ``cluster``, in file
  order and in 5 random orders (``--fast``: 2).
* GV-dev (``gv-incidents-dev.jsonl``): every article of every incident is grouped as one
  feed (single-article incidents are distractors); BCubed over the articles of incidents
  with >= 2 articles (a story's other articles, of any incident, count against
  precision). Toll: for each such incident, the story holding most of its articles (ties:
  the earliest story id), its reconciled ``totals`` killed/injured ``best`` against the
  gold counts (a missing total counts as 0). File order and 3 random orders (``--fast``:
  1). The articles are cleaned and analysed (figures) once and cached under
  ``--cache`` (per source state of the figures package), so re-runs time grouping and
  reconciliation only.
* Scale: grouping rate at 5,000 and 50,000 articles made by replicating GV articles as
  new events: ids and dates shifted, every word outside the vocabulary shared by 5% of
  the articles renamed, boilerplate included (synthetic; ``--fast``: 2,000 and 10,000).

Articles are built as the JSONL reader builds them (``build_article``: outlet from the
URL), cleaned with ``clean_articles`` in the file order, then grouped and reconciled by
``newstally.pipeline.stories_for`` -- what ``newstally run`` writes to stories.json.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
ECB = DATA / "ecbplus-dev.jsonl"
REUSE = False  # --reuse-cache: the newest cached analysis even if figures/ changed since
GV = DATA / "gv-incidents-dev.jsonl"


def bcubed(
    predicted: dict[str, str], gold: dict[str, str], items: Sequence[str]
) -> tuple[float, float, float]:
    """BCubed precision, recall, F1 averaged over ``items``; clusters are taken over every
    key of ``predicted``/``gold`` (so a distractor in an item's story costs precision)."""
    pred_members: dict[str, set[str]] = defaultdict(set)
    gold_members: dict[str, set[str]] = defaultdict(set)
    for item, cluster in predicted.items():
        pred_members[cluster].add(item)
    for item, cluster in gold.items():
        gold_members[cluster].add(item)
    p = r = 0.0
    for item in items:
        mine, truth = pred_members[predicted[item]], gold_members[gold[item]]
        shared = len(mine & truth)
        p += shared / len(mine)
        r += shared / len(truth)
    p, r = p / len(items), r / len(items)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def _orders(n: int, count: int) -> list[tuple[str, list[int]]]:
    orders = [("file order", list(range(n)))]
    for seed in range(count):
        order = list(range(n))
        random.Random(1000 + seed).shuffle(order)
        orders.append((f"random order {seed + 1}", order))
    return orders


def _build(records: list[dict], origin: str):  # noqa: ANN202
    from newstally.ingest.common import build_article
    from newstally.settings import Settings

    settings = Settings()
    return [
        build_article(
            origin=f"{origin}:{n + 1}",
            id_name=origin,
            text=r["text"],
            settings=settings,
            own_id=r["id"],
            title=r.get("title"),
            url=r.get("url"),
            published=r.get("published"),
        )
        for n, r in enumerate(records)
    ]


def _clean(articles: list) -> list:  # noqa: ANN001
    from newstally.clean import clean_articles

    return list(clean_articles(articles))


def _source_state(package: str) -> str:
    digest = hashlib.sha1()
    for path in sorted((ROOT / "src" / "newstally" / package).rglob("*.py")):
        digest.update(path.read_bytes())
    # The tables of the later stages play no part in the cached analysis.
    for path in sorted((ROOT / "src" / "newstally" / "data").glob("*.toml")):
        if path.name not in {"stories.toml", "reconcile.toml"}:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


# --- ECB+ ------------------------------------------------------------------------------


def ecb(random_orders: int) -> None:
    rows = [orjson.loads(line) for line in ECB.read_bytes().splitlines() if line.strip()]
    records = [{"id": r["id"], "text": r["text"]} for r in rows]
    gold = {r["id"]: r["cluster"] for r in rows}
    articles = _clean(_build(records, "ecbplus"))
    print(f"\n### ECB+-dev: {len(rows)} documents, {len(set(gold.values()))} events\n")
    print("| order | stories | BCubed P | BCubed R | BCubed F1 | seconds |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, order in _orders(len(articles), random_orders):
        started = time.perf_counter()
        stories = group_only([articles[i] for i in order])
        seconds = time.perf_counter() - started
        predicted = {a: s.id for s in stories for a in s.articles}
        p, r, f = bcubed(predicted, gold, list(gold))
        print(f"| {name} | {len(stories)} | {p:.3f} | {r:.3f} | {f:.3f} | {seconds:.1f} |")


# --- GV --------------------------------------------------------------------------------


def gv_articles(cache: Path):  # noqa: ANN201
    """The GV-dev incidents and their cleaned, analysed articles (cached)."""
    rows = [orjson.loads(line) for line in GV.read_bytes().splitlines() if line.strip()]
    # cleaning makes the text the later stages read (e.g. a headline put at its head)
    key = _source_state("figures") + _source_state("attribution") + _source_state("clean")
    path = cache / f"gv-{key}.pickle"
    if REUSE and not path.exists():
        older = sorted(cache.glob("gv-*.pickle"), key=lambda p: p.stat().st_mtime)
        path = older[-1] if older else path
    if path.exists():
        return rows, pickle.loads(path.read_bytes())
    from newstally.pipeline import analyse
    from newstally.settings import Settings

    records = [a for r in rows for a in r["articles"]]
    seen: set[str] = set()
    unique = [a for a in records if not (a["id"] in seen or seen.add(a["id"]))]
    articles = _clean(_build(unique, "gv"))
    started = time.perf_counter()
    analysed = [a for a in analyse(articles, Settings(jobs=1), with_statements=True)]
    print(f"(analysed {len(analysed)} GV articles in {time.perf_counter() - started:.0f} s)")
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(analysed))
    return rows, analysed


def gv(random_orders: int, cache: Path, dump: Path | None = None) -> None:
    from newstally.model import Article
    from newstally.pipeline import stories_for
    from newstally.settings import Settings

    rows, analysed = gv_articles(cache)
    articles = [a for a in analysed if isinstance(a, Article)]
    gold: dict[str, str] = {}
    for r in rows:
        for a in r["articles"]:
            gold.setdefault(a["id"], r["incident"])
    multi = [r for r in rows if len({a["id"] for a in r["articles"]}) >= 2]
    items = sorted(
        {a["id"] for r in multi for a in r["articles"] if gold[a["id"]] == r["incident"]}
    )
    print(
        f"\n### GV-dev: {len(rows)} incidents, {len(articles)} articles; {len(multi)} incidents "
        f"with >= 2 articles ({len(items)} articles scored)\n"
    )
    print(
        "| order | stories | BCubed P | BCubed R | BCubed F1 | killed exact | injured exact "
        "| seconds |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    settings = Settings(jobs=1)
    articles_by_id = {a.id: a for a in articles}
    for name, order in _orders(len(articles), random_orders):
        started = time.perf_counter()
        stories = stories_for([_fresh(articles[i]) for i in order], settings)
        seconds = time.perf_counter() - started
        predicted = {a: s.id for s in stories for a in s.articles}
        p, r, f = bcubed(predicted, gold, items)
        by_id = {s.id: s for s in stories}
        killed = injured = 0
        halves = [[0, 0, 0], [0, 0, 0]]  # per half (alternate incidents): n, killed, injured
        lines: list[bytes] = []
        for number, row in enumerate(multi):
            ids = [a["id"] for a in row["articles"] if gold[a["id"]] == row["incident"]]
            votes = Counter(predicted[i] for i in ids if i in predicted)
            if not votes:
                continue
            top = max(votes.values())
            story = by_id[min(s for s, v in votes.items() if v == top)]
            right = (
                _best(story, "killed") == (row["killed"] or 0),
                _best(story, "injured") == (row["injured"] or 0),
            )
            killed += right[0]
            injured += right[1]
            half = halves[number % 2]
            half[0] += 1
            half[1] += right[0]
            half[2] += right[1]
            if dump is not None and name == "file order":
                lines.append(orjson.dumps(_dump_row(row, story, articles_by_id, gold)))
        print(
            f"| {name} | {len(stories)} | {p:.3f} | {r:.3f} | {f:.3f} "
            f"| {killed / len(multi):.3f} | {injured / len(multi):.3f} | {seconds:.1f} |"
        )
        a, b = ([h[i] / h[0] if h[0] else 0.0 for i in (1, 2)] for h in halves)
        print(
            f"|   halves A / B (alternate incidents) | | | | | {a[0]:.3f} / {b[0]:.3f} "
            f"| {a[1]:.3f} / {b[1]:.3f} | |"
        )
        if lines:
            dump.write_bytes(b"\n".join(lines) + b"\n")  # type: ignore[union-attr]
            print(f"(dumped {len(lines)} incidents' stories to {dump})")


def _dump_row(row: dict, story, articles: dict, gold: dict[str, str]) -> dict:  # noqa: ANN001
    """One incident's story for error analysis: gold, the story's totals, and per article
    (copies left out) its own totals and figures."""

    def article_record(a) -> dict:  # noqa: ANN001
        return {
            "id": a.id,
            "incident": gold.get(a.id),
            "published": a.published,
            "outlet": a.outlet,
            "title": a.title,
            "totals": {k: [v.low, v.best, v.high] for k, v in a.totals.items()},
            "figures": [
                {
                    "id": f.id,
                    "category": f.category,
                    "value": f.quantity.value,
                    "text": f.quantity.text,
                    "group": f.group.text if f.group else None,
                    "source": [f.source.kind, f.source.text],
                    "hedges": f.hedges,
                    "negated": f.negated,
                    "scope": f.scope,
                    "sentence": f.sentence,
                }
                for f in a.figures
            ],
        }

    return {
        "incident": row["incident"],
        "gold": {"killed": row["killed"] or 0, "injured": row["injured"] or 0},
        "story": story.id,
        "totals": {c: _best(story, c) for c in ("killed", "injured")},
        "articles": [
            article_record(articles[i])
            for i in story.articles
            if i not in story.duplicates and i in articles
        ],
        "slots": [
            {"category": s.category, "best": s.best, "figures": s.figures, "scope": s.scope}
            for s in story.slots
        ],
    }


# Session 10's and 11's story-toll rules, switched off one at a time (`--off`) to measure
# each.
RULES_OFF = ("death-untold", "injury-untold", "untold-not-died", "hurt-is-dead", "roundup")


class _KilledNotUntold(set):
    """An untold set whose "killed" the shot-then-dead check does not see."""

    def __contains__(self, item: object) -> bool:
        return item != "killed" and set.__contains__(self, item)


def switch_off(rules: Sequence[str]) -> None:
    """Monkeypatch `newstally.reconcile` so that the named rules play no part."""
    import newstally.reconcile as reconcile

    if not rules:
        return
    untold = reconcile.untold

    def untold_without(story, articles, config, tells):  # noqa: ANN001, ANN202
        found = set(untold(story, articles, config, tells))
        if "death-untold" in rules:
            found.discard("killed")
        if "injury-untold" in rules:
            found.discard("injured")
        return _KilledNotUntold(found) if "untold-not-died" in rules else found

    reconcile.untold = untold_without
    if "hurt-is-dead" in rules:
        reconcile.hurt_is_dead = lambda *_: False
    if "roundup" in rules:
        reconcile.roundup_agreed = lambda *_: {}


def group_only(articles: list) -> list:  # noqa: ANN001
    from newstally.stories import group_articles

    return [story for story, _ in group_articles(articles)]


def _fresh(article):  # noqa: ANN001, ANN202
    return replace(article)


def _best(story, category: str) -> int:  # noqa: ANN001
    estimate = story.totals.get(category)
    if estimate is None or estimate.best is None:
        return 0
    return int(estimate.best)


# --- scale -----------------------------------------------------------------------------


def scale(sizes: Sequence[int], cache: Path) -> None:
    from newstally.model import Article

    _, analysed = gv_articles(cache)
    base = [a for a in analysed if isinstance(a, Article)]
    common = _common_words(base)
    print("\n### Grouping cost (synthetic: GV articles replicated)\n")
    print(
        "| articles | stories | stories joining replicas of one report | wall seconds "
        "| CPU seconds | articles per CPU second |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for size in sizes:
        articles = [_replica(base[n % len(base)], n // len(base), common) for n in range(size)]
        source = {a.id: n % len(base) for n, a in enumerate(articles)}
        started, cpu = time.perf_counter(), time.process_time()
        stories = group_only(articles)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        joined = sum(
            1
            for s in stories
            if len({source[a] for a in s.articles}) < len(s.articles)  # two copies of one
        )
        print(
            f"| {size:,} | {len(stories):,} | {joined:,} | {seconds:.1f} | {cpu:.1f} "
            f"| {size / cpu:,.0f} |",
            flush=True,
        )


# Words as the stories package reads them: runs of letters (a suffix after punctuation,
# "Tulsa,x1", would leave "Tulsa" itself unchanged).
_LETTERS = re.compile(r"[^\W\d_]+")


def _common_words(articles: Sequence, share: float = 0.05) -> frozenset[str]:
    """Words (lowercased runs of letters) in at least ``share`` of the articles: the
    vocabulary every report of the kind shares ("police", "shooting", "said"). The rest,
    names, particulars and the scraped navigation and sidebars of each site, is renamed in
    every replica, so replicas share no boilerplate."""
    df: Counter[str] = Counter()
    for article in articles:
        df.update({w.lower() for w in _LETTERS.findall(article.text)})
    return frozenset(w for w, n in df.items() if n >= share * len(articles))


def _tag(copy: int) -> str:
    """Letters unique to one replica ("qb", "qc", ...): digits are no part of a word."""
    letters = ""
    while copy:
        copy, rest = divmod(copy, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[rest] + letters
    return "q" + letters


def _replica(article, copy: int, common: frozenset[str]):  # noqa: ANN001, ANN202
    """The ``copy``-th replica: a new event of the same kind, with its own id, its dates
    moved by 400 days a copy and every word outside the ``common`` vocabulary renamed
    (names, particulars, boilerplate), so replicas are neither copies nor reports of one
    event (same length and shape)."""
    if copy == 0:
        return article
    from datetime import datetime, timedelta

    tag = _tag(copy)

    def rename(text: str | None) -> str | None:
        if text is None:
            return None
        return _LETTERS.sub(
            lambda m: m.group() if m.group().lower() in common else m.group() + tag, text
        )

    published = article.published
    if published:
        try:
            moment = datetime.fromisoformat(published[:10]) + timedelta(days=400 * copy)
            published = moment.date().isoformat()
        except ValueError:
            published = None
    from newstally.ingest.outlets import original_url

    return replace(
        article,
        id=f"{article.id}-{copy}",
        # The page itself, not a web archive's copy: a capture stamp older than the moved
        # date would make the date impossible (see `stories.features.publication_day`).
        url=original_url(article.url) if article.url else None,
        text=rename(article.text) or "",
        title=rename(article.title),
        published=published,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="fewer orders, smaller scale")
    parser.add_argument("--only", default="ecb,gv,scale")
    parser.add_argument("--sizes", default="", help="scale: comma list of article counts")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/newstally-bench-cache"))
    parser.add_argument(
        "--reuse-cache",
        action="store_true",
        help="use the newest cached GV analysis even if the figures code changed since",
    )
    parser.add_argument(
        "--dump",
        type=Path,
        default=None,
        help="gv: write each scored incident's story (file order) as JSONL for error analysis",
    )
    parser.add_argument(
        "--random-orders", type=int, default=None, help="gv/ecb: how many random orders"
    )
    parser.add_argument(
        "--off",
        default="",
        help=f"gv: comma list of story-toll rules to switch off ({', '.join(RULES_OFF)})",
    )
    args = parser.parse_args(argv)
    off = [r for r in args.off.split(",") if r]
    if unknown := set(off) - set(RULES_OFF):
        parser.error(f"--off: unknown rules {', '.join(sorted(unknown))}")
    switch_off(off)
    global REUSE
    REUSE = args.reuse_cache
    parts = set(args.only.split(","))
    if "ecb" in parts:
        if ECB.exists():
            ecb(args.random_orders if args.random_orders is not None else 2 if args.fast else 5)
        else:
            print(f"skipped: ../shared/data/{ECB.name} not found")
    if parts & {"gv", "scale"} and not GV.exists():
        print(f"skipped: ../shared/data/{GV.name} not found")
        return 0
    if "gv" in parts:
        orders = args.random_orders if args.random_orders is not None else 1 if args.fast else 3
        gv(orders, args.cache, args.dump)
    if "scale" in parts:
        sizes = [int(x) for x in args.sizes.split(",") if x] or (
            [2_000, 10_000] if args.fast else [5_000, 50_000]
        )
        scale(sizes, args.cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
