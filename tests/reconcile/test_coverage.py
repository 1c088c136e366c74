"""Figures that cover several incidents, and figures that are part of another.

All outlets, people and places are invented (the Velmor / Korrin stories).
"""

from __future__ import annotations

from figure_factory import ArticleBuilder, F, make_story

from newstally.model import Article, NoteKind, Slot, Story
from newstally.reconcile import reconcile_story
from newstally.report import render_note

SOLDIERS = ("soldiers", "soldier", None)
ASSAILANTS = ("assailants", "assailant", None)
COMMAND = "the Velmor army command"
OFFICE = "the Korrin interior office"


def _slot_with(story: Story, figure_id: str) -> Slot:
    return next(s for s in story.slots if figure_id in s.figures)


def _done(*articles: Article) -> Story:
    return reconcile_story(make_story(*articles), {a.id: a for a in articles})


def _velmor(total: str = "23", value: int = 23, incidents: int = 3) -> tuple[Article, Article]:
    """Two outlets: eight soldiers killed at one post, and a total over three attacks."""
    courier = (
        ArticleBuilder("courier-1", "The Brennock Courier", "2031-03-04")
        .headline("Gunmen strike three army posts around Velmor")
        .say(
            "Gunmen killed eight soldiers at the Dask checkpoint on Tuesday, the Velmor army "
            "command said.",
            F("eight", "killed", 8, source=COMMAND, group=SOLDIERS),
        )
        .say(
            f"In total, {total} soldiers were killed across the three attacks, the command said.",
            F(total, "killed", value, source=COMMAND, group=SOLDIERS, incidents=incidents),
        )
        .build()
    )
    gazette = (
        ArticleBuilder("gazette-1", "Northfield Gazette", "2031-03-04")
        .headline("Army posts attacked near Velmor")
        .say(
            "Eight soldiers died at the Dask checkpoint, the army command said.",
            F("Eight", "killed", 8, source=COMMAND, group=SOLDIERS),
        )
        .say(
            f"The army command said {total} soldiers were killed across the three attacks.",
            F(total, "killed", value, source=COMMAND, group=SOLDIERS, incidents=incidents),
        )
        .build()
    )
    return courier, gazette


# --- several incidents ------------------------------------------------------------------


def test_multi_incident_total_gets_its_own_slot_and_no_false_conflict() -> None:
    done = _done(*_velmor())
    single = _slot_with(done, "courier-1:f1")
    multi = _slot_with(done, "courier-1:f2")
    assert set(single.figures) == {"courier-1:f1", "gazette-1:f1"}
    assert single.agreement == "agree" and single.best == 8 and single.incidents is None
    # Both outlets' three-attack totals share one slot.
    assert set(multi.figures) == {"courier-1:f2", "gazette-1:f2"}
    assert multi.agreement == "agree" and multi.best == 23 and multi.incidents == 3
    assert not any(n.kind == NoteKind.CONFLICT for s in done.slots for n in s.notes)


def test_multi_incident_slot_has_a_plain_language_coverage_note() -> None:
    done = _done(*_velmor())
    multi = _slot_with(done, "courier-1:f2")
    coverage = [render_note(n) for n in multi.notes if n.kind == NoteKind.COVERAGE]
    assert len(coverage) == 1
    assert coverage[0].startswith("Coverage: covers 3 related attacks together")
    assert "single attack" in coverage[0]
    single = _slot_with(done, "courier-1:f1")
    assert not any(n.kind == NoteKind.COVERAGE for n in single.notes)


def test_multi_incident_total_is_not_added_to_the_single_incident_count() -> None:
    done = _done(*_velmor())
    killed = done.totals["killed"]
    assert (killed.low, killed.best, killed.high) == (8, 8, 8)


def test_multi_incident_total_stands_when_no_single_incident_figure_exists() -> None:
    courier = (
        ArticleBuilder("courier-2", "The Brennock Courier", "2031-03-04")
        .say(
            "In total, 23 soldiers were killed across the three attacks, the command said.",
            F("23", "killed", 23, source=COMMAND, group=SOLDIERS, incidents=3),
        )
        .build()
    )
    done = _done(courier)
    assert done.totals["killed"].best == 23


