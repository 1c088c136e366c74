"""report.md: every story's brief, one after another."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model import Article, Story
from .brief import BriefData, build_brief_data, fmt, render_markdown


def render_report_markdown(
    stories: Sequence[Story],
    articles: Mapping[str, Article],
    briefs: Mapping[str, BriefData] | None = None,
) -> str:
    """The whole report as Markdown (``briefs``: ready-made `BriefData` by story id)."""
    outlets = {o for s in stories for o in s.outlets}
    count = sum(len(s.articles) for s in stories)
    out = [
        "# newstally report",
        "",
        f"{_count(len(stories), 'story', 'stories')} from {_count(count, 'article')} by "
        f"{_count(len(outlets), 'outlet')}. "
        "Every sentence of an account is quoted from the outlet it cites.",
        "",
    ]
    for story in stories:
        data = (briefs or {}).get(story.id) or build_brief_data(story, articles)
        out.append(render_markdown(data, heading="##"))
        if story.totals:
            totals = "; ".join(
                f"{category} {fmt(e.best)} ({fmt(e.low)} to {fmt(e.high)})"
                for category, e in story.totals.items()
            )
            out.append(f"Totals: {totals}.")
            out.append("")
        out.append("---")
        out.append("")
    return "\n".join(out).rstrip("-\n") + "\n"


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"
