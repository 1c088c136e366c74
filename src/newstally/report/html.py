"""report.html: one self-contained page (inline CSS and SVG, no scripts, no network).

Every piece of text that comes from an article (sentences, titles, names, quantities)
goes through `html.escape`; only the package's own CSS and the charts' SVG (written by
`chart`, which escapes its text) are inserted as markup.

A run of thousands of stories would make a page that no browser opens quickly, so the
first ``full_stories`` stories (in the report's order) are given in full, with a chart
each, and the rest as one table, a row per story with its outlets, dates and totals, that
the browser's find-in-page searches (the page has no scripts, so no filter box).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from html import escape
from importlib import resources
from string import Template
from typing import Any

from ..model import Article, Story
from ..reconcile.config import load_config
from .brief import BriefData, RevisionStep, build_brief_data, fmt, grouped_notes
from .chart import chart_panels, render_svg, story_chart_table
from .markdown import count_of, report_counts, report_summary

# Stories given in full (with a chart) before the rest are listed in one table.
DEFAULT_FULL_STORIES = 50


def e(text: object) -> str:
    return escape(" ".join(str(text).split()), quote=True)


@cache
def _asset(name: str) -> str:
    return (resources.files("newstally.report") / name).read_text(encoding="utf-8")


def _kind_and_text(note: str) -> str:
    kind, sep, rest = note.partition(": ")
    if not sep:
        return e(note)
    return f'<span class="kind">{e(kind)}:</span> {e(rest)}'


def _chart_html(story: Story, articles: Mapping[str, Article], number: int) -> str | None:
    """The story's chart with its data as a table (the chart's text alternative)."""
    panels = chart_panels(story, articles)
    if not panels:
        return None
    return (
        render_svg(panels, prefix=f"c{number}")
        + '<details class="chart-data"><summary>The chart as a table</summary>'
        + story_chart_table(panels)
        + "</details>"
    )


def _story_html(story: Story, data: BriefData, number: int, chart: str | None) -> str:
    config = load_config()
    out: list[str] = [f'<section class="story" id="story-{number}">']
    out.append(f"<h2>{e(data.title)}</h2>")
    dates = " to ".join(dict.fromkeys(d[:10] for d in (story.start, story.end) if d))
    meta = [", ".join(story.outlets)] + ([dates] if dates else [])
    out.append(f'<p class="meta">{e(" · ".join(m for m in meta if m))}</p>')
    if story.totals:
        out.append('<div class="totals">')
        for category, est in story.totals.items():
            out.append(
                f'<div class="total"><span>{e(config.label(category))}</span> '
                f"<b>{e(fmt(est.best))}</b> "
                f"<span>({e(fmt(est.low))} to {e(fmt(est.high))})</span></div>"
            )
        out.append("</div>")
    if data.sentences:
        out.append('<div class="account">')
        for s in data.sentences:
            out.append(f"<p>{e(s.text)} <cite>[{e('; '.join(s.outlets))}]</cite></p>")
        out.append("</div>")
    if chart:
        out.append(
            '<figure class="chart-box">'
            + chart
            + "<figcaption>Each row is one source; the bar spans the numbers its words "
            "state, an arrow marks an open bound, the shaded band is the slot's low to high "
            "and the dashed line its best estimate.</figcaption></figure>"
        )
    if data.rows:
        out.append("<h3>Figures</h3><table><thead><tr>")
        for head in ("Slot", "Figure", "Who says it", "Outlets", "Hedges", "Estimate"):
            out.append(f"<th>{head}</th>")
        out.append("</tr></thead><tbody>")
        previous = None
        for row in data.rows:
            first = row.slot != previous
            previous = row.slot
            figure = f"\u2018{e(row.figure)}\u2019"
            if row.superseded:
                figure = f'<span class="superseded">{figure}</span> (superseded)'
            estimate = ""
            if row.estimate:
                text, _, agreement = row.estimate.rpartition("; ")
                estimate = f'{e(text)} <span class="badge {e(agreement)}">{e(agreement)}</span>'
            out.append(
                f'<tr class="{"slot-start" if first else ""}">'
                f'<td class="slot">{e(row.slot_label) if first else ""}</td>'
                f'<td class="figure">{figure}</td><td>{_who(row.who)}</td>'
                f"<td>{e(', '.join(row.outlets))}</td><td>{e(', '.join(row.hedges))}</td>"
                f'<td class="estimate">{estimate}</td></tr>'
            )
        out.append("</tbody></table>")
    if data.conflicts:
        out.append('<h3>Conflicts</h3><ul class="notes">')
        out += [
            f'<li><span class="label">{e(n.slot_label)}</span> \u2014 {_kind_and_text(n.text)}</li>'
            for n in data.conflicts
        ]
        out.append("</ul>")
    if data.revisions or data.revision_notes:
        out.append('<h3>Revisions</h3><ul class="revisions">')
        for line in data.revisions:
            steps = " \u2192 ".join(_step(s) for s in line.steps)
            out.append(
                f'<li><span class="label">{e(line.slot_label)}</span> \u2014 '
                f"<b>{e(line.source)}</b>: {steps}</li>"
            )
        out += [
            f'<li><span class="label">{e(n.slot_label)}</span> \u2014 {_kind_and_text(n.text)}</li>'
            for n in data.revision_notes
        ]
        out.append("</ul>")
    if data.notes:
        out.append("<h3>Notes</h3>")
        for label, lines in grouped_notes(data.notes):
            out.append(f'<h4 class="slot-notes">{e(label)}</h4><ul class="notes">')
            out += [f"<li>{_kind_and_text(n.text)}</li>" for n in lines]
            out.append("</ul>")
    if data.statements:
        out.append("<h3>Statements</h3>")
        out += [
            f"<blockquote><p>{e(s.content)}</p><footer>{e(s.source)} "
            f"<cite>[{e(s.outlet)}]</cite></footer></blockquote>"
            for s in data.statements
        ]
    if data.coverage:
        out.append(
            "<h3>Coverage</h3><table><thead><tr><th>Outlet</th><th>Article</th>"
            "<th>Published</th><th>Figures</th></tr></thead><tbody>"
        )
        for row in data.coverage:
            figures = f"copy of {e(row.copy_of)}" if row.copy_of else e(row.figures)
            out.append(
                f"<tr><td>{e(row.outlet)}</td><td>{e(row.title)}</td>"
                f"<td>{e(row.published or '?')}</td><td>{figures}</td></tr>"
            )
        out.append("</tbody></table>")
    out.append("</section>")
    return "\n".join(out)


def _who(who: str) -> str:
    """ "Name (kind)" with the kind set small."""
    name, sep, kind = who.rpartition(" (")
    if not sep or not kind.endswith(")"):
        return e(who)
    return f'{e(name)} <span class="kind-of">({e(kind[:-1])})</span>'


def _step(step: RevisionStep) -> str:
    config = load_config()
    where = ", ".join(x for x in (step.outlet, step.date or "") if x)
    quantity = f"\u2018{e(step.quantity)}\u2019"
    if step.superseded:
        quantity = f'<span class="superseded">{quantity}</span>'
    return (
        f'<span class="step">{quantity} {e(config.label(step.category))}'
        f' <span class="label">({e(where)})</span></span>'
    )


def render_report_html(
    stories: Sequence[Story],
    articles: Mapping[str, Article],
    briefs: Mapping[str, BriefData] | None = None,
    full_stories: int = DEFAULT_FULL_STORIES,
) -> str:
    """The whole report as one HTML page (``briefs``: ready-made `BriefData` by story id);
    the first ``full_stories`` stories in full, the rest as rows of one table."""
    parts: list[str] = []
    entries = (
        (story, (briefs or {}).get(story.id) or build_brief_data(story, articles))
        for story in stories
    )
    counts = report_counts(stories)
    write_report_html(_Parts(parts), entries, counts, lambda _: articles, full_stories)
    return "".join(parts)


class _Parts:
    def __init__(self, parts: list[str]) -> None:
        self.write = parts.append


def write_report_html(
    fh: Any,
    stories: Iterable[tuple[Story, BriefData]],
    counts: tuple[int, int, int],
    articles_of: Callable[[Story], Mapping[str, Article]],
    full_stories: int = DEFAULT_FULL_STORIES,
) -> None:
    """`render_report_html` written to ``fh`` (anything with ``write(str)``) a story at a
    time, the same text: ``stories`` are the stories with their briefs, ``counts`` their
    `report_counts`, ``articles_of(story)`` the articles of a story given in full (for its
    chart). Only the stories given in full are held until the page's head is written."""
    n_stories, n_articles, n_outlets = counts
    listed = max(0, n_stories - full_stories)
    summary = report_summary(n_stories, n_articles, n_outlets)
    head, _, tail = _asset("page.html").partition("$body")
    sections: list[str] = []
    toc: list[str] = []
    started = False

    def start() -> None:
        nonlocal started
        if listed:
            more = count_of(listed, "more story", "more stories")
            toc.append(f'<li><a href="#more-stories">{more}</a></li>')
        values = {
            "title": "newstally report",
            "css": _asset("report.css"),
            "summary": e(summary),
            "toc": f'<nav class="toc"><ol>{"".join(toc)}</ol></nav>' if len(toc) > 1 else "",
        }
        fh.write(Template(head).safe_substitute(values))
        fh.write("\n".join(sections))
        if listed:
            fh.write("\n" if sections else "")
            fh.write(_listed_head(listed, full_stories))
        sections.clear()
        started = True
        tail_values.update(values)

    tail_values: dict[str, str] = {}
    for number, (story, data) in enumerate(stories, start=1):
        if number > full_stories:
            if not started:
                start()
            fh.write(("\n" if number > full_stories + 1 else "") + _listed_row(story, data, number))
            continue
        chart = _chart_html(story, articles_of(story), number)
        sections.append(_story_html(story, data, number, chart))
        toc.append(f'<li><a href="#story-{number}">{e(data.title)}</a></li>')
    if not started:
        start()
    if listed:
        fh.write(_LISTED_TAIL)
    fh.write(Template(tail).safe_substitute(tail_values))


