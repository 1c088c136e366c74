"""report.md: every story's brief, one after another."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import IO

from ..model import Article, Story
from .brief import BriefData, build_brief_data, fmt, render_markdown


def render_report_markdown(
    stories: Sequence[Story],
    articles: Mapping[str, Article],
    briefs: Mapping[str, BriefData] | None = None,
) -> str:
    """The whole report as Markdown (``briefs``: ready-made `BriefData` by story id)."""
    buffer = io.StringIO()
    entries = (
        (story, (briefs or {}).get(story.id) or build_brief_data(story, articles))
        for story in stories
    )
    write_report_markdown(buffer, entries, report_counts(stories))
    return buffer.getvalue()


def write_report_markdown(
    fh: IO[str], stories: Iterable[tuple[Story, BriefData]], counts: tuple[int, int, int]
) -> None:
    """`render_report_markdown` written to ``fh`` a story at a time (the same text):
    ``stories`` are the stories with their briefs, ``counts`` their `report_counts`."""
    pending = "\n".join(markdown_header(*counts))
    for story, data in stories:
        fh.write(pending)
        pending = "\n" + "\n".join(markdown_story(story, data))
    # Every story's part starts with its heading, so the strip ends inside the last one.
    fh.write(pending.rstrip("-\n") + "\n")


def report_counts(stories: Iterable[Story]) -> tuple[int, int, int]:
    """Stories, articles and distinct outlets, as the reports' first lines give them."""
    outlets: set[str] = set()
    n = count = 0
    for story in stories:
        n += 1
        count += len(story.articles)
        outlets.update(story.outlets)
    return n, count, len(outlets)


def report_summary(stories: int, articles: int, outlets: int) -> str:
    """The sentence under both reports' title (report.md and report.html)."""
    return (
        f"{count_of(stories, 'story', 'stories')} from {count_of(articles, 'article')} by "
        f"{count_of(outlets, 'outlet')}. "
        "Every sentence of an account is quoted from the outlet it cites."
    )


def markdown_header(stories: int, articles: int, outlets: int) -> list[str]:
    """The report's first lines."""
    return ["# newstally report", "", report_summary(stories, articles, outlets), ""]


def markdown_story(story: Story, data: BriefData) -> list[str]:
    """One story's lines: its brief, totals and the rule after it."""
    out = [render_markdown(data, heading="##")]
    if story.totals:
        totals = "; ".join(
            f"{category} {fmt(e.best)} ({fmt(e.low)} to {fmt(e.high)})"
            for category, e in story.totals.items()
        )
        out.append(f"Totals: {totals}.")
        out.append("")
    out.append("---")
    out.append("")
    return out


def count_of(n: int, one: str, many: str | None = None) -> str:
    """``n`` with its noun: "1 story", "3 stories"."""
    return f"{n} {one if n == 1 else many or one + 's'}"
