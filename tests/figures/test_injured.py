"""The wounded of US local news (issue 15, session 11): each class of phrasing has an
article written for these tests. Totals are read as `newstally extract` gives them."""

from __future__ import annotations

import pytest

from newstally.figures import extract_article
from newstally.model import Article


def tolls(nlp, text: str) -> dict[str, int | None]:
    article = extract_article(Article(id="a", origin="", text=text), nlp)
    return {k: v.best for k, v in article.totals.items()}


PHRASINGS = [
    # --- the outlet names some of the people a source counts --------------------------
    pytest.param(
        (
            "Police said six people were shot on Elm Street early Saturday.\n\n"
            "A 20-year-old man was hit in the groin and is in critical condition."
        ),
        {"injured": 6},
        id="a_named_victim_is_one_of_the_counted",
    ),
    # --- headlines ------------------------------------------------------------------
    pytest.param(
        "7-Year-Old Boy Dies After Being Shot In Harlow Park",
        {"killed": 1},
        id="a_title_case_headline_is_read_in_sentence_case",
    ),
    pytest.param(
        (
            "Two Teens Shot Near Harlow Park\n\n"
            "Two boys were taken to Mercy Hospital after the shooting on Friday."
        ),
        {"injured": 2},
        id="a_headline_tells_the_body_toll_in_other_words",
    ),
    pytest.param(
        (
            "Two teens shot near Harlow Park\n\n"
            "Two boys were taken to Mercy Hospital after the shooting on Friday."
        ),
        {"injured": 2},
        id="a_sentence_case_headline_tells_the_body_toll_in_other_words",
    ),
    pytest.param(
        "3 shot, 1 killed outside Harlow Park bar",
        {"killed": 1, "injured": 2},
        id="a_headline_count_of_the_shot",
    ),
    pytest.param(
        (
            "Police said two men were killed on Elm Street on Friday night.\n\n"
            "Officers found a 31-year-old man dead in the street."
        ),
        {"killed": 2},
        id="a_named_dead_man_is_one_of_the_counted",
    ),
]


@pytest.mark.parametrize(("text", "expected"), PHRASINGS)
def test_injured_toll(nlp, text, expected):
    assert tolls(nlp, text) == expected
