"""A shooter's own death one report counts beside the same victims (issue 16, session 14):
the story's killed toll counts everyone dead (`accounts.perpetrators_besides`). All names,
places and outlets are invented; each article's ``totals`` is set as the figures stage
would give it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from figure_factory import ArticleBuilder, F, make_story

import newstally.reconcile as reconcile
from newstally.model import Article, Total
from newstally.reconcile import reconcile_story
from newstally.reconcile.accounts import perpetrators_besides

POLICE = {"source": "police"}


def _total(best: int, victims: int | None = None) -> Total:
    mine = best if victims is None else victims
    return Total(low=best, best=best, high=best, victims=Total(mine, mine, mine))


def _first() -> Article:
    """The first report: the wife and the son dead, the shooter not yet named dead."""
    article = (
        ArticleBuilder("herald-1", "Tarn Herald", "2026-06-01")
        .headline("Woman and son killed on Elm Court")
        .say(
            "A woman and her son were shot dead on Elm Court on Sunday, police said.",
            F("A woman and her son", "killed", 2, group=("woman and son", "woman", None), **POLICE),
        )
        .build()
    )
    article.totals = {"killed": _total(2)}
    return article


def _second(*, himself: bool) -> Article:
    """The next day's report: he shot them, then himself (the figures stage counts him
    among the dead, apart from the victims)."""
    builder = (
        ArticleBuilder("post-1", "Tarn Post", "2026-06-02")
        .headline("Elm Court shooting was murder-suicide, police say")
        .say(
            "Police said Oren Vale shot his wife and their son.",
            F(
                "his wife and their son",
                "killed",
                2,
                group=("wife and son", "wife", None),
                **POLICE,
            ),
        )
    )
    if himself:
        builder.say(
            "Vale then turned the gun on himself.",
            F("himself", "killed", 1, group=("himself", "himself", None), **POLICE),
        )
    article = builder.build()
    article.totals = {"killed": _total(3, 2) if himself else _total(2)}
    return article


def _killed(*articles: Article) -> int | None:
    done = reconcile_story(make_story(*articles), {a.id: a for a in articles})
    return done.totals["killed"].best if "killed" in done.totals else None


def test_the_shooter_a_report_counts_beside_the_victims_is_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    articles = (_first(), _second(himself=True))
    assert _killed(*articles) == 3
    config = reconcile.load_config()
    monkeypatch.setattr(reconcile, "load_config", lambda: replace(config, perpetrators_besides=()))
    assert _killed(*articles) == 2


def test_no_report_of_the_shooter_s_death_leaves_the_victims() -> None:
    assert _killed(_first(), _second(himself=False)) == 2


def test_a_story_counting_no_victim_is_left_alone() -> None:
    second = _second(himself=True)
    second.totals["killed"] = _total(1, 0)  # the shooter alone
    story = make_story(_first(), second)
    articles = {a.id: a for a in (_first(), second)}
    assert perpetrators_besides(story, articles, {}, ("killed",)) == {}