def test_different_numbers_of_incidents_are_different_quantities() -> None:
    three = _velmor()[0]
    two = (
        ArticleBuilder("ledger-1", "Harrow Ledger", "2031-03-04")
        .say(
            "At least 15 soldiers were killed across the two raids, the command said.",
            F("At least 15", "killed", 15, 15, None, ">=", COMMAND, group=SOLDIERS, incidents=2),
        )
        .build()
    )
    done = _done(three, two)
    assert _slot_with(done, "courier-1:f2").id != _slot_with(done, "ledger-1:f1").id
    assert _slot_with(done, "ledger-1:f1").incidents == 2
    note = next(n for n in _slot_with(done, "ledger-1:f1").notes if n.kind == NoteKind.COVERAGE)
    assert "covers 2 related raids" in render_note(note)


# --- parts of another figure -------------------------------------------------------------


def _harrow_generic_part() -> tuple[Article, Article]:
    """ "At least 50 people, including 30 people inside the hall": the part is generic
    too, so it would fall into its whole's slot."""
    courier = (
        ArticleBuilder("courier-3", "The Brennock Courier", "2031-06-10")
        .say(
            "At least 50 people were killed in the Harrow blasts, including 30 people inside "
            "the market hall, the Korrin interior office said.",
            F(
                "At least 50",
                "killed",
                50,
                50,
                None,
                ">=",
                OFFICE,
                group=("people", "people", None),
            ),
            F("30", "killed", 30, source=OFFICE, group=("people", "people", None), part_of=1),
        )
        .build()
    )
    gazette = (
        ArticleBuilder("gazette-3", "Northfield Gazette", "2031-06-10")
        .say(
            "The interior office said at least 50 people died in Harrow.",
            F("at least 50", "killed", 50, 50, None, ">=", "the interior office"),
        )
        .build()
    )
    return courier, gazette


def test_part_is_not_set_in_conflict_with_its_whole() -> None:
    done = _done(*_harrow_generic_part())
    whole = _slot_with(done, "courier-3:f1")
    part = _slot_with(done, "courier-3:f2")
    assert whole.id != part.id
    assert "gazette-3:f1" in whole.figures
    assert whole.agreement == "agree" and part.agreement == "agree"
    assert not any(n.kind == NoteKind.CONFLICT for s in done.slots for n in s.notes)


def test_part_and_whole_slots_carry_part_notes() -> None:
    done = _done(*_harrow_generic_part())
    part_note = next(n for n in _slot_with(done, "courier-3:f2").notes if n.kind == NoteKind.PART)
    worded = render_note(part_note)
    assert "'30' people (The Brennock Courier) are part of 'At least 50' people" in worded
    whole_note = next(n for n in _slot_with(done, "courier-3:f1").notes if n.kind == NoteKind.PART)
    assert "includes '30' people" in render_note(whole_note)


def test_part_is_not_added_to_its_whole_in_totals() -> None:
    done = _done(*_harrow_generic_part())
    killed = done.totals["killed"]
    assert killed.best == 50 and killed.low == 50


def _korrin_assailants() -> tuple[Article, ...]:
    """Most figures count assailants (the main group); one outlet gives everyone killed,
    including the assailants."""
    courier = (
        ArticleBuilder("courier-4", "The Brennock Courier", "2031-07-02")
        .say(
            "At least 50 people were killed, including 30 assailants, the Korrin interior "
            "office said.",
            F(
                "At least 50",
                "killed",
                50,
                50,
                None,
                ">=",
                OFFICE,
                group=("people", "people", None),
            ),
            F("30", "killed", 30, source=OFFICE, group=ASSAILANTS, part_of=1),
        )
        .build()
    )
    gazette = (
        ArticleBuilder("gazette-4", "Northfield Gazette", "2031-07-02")
        .say(
            "Thirty assailants were killed, the interior office said.",
            F("Thirty", "killed", 30, source="the interior office", group=ASSAILANTS),
        )
        .build()
    )
    ledger = (
        ArticleBuilder("ledger-4", "Harrow Ledger", "2031-07-02")
        .say(
            "Police said 30 attackers died in the assault on the Korrin depot.",
            F(
                "30",
                "killed",
                30,
                source="Police",
                kind="official",
                group=("attackers", "attacker", None),
            ),
        )
        .build()
    )
    return courier, gazette, ledger


