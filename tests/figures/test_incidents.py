"""Figures that cover several incidents (`Figure.incidents`), what article totals cover
(`coverage`), counts inside other counts (`Figure.part_of`), and the general readings
added with them. Every sentence is invented."""

from __future__ import annotations

import pytest

from newstally.figures import analyse, coverage, extract, totals
from newstally.model import Figure, Group, Quantity, Source
from newstally.nlp import ArticleContext


def figs(nlp, text: str) -> list[Figure]:
    return extract(text, nlp=nlp, article_id="t")


def by_text(found: list[Figure], words: str, category: str | None = None) -> Figure:
    hits = [
        f
        for f in found
        if f.quantity.text == words and (category is None or f.category == category)
    ]
    assert len(hits) == 1, [(f.category, f.quantity.text) for f in found]
    return hits[0]


# --- incidents --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "incidents"),
    [
        ("Two wardens and four raiders were killed across the three events.", "four", 3),
        ("At least four people were injured across both blasts in Harrowgate.", "At least four", 2),
        ("Nineteen people died in the two bombings on the ring road.", "Nineteen", 2),
        ("The twin bombings killed 30 shoppers in Orlen.", "30", 2),
        ("Twelve people were killed in a series of four explosions in Kessa.", "Twelve", 4),
        ("Eleven guards were killed across all five incidents.", "Eleven", 5),
        ("Nine raiders were killed and 14 wounded across two of the events.", "Nine", 2),
        (
            "At least 30 militants were killed across this assault and a later attack.",
            "At least 30",
            2,
        ),
        ("Sixty people were injured between this incident and a similar bombing.", "Sixty", 2),
        ("Fifty raiders were killed across this attack and one in the north.", "Fifty", 2),
        # one incident, or the text does not say how many
        ("Seven miners died in the collapse.", "Seven", None),
        ("Three guards were killed in the attack and ensuing clash at the depot.", "Three", None),
        ("Five people were killed in attacks on the valley road.", "Five", None),
    ],
)
def test_incidents_said_in_the_clause(nlp, text, words, incidents):
    f = by_text(figs(nlp, text), words)
    assert f.incidents == incidents
    assert f.scope == "event"


def test_a_trailing_phrase_covers_every_coordinated_clause(nlp):
    text = "Six raiders were killed and seven were injured across the three raids."
    found = figs(nlp, text)
    assert [(f.category, f.incidents) for f in found] == [("killed", 3), ("injured", 3)]


def test_a_clause_with_its_own_incident_keeps_it(nlp):
    text = (
        "Two wardens were killed in the attack and 30 people were wounded across the three attacks."
    )
    found = figs(nlp, text)
    assert by_text(found, "Two").incidents is None
    assert by_text(found, "30").incidents == 3


def test_the_article_says_how_many_related_incidents(nlp):
    text = (
        "Gunmen stormed a checkpoint near Velmar. This was one of four related attacks on "
        "posts in the valley that night.\n"
        "Seven wardens and 11 raiders were killed while eight wardens were injured across "
        "the attacks."
    )
    found = figs(nlp, text)
    assert {f.incidents for f in found} == {4}
    assert sorted(f.quantity.value for f in found if f.category == "killed") == [7, 11]


def test_without_a_count_in_the_article_a_definite_plural_says_nothing(nlp):
    text = "Gunmen stormed a checkpoint. Seven wardens were killed in the ensuing clashes."
    assert by_text(figs(nlp, text), "Seven").incidents is None


def test_several_blasts_of_one_attack_are_not_the_related_attacks(nlp):
    text = (
        "Two bombers struck the Tarlow terminal. This was one of two coordinated attacks on "
        "the city.\nAt least 16 people were killed in the blasts."
    )
    assert by_text(figs(nlp, text), "At least 16").incidents is None


# --- scope of summing cues --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "scope", "incidents"),
    [
        ("In total, 40 people died across the two bombings.", "event", 2),
        ("In all, 40 people died in the warehouse fire.", "event", None),
        ("Altogether, 3,000 people have died.", "cumulative", None),
    ],
)
def test_summing_cues(nlp, text, scope, incidents):
    found = figs(nlp, text)
    assert [(f.scope, f.incidents) for f in found] == [(scope, incidents)]


# --- totals and coverage ----------------------------------------------------------------


def _article(nlp, text: str):
    return analyse(ArticleContext(text, nlp=nlp))


