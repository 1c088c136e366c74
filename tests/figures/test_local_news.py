"""Figures on US local news pages (issue 15, sessions 9 and 11): each class of phrasing has an
article written for these tests. Totals are read as `newstally extract` gives them."""

from __future__ import annotations

import pytest

from newstally.figures import extract_article
from newstally.model import Article


def tolls(nlp, text: str) -> dict[str, int | None]:
    article = extract_article(Article(id="a", origin="", text=text), nlp)
    return {k: v.best for k, v in article.totals.items()}


LOCAL_NEWS = [
    # --- ages are no counts ---------------------------------------------------------
    pytest.param(
        "Two sisters, ages 12 and 14, were shot inside a home on Elm Street on Monday.",
        {"injured": 2},
        id="ages_listed_after_age_word",
    ),
    pytest.param(
        (
            "Police reported that five people, three women and two men ranging from 19 to "
            "31 years old, had been shot."
        ),
        {"injured": 5},
        id="an_age_range_is_no_count",
    ),
    # --- a part of a count restates it ----------------------------------------------
    pytest.param(
        (
            "Four men were shot outside a bowling alley on Friday night, police said.\n\n"
            "Two of the victims suffered minor injuries, while another was shot in the chest "
            "and is in surgery."
        ),
        {"injured": 4},
        id="a_partitive_and_the_rest_restate_the_count",
    ),
    pytest.param(
        (
            "Police said seven people were shot at a backyard barbecue.\n\n"
            "One is at the hospital now in critical condition."
        ),
        {"injured": 7},
        id="a_condition_report_is_a_part_of_the_count",
    ),
    pytest.param(
        (
            "Investigators said the man walked into a bakery and shot five people.\n\n"
            "Officials said four of the victims are in stable condition and one was in "
            "critical condition."
        ),
        {"injured": 5},
        id="conditions_of_all_the_victims_restate_the_count",
    ),
    pytest.param(
        (
            "Gunmen fired a rocket at the car of a district chief in Oldtown. The chief and "
            "one of his bodyguards were injured in the blast."
        ),
        {"injured": 2},
        id="a_part_coordinated_with_another_count_adds",
    ),
    pytest.param(
        (
            "Two bombers tried to attack a checkpoint. Police opened fire on the attackers, "
            "killing one of them while the other detonated his explosives, killing only "
            "himself."
        ),
        {"killed": 2},
        id="a_killed_part_is_no_restatement",
    ),
    pytest.param(
        (
            "The man charged in the shooting that killed two people and wounded three others "
            "was in court on Thursday.\n\nJohn Reed, 20, and Sam Hale, 19, were killed. "
            "Three others were injured."
        ),
        {"killed": 2, "injured": 3},
        id="others_set_apart_from_the_dead_told_again",
    ),
    pytest.param(
        (
            "A teenager was killed and three other teenagers were injured during a drive-by "
            "shooting at a party, police said.\n\nPolice say the two other teens, one girl "
            "and one boy, were being treated for serious injuries at a local hospital."
        ),
        {"killed": 1, "injured": 3},
        id="the_two_other_teens_restate_a_part",
    ),
    pytest.param(
        (
            "One person is dead after a shooting at a resort in Oak Park. He was pronounced "
            "dead at the scene.\n\nAccording to police, five other people were shot. One man "
            "was taken to the hospital and remains in critical condition. The four others "
            "were also taken to the hospital but are expected to be OK."
        ),
        {"killed": 1, "injured": 5},
        id="one_man_taken_to_hospital_is_one_of_them",
    ),
    # --- a shooter who killed himself is not one of the people he hit ---------------
    pytest.param(
        (
            "One person is dead after a shooting at a resort in Oak Park. He was pronounced "
            "dead at the scene.\n\nAccording to police, five other people were shot. One man "
            "was taken to the hospital and remains in critical condition. The four others "
            "were also taken to the hospital but are expected to be OK."
        ),
        {"killed": 1, "injured": 5},
        id="one_man_taken_to_hospital_is_one_of_them",
    ),
    pytest.param(
        (
            "A 3-year-old was hospitalized Friday after he accidentally shot himself inside a "
            "car in Troy. The boy was taken to a hospital and is listed in stable condition."
        ),
        {"injured": 1},
        id="a_child_who_shot_himself_is_counted_once",
    ),
    pytest.param(
        (
            "A two-year-old was airlifted to the hospital after accidentally shooting himself "
            "in the chest on Sunday."
        ),
        {"injured": 1},
        id="shooting_himself_is_the_subject_of_the_main_clause",
    ),
    pytest.param(
        (
            "The other bomber detonated his explosives, killing only himself. Three civilians "
            "were killed in a second blast."
        ),
        {"killed": 4},
        id="a_bomber_who_killed_himself_stays_apart",
    ),
    pytest.param(
        "A female gunman shot a clerk and then killed herself on Monday morning.",
        {"killed": 1, "injured": 1},
        id="the_shooters_suicide_is_not_taken_off_the_wounded",
    ),
    pytest.param(
        "A boy younger than 10 was shot in the courtyard of a housing complex, police said.",
        {"injured": 1},
        id="an_age_bound_is_no_count",
    ),
    pytest.param(
        (
            "Three other men at the scene were also hit by gunfire and taken to a hospital, "
            "police said. Later, two were listed in critical condition and one had been "
            "treated and released, a spokeswoman said."
        ),
        {"injured": 3},
        id="conditions_told_by_another_source_restate_the_count",
    ),
    pytest.param(
        (
            "Two teenage boys were sent to the hospital after an accidental shooting in "
            "Oakdale.\n\nOne of the teens told police the gun went off, hitting both teens in "
            "the leg."
        ),
        {"injured": 2},
        id="both_restates_the_people_counted",
    ),
    pytest.param(
        (
            "Six gang members have been indicted for their roles in the attempted murders of "
            "five teenagers in South Oakdale."
        ),
        {},
        id="attempted_murders_are_no_deaths",
    ),
    pytest.param(
        "Investigators arrested a teenager accused of killing a father and son in November.",
        {"killed": 2, "arrested": 1},
        id="a_bare_noun_joined_to_a_person_is_one_more",
    ),
    pytest.param(
        (
            "Two guards opened fire on soldiers at the airport. Two soldiers were killed and "
            "another was injured. Both assailants were killed when soldiers returned fire."
        ),
        {"killed": 4, "injured": 1},
        id="both_attackers_are_two_more",
    ),
    # --- injuries told by the hospital trip -----------------------------------------
    pytest.param(
        (
            "Police say the shooting victim showed up at a local hospital with a gunshot "
            "wound that was not life-threatening."
        ),
        {"injured": 1},
        id="showed_up_at_a_hospital",
    ),
    pytest.param(
        "A shooting on Friday evening sent a teenager to the hospital.",
        {"injured": 1},
        id="sent_to_the_hospital",
    ),
    pytest.param(
        "A baby girl was shot on Monday. Her aunt drove her to the hospital.",
        {"injured": 1},
        id="the_driver_to_a_hospital_is_no_victim",
    ),
    pytest.param(
        (
            "A 7-year-old boy has died after he suffered a self-inflicted gunshot wound on "
            "Sunday.\n\nFirefighters took the boy to a hospital after he suffered a gunshot "
            "wound. He was pronounced dead."
        ),
        {"killed": 1},
        id="a_gunshot_wound_of_the_dead_is_no_injury",
    ),
    pytest.param(
        (
            "Two men were killed while two officers and a woman suffered non-life-threatening "
            "gunshot wounds after reports of an active shooter in Oak Park."
        ),
        {"killed": 2, "injured": 3},
        id="the_dead_and_the_hit_counted_apart_in_one_sentence",
    ),
    pytest.param(
        (
            "Five people were shot on Saturday night, including two men who were killed and "
            "two police officers who received non-life-threatening injuries."
        ),
        {"killed": 2, "injured": 3},
        id="the_dead_among_the_people_shot_come_off_them",
    ),
    pytest.param(
        "A teen died Saturday night after he was accidentally shot at his home in Oakdale.",
        {"killed": 1},
        id="he_who_was_shot_and_died_is_no_injury",
    ),
    pytest.param(
        "Jiles suffered a gunshot wound to a leg along with a grazing wound to his back.",
        {"injured": 1},
        id="a_wound_is_no_person",
    ),
    pytest.param(
        "Teen accidentally shoots 5-year-old boy in leg",
        {"injured": 1},
        id="a_headline_victim_with_an_age_and_no_article",
    ),
    pytest.param(
        "Police search for shooter who wounded 9-year-old girl in Elm Park apartment",
        {"injured": 1},
        id="a_headline_object_with_an_age_and_no_article",
    ),
    # --- headline tolls the parse misreads ---------------------------------------------
    pytest.param(
        "1 Dead, 5 Injured in 2 Shootings at the University Campus",
        {"killed": 1, "injured": 5},
        id="a_headline_number_takes_the_word_after_it",
    ),
    pytest.param(
        "Two injured, shooter dead at Oak Ridge High School",
        {"injured": 2},
        id="a_headline_count_before_injured",
    ),
    pytest.param(
        "Man, woman dead, 2 children injured in Elm City shooting",
        {"injured": 2},
        id="a_headline_count_of_a_noun_before_injured",
    ),
    # --- the shooter is no victim ---------------------------------------------------
    pytest.param(
        'Police said the shooting "involves a cousin who is believed to have shot the boy."',
        {"injured": 1},
        id="believed_to_have_shot_someone_is_the_shooter",
    ),
    pytest.param(
        (
            "A man was fatally shot on Elm Street on Sunday. His grandmother drove to the "
            "clinic, though she had been shot in the shoulder."
        ),
        {"killed": 1, "injured": 1},
        id="a_woman_hit_is_another_than_a_man_killed",
    ),
    # --- "a total of N": the count is the total's, and so is its role in the clause ------
    pytest.param(
        "A total of 9 people were shot in Elm City on Saturday night, police said.",
        {"injured": 9},
        id="a_total_of_people_shot",
    ),
    pytest.param(
        "A total of four people died after the gunman opened fire at the depot.",
        {"killed": 4},
        id="a_total_of_people_died",
    ),
    # === session 11 (the wounded; totals of headlines and sources) =================
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


@pytest.mark.parametrize(("text", "expected"), LOCAL_NEWS)
def test_local_news_toll(nlp, text, expected):
    assert tolls(nlp, text) == expected


# Numbers that count nothing: no figure may carry them.
NO_COUNT = [
    pytest.param(
        "Two boys, 9 and 14, shot while inside home during drive-by on Oak Street",
        (9, 14),
        id="ages_set_off_after_a_counted_noun",
    ),
    pytest.param(
        "Police: Oak Hill father kills sons, 9 and 11, before turning the gun on himself",
        (9, 11),
        id="ages_after_a_noun_without_a_count",
    ),
    pytest.param(
        '"Saddened by the senseless death of 4 yr old by armed thugs," the mayor wrote.',
        (4,),
        id="an_abbreviated_age",
    ),
    pytest.param(
        (
            "Image 6 of 12 A woman died and three men were wounded in a drive-by shooting on "
            "Oak Street."
        ),
        (6, 12),
        id="a_gallery_numbering",
    ),
    pytest.param(
        "Two-Year Old Girl Accidentally Shot, Killed In Oak County",
        (2,),
        id="a_two_word_age",
    ),
]


@pytest.mark.parametrize(("text", "numbers"), NO_COUNT)
def test_numbers_that_count_nothing(nlp, text, numbers):
    article = extract_article(Article(id="a", origin="", text=text), nlp)
    assert not [f for f in article.figures if f.quantity.value in numbers]
