"""Figures on wire copy and local news (issue 15): each class of phrasing has articles
written for these tests. Totals are read as `newstally extract` gives them."""

from __future__ import annotations

import pytest

from newstally.figures import extract_article
from newstally.model import Article


def tolls(nlp, text: str) -> dict[str, int | None]:
    article = extract_article(Article(id="a", origin="", text=text), nlp)
    return {k: v.best for k, v in article.totals.items()}


# --- 1. kill and wound phrasings: a shooting is an injury unless it killed -------------


def test_a_shooting_without_death_is_an_injury(nlp):
    text = "A delivery driver was shot in the leg outside a bakery on Elm Road on Friday."
    assert tolls(nlp, text) == {"injured": 1}


def test_a_counted_shooting_is_an_injury(nlp):
    text = "Four teenagers were shot after a concert at the riverside park late on Saturday."
    assert tolls(nlp, text) == {"injured": 4}


def test_shot_and_killed_is_killed_only(nlp):
    text = "A cashier was shot and killed during a robbery at a petrol station on Monday."
    assert tolls(nlp, text) == {"killed": 1}


def test_fatally_shot_is_killed(nlp):
    text = "A retired teacher was fatally shot in her driveway on Tuesday evening."
    assert tolls(nlp, text) == {"killed": 1}


def test_shot_to_death_is_killed(nlp):
    text = "Two farmers were shot to death near the market on Sunday."
    assert tolls(nlp, text) == {"killed": 2}


def test_stabbed_and_later_died_is_killed_only(nlp):
    text = "A student was stabbed near the station and later died in hospital."
    assert tolls(nlp, text) == {"killed": 1}


def test_shot_and_wounded_is_injured(nlp):
    text = "Masked men shot and wounded three guards at the depot."
    assert tolls(nlp, text) == {"injured": 3}


# --- 2. victims named, not numbered: the pronoun's referent counted once ----------------


def test_he_died_is_the_person_shot_not_one_more(nlp):
    text = (
        "A 30-year-old man was shot outside a bar on Canal Street late on Friday.\n"
        "He died at the hospital a few hours later, police said."
    )
    assert tolls(nlp, text) == {"killed": 1}


def test_he_died_restates_a_death_already_counted(nlp):
    text = (
        "A night watchman was killed in the warehouse fire on Sunday.\n"
        "He died before firefighters could reach him, the owner said."
    )
    assert tolls(nlp, text) == {"killed": 1}


# --- 3. totals: those shot are the killed plus the wounded ------------------------------


def test_people_shot_minus_those_killed_are_the_wounded(nlp):
    text = (
        "Three men were shot outside a nightclub early on Sunday, police said.\n"
        "One of the men was killed at the scene."
    )
    assert tolls(nlp, text) == {"killed": 1, "injured": 2}


def test_others_shot_are_wounded_besides_the_dead(nlp):
    text = "A teenager was killed and three other people were shot at a party on Saturday."
    assert tolls(nlp, text) == {"killed": 1, "injured": 3}


# --- 4. counts that are not victims: ages --------------------------------------------


def test_an_age_after_a_name_is_no_count(nlp):
    text = "Marta Quill, 41, was shot dead outside her shop on Sunday."
    assert tolls(nlp, text) == {"killed": 1}


def test_an_age_after_a_noun_is_no_count(nlp):
    text = "A boy, 9, died after a fall from a balcony on Sunday."
    assert tolls(nlp, text) == {"killed": 1}


# --- 1 (continued). other ways of saying a wound killed --------------------------------


def test_tortured_to_death_is_killed(nlp):
    text = "Guards detained and tortured a fisherman to death at the post."
    assert tolls(nlp, text) == {"killed": 1}


def test_fatally_with_any_verb_is_killed(nlp):
    text = "Two suspected cattle thieves were fatally assaulted by villagers."
    assert tolls(nlp, text) == {"killed": 2}


def test_a_shooting_resulting_in_death_is_killed(nlp):
    text = "Bandits shot a bus driver on the highway, resulting in his death."
    assert tolls(nlp, text) == {"killed": 1}


def test_shot_dead_on_the_noun_is_killed(nlp):
    text = "A man shot dead was found near the quarry on Tuesday."
    assert tolls(nlp, text) == {"killed": 1}


# --- 5. headline tolls without an auxiliary ---------------------------------------------


def test_telegraphic_counts_are_victims(nlp):
    text = "Gunmen raided the camp at dawn. 2 killed, 5 injured."
    assert tolls(nlp, text) == {"killed": 2, "injured": 5}


