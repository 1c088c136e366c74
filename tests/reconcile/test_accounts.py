"""Story totals and the articles' own totals (issue 16): a story counts what careful
readings of its articles count (`newstally.reconcile.accounts`). All names, places and
outlets are invented; each article's ``totals`` is set as the figures stage would give it."""

from __future__ import annotations

from figure_factory import ArticleBuilder, F, make_story

from newstally.model import Article, Total
from newstally.reconcile import reconcile_story


def _total(best: int, low: int | None = None, high: int | None = None) -> Total:
    low = best if low is None else low
    high = best if high is None else high
    return Total(low=low, best=best, high=high, victims=Total(low, best, high))


def _with_totals(article: Article, **totals: int) -> Article:
    article.totals = {category: _total(best) for category, best in totals.items()}
    return article


def _report(id_: str, outlet: str, date: str, headline: str, *said: tuple) -> Article:
    """An article of ``said`` sentences, each ``(sentence, *figure specs)``."""
    builder = ArticleBuilder(id_, outlet, date).headline(headline)
    for sentence, *specs in said:
        builder.say(sentence, *specs)
    return builder.build()


def _story(*articles: Article) -> tuple:
    return make_story(*articles), {a.id: a for a in articles}


# --- a figure its own article does not count ------------------------------------------


def _shot_and_died_in_one_report() -> list[Article]:
    police = {"source": "police"}
    one = _report(
        "ledger-3",
        "Marl Ledger",
        "2026-05-04",
        "Woman dies after Birch Lane shooting",
        (
            "A woman was shot on Birch Lane late on Sunday, police said.",
            F("A woman", "injured", 1, group=("woman", "woman", None), **police),
        ),
        (
            "She died at Marl General an hour later.",
            F("She", "killed", 1, group=("She", "she", None), **police),
        ),
    )
    two = _report(
        "tribune-3",
        "Marl Tribune",
        "2026-05-05",
        "Birch Lane victim named",
        (
            "Police said Ilse Daro, 31, was killed on Birch Lane.",
            F("Ilse Daro", "killed", 1, group=("Ilse Daro", None, None), **police),
        ),
    )
    return [one, two]


def test_an_injury_its_own_article_does_not_count_stays_out_of_the_story_total() -> None:
    one, two = _shot_and_died_in_one_report()
    # The first report's own reading: one death ("she" is the woman shot), no injury.
    story, articles = _story(_with_totals(one, killed=1), _with_totals(two, killed=1))
    done = reconcile_story(story, articles)
    assert done.totals["killed"].best == 1
    assert "injured" not in done.totals
    # The slot still shows what the report said.
    assert any(s.category == "injured" and s.best == 1 for s in done.slots)


def test_articles_without_their_own_totals_keep_every_figure() -> None:
    story, articles = _story(*_shot_and_died_in_one_report())
    done = reconcile_story(story, articles)
    assert done.totals["injured"].best == 1


def test_a_number_outside_its_article_total_does_not_make_the_story_total() -> None:
    # An earlier attack's toll, told by the police, beside the outlet's own count of this
    # one: the article's reading counts 2, so the story (of this one article) counts 2.
    men = ("men", "man", None)
    article = _report(
        "echo-4",
        "Pell Echo",
        "2026-06-01",
        "Two dead in Quarry Road shooting",
        (
            "Two men were killed on Quarry Road on Friday.",
            F("Two men", value=2, source="Pell Echo", kind="outlet", group=men),
        ),
        (
            "Police recalled that nine men were killed at the same bar in a feud.",
            F("nine men", value=9, source="police", group=men),
        ),
    )
    story, articles = _story(_with_totals(article, killed=2))
    assert reconcile_story(story, articles).totals["killed"].best == 2
    article.totals = {}
    assert reconcile_story(story, articles).totals["killed"].best == 9


# --- shot, then dead, across reports ----------------------------------------------------


