"""Error classes of GV-dev story tolls, from a dump of `benchmarks/story_events.py --dump`.

    .venv/bin/python benchmarks/story_events.py --only gv --reuse-cache --dump /tmp/gv.jsonl
    .venv/bin/python benchmarks/story_toll_classes.py /tmp/gv.jsonl [--show CLASS --sample N]

Every wrong story toll (per category) is classed by its articles' own totals (copies left
out; a missing total counts 0) against gold: every article right, a strict majority right,
a tie (as many right as wrong), fewer right than wrong, none right, and grouping (the story
holds other incidents' articles and none is right). ``--show`` prints a random sample
(seed 16) of one class with each article's date, totals and headline.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

import orjson

CLASSES = (
    "every article right",
    "a strict majority of articles right",
    "tie: as many articles right as wrong",
    "fewer articles right than wrong",
    "no article right",
    "grouping: other incidents' articles, none right",
)


def _count(article: dict, category: str) -> int:
    total = article["totals"].get(category)
    return (total[1] or 0) if total else 0


def toll_class(row: dict, category: str) -> str | None:
    """The class of a wrong story toll; None when the toll is right."""
    gold = row["gold"][category]
    if row["totals"][category] == gold:
        return None
    articles = row["articles"]
    own = [a for a in articles if a["incident"] == row["incident"]]
    right = sum(_count(a, category) == gold for a in articles)
    wrong = len(articles) - right
    if right == 0 and len(own) < len(articles):
        return CLASSES[5]
    if right == len(articles):
        return CLASSES[0]
    if right > wrong:
        return CLASSES[1]
    if right == wrong:
        return CLASSES[2]
    return CLASSES[3] if right else CLASSES[4]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", type=Path)
    parser.add_argument("--show", default="", help="print a sample of the class starting so")
    parser.add_argument("--category", default="injured")
    parser.add_argument("--sample", type=int, default=10)
    args = parser.parse_args(argv)
    rows = [orjson.loads(line) for line in args.dump.read_bytes().splitlines() if line]
    if args.show:
        chosen = [r for r in rows if (toll_class(r, args.category) or "").startswith(args.show)]
        random.Random(16).shuffle(chosen)
        for row in chosen[: args.sample]:
            print(f"{row['incident']} gold {row['gold']} story {row['totals']}")
            for a in sorted(row["articles"], key=lambda a: a["published"] or ""):
                counts = {k: v[1] for k, v in a["totals"].items() if k in ("killed", "injured")}
                print(f"    {a['published']} {counts} | {(a['title'] or '')[:100]}")
        return 0
    counts = {c: Counter(toll_class(r, c) for r in rows) for c in ("killed", "injured")}
    print(f"{len(rows)} incidents\n\n| class | killed | injured |\n| --- | ---: | ---: |")
    for name in CLASSES:
        print(f"| {name} | {counts['killed'][name]} | {counts['injured'][name]} |")
    wrong = {c: len(rows) - counts[c][None] for c in counts}
    print(f"| wrong in all | {wrong['killed']} | {wrong['injured']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
