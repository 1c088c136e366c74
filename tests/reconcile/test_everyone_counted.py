"""Everyone's count of the hurt leaves out what the articles' own readings leave out
(issue 16, session 14): "four people were shot" beside an article whose own totals count
one dead and three hurt counts the people hit, the dead among them. All names, places and
outlets are invented; each article's ``totals`` is set as the figures stage would give it.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from figure_factory import ArticleBuilder, F, make_story

import newstally.reconcile as reconcile
from newstally.model import Article, Total
from newstally.reconcile import reconcile_story

POLICE = {"source": "police"}
PEOPLE = ("people", "person", None)


def _total(best: int) -> Total:
    return Total(low=best, best=best, high=best, victims=Total(best, best, best))


def _report(id_: str, outlet: str, woman: str) -> Article:
    """Four shot on Quill Street, a man of them dead; the woman named is one of the hurt."""
    article = (
        ArticleBuilder(id_, outlet, "2026-05-03")
        .headline("Four shot on Quill Street")
        .say(
            "Four people were shot on Quill Street on Saturday night, police said.",
            F("Four people", "injured", 4, group=PEOPLE, **POLICE),
        )
        .say(
            "A man died at the scene.",
            F("A man", "killed", 1, group=("man", "man", None), **POLICE),
        )
        .say(
            f"{woman} was shot in the arm and is in stable condition.",
            F(woman, "injured", 1, group=(woman, "woman", None), **POLICE),
        )
        .build()
    )
    article.totals = {"killed": _total(1), "injured": _total(3)}
    return article


def _hurt(articles: list[Article]) -> int | None:
    done = reconcile_story(make_story(*articles), {a.id: a for a in articles})
    return done.totals["injured"].best if "injured" in done.totals else None


@pytest.fixture
def slots_only(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The story totals as the slots give them (no articles' counts stand in for them)."""
    config = reconcile.load_config()
    monkeypatch.setattr(reconcile, "load_config", lambda: replace(config, within_accounts=()))
    return monkeypatch


def test_four_people_shot_with_one_dead_is_no_count_of_everyone_hurt(
    slots_only: pytest.MonkeyPatch,
) -> None:
    articles = [
        _report("gazette-1", "Quill Gazette", "The woman"),
        _report("courier-1", "Quill Courier", "A woman"),
    ]
    assert _hurt(articles) == 3
    # without the rule, the people hit (told by two outlets) count everyone hurt
    config = reconcile.load_config()
    slots_only.setattr(reconcile, "load_config", lambda: replace(config, everyone_counted=()))
    assert _hurt(articles) == 4


def test_the_story_of_two_such_reports_counts_three_hurt() -> None:
    articles = [
        _report("gazette-1", "Quill Gazette", "The woman"),
        _report("courier-1", "Quill Courier", "A woman"),
    ]
    assert _hurt(articles) == 3