def test_totals_keep_the_stated_numbers_and_say_what_they_cover(nlp):
    result = _article(nlp, "Two wardens and four raiders were killed across the three events.")
    est = result.totals()["killed"]
    assert (est.low, est.best, est.high) == (6, 6, 6)
    cover = result.coverage()["killed"]
    assert (cover.incidents, cover.shared) == (3, 6)


def test_coverage_separates_the_own_incident_from_the_shared_part(nlp):
    text = (
        "Six soldiers were killed in this attack.\n"
        "Additionally, 50 raiders were killed across this attack and one in Merrow."
    )
    result = _article(nlp, text)
    assert result.totals()["killed"].best == 56
    cover = result.coverage()["killed"]
    assert (cover.incidents, cover.shared) == (2, 50)


def test_single_incident_totals_cover_one_incident(nlp):
    result = _article(nlp, "Nine guards were killed and four were wounded in the ambush.")
    assert {k: (c.incidents, c.shared) for k, c in result.coverage().items()} == {
        "killed": (1, 0),
        "injured": (1, 0),
    }


def test_coverage_from_records_alone():
    def fig(fid: str, value: int, incidents: int | None, head: str) -> Figure:
        return Figure(
            id=fid,
            article="a",
            category="injured",
            quantity=Quantity(str(value), value, value, value, "="),
            source=Source("The Harbour Post", "outlet"),
            sentence=f"Sentence {fid}.",
            span=(0, 1),
            group=Group(head, head, None),
            incidents=incidents,
        )

    figures = [fig("f1", 3, None, "guard"), fig("f2", 8, 4, "raider")]
    assert totals(figures)["injured"].best == 11
    cover = coverage(figures)["injured"]
    assert (cover.incidents, cover.shared) == (4, 8)


# --- part_of ----------------------------------------------------------------------------


def test_part_of_names_the_including_figure(nlp):
    found = figs(nlp, "At least 50 people, including 30 raiders, were killed in the siege.")
    whole, part = by_text(found, "At least 50"), by_text(found, "30")
    assert part.part_of == whole.id and whole.part_of is None


def test_every_item_of_an_including_list_is_part_of_the_whole(nlp):
    text = "At least eight people, including a farmer, two guards, and five raiders were killed."
    found = figs(nlp, text)
    whole = by_text(found, "At least eight")
    assert {f.quantity.text: f.part_of for f in found if f is not whole} == {
        "a farmer": whole.id,
        "two": whole.id,
        "five": whole.id,
    }
    assert _article(nlp, text).totals()["killed"].best == 8


def test_a_list_in_apposition_that_adds_up_is_a_breakdown(nlp):
    text = "At least five people, three wardens and two porters, were injured in the blast."
    assert _article(nlp, text).totals()["injured"].best == 5


def test_a_count_after_a_closed_including_phrase_adds(nlp):
    text = "At least three raiders, including the bomber, and two guards were killed."
    assert _article(nlp, text).totals()["killed"].best == 5


# --- general readings -------------------------------------------------------------------


def test_the_hostages_refer_back_to_all_coordinated_counts(nlp):
    text = (
        "Gunmen kidnapped a lecturer and a student in Orlen.\nThe hostages were killed on Monday."
    )
    assert _article(nlp, text).totals()["killed"].best == 2


def test_the_victims_refer_back_to_the_latest_count(nlp):
    text = "Gunmen abducted three farmers near Kessa.\nThe victims were shot and killed later."
    assert _article(nlp, text).totals()["killed"].best == 3


def test_abducted_and_later_killed_is_both(nlp):
    found = figs(nlp, "Six wardens were abducted and later killed near the dam.")
    assert sorted((f.category, f.quantity.value) for f in found) == [
        ("kidnapped", 6),
        ("killed", 6),
    ]


def test_a_possessive_noun_phrase_introduces_one_person(nlp):
    f = by_text(figs(nlp, "A reporter's father was killed in the blast."), "A reporter's father")
    assert (f.category, f.quantity.value) == ("killed", 1)


def test_a_named_victim_and_others_also_killed_add_up(nlp):
    text = (
        "Gunmen shot and killed Tomas Verelst, the harbour master, in Orlen.\n"
        "Two gunmen were also killed when police responded."
    )
    assert _article(nlp, text).totals()["killed"].best == 3


def test_a_named_victim_told_again_by_role_is_one(nlp):
    text = (
        "Verelst, a district police chief, was killed in the blast.\n"
        "Witnesses said the chief was killed instantly."
    )
    assert _article(nlp, text).totals()["killed"].best == 1
