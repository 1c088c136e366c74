"""Benchmark: cleaning full web pages against gold article bodies.

Reads ``../shared/data/boilerplate-dev.jsonl`` (``text`` = all visible text of a page,
``gold`` = its article body) and scores bag-of-words precision, recall and F1 (lowercased
word-token multisets) of three systems in the same run:

* ``unchanged``: the page text as is;
* ``jusText``: jusText paragraph classification (English stoplist) of the same lines,
  keeping the paragraphs it calls good;
* ``newstally clean``: `newstally.clean.clean_text` (mode auto).

Prints a markdown table with micro averages (pooled tokens) and macro averages (mean of
per-page scores), then the pages newstally scores worst on.

    .venv/bin/python benchmarks/cleaning.py [--worst N] [--page ID]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data" / "boilerplate-dev.jsonl"
_TOKEN = re.compile(r"\w+")


def bag(text: str) -> Counter[str]:
    return Counter(token.lower() for token in _TOKEN.findall(text))


@dataclass(slots=True)
class Score:
    overlap: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.overlap / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.overlap / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(predicted: str, gold: str) -> Score:
    p, g = bag(predicted), bag(gold)
    return Score(sum((p & g).values()), sum(p.values()), sum(g.values()))


def unchanged(text: str) -> str:
    return text


def justext_lines(text: str) -> str:
    """jusText on the page's lines, each given as one HTML paragraph."""
    import justext

    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    document = f"<html><body>{paragraphs}</body></html>"
    result = justext.justext(document, justext.get_stoplist("English"))
    return "\n".join(p.text for p in result if not p.is_boilerplate)


def newstally_clean(text: str) -> str:
    from newstally.clean import clean_text

    return clean_text(text)[0]


SYSTEMS: dict[str, Callable[[str], str]] = {
    "unchanged": unchanged,
    "jusText (English stoplist)": justext_lines,
    "newstally clean": newstally_clean,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worst", type=int, default=8, help="list this many worst pages")
    parser.add_argument("--page", help="print newstally's output for one page id and stop")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"skipped: ../shared/data/{DATA.name} not found")
        return 0
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    if args.page:
        row = next((r for r in rows if r["id"].startswith(args.page)), None)
        if row is None:
            print(f"{args.page}: no such page id")
            return 1
        from newstally.clean import clean_text

        text, removed = clean_text(row["text"])
        s = score(text, row["gold"])
        print(f"P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}\n{text}\n----")
        for r in removed:
            print(f"[{r.reason}] {r.text[:120]}")
        return 0

    print(f"{len(rows)} pages from {DATA.name}\n")
    print("| system | micro P | micro R | micro F1 | macro P | macro R | macro F1 | seconds |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    per_page: dict[str, list[Score]] = {}
    for name, system in SYSTEMS.items():
        started = time.perf_counter()
        scores = [score(system(row["text"]), row["gold"]) for row in rows]
        seconds = time.perf_counter() - started
        per_page[name] = scores
        micro = Score(
            sum(s.overlap for s in scores),
            sum(s.predicted for s in scores),
            sum(s.gold for s in scores),
        )
        macro = [
            sum(getattr(s, m) for s in scores) / len(scores) for m in ("precision", "recall", "f1")
        ]
        print(
            f"| {name} | {micro.precision:.3f} | {micro.recall:.3f} | {micro.f1:.3f} | "
            f"{macro[0]:.3f} | {macro[1]:.3f} | {macro[2]:.3f} | {seconds:.1f} |"
        )
    if args.worst:
        ours = per_page["newstally clean"]
        base = per_page["jusText (English stoplist)"]
        order = sorted(range(len(rows)), key=lambda i: ours[i].f1)[: args.worst]
        print(f"\nWorst {len(order)} pages for newstally clean (F1; jusText F1 for comparison):\n")
        print("| page | url | P | R | F1 | jusText F1 |")
        print("| --- | --- | --- | --- | --- | --- |")
        for i in order:
            s = ours[i]
            url = rows[i]["url"][:70]
            print(
                f"| {rows[i]['id'][:10]} | {url} | {s.precision:.2f} | {s.recall:.2f} | "
                f"{s.f1:.2f} | {base[i].f1:.2f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
