"""Seeds end to end: ingest, clean, figures, stories, reconcile and reports on the two seed
reports, checked against the acceptance list of issue 4 (items 2-7).

Run: ``.venv/bin/python benchmarks/seeds_stories.py``. Prints a markdown table of checks
(PASS/FAIL) and, in the same run, how a naive baseline (one slot per category, lowest to
highest figure) fares on the checks that it can answer. Exits 1 when a check fails, 0
with "skipped: ..." when ../shared/seeds is absent.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
OUTLETS = {"The Moscow Times", "BBC News"}


def main() -> int:
    if not SEEDS.is_dir() or not list(SEEDS.glob("*.txt")):
        print("skipped: ../shared/seeds not found")
        return 0
    from newstally.model import NoteKind, Slot, Story
    from newstally.pipeline import run
    from newstally.settings import Settings

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        _, stories = run([str(SEEDS)], out, Settings(jobs=1))
        seconds = time.perf_counter() - started
        figures = {
            f["id"]: f for f in map(orjson.loads, (out / "figures.jsonl").read_bytes().splitlines())
        }
        articles = {
            a["id"]: a
            for a in map(orjson.loads, (out / "articles.jsonl").read_bytes().splitlines())
        }
        html = (out / "report.html").read_text(encoding="utf-8")

    def outlet(figure_id: str) -> str:
        return articles[figures[figure_id]["article"]]["outlet"] or "?"

    def value(figure_id: str) -> int | None:
        return figures[figure_id]["quantity"]["value"]

    both = [s for s in stories if set(s.outlets) >= OUTLETS]
    story: Story | None = both[0] if both else None
    slots: list[Slot] = story.slots if story else []
    killed = next((s for s in slots if s.category == "killed" and s.scope == "event"), None)
    killed_ids = set(killed.figures) if killed else set()

    def in_killed(pred: Callable[[dict], bool]) -> list[str]:
        return [f for f in killed_ids if pred(figures[f])]

    five = in_killed(lambda f: f["quantity"]["value"] == 5)
    over_100 = in_killed(lambda f: f["quantity"]["bound"] == ">" and f["quantity"]["low"] == 101)
    up_to_200 = in_killed(lambda f: f["quantity"]["bound"] == "<=" and f["quantity"]["high"] == 200)
    dozen_slots = [
        s
        for s in slots
        if s.category in ("injured", "casualties")
        and any("dozen" in figures[f]["quantity"]["text"].lower() for f in s.figures)
    ]
    dozens_in_killed = in_killed(lambda f: "dozen" in f["quantity"]["text"].lower())

    def slot_of(v: int) -> Slot | None:
        return next((s for s in slots if any(value(f) == v for f in s.figures)), None)

    s44, s131 = slot_of(44), slot_of(131)
    militia = next(
        (f for f in figures.values() if f["group"] and f["group"]["head"] == "militia"), None
    )
    timeline = killed.timeline if killed else []
    revision = any(
        a.category == "killed"
        and value(a.figure) == 5
        and any(
            b.source == a.source
            and b.category in ("injured", "casualties")
            and "dozen" in b.quantity.lower()
            for b in timeline[i + 1 :]
        )
        for i, a in enumerate(timeline)
    )
    account = _account_lines(story.brief if story else "")
    texts: dict[str, str] = {}
    for a in articles.values():
        texts[a["outlet"]] = texts.get(a["outlet"], "") + "\n" + a["text"]
    cited = [
        (line, outlets)
        for line, outlets in account
        if outlets and set(outlets) <= OUTLETS and any(_verbatim(line, texts[o]) for o in outlets)
    ]

    checks = [
        ("one story holds both reports", story is not None and len(both) == 1),
        (
            "killed slot holds the ministry's 5 from both outlets",
            {outlet(f) for f in five} >= OUTLETS,
        ),
        ("killed slot holds 'more than 100' and 'up to 200'", bool(over_100 and up_to_200)),
        (
            "killed slot: low <= 5, high >= 200, conflict",
            killed is not None
            and killed.low is not None
            and killed.low <= 5
            and (killed.high or 0) >= 200
            and killed.agreement == "conflict",
        ),
        (
            "several dozen injured / killed-or-wounded in own slot(s)",
            bool(dozen_slots) and not dozens_in_killed,
        ),
        (
            "category-mismatch note on those slots",
            any(n.kind == NoteKind.MISMATCH for s in dozen_slots for n in s.notes),
        ),
        (
            "44 (cumulative) and 131 (period) outside the event slot, apart",
            s44 is not None
            and s131 is not None
            and s44 is not s131
            and s44.scope != "event"
            and s131.scope != "event",
        ),
        ("ministry's revision five killed -> several dozen in killed timeline", revision),
        (
            "brief: every sentence cites The Moscow Times or BBC News, verbatim",
            bool(account) and len(cited) == len(account),
        ),
        (
            "'100 militia' (the US) kept out of the killed slot (another group)",
            militia is not None and militia["id"] not in killed_ids,
        ),
        ("report.html self-contained (no http(s) references)", not re.search(r"https?://", html)),
    ]
    baseline = _naive_baseline(figures)
    print("## Seeds end to end (issue 4)\n")
    print(f"Command: `.venv/bin/python benchmarks/seeds_stories.py`; {seconds:.1f} s wall")
    print("(whole pipeline, 2 articles, --jobs 1, model load included).\n")
    print("| check | newstally | naive baseline |")
    print("| --- | --- | --- |")
    for name, ok in checks:
        print(f"| {name} | {'PASS' if ok else 'FAIL'} | {baseline.get(name, 'n/a')} |")
    if killed is not None:
        print(
            f"\nkilled slot: low {killed.low}, best {killed.best}, high {killed.high}, "
            f"{killed.agreement}; naive killed: {baseline['naive killed']}"
        )
    failed = [name for name, ok in checks if not ok]
    print(f"\n{len(checks) - len(failed)}/{len(checks)} checks pass.")
    return 1 if failed else 0


def _naive_baseline(figures: dict[str, dict]) -> dict[str, str]:
    """One slot per category over all figures: lowest to highest value, no groups,
    scopes or revisions."""
    killed = [f for f in figures.values() if f["category"] == "killed"]
    values = [f["quantity"]["value"] for f in killed if f["quantity"]["value"] is not None]
    militia_in = any(f["group"] and f["group"]["head"] == "militia" for f in killed)
    scoped_in = any(f["scope"] != "event" for f in killed)
    return {
        "naive killed": f"{min(values, default=None)} to {max(values, default=None)}",
        "44 (cumulative) and 131 (period) outside the event slot, apart": (
            "FAIL" if scoped_in else "PASS"
        ),
        "'100 militia' (the US) kept out of the killed slot (another group)": (
            "FAIL" if militia_in else "PASS"
        ),
    }


_CITED = re.compile(r"^(?P<text>.+?) \[(?P<outlets>[^\[\]]+)\]$")


def _account_lines(brief: str) -> list[tuple[str, list[str]]]:
    """(sentence, outlets) of the brief's account: the lines before the first table."""
    lines: list[tuple[str, list[str]]] = []
    for line in brief.splitlines()[1:]:
        if line.startswith("#"):
            break
        if not line.strip():
            continue
        m = _CITED.match(line)
        if m is None:
            lines.append((line, []))
        else:
            lines.append((m["text"], [o.strip() for o in m["outlets"].split(";")]))
    return lines


def _verbatim(markdown: str, text: str) -> bool:
    plain = re.sub(r"\\(.)", r"\1", markdown)
    return " ".join(plain.split()) in " ".join(text.split())


if __name__ == "__main__":
    sys.exit(main())
