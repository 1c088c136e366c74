"""Killed counts misread on local news (issues 15 and 16, session 13): a page's earlier
killings told below its lead, a headline's fatal shooting with a name between its words,
and a dateline whose station opens with a digit. Every article here is written for these
tests (invented places, people and dates)."""

from __future__ import annotations

import pytest

from newstally.figures import extract_article
from newstally.model import Article


def read(nlp, text: str, published: str | None = None) -> Article:
    return extract_article(Article(id="a", origin="", text=text, published=published), nlp)


def tolls(article: Article) -> dict[str, int | None]:
    return {k: v.best for k, v in article.totals.items()}


# --- an earlier killing below the lead is background -----------------------------------
# Seven paragraphs of lead about a shooting on a Tuesday night (published the Sunday after).
LEAD = [
    "Two men were wounded in a shooting on Tuesday night outside a corner store in Pellwood.",
    "Officers found the men on the sidewalk of the 1200 block of Marsh Avenue.",
    "Both were taken to Pellwood General, where they are in stable condition.",
    "Witnesses told officers that a car drove past and someone inside fired several shots.",
    "Detectives have not named a suspect or said what led to the shooting.",
    "The store's owner said he heard the shots from the back room.",
    "Neighbours said the block had been quiet for months.",
]
PUBLISHED = "2031-12-14"


def _page(*below: str, lead: list[str] = LEAD) -> str:
    return "\n\n".join([*lead, *below])


def test_a_killing_dated_weeks_before_the_lead_is_background(nlp):
    article = read(
        nlp,
        _page("On Nov. 2, a 15-year-old boy was fatally shot two blocks away."),
        PUBLISHED,
    )
    assert tolls(article) == {"injured": 2}
    (earlier,) = [f for f in article.figures if f.category == "killed"]
    assert earlier.scope == "background"


def test_a_death_below_the_lead_without_a_date_still_counts(nlp):
    # "he died at the hospital" further down the page tells the lead's event
    article = read(nlp, _page("One of the men later died at the hospital."), PUBLISHED)
    assert tolls(article)["killed"] == 1


def test_a_death_below_the_lead_days_after_it_still_counts(nlp):
    article = read(
        nlp, _page("Dana Orrin, 31, died at the hospital on Dec. 13, his family said."), PUBLISHED
    )
    assert tolls(article)["killed"] == 1


def test_a_follow_up_lead_dated_by_its_arrest_keeps_the_shooting(nlp):
    # the lead tells the arrest (the Wednesday); the shooting below it is the story's own
    lead = [
        "Pellwood police arrested a 19-year-old man on Wednesday in a shooting at a bus stop.",
        "The man was booked into the county jail and is being held without bond.",
        "Officers found him at a relative's home on Quarry Road, police said.",
        "He is due in court on Friday, a spokeswoman for the prosecutor said.",
        "Police did not say how they identified him.",
        "His lawyer did not return a call on Wednesday.",
        "The bus stop is on the corner of Marsh Avenue and Fifth Street.",
    ]
    text = _page("Dana Orrin, 24, was shot and killed at the bus stop on Nov. 20.", lead=lead)
    assert tolls(read(nlp, text, PUBLISHED))["killed"] == 1


# --- a headline's fatal shooting with words between ------------------------------------
BODY = (
    "Officers were called to the 400 block of Elm Street in Danby shortly after 10 p.m. on "
    "Tuesday. Detectives are asking anyone with information to call the department's tip "
    "line."
)

HEADLINES = [
    pytest.param("Man charged in fatal Elm Street shooting", {"killed": 1}, id="street_name"),
    pytest.param("Teen held in deadly New Year's Eve shooting", {"killed": 1}, id="holiday"),
    pytest.param("Man held in fatal drive-by shooting in Danby", {"killed": 1}, id="drive_by"),
    pytest.param("Fatal Danby bar shooting ruled self-defense", {"killed": 1}, id="capitalised"),
    # punctuation ends the phrase; a crash is no shooting
    pytest.param("Deadly crash on Elm Street; shooting reported", {}, id="punctuation_between"),
    pytest.param("Fatal crash closes Elm Street in Danby", {}, id="no_shooting_noun"),
]


@pytest.mark.parametrize(("headline", "expected"), HEADLINES)
def test_a_fatal_shooting_with_words_between(nlp, headline, expected):
    assert tolls(read(nlp, f"{headline}\n\n{BODY}")) == expected


# --- a dateline whose station opens with a digit ---------------------------------------
def test_a_station_opening_with_a_digit_ends_a_dateline(nlp):
    text = "PELLWOOD, Ohio (12NEWS/KQRT) – A Pellwood teen was shot and killed on Monday."
    article = read(nlp, text)
    assert tolls(article) == {"killed": 1}
    assert [text[f.span[0] : f.span[1]] for f in article.figures] == ["A Pellwood teen"]
