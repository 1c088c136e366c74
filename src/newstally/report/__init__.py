"""Report: briefs, report.md and report.html, and the rows of the terminal summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from ..model import Article, Slot, Story
from .brief import (
    BriefData,
    build_brief,
    build_brief_data,
    fmt,
    render_markdown,
    slot_label,
)
from .html import DEFAULT_FULL_STORIES, render_report_html, write_report_html
from .markdown import render_report_markdown, report_counts, write_report_markdown
from .notes import render_note, story_record

__all__ = [
    "SUMMARY_COLUMNS",
    "BriefData",
    "add_brief",
    "build_brief",
    "build_brief_data",
    "render_markdown",
    "render_note",
    "render_report_html",
    "render_report_markdown",
    "report_counts",
    "story_record",
    "story_summary_rows",
    "write_report_html",
    "write_report_markdown",
    "write_reports",
]

SUMMARY_COLUMNS: tuple[str, ...] = ("slot", "low", "best", "high", "agreement", "sources")


def add_brief(story: Story, articles: Mapping[str, Article]) -> BriefData:
    """Build the (reconciled) story's brief once: ``story.brief`` gets its Markdown, and
    the data comes back for `write_reports` (report.md and report.html show the same)."""
    data = build_brief_data(story, articles)
    story.brief = render_markdown(data)
    return data


def write_reports(
    stories: list[Story],
    articles: Mapping[str, Article],
    out_dir: Path,
    briefs: Mapping[str, BriefData] | None = None,
    full_stories: int = DEFAULT_FULL_STORIES,
) -> None:
    """Write report.md and report.html for the (reconciled) stories into ``out_dir``
    (report.html gives the first ``full_stories`` stories in full, the rest as a table).

    ``briefs`` (story id -> `BriefData`) may come ready-made, e.g. from a stream that
    built each one while its story's article texts were still at hand; the rest are built
    here, once for both files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ready = dict(briefs or {})
    for story in stories:
        if story.id not in ready:
            ready[story.id] = build_brief_data(story, articles)
    (out_dir / "report.md").write_text(
        render_report_markdown(stories, articles, ready), encoding="utf-8"
    )
    (out_dir / "report.html").write_text(
        render_report_html(stories, articles, ready, full_stories), encoding="utf-8"
    )


def story_summary_rows(story: Story) -> list[tuple[str, ...]]:
    """One row per slot for the terminal summary, in `SUMMARY_COLUMNS` order."""
    rows: list[tuple[str, ...]] = []
    for slot in story.slots:
        rows.append(
            (
                slot_label(slot),
                fmt(slot.low),
                fmt(slot.best),
                fmt(slot.high),
                slot.agreement,
                "; ".join(_source_names(slot)),
            )
        )
    return rows


def _source_names(slot: Slot) -> list[str]:
    """The slot's source names, one entry per name: unnamed sources of different reports
    with the same words ("witnesses", "Witnesses") read "witnesses (2 reports)"."""
    counts = Counter(s.text.casefold() for s in slot.sources)
    names: list[str] = []
    seen: set[str] = set()
    for source in slot.sources:
        key = source.text.casefold()
        if key in seen:
            continue
        seen.add(key)
        n = counts[key]
        names.append(source.text if n == 1 else f"{source.text} ({n} reports)")
    return names
