"""report.md and report.html: written, self-contained, escaped, one chart per story."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from figure_factory import ArticleBuilder, F, make_story

from newstally.model import Story
from newstally.reconcile import reconcile_story
from newstally.report import (
    SUMMARY_COLUMNS,
    render_report_html,
    story_summary_rows,
    write_reports,
)
from newstally.report.chart import story_chart_svg

EVIL = "<script>alert('x')</script>"


def _hostile_story():
    article = (
        ArticleBuilder("evil", f"Evil {EVIL} Times", "2031-05-01")
        .headline(f"Attack {EVIL} in Brill")
        .say(
            f"Officials said 4 people died in the attack on the {EVIL} market in Brill today.",
            F("4", value=4, source=f"officials {EVIL}"),
        )
        .say(
            f"A witness said up to 9 people were killed near the {EVIL} stalls that morning.",
            F("up to 9", value=9, high=9, bound="<=", source="a witness", kind="person"),
        )
        .say(f"Police closed the {EVIL} market and the roads around it for the whole day.")
        .build()
    )
    story = make_story(article)
    return reconcile_story(story, {article.id: article}), {article.id: article}


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


def test_article_text_is_escaped_everywhere() -> None:
    story, articles = _hostile_story()
    html = render_report_html([story], articles)
    parser = _Collect()
    parser.feed(html)
    assert "script" not in parser.tags
    assert EVIL not in html
    assert "&lt;script&gt;" in html
    assert not any(name.startswith("on") for name, _ in parser.attrs)


def test_html_is_self_contained(ridge_done) -> None:
    story, articles = ridge_done
    html = render_report_html([story], articles)
    assert not re.search(r"https?://", html)
    parser = _Collect()
    parser.feed(html)
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(parser.tags)
    assert not any(name in ("src", "srcset") for name, _ in parser.attrs)
    assert "@import" not in html and "url(http" not in html
    assert "<style>" in html


def test_one_chart_per_story_with_unique_ids(ridge_done) -> None:
    story, articles = ridge_done
    other, other_articles = _hostile_story()
    html = render_report_html([story, other], {**articles, **other_articles})
    assert html.count("<svg") == 2
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for ref in re.findall(r'href="#([^"]+)"|url\(#([^)]+)\)', html):
        target = ref[0] or ref[1]
        assert target in ids


def test_chart_draws_every_slot_and_source(ridge_done) -> None:
    story, articles = ridge_done
    svg = story_chart_svg(story, articles, prefix="t")
    assert svg is not None and svg.startswith("<svg")
    for slot in story.slots:
        for source in slot.sources:
            assert source.text.replace("'", "&#x27;") in svg or source.text in svg
    empty = Story(id="none", title="Nothing", articles=[])
    assert story_chart_svg(empty, {}, prefix="n") is None


def test_write_reports_writes_both_files(tmp_path: Path, ridge_done) -> None:
    story, articles = ridge_done
    write_reports([story], articles, tmp_path)
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert markdown.startswith("# newstally report")
    assert f"## {story.title}" in markdown
    assert "### Figures" in markdown and "Totals: killed 4 (4 to 150)" in markdown
    assert html.startswith("<!DOCTYPE html>") and story.title in html


def test_story_summary_rows(ridge_done) -> None:
    story, _ = ridge_done
    rows = story_summary_rows(story)
    assert len(rows) == len(story.slots)
    assert all(len(r) == len(SUMMARY_COLUMNS) for r in rows)
    assert rows[0][:5] == ("killed, Tarnian volunteers", "4", "4", "150", "conflict")
    assert "?" in {cell for r in rows for cell in r}  # an open high


def test_empty_story_list_still_renders(tmp_path: Path) -> None:
    write_reports([], {}, tmp_path)
    assert "0 stories" in (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "<section" not in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_ready_made_briefs_let_reports_drop_article_texts(ridge_done, tmp_path: Path) -> None:
    # A stream builds each story's account while its texts are at hand; afterwards the
    # reports need only metadata and figures.
    from dataclasses import replace

    from newstally.report import build_brief_data

    story, articles = ridge_done
    write_reports([story], articles, tmp_path / "full")
    briefs = {story.id: build_brief_data(story, articles)}
    textless = {k: replace(a, text="") for k, a in articles.items()}
    write_reports([story], textless, tmp_path / "lean", briefs)
    for name in ("report.md", "report.html"):
        assert (tmp_path / "lean" / name).read_text() == (tmp_path / "full" / name).read_text()
    # Without the ready-made account the texts are what the brief quotes from.
    write_reports([story], textless, tmp_path / "none")
    assert (tmp_path / "none" / "report.md").read_text() != (
        tmp_path / "full" / "report.md"
    ).read_text()


def _witnessed_story() -> tuple[Story, dict]:
    """Two reports whose unnamed "witnesses" are two sources with the same words."""
    a = ArticleBuilder("a1", "Tollan Courier", "2025-05-02").headline("Raid on Pell market")
    a.say(
        "Seven traders were abducted, witnesses said.",
        F("Seven", "kidnapped", 7, source="witnesses", kind="unnamed"),
    )
    b = ArticleBuilder("b1", "Pell Evening Star", "2025-05-02").headline("Traders seized in Pell")
    b.say(
        "Witnesses said seven traders were taken.",
        F("seven", "kidnapped", 7, source="Witnesses", kind="unnamed"),
    )
    articles = {x.id: x for x in (a.build(), b.build())}
    return reconcile_story(make_story(*articles.values()), articles), articles


def test_chart_rows_name_the_outlet_of_same_named_unnamed_sources() -> None:
    """Two reports' "witnesses" are two sources; their chart rows say whose they are."""
    from newstally.report.brief import figure_index
    from newstally.report.chart import _rows

    story, articles = _witnessed_story()
    slot = next(s for s in story.slots if s.category == "kidnapped")
    assert len(slot.sources) == 2
    labels = sorted(label for label, _ in _rows(slot, figure_index(articles), 10))
    assert labels == ["Witnesses (Pell Evening Star)", "witnesses (Tollan Courier)"]


