"""Kill and wound phrasings of US local news (issue 15, session 10): each class has an
article written for these tests. Totals are read as `newstally extract` gives them."""

from __future__ import annotations

import pytest

from newstally.figures import extract_article
from newstally.model import Article


def tolls(nlp, text: str) -> dict[str, tuple[int | None, int | None]]:
    """Per category, the overall best and the victims' best (shooters left out)."""
    article = extract_article(Article(id="a", origin="", text=text), nlp)
    return {
        k: (v.best, v.victims.best if v.victims is not None else None)
        for k, v in article.totals.items()
    }


PHRASINGS = [
    # --- a shooter who turned the weapon on himself is one of the dead ---------------
    pytest.param(
        "Police say it appears the father shot his daughter then turned the gun on himself.",
        {"killed": (1, 0), "injured": (1, 1)},
        id="turned_the_gun_on_himself",
    ),
    pytest.param(
        "A man fatally shot his wife and then turned the weapon on himself, police said.",
        {"killed": (2, 1)},
        id="the_shooter_adds_to_the_people_he_killed",
    ),
    pytest.param(
        (
            "Deputies said Ray Dunn targeted his neighbor and her son before shooting and "
            "killing himself.\n\nThe boy died at a hospital."
        ),
        {"killed": (2, 1)},
        id="a_shooter_who_acted_on_others_stays_apart",
    ),
    pytest.param(
        "A 4-year-old boy found a handgun in a closet and accidentally shot himself.",
        {"injured": (1, 1)},
        id="a_child_who_found_a_gun_shot_only_himself",
    ),
    pytest.param(
        (
            "Police found two guns near the teen who shot and killed himself outside a "
            "school.\n\nThe boy died at the scene."
        ),
        {"killed": (1, 1)},
        id="the_teen_who_killed_himself_is_counted_once",
    ),
    pytest.param(
        (
            "Police said a man shot his neighbor and then turned the gun on himself.\n\n"
            "He died at a hospital."
        ),
        {"killed": (1, 0), "injured": (1, 1)},
        id="the_shooter_told_again_by_a_pronoun_is_counted_once",
    ),
    pytest.param(
        "Police said the gunman left seven dead and one wounded before killing himself.",
        {"killed": (8, 7), "injured": (1, 1)},
        id="a_shooter_who_killed_himself_adds_to_a_count",
    ),
    # --- "the fatal shooting of" -----------------------------------------------------
    pytest.param(
        "Police are investigating the fatal shooting of a 19-year-old man on Elm Street.",
        {"killed": (1, 1)},
        id="the_fatal_shooting_of_a_man",
    ),
    pytest.param(
        "Police have charged a man in the shooting of a 6-year-old girl on Elm Street.",
        {},
        id="the_shooting_of_a_girl_says_nothing_of_her_fate",
    ),
    # --- hit, and alive -------------------------------------------------------------
    pytest.param(
        "A 24-year-old man is recovering after being shot in the arm on Oak Avenue.",
        {"injured": (1, 1)},
        id="recovering_after_being_shot",
    ),
    pytest.param(
        (
            "A woman was killed in a shooting on Pine Street on Friday, police said.\n\n"
            "Her brother was shot in the arm and is recovering at Mercy Hospital."
        ),
        {"killed": (1, 1), "injured": (1, 1)},
        id="a_person_hit_who_recovers_is_not_the_dead",
    ),
    pytest.param(
        "A 3-year-old child was also shot in the hand, but was not fatally wounded.",
        {"injured": (1, 1)},
        id="not_fatally_wounded",
    ),
    # --- victims named, not numbered; places and people beside them ------------------
    pytest.param(
        "A 13-month-old boy and 20-year-old man were both shot overnight in Oakdale.",
        {"injured": (2, 2)},
        id="an_aged_noun_without_article_joined_to_a_victim",
    ),
    pytest.param(
        "Blood still stained the porch where Dale Hicks, 30, was shot to death on Friday.",
        {"killed": (1, 1)},
        id="the_place_where_he_was_killed_is_no_victim",
    ),
    pytest.param(
        (
            "One of the hosts of a birthday party where four people were shot on Saturday "
            "said he wished he had called police sooner."
        ),
        {"injured": (4, 4)},
        id="a_host_of_the_party_where_people_were_shot_is_no_victim",
    ),
    # --- totals: "another" belongs to its own count ---------------------------------
    pytest.param(
        (
            "Police are investigating the fatal shooting of a 7-year-old girl in Oakdale.\n\n"
            "Another girl was hurt and Mia Stone was killed."
        ),
        {"killed": (1, 1), "injured": (1, 1)},
        id="another_of_the_injured_does_not_add_to_the_dead",
    ),
]


@pytest.mark.parametrize(("text", "expected"), PHRASINGS)
def test_phrasing_toll(nlp, text, expected):
    assert tolls(nlp, text) == expected
