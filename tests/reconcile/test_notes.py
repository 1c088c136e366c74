"""Plain-language notes, source identity and story totals."""

from __future__ import annotations

from figure_factory import ArticleBuilder, F, make_story

from newstally.model import NoteKind, Slot, Story
from newstally.reconcile import reconcile_story
from newstally.reconcile.common import collect_refs
from newstally.reconcile.config import load_config
from newstally.reconcile.sources import identify_sources
from newstally.report import render_note


def _words(slot: Slot) -> list[str]:
    """The slot's notes as report words them."""
    return [render_note(n) for n in slot.notes]


def _notes(story: Story, kind: str) -> list[str]:
    return [n for s in story.slots for n in _words(s) if n.startswith(kind + ":")]


def test_category_mismatch_names_both_outlets_and_their_words(ridge) -> None:
    story, articles = ridge
    done = reconcile_story(story, articles)
    mismatch = _notes(done, "Category mismatch")
    assert mismatch
    assert mismatch[0].startswith(
        "Category mismatch: Coastline Herald reports 'killed or hurt' where The Valley Post "
        "reports 'hurt'"
    )
    injured = next(s for s in done.slots if s.category == "injured")
    casualties = next(s for s in done.slots if s.category == "casualties")
    assert any(n.kind == NoteKind.MISMATCH for n in injured.notes)
    assert any(n.kind == NoteKind.MISMATCH for n in casualties.notes)


def test_conflict_hedged_unnamed_and_single_outlet_notes(ridge) -> None:
    story, articles = ridge
    done = reconcile_story(story, articles)
    killed = next(s for s in done.slots if "post-1:f2" in s.figures)
    text = "\n".join(_words(killed))
    assert "Conflict: 'four' from Tarnia's Defence Office and 'more than 80' from some " in text
    assert "Hedged: the official figure 'four' from Tarnia's Defence Office is hedged" in text
    assert "'probably'" in text
    assert "Unnamed source: 'up to 150' comes from an unnamed source" in text
    assert "One outlet: only The Valley Post reports 'up to 150' from some outlets." in text
    assert "Other group: 'militia'" in text


def test_no_single_outlet_note_when_only_one_outlet_covers_the_story() -> None:
    article = (
        ArticleBuilder("a", "The Valley Post")
        .say("The ministry said 9 died.", F("9", value=9, source="the ministry"))
        .build()
    )
    done = reconcile_story(make_story(article), {"a": article})
    assert not _notes(done, "One outlet")
    assert done.slots[0].agreement == "agree"
    assert not _notes(done, "Conflict")


def test_category_mismatch_uses_the_outlets_own_words() -> None:
    a = (
        ArticleBuilder("a", "The Valley Post")
        .say(
            "The agency said 30 people were wounded in the blast.",
            F("30", "injured", 30, source="the civil defence agency"),
        )
        .build()
    )
    b = (
        ArticleBuilder("b", "Coastline Herald")
        .say(
            "The civil defence agency said 30 people were killed or injured in the blast.",
            F("30", "casualties", 30, source="the civil defence agency"),
        )
        .build()
    )
    done = reconcile_story(make_story(a, b), {"a": a, "b": b})
    mismatch = _notes(done, "Category mismatch")
    assert mismatch[0].startswith(
        "Category mismatch: Coastline Herald reports 'killed or injured' where "
        "The Valley Post reports 'wounded'"
    )


def test_source_names_merge_across_outlets_but_not_ambiguously() -> None:
    article = (
        ArticleBuilder("a", "The Valley Post")
        .say(
            "Ostra's Interior Ministry said 5 died.",
            F("5", value=5, source="Ostra's Interior Ministry"),
        )
        .say("The interior ministry said 5 died.", F("5", value=5, source="the interior ministry"))
        .say(
            "Ostra's Health Ministry said 6 died.",
            F("6", value=6, source="Ostra's Health Ministry"),
        )
        .say("The ministry said 7 died.", F("7", value=7, source="the ministry"))
        .say("Some reports said 9 died.", F("9", value=9, source="Some reports", kind="media"))
        .build()
    )
    refs = collect_refs(make_story(article), {"a": article})
    info = identify_sources(refs, {r.id: 0 for r in refs}, load_config())
    keys = [info[r.id].key for r in refs]
    assert keys[0] == keys[1]  # "the interior ministry" is Ostra's Interior Ministry
    assert keys[2] != keys[0]
    assert keys[3] not in (keys[0], keys[2])  # "the ministry": which one? left apart
    assert info[refs[4].id].kind == "unnamed"  # "some reports", whatever kind was given
    assert info[refs[0].id].display == "Ostra's Interior Ministry"


def test_totals_add_disjoint_groups_only() -> None:
    article = (
        ArticleBuilder("a", "The Valley Post")
        .say(
            "The army said 3 soldiers and 5 civilians were killed.",
            F("3", value=3, source="the army", group=("soldiers", "soldier", None)),
            F("5", value=5, source="the army", group=("civilians", "civilian", None)),
        )
        .say(
            "Medics said 4 civilians were killed.",
            F("4", value=4, source="medics", kind="person", group=("civilians", "civilian", None)),
        )
        .build()
    )
    done = reconcile_story(make_story(article), {"a": article})
    civilians = next(s for s in done.slots if s.group and s.group.head == "civilian")
    assert civilians.low == 4 and civilians.high == 5
    total = done.totals["killed"]
    assert (total.low, total.best, total.high) == (
        civilians.low + 3,
        civilians.best + 3,
        civilians.high + 3,
    )


def test_totals_do_not_add_a_group_that_may_overlap(ridge) -> None:
    story, articles = ridge
    done = reconcile_story(story, articles)
    killed = next(s for s in done.slots if "post-1:f2" in s.figures)
    total = done.totals["killed"]
    assert (total.low, total.best, total.high) == (killed.low, killed.best, killed.high)
    assert "casualties" in done.totals and "injured" in done.totals


def test_totals_follow_everyone_over_subgroups() -> None:
    article = (
        ArticleBuilder("a", "The Valley Post")
        .say(
            "Officials said 12 people were killed.",
            F("12", value=12, source="officials", group=("people", "person", None)),
        )
        .say(
            "Officials said 14 people died.",
            F(
                "14",
                value=14,
                source="the governor",
                kind="person",
                group=("people", "person", None),
            ),
        )
        .say(
            "No police officers were killed, the ministry said.",
            F(
                "No",
                value=0,
                source="the ministry",
                negated=True,
                group=("police officers", "officer", None),
            ),
        )
        .build()
    )
    done = reconcile_story(make_story(article), {"a": article})
    assert len(done.slots) == 2
    police = next(s for s in done.slots if s.group and s.group.head == "officer")
    assert (police.low, police.best, police.high) == (0, 0, 0)
    assert done.totals["killed"].low == 12 and done.totals["killed"].high == 14
