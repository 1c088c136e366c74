"""Deaths and injuries that a headline tells (issue 16, session 11). A headline drops the
"was" of its passive ("Teen killed in Elm Street shooting") and often tells a death by its
event alone ("Fatal shooting on Elm Street"); the body may tell no count at all. Each
class has an article written for these tests; cleaning puts a headline first in the text,
as these do."""

from __future__ import annotations

import pytest

from newstally.figures import extract_article
from newstally.model import Article

# A body that tells the shooting and no count: the headline alone tells who was hit.
BODY = (
    "Officers were called to the 400 block of Elm Street in Danby shortly after 10 p.m. on "
    "Tuesday. Detectives are asking anyone with information to call the department's tip "
    "line."
)


def _read(nlp, headline: str, body: str = BODY) -> Article:
    return extract_article(Article(id="a", origin="", text=f"{headline}\n\n{body}"), nlp)


def _best(article: Article) -> dict[str, int | None]:
    return {k: v.best for k, v in article.totals.items()}


HEADLINES = [
    # --- a bare person noun opens the headline, its "was" dropped -----------------
    pytest.param("Teen killed in Elm Street shooting", {"killed": 1}, id="teen_killed"),
    pytest.param("Teen shot and killed outside Danby store", {"killed": 1}, id="shot_and_killed"),
    pytest.param("Danby man shot to death on Elm Street", {"killed": 1}, id="shot_to_death"),
    pytest.param("17-year-old boy shot, killed in Danby", {"killed": 1}, id="a_comma_for_and"),
    pytest.param("Woman found dead in Danby home", {"killed": 1}, id="found_dead"),
    pytest.param("Teen wounded in Elm Street shooting", {"injured": 1}, id="teen_wounded"),
    pytest.param("Man shot outside Danby bar", {"injured": 1}, id="man_shot"),
    # --- the event tells the death --------------------------------------------------
    pytest.param("Fatal shooting on Elm Street under investigation", {"killed": 1}, id="fatal"),
    pytest.param("Man charged in deadly stabbing at Danby park", {"killed": 1}, id="deadly"),
    pytest.param("Two Danby teens charged in killing", {"killed": 1}, id="killing"),
    pytest.param("Teen charged after shooting death of Danby boy", {"killed": 1}, id="death_of"),
    pytest.param("Homicide detectives probe Elm Street shooting", {"killed": 1}, id="homicide"),
    # --- what stays as it was ---------------------------------------------------------
    pytest.param("Danby police review shootings", {}, id="no_casualty_word"),
    pytest.param("Man charged with attempted murder in Danby", {}, id="attempted_murder"),
    pytest.param("Deadly shootings rise across the county", {}, id="plural_events_roundup"),
]


@pytest.mark.parametrize(("headline", "expected"), HEADLINES)
def test_a_headline_tells_who_was_hit(nlp, headline, expected):
    assert _best(_read(nlp, headline)) == expected


def test_a_headline_subject_that_acts_is_no_victim(nlp):
    article = _read(nlp, "Man shoots neighbor in Danby dispute")
    assert all(f.quantity.text != "Man" for f in article.figures)


def test_the_fatal_event_is_a_figure_with_its_span(nlp):
    article = _read(nlp, "Fatal shooting on Elm Street under investigation")
    (figure,) = article.figures
    assert article.text[slice(*figure.span)] == "Fatal shooting"
    assert (figure.quantity.value, figure.quantity.low, figure.quantity.high) == (1, 1, None)
    assert figure.quantity.bound == ">="


def test_a_fatal_event_with_its_victims_counts_them(nlp):
    body = "Two men were killed when a gunman opened fire on Elm Street, police said."
    article = _read(nlp, "Danby police investigate fatal shooting of two men", body)
    assert _best(article) == {"killed": 2}


def test_a_fatal_event_beside_the_counted_dead_adds_none(nlp):
    body = "Two people were killed and three were wounded when a gunman opened fire, police said."
    article = _read(nlp, "Police investigate fatal shooting on Elm Street", body)
    assert _best(article) == {"killed": 2, "injured": 3}


def test_a_sentence_of_the_body_is_no_headline(nlp):
    body = "Detectives said a fatal shooting on Elm Street last year remains unsolved."
    article = _read(nlp, "Danby council meets on Tuesday", body)
    assert _best(article) == {}


def test_the_headline_victim_shot_then_dead_is_one_death(nlp):
    body = (
        "Officers found a man with a gunshot wound on Elm Street on Tuesday night. He was "
        "taken to a hospital, where he died."
    )
    assert _best(_read(nlp, "Man killed in Elm Street shooting", body)) == {"killed": 1}


def test_the_one_victim_a_headline_names_is_one_of_the_counted(nlp):
    body = "Two people were killed and three were wounded when a gunman opened fire, police said."
    article = _read(nlp, "Teen killed in Elm Street shooting", body)
    assert _best(article) == {"killed": 2, "injured": 3}


# --- "a quadruple shooting": that many people shot ------------------------------------

SEVERAL = [
    pytest.param("Quadruple shooting on Elm Street", BODY, {"injured": 4}, id="quadruple"),
    pytest.param(
        "Fatal double shooting in Danby", BODY, {"killed": 1, "injured": 1}, id="fatal_double"
    ),
    pytest.param(
        "Woman killed in triple shooting in Danby",
        "Police said a woman died at the scene on Elm Street.",
        {"killed": 1, "injured": 2},
        id="the_dead_come_off_the_shot",
    ),
    pytest.param(
        "Quadruple shooting in Danby",
        "Two men were killed and two women were wounded on Elm Street, police said.",
        {"killed": 2, "injured": 2},
        id="the_count_told_agrees",
    ),
    pytest.param(
        "Danby council meets on Tuesday",
        "Police investigate the city's third double shooting this week. Two men were hurt.",
        {"injured": 2},
        id="another_incident_of_the_kind",
    ),
]


@pytest.mark.parametrize(("headline", "body", "expected"), SEVERAL)
def test_a_multiple_shooting_counts_its_people_shot(nlp, headline, body, expected):
    assert _best(_read(nlp, headline, body)) == expected


DEATHS = [
    pytest.param("Double homicide under investigation in Danby", {"killed": 2}, id="homicide"),
    pytest.param("Teens named in double fatal shooting", {"killed": 2}, id="double_fatal"),
    pytest.param("Danby man charged in triple murder", {"killed": 3}, id="triple_murder"),
    pytest.param(
        "Murder-suicide leaves two dead in Danby home", {"killed": 2}, id="murder_suicide"
    ),
]


@pytest.mark.parametrize(("headline", "expected"), DEATHS)
def test_a_multiple_killing_counts_its_dead(nlp, headline, expected):
    assert _best(_read(nlp, headline)) == expected


def test_a_multiple_killing_lower_down_is_background(nlp):
    body = (
        "A man was wounded on Elm Street on Tuesday, police said.\n\nOfficers searched the "
        "area.\n\nIt was the street's first shooting since a double homicide in May."
    )
    assert _best(_read(nlp, "Man wounded on Elm Street", body)) == {"injured": 1}


def test_a_note_of_one_line_is_no_headline(nlp):
    note = (
        "Residents blocked roads in Danby to demand the investigation of a murder [size=no report]"
    )
    article = extract_article(Article(id="a", origin="", text=note), nlp)
    assert _best(article) == {}
