"""Article totals: distinct groups add up, restatements and subsets do not, period and
cumulative figures stay out, conflicting claims give a range."""

from __future__ import annotations

import pytest

from newstally.figures import extract_article, totals
from newstally.model import Article, Figure, Quantity, Source


def article_totals(nlp, text: str, outlet: str | None = None) -> dict:
    article = extract_article(Article(id="a", origin="", text=text, outlet=outlet), nlp)
    return {k: (v.low, v.best, v.high) for k, v in article.totals.items()}


def test_distinct_groups_of_one_event_add_up(nlp):
    text = "Seven attackers and two guards were killed and four guards were wounded."
    assert article_totals(nlp, text) == {"killed": (9, 9, 9), "injured": (4, 4, 4)}


def test_including_is_part_of_the_count(nlp):
    text = "At least 30 people, including six children, were killed in the blast."
    assert article_totals(nlp, text)["killed"] == (30, 30, 30)


def test_restatement_is_not_counted_twice(nlp):
    text = (
        "Twelve miners were killed in the explosion on Monday.\n"
        "Rescue teams said the 12 miners died instantly when the gallery collapsed.\n"
        "Officials said 12 miners were killed."
    )
    assert article_totals(nlp, text)["killed"][1] == 12


def test_additional_victims_in_later_sentences(nlp):
    text = "Three soldiers were killed in the ambush.\nTwo civilians were also killed."
    assert article_totals(nlp, text)["killed"] == (5, 5, 5)


def test_period_and_cumulative_figures_stay_out(nlp):
    text = (
        "Four pilgrims were killed in the stampede.\n"
        "More than 900 pilgrims have died since the shrine opened.\n"
        "At least 60 pilgrims died in the first three months of 2020."
    )
    assert article_totals(nlp, text)["killed"] == (4, 4, 4)


def test_conflicting_claims_give_a_range_and_own_voice_best(nlp):
    text = (
        "Fifteen people were killed in the raid.\n"
        "The rebels said 40 people were killed.\n"
        "The army said eight people were killed."
    )
    assert article_totals(nlp, text, outlet="The Harbour Post")["killed"] == (8, 15, 40)


def _figure(fid: str, value: int, source: str, kind: str, head: str | None = None) -> Figure:
    from newstally.model import Group

    return Figure(
        id=fid,
        article="a",
        category="killed",
        quantity=Quantity(str(value), value, value, value, "="),
        source=Source(source, kind),
        sentence=f"{source} says {value}.",
        span=(0, 1),
        group=Group(head, head, None) if head else None,
    )


def test_most_support_then_conservative_without_own_voice():
    figures = [
        _figure("f1", 10, "police", "official"),
        _figure("f2", 25, "rebels", "organisation"),
        _figure("f3", 25, "a witness", "person"),
    ]
    est = totals(figures)["killed"]
    assert (est.low, est.best, est.high) == (10, 25, 25)
    tie = totals(figures[:2])["killed"]
    assert tie.best == 10


def test_absent_category_is_absent(nlp):
    assert article_totals(nlp, "The river rose overnight.") == {}


def test_a_lower_bound_does_not_support_an_exact_count():
    more = _figure("f1", 100, "some reports", "unnamed")
    more.quantity = Quantity("more than 100", 100, 101, None, ">")
    figures = [
        more,
        _figure("f2", 100, "the army", "official"),
        _figure("f3", 6, "a medic", "person"),
    ]
    est = totals(figures)["killed"]
    assert (est.low, est.best, est.high) == (6, 6, 100)


def test_an_also_hit_inside_a_larger_count_leaves_the_dead_in_it(nlp):
    # "also"/"is stable" tell of one of the people hit; the three hit include the dead man
    text = (
        "Three people were shot outside a bar on Elm Street late Saturday.\n"
        "One of them, a 40-year-old man, died at the scene.\n"
        "A teenager was also shot and is in stable condition."
    )
    assert article_totals(nlp, text)["injured"][1] == 2
    triple = (
        "A triple shooting left a man dead early Sunday in Dayton.\n"
        "The man died at the scene.\n"
        "A woman was also shot and taken to a hospital."
    )
    assert article_totals(nlp, triple)["injured"][1] == 2
    # the "also" hit are all the hit the article counts: others than the dead
    alone = "A man was shot and killed on Elm Street on Friday. A neighbour was also shot."
    assert article_totals(nlp, alone)["injured"][1] == 1


