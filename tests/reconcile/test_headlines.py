"""Story totals and the outlets' headlines (issue 16): a count that no headline of the
story bears out and the other articles' readings contradict is left out of the story
total (`newstally.reconcile.accounts.untold`). All names, places and outlets are invented;
each article's ``totals`` is set as the figures stage would give it."""

from __future__ import annotations

from figure_factory import ArticleBuilder, F, make_story

from newstally.model import Article, Total
from newstally.reconcile import reconcile_story

POLICE = {"source": "police"}

# A paragraph of no figures that puts what follows it below an article's lead (the first
# `untold_lead_characters` of its text): sidebars and background sit lower down.
INVESTIGATION = (
    "Neighbours said they heard at least eight shots and saw a car drive off towards the "
    "ring road. Officers closed the street until the early hours of the next day while "
    "detectives searched the pavement and the front gardens for shell casings. The police "
    "chief asked anyone with doorbell camera footage to call the department's tip line, "
    "and said extra patrols would be in the area all week."
)


def _total(best: int) -> Total:
    return Total(low=best, best=best, high=best, victims=Total(best, best, best))


def _article(id_: str, outlet: str, date: str, headline: str, *said: tuple, **totals: int):
    builder = ArticleBuilder(id_, outlet, date).headline(headline)
    for sentence, *specs in said:
        builder.say(sentence, *specs)
    article = builder.build()
    article.totals = {category: _total(best) for category, best in totals.items()}
    return article


def _told(
    id_: str, outlet: str, date: str, headline: str, sentence: str, figure: F, **totals: int
) -> Article:
    """An article of one sentence stating one figure (told by the police)."""
    return _article(id_, outlet, date, headline, (sentence, figure), **totals)


def _totals(*articles: Article) -> dict[str, int | None]:
    story = make_story(*articles)
    done = reconcile_story(story, {a.id: a for a in articles})
    return {category: estimate.best for category, estimate in done.totals.items()}


# --- a death no headline tells --------------------------------------------------------


def _wounded_on_elm_street(second_headline: str) -> list[Article]:
    people = ("people", "person", None)
    first = _told(
        "courier-1",
        "Danby Courier",
        "2026-04-12",
        "Three hurt in Elm Street shooting",
        "Three people were wounded on Elm Street on Saturday night, police said.",
        F("Three people", "injured", 3, group=people, **POLICE),
        injured=3,
    )
    # A later report whose reading also took in a sidebar's killing of last spring.
    second = _article(
        "herald-1",
        "Danby Herald",
        "2026-04-13",
        second_headline,
        (
            "Three people were hurt when shots were fired on Elm Street, police said.",
            F("Three people", "injured", 3, group=people, **POLICE),
        ),
        (INVESTIGATION,),
        (
            "In May a man was killed two blocks away.",
            F("a man", "killed", 1, group=("man", "man", None), **POLICE),
        ),
        killed=1,
        injured=3,
    )
    return [first, second]


def test_a_death_no_headline_tells_beside_an_article_of_the_hurt_only_is_not_counted() -> None:
    totals = _totals(*_wounded_on_elm_street("Arrest made after Elm Street shooting"))
    assert "killed" not in totals
    assert totals["injured"] == 3


def test_a_death_a_headline_tells_is_counted() -> None:
    totals = _totals(*_wounded_on_elm_street("Wounded man dies after Elm Street shooting"))
    assert totals["killed"] == 1


def test_a_death_two_articles_count_is_counted() -> None:
    first, second = _wounded_on_elm_street("Arrest made after Elm Street shooting")
    third = _article(
        "radio-1",
        "Radio Danby",
        "2026-04-13",
        "Elm Street: what we know",
        (
            "One man was killed and three people were hurt, police said.",
            F("One man", "killed", 1, group=("man", "man", None), **POLICE),
            F("three people", "injured", 3, group=("people", "person", None), **POLICE),
        ),
        killed=1,
        injured=3,
    )
    assert _totals(first, second, third)["killed"] == 1


def test_a_death_is_counted_when_no_article_counts_the_hurt_alone() -> None:
    first, second = _wounded_on_elm_street("Arrest made after Elm Street shooting")
    first.totals["killed"] = _total(1)
    assert _totals(first, second)["killed"] == 1


