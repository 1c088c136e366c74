"""Story totals within the articles' own counts (issue 16, session 13): a story total that
no article's own total could give is replaced by the articles' count
(`newstally.reconcile.accounts.within_accounts`). All names, places and outlets are
invented; each article's ``totals`` is set as the figures stage would give it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from figure_factory import ArticleBuilder, F, make_story

import newstally.reconcile as reconcile
from newstally.model import Article, Estimate, Total
from newstally.reconcile import reconcile_story
from newstally.reconcile.accounts import within_accounts

POLICE = {"source": "police"}
PEOPLE = ("people", "person", None)
VICTIM = ("victim", "victim", None)


def _total(best: int) -> Total:
    return Total(low=best, best=best, high=best, victims=Total(best, best, best))


def _article(id_: str, outlet: str, headline: str, *said: tuple, **totals: int) -> Article:
    builder = ArticleBuilder(id_, outlet, "2026-04-12").headline(headline)
    for sentence, *specs in said:
        builder.say(sentence, *specs)
    article = builder.build()
    article.totals = {category: _total(best) for category, best in totals.items()}
    return article


def _birch_lane() -> Article:
    """Five people shot, one dead: the slots' arithmetic takes the one victim in critical
    condition for the story's hurt; the article's own reading counts four."""
    return _article(
        "courier-1",
        "Danby Courier",
        "Five shot on Birch Lane",
        (
            "Five people were shot on Birch Lane on Friday night, police said.",
            F("Five people", "injured", 5, group=PEOPLE, **POLICE),
        ),
        (
            "One victim died at the scene.",
            F("One victim", "killed", 1, group=VICTIM, **POLICE),
        ),
        (
            "One victim is in critical condition.",
            F("One victim", "injured", 1, group=VICTIM, **POLICE),
        ),
        (
            "The three other victims are in stable condition.",
            F("three", "injured", 3, group=("other victims", "victim", None), **POLICE),
        ),
        killed=1,
        injured=4,
    )


def _story_totals(*articles: Article) -> dict[str, int | None]:
    done = reconcile_story(make_story(*articles), {a.id: a for a in articles})
    return {category: estimate.best for category, estimate in done.totals.items()}


def test_a_story_total_below_its_article_s_count_is_the_article_s(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    article = _birch_lane()
    assert _story_totals(article) == {"killed": 1, "injured": 4}
    # without the rule, the slots give one hurt
    config = reconcile.load_config()
    monkeypatch.setattr(reconcile, "load_config", lambda: replace(config, within_accounts=()))
    assert _story_totals(article)["injured"] == 1


# --- the rule itself, on given story totals ----------------------------------------------


def _counting(*injured: int) -> list[Article]:
    """Articles of one shooting, each counting one dead and ``injured`` people hurt (0:
    none); no counts at all without ``injured``."""
    articles = []
    for n, count in enumerate(injured):
        article = _article(
            f"outlet-{n}",
            f"Outlet {n}",
            "Shooting on Alder Street",
            ("Police were called to Alder Street on Sunday.",),
            killed=1,
            **({"injured": count} if count else {}),
        )
        articles.append(article)
    return articles


def _within(story_injured: int | None, *injured: int) -> int | None | str:
    """The injured count the rule gives for a story total of ``story_injured`` (None: the
    story counts no one hurt) over articles counting ``injured``; "kept" when it leaves
    the story total alone."""
    articles = _counting(*injured) or _counting(0)
    if not injured:
        articles[0].totals = {}
    totals = {}
    if story_injured is not None:
        totals["injured"] = Estimate(low=story_injured, best=story_injured, high=story_injured)
    found = within_accounts(
        make_story(*articles), {a.id: a for a in articles}, totals, ("injured",)
    )
    if "injured" not in found:
        return "kept"
    told = found["injured"]
    return None if told is None else told.best


def test_a_story_total_above_every_article_s_count_is_theirs() -> None:
    # "a mother and her child" in one slot and the same two in another, added up
    assert _within(4, 2, 2) == 2


def test_a_story_total_below_every_article_s_count_is_the_most_common() -> None:
    assert _within(1, 4, 3, 4) == 4


def test_articles_that_disagree_give_the_smaller_of_their_most_common_counts() -> None:
    assert _within(1, 4, 3) == 3


def test_a_story_count_no_article_gives_yields_to_a_majority() -> None:
    assert _within(5, 9, 4, 4, 4) == 4
    assert _within(2, 1, 1, 3) == 1


def test_a_majority_counting_no_one_hurt_leaves_the_story_none() -> None:
    assert _within(1, 2, 0, 0) is None


def test_a_story_total_within_the_articles_counts_is_kept() -> None:
    assert _within(3, 2, 3) == "kept"  # one article's count
    assert _within(3, 2, 4) == "kept"  # between two counts, no majority
    assert _within(3, 1, 5, 4, 6) == "kept"


def test_a_story_of_one_article_counts_what_it_counts() -> None:
    assert _within(None, 2) == 2
    assert _within(1, 2) == 2
    assert _within(2, 2) == "kept"


def test_no_articles_with_totals_leave_the_story_alone() -> None:
    assert _within(3) == "kept"