def test_two_definite_people_in_one_sentence_are_two(nlp):
    text = (
        "Police were called to a home on Oak Street on Monday.\n"
        "The husband was shot in the chest and the son was shot in the arm."
    )
    assert article_totals(nlp, text)["injured"][1] == 2
    told_again = (
        "Two men were shot on Elm Street on Sunday.\n"
        "The father was shot in the chest and his son was wounded in the arm."
    )
    assert article_totals(nlp, told_again)["injured"][1] == 2


def test_a_generic_mention_after_others_tells_the_same_people(nlp):
    # "three others" told twice, then "the driver's injuries": one of the three, not a fourth
    text = (
        "A man died and three others were wounded in a shooting on Oak Avenue on Sunday, "
        "police said.\n"
        "Three others were wounded, including a bus driver.\n"
        "The driver's injuries are not life-threatening."
    )
    assert article_totals(nlp, text)["injured"] == (3, 3, 3)


# session 12: the dead among the people hit. Each row: an article, its killed and its
# injured (None: no injured total).
DEAD_AMONG_THE_HIT = [
    pytest.param(
        "2 shot, 1 dead on Birch Road\n\n"
        "MILLBROOK - One man died and another man was taken to a hospital after a shooting "
        "on Birch Road late Friday, police said.\n"
        "The name of the man who died has not been released.",
        1,
        1,
        id="a larger count of the hit has the dead in it beside 'another man'",
    ),
    pytest.param(
        "Police were called to Alder Lane in Fenwick at 11 p.m. Monday, when a caller said "
        "that he and three others had been shot.\n"
        "All four men died at the scene, police said.",
        4,
        None,
        id="'he and three others' are others of their own clause, not than the dead",
    ),
    pytest.param(
        "A Corvin man has been charged after police said he accidentally shot his cousin "
        "on Sunday.\n"
        "Police said the man also admitted that the victim was shot inside the garage.\n"
        "The victim was taken to Fenwick General Hospital, where he died.",
        1,
        None,
        id="'also' of another clause does not set the hit apart from the dead",
    ),
    pytest.param(
        "Fenwick police have charged a woman with child neglect after a teenage boy "
        "accidentally shot and killed another boy in her apartment.\n"
        "Police are also in the process of charging the boy accused of shooting Kellan with "
        "involuntary manslaughter.",
        1,
        None,
        id="'also' far from the count does not set the hit apart",
    ),
    pytest.param(
        "Deputies in Corvin County are investigating the death of a man who accidentally "
        "shot himself.\nThe man was 52.",
        1,
        None,
        id="a reflexive in the sentence of the dead is the dead",
    ),
    pytest.param(
        "Three people were found dead inside a home on Quill Street in Dunmore on Friday.\n"
        "A fourth person, a man, was taken to a hospital in critical condition.",
        3,
        1,
        id="'a fourth person' is one more than the dead",
    ),
    pytest.param(
        "Three people were found dead inside a home on Quill Street in Dunmore on Friday.\n"
        "Another victim was taken to the hospital in critical condition with gunshot wounds.",
        3,
        1,
        id="'another victim' is one more than the dead (unlike 'shot another teen')",
    ),
]


@pytest.mark.parametrize(("text", "killed", "injured"), DEAD_AMONG_THE_HIT)
def test_the_dead_among_the_people_hit(nlp, text: str, killed: int, injured: int | None):
    totals = article_totals(nlp, text)
    assert totals["killed"][1] == killed
    assert (totals["injured"][1] if "injured" in totals else None) == injured


def test_others_than_the_dead_stay_wounded_however_many_died(nlp):
    # "another" is someone besides the three dead: the hit counted here are two, fewer
    # than the dead, yet the one told apart from them lives
    text = (
        "LAKEVILLE -- Three people were shot to death and another was in critical condition "
        "after a shooting at a home on Laurel Street.\n"
        "An additional woman was in serious condition."
    )
    totals = article_totals(nlp, text)
    assert totals["killed"][1] == 3
    assert totals["injured"][1] >= 1