def test_a_death_its_article_tells_in_the_lead_is_counted() -> None:
    # Wire copy: the report that counts the dead tells them in its first sentence, under a
    # headline of no toll; the other report counts the wounded only.
    first = _told(
        "wire-3",
        "Tessel Wire",
        "2026-03-02",
        "Explosion hits Marrow market",
        "A bomb went off at a market in Marrow on Monday, killing four people, police said.",
        F("four people", "killed", 4, group=("people", "person", None), **POLICE),
        killed=4,
    )
    second = _told(
        "daily-3",
        "Marrow Daily",
        "2026-03-02",
        "Marrow market blast wounds 15",
        "A blast at a Marrow market on Monday wounded 15 people, police said.",
        F("15 people", "injured", 15, group=("people", "person", None), **POLICE),
        injured=15,
    )
    totals = _totals(first, second)
    assert totals["killed"] == 4
    assert totals["injured"] == 15


# --- an injury one article alone counts beside the dead ----------------------------------


def _fenwick_road(first_headline: str) -> list[Article]:
    # The first report tells the victim shot, then dead; its reading counted both.
    first = _article(
        "post-2",
        "Orrin Post",
        "2026-09-04",
        first_headline,
        (
            "A 24-year-old was shot on Fenwick Road late on Friday, police said.",
            F("A 24-year-old", "injured", 1, group=("24-year-old", None, None), **POLICE),
        ),
        (
            "Medics took the victim to Vale General, where the victim died.",
            F("the victim", "killed", 1, group=("victim", "victim", None), nth=1, **POLICE),
        ),
        killed=1,
        injured=1,
    )
    second = _told(
        "wire-2",
        "Orrin Wire",
        "2026-09-05",
        "Fenwick Road victim named",
        "Police named Tobin Vael, 24, as the man killed on Fenwick Road.",
        F("Tobin Vael", "killed", 1, group=("Tobin Vael", None, None), **POLICE),
        killed=1,
    )
    return [first, second]


def test_an_injury_one_article_alone_counts_beside_the_dead_is_not_counted() -> None:
    totals = _totals(*_fenwick_road("Man dies after Fenwick Road shooting"))
    assert totals["killed"] == 1
    assert "injured" not in totals


def test_an_injury_a_headline_tells_is_counted() -> None:
    totals = _totals(*_fenwick_road("One dead, one wounded in Fenwick Road shooting"))
    assert totals["injured"] == 1


def test_people_shot_counted_after_the_dead_in_a_headline_tell_an_injury() -> None:
    # Session 14: "2 killed, 2 shot", "Man killed, another shot": the hit are others.
    for headline in ("Man killed, another shot on Fenwick Road", "1 killed, 1 shot in Orrin"):
        assert _totals(*_fenwick_road(headline))["injured"] == 1
    # shot, then dead; shot dead: the dead alone
    for headline in (
        "Man shot, killed on Fenwick Road",
        "Man killed, 2 shot dead in Orrin",
        "Man, 24, fatally shot on Fenwick Road",
    ):
        assert "injured" not in _totals(*_fenwick_road(headline))


def test_an_injury_two_articles_count_is_counted() -> None:
    first, second = _fenwick_road("Man dies after Fenwick Road shooting")
    second.totals["injured"] = _total(1)
    assert _totals(first, second)["injured"] == 1


def test_the_hurt_of_an_article_counting_more_dead_are_counted() -> None:
    # Wire copy: one report counts the dead only, under a headline of the dead; the other
    # counts five killed and three wounded: the wounded are others, not its dead again.
    first = _told(
        "wire-5",
        "Tessel Wire",
        "2026-05-11",
        "Bomb kills five in Sarn",
        "A car bomb killed five people in Sarn on Sunday, police said.",
        F("five people", "killed", 5, group=("people", "person", None), **POLICE),
        killed=5,
    )
    second = _article(
        "daily-5",
        "Sarn Daily",
        "2026-05-11",
        "Car bomb in Sarn",
        (
            "Five people were killed and three were wounded by a car bomb, police said.",
            F("Five people", "killed", 5, group=("people", "person", None), **POLICE),
            F("three", "injured", 3, group=("people", "person", None), **POLICE),
        ),
        killed=5,
        injured=3,
    )
    totals = _totals(first, second)
    assert totals["killed"] == 5
    assert totals["injured"] == 3


def test_the_hurt_of_a_story_that_counts_no_one_killed_did_not_die() -> None:
    # Shot, then (one report's sidebar) "killed": no headline tells a death, so the boy
    # was not killed, and the story still counts him hurt.
    first = _told(
        "ledger-3",
        "Amble Ledger",
        "2026-10-02",
        "Boy, 6, wounded on Ash Court",
        "A 6-year-old boy was wounded on Ash Court on Thursday, police said.",
        F("A 6-year-old boy", "injured", 1, group=("6-year-old boy", "boy", None), **POLICE),
        injured=1,
    )
    second = _article(
        "star-3",
        "Amble Star",
        "2026-10-03",
        "Charges after Ash Court shooting",
        (INVESTIGATION,),
        (
            "A man was killed in a separate shooting across town last year.",
            F("A man", "killed", 1, group=("man", "man", None), **POLICE),
        ),
        killed=1,
    )
    totals = _totals(first, second)
    assert "killed" not in totals
    assert totals["injured"] == 1