def test_generic_whole_of_the_main_group_is_kept_out_of_its_slot() -> None:
    done = _done(*_korrin_assailants())
    assailants = _slot_with(done, "gazette-4:f1")
    assert set(assailants.figures) == {"courier-4:f2", "gazette-4:f1", "ledger-4:f1"}
    assert assailants.agreement == "agree" and assailants.best == 30
    everyone = _slot_with(done, "courier-4:f1")
    assert everyone.id != assailants.id and everyone.best == 50


def test_whole_stands_for_its_part_in_totals() -> None:
    done = _done(*_korrin_assailants())
    assert done.totals["killed"].best == 50  # not 30, and not 80


def test_part_of_a_disjoint_group_is_not_added_to_the_main_group() -> None:
    """The main group is civilians; a whole of everyone includes assailants: the
    assailants' slot (a class disjoint from civilians) must not be added on top of it."""
    courier = (
        ArticleBuilder("courier-5", "The Brennock Courier", "2031-08-01")
        .say(
            "Forty villagers were killed in the raid on Oster, the Korrin interior office said.",
            F("Forty", "killed", 40, source=OFFICE, group=("villagers", "villager", None)),
        )
        .say(
            "Forty-five people were killed in all, including five assailants, the office added.",
            F("Forty-five", "killed", 45, source=OFFICE, group=("people", "people", None)),
            F("five", "killed", 5, source=OFFICE, group=ASSAILANTS, part_of=2),
        )
        .build()
    )
    gazette = (
        ArticleBuilder("gazette-5", "Northfield Gazette", "2031-08-01")
        .say(
            "The interior office said 40 villagers died in Oster.",
            F(
                "40",
                "killed",
                40,
                source="the interior office",
                group=("villagers", "villager", None),
            ),
        )
        .build()
    )
    done = _done(courier, gazette)
    villagers = _slot_with(done, "courier-5:f1")
    assert "courier-5:f2" not in villagers.figures and villagers.agreement == "agree"
    everyone = _slot_with(done, "courier-5:f2")
    assert everyone.best == 45 and everyone.id != villagers.id
    # 40 villagers and 5 assailants (disjoint classes); the 45 that includes the
    # assailants is never added on top (40 + 5 + 45), nor are the parts added to it.
    assert done.totals["killed"].best == 45


# --- from the figures stage ---------------------------------------------------------------


def _extracted(nlp, article_id: str, outlet: str, text: str) -> Article:
    from newstally.figures import extract

    figures = extract(text, "2031-03-04", nlp=nlp, article_id=article_id, outlet=outlet)
    return Article(
        id=article_id,
        origin=f"{article_id}.txt",
        text=text,
        outlet=outlet,
        published="2031-03-04",
        figures=figures,
    )


def test_extracted_figures_reconcile_without_false_conflict_or_double_count(nlp) -> None:
    courier = _extracted(
        nlp,
        "courier-9",
        "The Brennock Courier",
        "Gunmen attacked three army posts around Velmor on Tuesday. Eight soldiers were "
        "killed at the Dask checkpoint, the Velmor army command said. In total, 23 soldiers "
        "were killed across the three attacks, the command said.",
    )
    gazette = _extracted(
        nlp,
        "gazette-9",
        "Northfield Gazette",
        "The Velmor army command said eight soldiers died at the Dask checkpoint on Tuesday. "
        "The command said 23 soldiers were killed across the three attacks.",
    )
    assert [f.incidents for f in courier.figures] == [None, 3]
    done = _done(courier, gazette)
    single = _slot_with(done, "courier-9:f1")
    multi = _slot_with(done, "courier-9:f2")
    assert set(single.figures) == {"courier-9:f1", "gazette-9:f1"}
    assert set(multi.figures) == {"courier-9:f2", "gazette-9:f2"}
    assert single.agreement == multi.agreement == "agree"
    assert done.totals["killed"].best == 8


def test_extracted_part_sits_apart_and_is_not_added(nlp) -> None:
    ledger = _extracted(
        nlp,
        "ledger-9",
        "Harrow Ledger",
        "At least 50 people were killed in the Harrow market blasts, including 30 "
        "assailants, the Korrin interior office said on Monday.",
    )
    assert ledger.figures[1].part_of == ledger.figures[0].id
    done = _done(ledger)
    assert _slot_with(done, "ledger-9:f1").id != _slot_with(done, "ledger-9:f2").id
    assert done.totals["killed"].best == 50