def _shot_then_named_dead(hurt: int, *, also_hurt: bool = False) -> tuple:
    shot = {
        1: ("A 19-year-old was shot", "A 19-year-old", ("19-year-old", None, None)),
        2: ("Two young men were shot", "Two young men", ("young men", "man", None)),
    }[hurt]
    one = _report(
        "wire-5",
        "Tamsk Wire",
        "2026-07-02",
        "Shooting on Cobb Street",
        (
            f"{shot[0]} on Cobb Street on Monday night, police said.",
            F(shot[1], "injured", hurt, source="police", group=shot[2]),
        ),
    )
    two = _report(
        "daily-5",
        "Tamsk Daily",
        "2026-07-03",
        "Cobb Street shooting victim dies",
        (
            "Dorin Vale died in hospital on Tuesday, police said.",
            F("Dorin Vale", "killed", 1, source="police", group=("Dorin Vale", None, None)),
        ),
    )
    _with_totals(one, injured=hurt)
    _with_totals(two, killed=1, injured=1) if also_hurt else _with_totals(two, killed=1)
    return _story(one, two)


def test_people_reported_shot_are_the_dead_a_later_report_counts() -> None:
    story, articles = _shot_then_named_dead(1)
    done = reconcile_story(story, articles)
    assert done.totals["killed"].best == 1
    assert "injured" not in done.totals


def test_more_people_shot_than_dead_are_others_besides_the_dead() -> None:
    story, articles = _shot_then_named_dead(2)
    done = reconcile_story(story, articles)
    assert done.totals["injured"].best == 2  # the story's slot: 2 hurt (1 of them died)


def test_a_report_that_counts_dead_and_hurt_keeps_the_hurt() -> None:
    story, articles = _shot_then_named_dead(1, also_hurt=True)
    done = reconcile_story(story, articles)
    assert done.totals["injured"].best == 1


# --- a count the articles agree on -------------------------------------------------------


def _store_robbery(agreeing: int) -> tuple:
    built = []
    for n, outlet in enumerate(("Venn Star", "Venn Bulletin", "Radio Venn")[: agreeing + 1]):
        builder = ArticleBuilder(f"venn-{n}", outlet, f"2026-08-1{n}").headline(
            "Three killed in Larch Avenue store robbery"
        )
        if n < agreeing:
            builder.say(
                "A clerk and two customers were killed in the robbery, police said.",
                F("A clerk", value=1, source="police", group=("clerk", "clerk", None)),
                F("two customers", value=2, source="police", group=("customers", "customer", None)),
            )
            built.append(_with_totals(builder.build(), killed=3))
        else:
            builder.say(
                "The clerk, Oona Fell, was killed, police said.",
                F("The clerk", value=1, source="police", group=("clerk", "clerk", None)),
            )
            built.append(_with_totals(builder.build(), killed=1))
    return _story(*built)


def test_a_larger_count_most_articles_agree_on_makes_the_total() -> None:
    story, articles = _store_robbery(agreeing=2)
    done = reconcile_story(story, articles)
    # The main group's slot holds the clerk only; two of three articles count everyone.
    assert any(s.category == "killed" and s.best == 1 for s in done.slots)
    assert done.totals["killed"].best == 3
    assert done.totals["killed"].low == 1


def test_a_larger_count_of_one_article_only_does_not() -> None:
    story, articles = _store_robbery(agreeing=1)
    done = reconcile_story(story, articles)
    # One account of 3 and one of 1: no count has more articles behind it.
    assert done.totals["killed"].best == 1


def test_victims_named_together_add_up_in_the_story_total() -> None:
    # Each report names the two dead in one clause; its own total adds them (2). The
    # names are below that total, yet they are what makes it: they stay counted.
    built = []
    for n, outlet in enumerate(("Orrin Times", "Orrin Radio")):
        article = (
            ArticleBuilder(f"orrin-{n}", outlet, "2026-09-0{n + 1}")
            .headline("Couple killed in Sable Road home")
            .say(
                "Ada Moss and Ben Cole were killed in their home on Sable Road, police said.",
                F("Ada Moss", value=1, source="police", group=("Ada Moss", None, None)),
                F("Ben Cole", value=1, source="police", group=("Ben Cole", None, None)),
            )
            .build()
        )
        built.append(_with_totals(article, killed=2))
    story, articles = _story(*built)
    assert reconcile_story(story, articles).totals["killed"].best == 2
