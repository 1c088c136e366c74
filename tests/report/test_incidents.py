"""Reports show a slot of figures covering several incidents as such."""

from __future__ import annotations

from figure_factory import ArticleBuilder, F, make_story

from newstally.model import Slot
from newstally.reconcile import reconcile_story
from newstally.report import add_brief
from newstally.report.brief import slot_label


def _slot(incidents: int | None) -> Slot:
    return Slot(
        id="s:s1",
        category="killed",
        scope="event",
        figures=[],
        low=23,
        best=23,
        high=23,
        incidents=incidents,
    )


def test_label_names_the_number_of_incidents() -> None:
    assert slot_label(_slot(3)) == "killed (3 incidents together)"
    assert slot_label(_slot(None)) == "killed"


def test_brief_shows_the_coverage_note_and_label() -> None:
    article = (
        ArticleBuilder("post-7", "The Valley Post", "2031-03-04")
        .headline("Three attacks on army posts around Velmor")
        .say(
            "Eight soldiers were killed at the Dask checkpoint, the army command said.",
            F("Eight", "killed", 8, source="the army command"),
        )
        .say(
            "In total, 23 soldiers were killed across the three attacks, the command said.",
            F("23", "killed", 23, source="the army command", incidents=3),
        )
        .build()
    )
    done = reconcile_story(make_story(article), {article.id: article})
    add_brief(done, {article.id: article})
    assert "(3 incidents together)" in done.brief
    assert "covers 3 related attacks together" in done.brief