def test_telegraphic_subject_with_noun(nlp):
    text = "Raiders struck a patrol. At least one ranger killed and three wounded."
    assert tolls(nlp, text) == {"killed": 1, "injured": 3}


def test_perpetrators_with_an_object_are_not_victims(nlp):
    text = "Four raiders killed three rangers at the gate."
    assert tolls(nlp, text) == {"killed": 3}


# --- 6. perpetrators apart: `victims` beside the overall total -----------------------


def victims(nlp, text: str) -> dict[str, tuple[int | None, int | None]]:
    article = extract_article(Article(id="a", origin="", text=text), nlp)
    return {k: (v.best, v.victims.best) for k, v in article.totals.items()}


def test_attackers_killed_are_left_out_of_victims(nlp):
    text = "Two guards and three attackers were killed in the raid on the depot."
    assert victims(nlp, text) == {"killed": (5, 2)}


def test_attackers_inside_a_larger_count_come_off_it(nlp):
    text = "Twelve people, including the two bombers, were killed at the checkpoint."
    assert victims(nlp, text) == {"killed": (12, 10)}


def test_a_gunman_who_killed_himself_is_no_victim(nlp):
    text = "The gunman killed two neighbours and then turned the gun on himself and died."
    assert victims(nlp, text)["killed"][1] == 2


def test_victims_equal_the_total_without_attackers(nlp):
    text = "Four villagers were wounded when the shell hit the market."
    assert victims(nlp, text) == {"injured": (4, 4)}


def test_extract_line_carries_victims(nlp):
    import orjson

    from newstally.pipeline import extract_line

    article = extract_article(
        Article(id="a", origin="", text="A guard and two raiders were killed."), nlp
    )
    record = orjson.loads(extract_line(article).line)
    assert record["totals"]["killed"]["victims"] == {"low": 1, "best": 1, "high": 1}


def test_attackers_who_shot_and_killed_are_not_counted(nlp):
    text = "Two raiders shot and killed a ranger near the gate."
    assert tolls(nlp, text) == {"killed": 1}


def test_shot_and_killed_later_is_killed_only(nlp):
    text = "Both captives were shot and killed a short time later."
    assert tolls(nlp, text) == {"killed": 2}


# --- 4 (continued). place names are not victims -----------------------------------------


def test_a_place_in_a_chain_of_places_is_no_victim(nlp):
    text = "On 4 May 2021, in Santa Rita municipality, Tamaulipas, a man was found dead."
    assert tolls(nlp, text) == {"killed": 1}
    text = "On 12 June 2021, in Campo Verde, Mato Grosso do Norte, a woman was shot dead."
    assert tolls(nlp, text) == {"killed": 1}


def test_a_named_victim_after_a_date_still_counts(nlp):
    text = "On Monday, Karim Odeh, a farmer, was killed by a landmine near the border."
    assert tolls(nlp, text) == {"killed": 1}


# --- session 8: restated "others", hospital and later deaths, partitives ------------------


def test_the_one_who_was_shot_and_has_died_is_killed_only(nlp):
    text = "The 6-year-old boy who was shot inside a flat on Mill Road has died, police said."
    assert tolls(nlp, text) == {"killed": 1}
    text = "A teacher who suffered critical injuries in the crash on Monday has died."
    assert tolls(nlp, text) == {"killed": 1}


def test_the_one_who_was_abducted_and_found_dead_is_killed(nlp):
    text = "A clerk who was abducted by armed men last week was found dead near the quarry."
    assert tolls(nlp, text)["killed"] == 1


def test_shot_one_fatally_is_one_killed_and_the_rest_wounded(nlp):
    text = "Police said 12 people were shot, one fatally, at a street festival on Sunday."
    assert tolls(nlp, text) == {"killed": 1, "injured": 11}
    text = "Five men were shot, two of them fatally, outside a nightclub on Ash Street."
    assert tolls(nlp, text) == {"killed": 2, "injured": 3}


# --- session 8: shootings the gate missed -----------------------------------------------


def test_shot_before_a_time_word_is_a_shooting(nlp):
    text = "A girl and a man were shot overnight in Riverton, police said."
    assert tolls(nlp, text) == {"injured": 2}
    text = "A cook was shot early Sunday outside a diner in Riverton."
    assert tolls(nlp, text) == {"injured": 1}
    text = "A courier was shot Tuesday night on Pine Street."
    assert tolls(nlp, text) == {"injured": 1}


def test_a_long_shot_is_no_shooting(nlp):
    assert tolls(nlp, "Winning the cup this year is a long shot for the two clubs.") == {}


# --- session 8: background (a protest about earlier deaths), attempts --------------------