# --- the one person hurt is the dead a headline tells -------------------------------------


def _child_shot(last_headline: str) -> list[Article]:
    child = ("2-year-old boy", "boy", None)
    first = _told(
        "times-4",
        "Calder Times",
        "2026-03-02",
        "Toddler shot at Linden Court apartment",
        "A 2-year-old boy was shot inside an apartment on Linden Court, police said.",
        F("A 2-year-old boy", "injured", 1, group=child, **POLICE),
        injured=1,
    )
    # The later report's reading missed the death its headline tells.
    second = _told(
        "news-4",
        "Calder News",
        "2026-03-04",
        last_headline,
        "The 2-year-old boy shot on Linden Court was taken off life support on Monday.",
        F("The 2-year-old boy", "injured", 1, group=child, **POLICE),
        injured=1,
    )
    return [first, second]


def test_the_one_person_hurt_is_the_dead_a_headline_tells() -> None:
    totals = _totals(*_child_shot("Toddler dies days after Linden Court shooting"))
    assert totals["killed"] == 1
    assert "injured" not in totals


def test_the_one_person_hurt_stays_hurt_when_no_headline_tells_a_death() -> None:
    totals = _totals(*_child_shot("Toddler still in hospital after Linden Court shooting"))
    assert "killed" not in totals
    assert totals["injured"] == 1


# --- a round-up of several incidents ----------------------------------------------------


def _night_of_shootings(roundup_headline: str) -> list[Article]:
    """Two reports of one shooting (one man hurt) and a round-up of the night's shootings
    that counts the other incidents' dead and hurt with it."""
    man = ("a man", "man", None)
    first = _told(
        "courier-9",
        "Danby Courier",
        "2026-05-03",
        "Man wounded on Birch Lane",
        "A man was shot in the leg on Birch Lane on Friday night, police said.",
        F("A man", "injured", 1, group=man, **POLICE),
        injured=1,
    )
    second = _told(
        "herald-9",
        "Danby Herald",
        "2026-05-03",
        "Police seek gunman after Birch Lane shooting",
        "A man was wounded when shots were fired on Birch Lane, police said.",
        F("A man", "injured", 1, group=man, **POLICE),
        injured=1,
    )
    people = ("people", "person", None)
    roundup = _article(
        "radio-9",
        "Radio Danby",
        "2026-05-03",
        roundup_headline,
        (
            "Two people were killed and five were wounded across the city overnight, police said.",
            F("Two people", "killed", 2, group=people, **POLICE),
            F("five", "injured", 5, group=people, **POLICE),
        ),
        killed=2,
        injured=5,
    )
    return [first, second, roundup]


def test_a_roundup_gives_way_to_the_count_the_other_articles_agree_on() -> None:
    totals = _totals(*_night_of_shootings("2 dead, 5 wounded in overnight shootings"))
    assert "killed" not in totals
    assert totals["injured"] == 1


def test_a_report_of_one_incident_is_no_roundup() -> None:
    totals = _totals(*_night_of_shootings("2 dead, 5 wounded in overnight shooting"))
    assert totals["killed"] == 2


def test_a_roundup_stands_when_the_other_articles_disagree() -> None:
    first, second, roundup = _night_of_shootings("2 dead, 5 wounded in overnight shootings")
    first.totals["killed"] = _total(1)
    assert _totals(first, second, roundup)["killed"] == 2


def test_a_story_told_mostly_as_several_attacks_keeps_their_toll() -> None:
    # Wire copy of coordinated attacks: two reports count all of them, one report a part.
    people = ("people", "person", None)
    whole = [
        _told(
            f"wire-{n}",
            outlet,
            "2026-06-01",
            headline,
            "Bombs at a market and a bus station in Karsa killed 30 people, officials said.",
            F("30 people", "killed", 30, group=people),
            killed=30,
        )
        for n, (outlet, headline) in enumerate(
            (
                ("Tessel Wire", "Coordinated attacks kill 30 in Karsa"),
                ("Marrow Daily", "Karsa bombings: 30 dead"),
            ),
        )
    ]
    part = _told(
        "post-1",
        "Karsa Post",
        "2026-06-01",
        "Market bomb kills 12 in Karsa",
        "A bomb at the central market in Karsa killed 12 people, officials said.",
        F("12 people", "killed", 12, group=people),
        killed=12,
    )
    assert _totals(*whole, part)["killed"] == 30
