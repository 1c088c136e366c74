"""Revisions: time order, superseded figures, running-toll updates."""

from __future__ import annotations

from figure_factory import ArticleBuilder, F, make_story

from newstally.model import NoteKind
from newstally.reconcile import reconcile_story
from newstally.reconcile.common import collect_refs
from newstally.reconcile.config import load_config
from newstally.reconcile.revisions import placement
from newstally.report import render_note


def _placements(article):
    refs = collect_refs(make_story(article), {article.id: article})
    return [placement(r, load_config()) for r in refs]


def test_cues_place_figures_earlier_or_later_by_proximity() -> None:
    article = (
        ArticleBuilder("a", "The Valley Post", "2031-05-02")
        .say(
            "The toll rose to 19, the ministry said, revising its earlier figure of 7.",
            F("19", value=19, source="the ministry"),
            F("7", value=7, source="the ministry"),
        )
        .say(
            "Days after acknowledging 3 deaths, the office admitted 40 were hurt.",
            F("3", value=3, source="the office"),
            F("40", "injured", 40, source="the office"),
        )
        .say("Previously the office had put the toll at 2.", F("2", value=2, source="the office"))
        .build()
    )
    rose, earlier, acknowledged, hurt, previously = _placements(article)
    assert rose.rank == 1 and rose.cue is not None and rose.cue.update
    assert earlier.rank == -1 and earlier.cue_text == "earlier"
    assert acknowledged.rank == -1
    assert hurt.rank == 0  # the cue before "3" does not reach "40"
    assert previously.rank == -1


def _karsa_like():
    day_one = (
        ArticleBuilder("d1", "The Valley Post", "2031-05-01")
        .say(
            "The ministry said 7 people were killed in the market attack.",
            F("7", value=7, source="the Ostran ministry"),
        )
        .say(
            "The mayor of Brill said at least 15 people were killed.",
            F(
                "at least 15",
                value=15,
                low=15,
                bound=">=",
                source="the mayor of Brill",
                kind="person",
            ),
        )
        .build()
    )
    day_two = (
        ArticleBuilder("d2", "Coastline Herald", "2031-05-02")
        .say(
            "The death toll rose to 19, the Ostran ministry said on Saturday.",
            F("19", value=19, source="the Ostran ministry"),
        )
        .build()
    )
    return day_one, day_two


def test_rose_to_replaces_the_earlier_toll_rather_than_adding() -> None:
    day_one, day_two = _karsa_like()
    story = make_story(day_one, day_two)
    done = reconcile_story(story, {day_one.id: day_one, day_two.id: day_two})
    killed = done.slots[0]
    entries = {e.figure: e for e in killed.timeline}
    assert entries["d1:f1"].superseded and not entries["d2:f1"].superseded
    assert [e.figure for e in killed.timeline] == ["d1:f1", "d2:f1"]  # date order
    # Current figures: 19 (ministry) and at least 15 (mayor): they agree.
    assert (killed.low, killed.high) == (15, 19)
    assert killed.best == 19 and killed.agreement == "agree"
    assert killed.best != 7 + 19
    assert any(n.kind == NoteKind.SUPERSEDED for n in killed.notes)
    assert any("superseded" in render_note(n) for n in killed.notes)


def test_unknown_dates_fall_back_to_in_text_cues() -> None:
    article = (
        ArticleBuilder("a", "The Valley Post")
        .say(
            "The ministry had said 4 people died, but the toll now stands at 11, it said.",
            F("4", value=4, source="the ministry"),
            F("11", value=11, source="the ministry"),
        )
        .build()
    )
    done = reconcile_story(make_story(article), {article.id: article})
    slot = done.slots[0]
    assert [(e.quantity, e.superseded) for e in slot.timeline] == [("4", True), ("11", False)]
    assert (slot.low, slot.best, slot.high) == (11, 11, 11)


def test_outlet_voice_update_supersedes_lower_official_tolls_and_their_echoes() -> None:
    day_one = (
        ArticleBuilder("d1", "The Valley Post", "2031-05-01")
        .say(
            "Gunmen killed 7 people in Brill.",
            F("7", value=7, source="The Valley Post", kind="outlet"),
        )
        .say("The ministry said 7 people were killed.", F("7", value=7, source="the ministry"))
        .build()
    )
    day_two = (
        ArticleBuilder("d2", "Coastline Herald", "2031-05-02")
        .say(
            "The death toll has risen to 12.",
            F("12", value=12, source="Coastline Herald", kind="outlet"),
        )
        .build()
    )
    done = reconcile_story(make_story(day_one, day_two), {"d1": day_one, "d2": day_two})
    slot = done.slots[0]
    superseded = {e.figure for e in slot.timeline if e.superseded}
    assert superseded == {"d1:f1", "d1:f2"}
    assert (slot.low, slot.best, slot.high) == (12, 12, 12)


def test_same_number_repeated_later_is_not_a_revision() -> None:
    a = (
        ArticleBuilder("a", "The Valley Post", "2031-05-01")
        .say("The ministry said 7 were killed.", F("7", value=7, source="the ministry"))
        .build()
    )
    b = (
        ArticleBuilder("b", "Coastline Herald", "2031-05-02")
        .say("The ministry said again that 7 were killed.", F("7", value=7, source="the ministry"))
        .build()
    )
    done = reconcile_story(make_story(a, b), {"a": a, "b": b})
    assert done.slots[0].timeline == []
    assert done.slots[0].best == 7


def test_category_change_shows_in_the_overlapping_timeline_without_superseding(ridge) -> None:
    story, articles = ridge
    done = reconcile_story(story, articles)
    killed = next(s for s in done.slots if "post-1:f2" in s.figures)
    office = [e for e in killed.timeline if e.source == "Tarnia's Defence Office"]
    categories = [e.category for e in office]
    assert categories[0] == "killed" and "casualties" in categories[1:]
    assert categories.index("casualties") > categories.index("killed")
    assert not any(e.superseded for e in office)
    assert killed.low == 4  # the earlier "four" still counts
    assert any(n.kind == NoteKind.RECATEGORISED for n in killed.notes)
    assert any("another category" in render_note(n) for n in killed.notes)
    # The generic "Tarnian government" is the same source as the office.
    assert "herald-1:f2" in {e.figure for e in office}