def test_a_protest_over_a_killing_has_no_toll(nlp):
    text = "Traders marched through the town to protest the killing of a bus driver by gunmen."
    article = extract_article(Article(id="a", origin="", text=text), nlp)
    assert article.totals == {}
    assert [f.scope for f in article.figures] == ["background"]


def test_a_protest_after_deaths_has_no_toll(nlp):
    text = "Relatives protested after more than 20 inmates were killed in the jail by guards."
    assert tolls(nlp, text) == {}
    text = (
        "Nurses demonstrated outside the clinic to ask for gloves and to report the death "
        "of a porter."
    )
    assert tolls(nlp, text) == {}
    text = "Hundreds gathered to mark the anniversary of the bombing that killed 30 people."
    assert tolls(nlp, text) == {}


def test_deaths_at_a_protest_are_its_toll(nlp):
    assert tolls(nlp, "Police fired on the march, killing two protesters.") == {"killed": 2}
    text = "A rally over fuel prices turned violent, leaving 3 people dead."
    assert tolls(nlp, text) == {"killed": 3}
    text = "Protesters clashed with police in the square, and two protesters were killed."
    assert tolls(nlp, text) == {"killed": 2}


def test_attempts_and_threats_are_no_casualties(nlp):
    assert tolls(nlp, "A crowd tried to lynch a suspected thief at the market.") == {}
    assert tolls(nlp, "Gunmen attempted to kill a district chief as he left the mosque.") == {}
    assert tolls(nlp, "A mob threatened to kill a soldier at the checkpoint.") == {}


# --- session 8: places, bodies and "shot dead" ------------------------------------------


def test_a_person_after_a_place_chain_is_the_victim(nlp):
    text = "In Puerto Llano, Sierra Verde, a fisherman was killed after a dispute with guards."
    assert tolls(nlp, text) == {"killed": 1}
    text = "On 5 May 2021, in Villa Alta, Oaxaca, a man and a woman were shot dead in a car."
    assert tolls(nlp, text) == {"killed": 2}


def test_a_possessed_body_or_death_counts_the_possessor(nlp):
    assert tolls(nlp, "An old man's body was found by a creek outside the town.") == {"killed": 1}
    text = "The corpses of around twenty fighters were discovered in the hills."
    assert tolls(nlp, text) == {"killed": 20}
    text = "The remains of two men were found in sacks beside the road."
    assert tolls(nlp, text) == {"killed": 2}


# --- session 8: injuries stated without an injury verb -----------------------------------


def test_a_person_hit_by_a_bullet_is_injured(nlp):
    assert tolls(nlp, "A stray bullet grazed a toddler in the arm, a neighbour said.") == {
        "injured": 1
    }
    assert tolls(nlp, "A jogger was struck by gunfire on the river path.") == {"injured": 1}


def test_the_ball_that_hit_a_player_is_no_injury(nlp):
    assert tolls(nlp, "A wild pitch hit a batter in the fourth inning of the game.") == {}


def test_a_headline_without_articles_counts_its_person(nlp):
    assert tolls(nlp, "Woman injured in drive-by shooting on Elm Street") == {"injured": 1}
    assert tolls(nlp, "Year-old boy dies after accidental shooting") == {"killed": 1}


def test_also_killed_reported_by_others_adds_their_group(nlp):
    text = (
        "On 3 May 2021, 3 police officers were killed and 2 were wounded in an attack on a "
        "checkpoint. Local officials reported that 4 militants were also killed."
    )
    assert tolls(nlp, text)["killed"] == 7


def test_an_age_in_a_title_is_no_count(nlp):
    text = "Accidental Shooting Takes Life of 10-Year-Old Farm Boy"
    assert 10 not in tolls(nlp, text).values()
    text = "A 13-month-old boy and a 20-year-old man were both shot overnight."
    assert tolls(nlp, text) == {"injured": 2}


def test_things_named_beside_a_victim_are_no_victims(nlp):
    text = "An aunt holds a photo of Mara Bell, 7, who was fatally shot on Sunday."
    assert tolls(nlp, text) == {"killed": 1}
    text = "The name of the teenager who was shot and killed on Friday has been released."
    assert tolls(nlp, text) == {"killed": 1}


def test_a_headline_victim_is_the_one_the_body_names(nlp):
    text = (
        "Toddler dies after shooting at apartment\n\n"
        "A 2-year-old boy was killed when a gun went off in a flat on Ash Street."
    )
    assert tolls(nlp, text) == {"killed": 1}
    text = "5-year-old shot, killed in drive-by\n\nA child was killed in a drive-by on Friday."
    assert tolls(nlp, text)["killed"] == 1


