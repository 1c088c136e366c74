"""Benchmark: does cleaning a real feed depend on the order of its articles?

Reads the Gun Violence Archive dev articles (``../shared/data/gv-incidents-dev.jsonl``:
2,689 archived local-news pages, most of them under one host, so the repeated-line step
sees one very large "outlet"), cleans them with `newstally.clean.clean_articles` in file
order, reversed and in ``--shuffles`` random orders, and prints how many articles came
out with another text or another list of removed lines than in file order (0 is the
target), with the seconds and the peak RSS of the process.

    .venv/bin/python benchmarks/cleaning_order.py [--shuffles 1] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

from newstally.clean import clean_articles
from newstally.model import Article

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data" / "gv-incidents-dev.jsonl"


def gv_articles(limit: int | None) -> list[dict[str, str]]:
    rows = []
    with DATA.open(encoding="utf-8") as handle:
        for line in handle:
            for item in json.loads(line)["articles"]:
                rows.append({k: item.get(k) or "" for k in ("id", "title", "text", "url")})
    return rows[:limit] if limit else rows


def cleaned(rows: list[dict[str, str]]) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    articles = (
        Article(id=r["id"], origin=r["id"], text=r["text"], title=r["title"], url=r["url"])
        for r in rows
    )
    return {
        a.id: (a.text, [(r.text, r.reason) for r in a.removed]) for a in clean_articles(articles)
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shuffles", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} is absent (the benchmark reads the shared dev data)")
        return 0
    rows = gv_articles(args.limit)
    started = time.process_time()
    reference = cleaned(rows)
    orders = {"reversed": rows[::-1]}
    for seed in range(args.shuffles):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        orders[f"shuffled (seed {seed})"] = shuffled
    print(f"{len(rows)} articles; articles cleaned differently from file order:")
    for name, order in orders.items():
        other = cleaned(order)
        print(f"  {name}: {sum(other[k] != v for k, v in reference.items())}")
    cpu = time.process_time() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{cpu:.1f} CPU s for {len(orders) + 1} cleanings; peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
