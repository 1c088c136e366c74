"""examples/ end to end through the real stages (ingest, clean, figures, stories,
reconcile, reports)."""

from __future__ import annotations

import re
from pathlib import Path

import orjson

from newstally.pipeline import run
from newstally.settings import Settings

CITED = re.compile(r"^(?P<text>.+) \[(?P<outlets>[^\[\]]+)\]$")


def test_examples_reconcile_and_report(tmp_path: Path, nlp, examples_dir: Path) -> None:
    _, stories = run([str(examples_dir)], tmp_path, Settings(jobs=1))
    articles = {
        a["id"]: a
        for a in map(orjson.loads, (tmp_path / "articles.jsonl").read_bytes().splitlines())
    }
    figures = {
        f["id"]: f
        for f in map(orjson.loads, (tmp_path / "figures.jsonl").read_bytes().splitlines())
    }
    assert stories

    # Every account sentence is verbatim from an article of its story, citing that outlet.
    for story in stories:
        texts: dict[str, list[str]] = {}
        for a in story.articles:
            texts.setdefault(articles[a]["outlet"], []).append(articles[a]["text"])
        for line in story.brief.splitlines()[1:]:
            if line.startswith("#"):
                break
            if not line.strip():
                continue
            m = CITED.match(line)
            assert m, line
            sentence = re.sub(r"\\(.)", r"\1", m["text"])
            outlets = m["outlets"].split("; ")
            assert any(sentence in t for o in outlets for t in texts.get(o, [])), line
        # Copies count once: none of their figures sits in a slot.
        for slot in story.slots:
            assert not {figures[f]["article"] for f in slot.figures} & set(story.duplicates)

    # "The death toll ... rose to 23": the ministry's 12 is superseded, not added.
    update = next(f for f in figures.values() if f["quantity"]["value"] == 23)
    story = next(s for s in stories if update["article"] in s.articles)
    slot = next(s for s in story.slots if update["id"] in s.figures)
    entries = {e.figure: e for e in slot.timeline}
    assert update["id"] in entries and not entries[update["id"]].superseded
    twelves = [
        e for e in slot.timeline if e.source == entries[update["id"]].source and e.quantity == "12"
    ]
    assert twelves and all(e.superseded for e in twelves)
    assert slot.low is not None and slot.low >= 23
    assert 35 not in (slot.low, slot.best, slot.high)

    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"https?://", html)
    assert html.count("<svg") == sum(1 for s in stories if s.slots)
    assert (tmp_path / "report.md").read_text(encoding="utf-8").count("\n## ") == len(stories)