def test_headline_tolls_the_tagger_misreads(nlp):
    assert tolls(nlp, "Sniper opens fire on traffic, wounds 9") == {"injured": 9}
    assert tolls(nlp, "2 dead, 3 hurt in shooting at party") == {"killed": 2, "injured": 3}


def test_a_number_of_wounds_is_no_toll(nlp):
    assert tolls(nlp, "The doctor stitched 9 wounds on his arm after the fall.") == {}


def test_a_year_is_no_count(nlp):
    text = "An officer was charged over the 2014 shooting death of a 17-year-old boy."
    assert tolls(nlp, text) == {"killed": 1}
    text = "The riots of 2014 killed 2014 people, the report said."
    assert tolls(nlp, text) == {"killed": 2014}


def test_one_death_in_a_month_is_an_event(nlp):
    text = "A cashier was shot and killed in August, police said."
    assert tolls(nlp, text) == {"killed": 1}
    text = "Some 150 civilians were killed in August, the monitors said."
    assert tolls(nlp, text) == {}


# --- session 8: one article, one toll (each case names its class of phrasing) -----------


ONE_TOLL = [
    pytest.param(
        (
            "Gunfire at a wedding hall leaves 1 dead, 8 wounded\n\nOne guest was killed and "
            "six others were wounded when shots were fired at the hall."
        ),
        {"killed": 1, "injured": 8},
        id="others_set_apart_from_the_dead_restate_the_wounded",
    ),
    pytest.param(
        (
            "Harbour shooting: three killed, one injured\n\nThree dockers were shot to "
            "death and another was injured at the harbour on Friday."
        ),
        {"killed": 3, "injured": 1},
        id="another_set_apart_from_the_dead_is_not_one_more",
    ),
    pytest.param(
        "Two miners were injured when the roof fell. Three others were injured later.",
        {"injured": 5},
        id="others_of_the_same_category_still_add",
    ),
    pytest.param(
        (
            "A 19-year-old cyclist was fatally shot on Birch Lane on Saturday, police said. "
            "He was taken to a hospital, where he died an hour later."
        ),
        {"killed": 1},
        id="taken_to_hospital_where_he_died_is_no_injury",
    ),
    pytest.param(
        (
            "On 2 June 2021, in Tecpan, Guerrero, a man who was a former mayor of Tecpan "
            "was shot dead near the market."
        ),
        {"killed": 1},
        id="a_place_after_in_is_no_victim",
    ),
    pytest.param(
        "Two armed men broke into a pharmacy and shot dead the owner.",
        {"killed": 1},
        id="shot_dead_before_its_object_is_killed",
    ),
    pytest.param(
        "An 8-year-old girl remains in critical condition after a shooting at a motel.",
        {"injured": 1},
        id="a_person_in_critical_condition_is_injured",
    ),
    pytest.param(
        "Deputies found Carl Nyberg with a gunshot wound to his left thigh.",
        {"injured": 1},
        id="a_person_with_a_gunshot_wound_is_injured",
    ),
    pytest.param(
        "A 14-year-old suffered a gunshot wound to the foot while hunting on Saturday.",
        {"injured": 1},
        id="an_age_used_as_a_noun_is_a_person",
    ),
    pytest.param(
        (
            "Two brothers were killed in the shooting on Friday. A neighbour was also shot "
            "in the arm and is expected to recover."
        ),
        {"killed": 2, "injured": 1},
        id="also_shot_is_wounded_beside_the_dead",
    ),
    pytest.param(
        (
            "A toddler was killed when a gun went off on Oak Street. The child was "
            "pronounced dead at the scene."
        ),
        {"killed": 1},
        id="a_definite_mention_restates_the_victim",
    ),
    pytest.param(
        (
            "A man was shot on Fifth Avenue. He was taken to Stroger Hospital, where he was "
            "pronounced dead."
        ),
        {"killed": 1},
        id="a_hospital_name_is_no_victim",
    ),
    pytest.param(
        "Police say the man was transported to Mercy Medical Center and died an hour later.",
        {"killed": 1},
        id="taken_to_hospital_and_died_is_killed",
    ),
    pytest.param(
        "A 17-year-old, Omar Tillis, was found fatally wounded on the steps of his home.",
        {"killed": 1},
        id="found_fatally_wounded_is_killed",
    ),
    pytest.param(
        "Police say that McKinnon was killed after exchanging gunfire with deputies.",
        {"killed": 1},
        id="a_name_with_an_inner_capital_is_a_name",
    ),
    pytest.param(
        (
            "Karma Wells, 7, had been critically injured in the shooting at her home on "
            "Monday. Karma died on Saturday, the coroner said."
        ),
        {"killed": 1},
        id="a_named_victim_hurt_then_dead_is_no_injury",
    ),
    pytest.param(
        (
            "Guard killed, three others wounded at depot\n\nA guard was killed at the depot "
            "on Friday night. Three others were wounded."
        ),
        {"killed": 1, "injured": 3},
        id="others_told_twice_are_counted_once",
    ),
    pytest.param(
        (
            "Officers found Reuben Clay with gunshot wounds on Piney Road. He was "
            "pronounced dead at the scene."
        ),
        {"killed": 1},
        id="found_with_a_gunshot_wound_then_dead_is_no_injury",
    ),
    pytest.param(
        "Two men accused of robbery were summarily shot by a militia on Tuesday.",
        {"killed": 2},
        id="summarily_shot_is_killed",
    ),
    pytest.param(
        "Two Guardias Nuevos were killed by armed men near the mine.",
        {"killed": 2},
        id="a_counted_name_is_not_one_more",
    ),
    pytest.param(
        "Border forces exchanged fire across the line, in which one soldier was killed.",
        {"killed": 1},
        id="in_which_one_soldier_was_killed_counts_one",
    ),
    pytest.param(
        (
            "A 3-year-old boy was shot and killed in a flat on Sunday. The boy was shot by "
            "another child who was playing with a gun."
        ),
        {"killed": 1},
        id="shot_by_another_child_is_the_dead_child",
    ),
    pytest.param(
        "The rifle went off, striking his 4-year-old brother in the shoulder.",
        {"injured": 1},
        id="a_gun_that_went_off_striking_a_boy_injured_him",
    ),
    pytest.param(
        (
            "A man was killed in a shooting on Birch Street late on Friday. A woman was "
            "shot in the leg and taken to a hospital."
        ),
        {"killed": 1, "injured": 1},
        id="a_woman_shot_beside_a_man_killed_is_wounded",
    ),
    pytest.param(
        "A boy was shot on Birch Street late on Friday. The boy died at the hospital.",
        {"killed": 1},
        id="a_boy_shot_who_died_is_not_wounded",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ONE_TOLL)
def test_one_toll(nlp, text, expected):
    assert tolls(nlp, text) == expected


def test_a_death_long_ago_stays_a_period_figure(nlp):
    text = "A bomb went off at the tomb of a police chief who was killed by rebels in 1909."
    assert tolls(nlp, text) == {}


def test_a_gunfight_is_no_person(nlp):
    text = "A gunfight ensued in which one guard and one raider were killed."
    assert tolls(nlp, text) == {"killed": 2}


def test_a_village_head_is_a_person(nlp):
    assert tolls(nlp, "Gunmen attacked and killed the village head of Oldtown.") == {"killed": 1}


# --- session 11: a headline that opens with a bare age ----------------------------------


def test_a_headline_opening_with_an_age_counts_one_person(nlp):
    assert tolls(nlp, "9-year-old shot on Juniper Court in Lake County") == {"injured": 1}
    assert tolls(nlp, "Four-year-old wounded in north Elmwood drive-by shooting") == {"injured": 1}


def test_an_aged_headline_shot_then_killed_is_killed(nlp):
    assert tolls(nlp, "6-year-old shot, killed in Westbrook while riding in a truck") == {
        "killed": 1
    }


def test_an_age_opening_a_sentence_of_prose_is_no_headline(nlp):
    text = "17-year-old shot a video of the parade on Main Street on Sunday."
    assert tolls(nlp, text) == {}


def test_treated_and_released_is_injured(nlp):
    text = "Two cyclists were treated and released after the shooting near the depot."
    assert tolls(nlp, text) == {"injured": 2}
    text = "A bartender was treated and discharged from a clinic on Monday, police said."
    assert tolls(nlp, text) == {"injured": 1}


# --- session 12: numbers that describe a person -----------------------------------------


def test_a_number_that_describes_a_person_is_no_count(nlp):
    text = "A four-time national 100m champion was shot in the leg outside a gym in Dorrin."
    assert all(v is None or v < 4 for v in tolls(nlp, text).values())
    assert tolls(nlp, "Two 16-year-olds were shot on Elm Street on Sunday.") == {"injured": 2}


def test_hyphened_counts_of_people_and_multipliers_still_count(nlp):
    assert tolls(nlp, "A 12-member crew was killed when the helicopter crashed.") == {"killed": 12}
    assert tolls(nlp, "About 2m people were displaced by the floods.") == {"displaced": 2000000}