def _listed_row(story: Story, data: BriefData, number: int) -> str:
    dates = " to ".join(dict.fromkeys(d[:10] for d in (story.start, story.end) if d))
    config = load_config()
    totals = "; ".join(
        f"{config.label(category)} {fmt(est.best)} ({fmt(est.low)} to {fmt(est.high)})"
        for category, est in story.totals.items()
    )
    return (
        f'<tr id="story-{number}"><td>{number}</td><td>{e(data.title)}</td>'
        f"<td>{e(', '.join(story.outlets))}</td><td>{e(dates)}</td><td>{e(totals)}</td>"
        f"<td>{len(story.articles)}</td></tr>"
    )


def _listed_head(rows: int, full_stories: int) -> str:
    return (
        '<section class="more-stories" id="more-stories">'
        f"<h2>{count_of(rows, 'more story', 'more stories')}</h2>"
        f'<p class="meta">The first {full_stories} stories are given in full above; the rest '
        "are listed here, one row each (the browser's find-in-page searches them). "
        "stories.json holds every story in full.</p>"
        "<table><thead><tr><th>#</th><th>Story</th><th>Outlets</th><th>Dates</th>"
        "<th>Totals</th><th>Articles</th></tr></thead><tbody>"
    )


_LISTED_TAIL = "</tbody></table></section>"