def test_summary_rows_count_same_named_unnamed_sources() -> None:
    from newstally.report import story_summary_rows

    story, _ = _witnessed_story()
    row = next(r for r in story_summary_rows(story) if r[0].startswith("kidnapped"))
    assert row[-1] == "witnesses (2 reports)"


def test_chart_is_plain_svg_with_a_title_and_a_table_of_its_data(ridge_done) -> None:
    from newstally.report.chart import chart_panels, render_svg, story_chart_table

    story, articles = ridge_done
    panels = chart_panels(story, articles)
    svg = render_svg(panels, prefix="k")
    parser = _Collect()
    parser.feed(svg)
    assert {"title", "desc", "text", "circle"} <= set(parser.tags)
    assert ("aria-labelledby", "k-title k-desc") in parser.attrs
    table = story_chart_table(panels)
    for _, rows in panels:
        for label, _ in rows:
            assert label.replace("'", "&#x27;") in table
    assert table.count("<tr>") == 1 + sum(len(rows) for _, rows in panels)


def test_hostile_text_in_chart_is_escaped() -> None:
    story, articles = _hostile_story()
    svg = story_chart_svg(story, articles, prefix="h")
    assert svg is not None and EVIL not in svg and "&lt;script&gt;" in svg


def test_stories_past_full_stories_are_rows_of_one_table(ridge_done) -> None:
    story, articles = ridge_done
    other, other_articles = _hostile_story()
    both = {**articles, **other_articles}
    html = render_report_html([story, other], both, full_stories=1)
    assert html.count("<svg") == 1
    assert html.count('<section class="story"') == 1
    assert 'id="more-stories"' in html and 'href="#more-stories"' in html
    row = html[html.index('<tr id="story-2">') :]
    row = row[: row.index("</tr>")]
    assert "Evil &lt;script&gt;" in row or "&lt;script&gt;" in row
    assert EVIL not in html
    everything = render_report_html([story, other], both, full_stories=2)
    assert everything.count("<svg") == 2 and 'id="more-stories"' not in everything
