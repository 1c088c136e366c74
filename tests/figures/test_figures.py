"""Casualty figures read from invented reports: categories, counts, groups, sources,
hedges, negation, scope, time and place, and what is not a figure."""

from __future__ import annotations

import pytest

from newstally.figures import extract, extract_article
from newstally.model import Article, Figure


def figs(nlp, text: str, **kw) -> list[Figure]:
    return extract(text, nlp=nlp, article_id="t", **kw)


def one(nlp, text: str, **kw) -> Figure:
    found = figs(nlp, text, **kw)
    assert len(found) == 1, [(f.category, f.quantity.text) for f in found]
    return found[0]


# --- quantity forms in context ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "value", "bound"),
    [
        ("At least 12 people were killed when the ferry sank.", "At least 12", 12, ">="),
        ("Seven miners died in the collapse.", "Seven", 7, "="),
        ("Dozens of villagers were wounded in the shelling.", "Dozens", None, None),
        (
            "Between 10 and 15 travellers were abducted on the highway.",
            "Between 10 and 15",
            10,
            None,
        ),
        ("A farmer was killed by the landslide.", "A farmer", 1, "="),
        ("More than 300 people were killed, officials said.", "More than 300", 300, ">"),
    ],
)
def test_quantity_forms(nlp, text, words, value, bound):
    f = one(nlp, text)
    assert f.quantity.text == words
    if value is not None:
        assert f.quantity.value == value
    if bound is not None:
        assert f.quantity.bound == bound
    assert text[f.span[0] : f.span[1]] == words


def test_span_indexes_the_article_text(nlp):
    text = "Storm hits the coast.\nOfficials said 14 fishermen drowned off the cape."
    f = one(nlp, text)
    assert text[f.span[0] : f.span[1]] == "14"
    assert f.sentence == "Officials said 14 fishermen drowned off the cape."
    assert f.id == "t:f1" and f.article == "t"


# --- categories -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "category", "value"),
    [
        ("Four guards were shot dead at the gate.", "killed", 4),
        ("The blast killed nine shoppers and wounded 30 others.", "killed", 9),
        ("Nine bodies were found near the river.", "killed", 9),
        ("Six passengers lost their lives in the crash.", "killed", 6),
        ("The death toll rose to 41 on Sunday.", "killed", 41),
        ("Three workers were hospitalised with burns.", "injured", 3),
        ("Eleven people were hurt in the stampede.", "injured", 11),
        ("Twenty soldiers were killed or wounded in the ambush.", "casualties", 20),
        ("The army suffered 45 casualties.", "casualties", 45),
        ("Eight climbers are still missing.", "missing", 8),
        ("Gunmen kidnapped 17 students from the dormitory.", "kidnapped", 17),
        ("Police arrested 23 protesters outside the stadium.", "arrested", 23),
        ("Twelve suspects were detained after the raid.", "arrested", 12),
        ("About 4,000 residents fled the fighting.", "displaced", 4000),
        ("The floods displaced 1,200 families.", "displaced", 1200),
    ],
)
def test_categories(nlp, text, category, value):
    found = [f for f in figs(nlp, text) if f.category == category]
    assert found, figs(nlp, text)
    assert found[0].quantity.value == value


def test_perpetrators_in_active_voice_are_not_victims(nlp):
    found = figs(nlp, "Five gunmen killed two guards at the bank.")
    assert [(f.category, f.quantity.value) for f in found] == [("killed", 2)]


# --- groups -----------------------------------------------------------------------------


def test_group_head_and_affiliation(nlp):
    f = one(nlp, "Up to 40 Kenyan soldiers were killed in the raid.")
    assert f.group is not None
    assert f.group.head == "soldier"
    assert f.group.affiliation == "Kenyan"
    assert f.group.text == "Kenyan soldiers"


def test_affiliation_word_and_no_group_for_category_noun(nlp):
    f = one(nlp, "Two police officers were wounded.")
    assert f.group is not None and f.group.head == "officer" and f.group.affiliation == "police"
    deaths = one(nlp, "The hospital recorded 16 deaths.")
    assert deaths.category == "killed" and deaths.group is None


# --- sources ----------------------------------------------------------------------------


def test_outlet_voice_without_a_source(nlp):
    f = one(nlp, "Three hikers died in the avalanche.", outlet="The Valley Courier")
    assert f.source.kind == "outlet" and f.source.text == "The Valley Courier"
    assert f.cue is None


def test_reported_source_and_cue(nlp):
    f = one(nlp, "The interior ministry said 18 prisoners were killed in the riot.")
    assert "ministry" in f.source.text.lower()
    assert f.source.kind != "outlet"
    assert f.cue is not None and "said" in f.cue


def test_according_to(nlp):
    f = one(nlp, "According to the Red Crescent, 60 people were injured.")
    assert "Red Crescent" in f.source.text
    assert f.cue is not None and f.cue.lower().startswith("according")


def test_pronoun_source_is_resolved(nlp):
    text = (
        "The health ministry of Zembla said the clinic was hit at noon.\n"
        '"Nine patients were wounded," it added.'
    )
    found = [f for f in figs(nlp, text) if f.category == "injured"]
    assert found and "ministry" in found[0].source.text.lower()


# --- hedges and negation ----------------------------------------------------------------


def test_hedges(nlp):
    f = one(nlp, "Eight villagers were reportedly killed in the attack.")
    assert "reportedly" in f.hedges
    g = one(nlp, 'Officials spoke of "several hundred" people displaced by the floods.')
    assert "quoted" in g.hedges
    h = one(nlp, "Fourteen miners are feared dead.")
    assert h.category == "killed" and "feared" in h.hedges


def test_negation_gives_zero(nlp):
    f = one(nlp, "No one was killed in the fire.")
    assert f.category == "killed" and f.negated and f.quantity.value == 0
    article = extract_article(
        Article(id="n", origin="", text="No one was killed in the fire."), nlp
    )
    assert article.totals["killed"].low == 0 and article.totals["killed"].best == 0
    assert article.totals["killed"].high == 0


def test_negated_casualty_noun(nlp):
    f = one(nlp, "There were no casualties in the explosion.")
    assert f.category == "casualties" and f.negated and f.quantity.value == 0


def test_negated_non_casualty_clause_is_no_figure(nlp):
    assert figs(nlp, "No group claimed responsibility for the bombing.") == []
    assert figs(nlp, "The ministry said no regular troops had been involved in the clash.") == []


# --- scope, dates and places ------------------------------------------------------------


def test_period_scope(nlp):
    f = one(
        nlp,
        "At least 240 migrants drowned in the first six months of 2019.",
        published="2019-08-02",
    )
    assert f.scope == "period"


def test_cumulative_scope(nlp):
    f = one(nlp, "More than 3,000 civilians have been killed since the war began.")
    assert f.scope == "cumulative"
    g = one(nlp, "Officials say 52 peacekeepers have died in Mali.")
    assert g.scope == "cumulative"


def test_event_scope_with_an_incident(nlp):
    f = one(nlp, "Five people have died in the bus crash in Mali.")
    assert f.scope == "event"


def test_date_resolved_against_publication(nlp):
    f = one(nlp, "Two fishermen drowned on Tuesday.", published="2021-06-10")
    assert f.when is not None
    assert f.when.start is not None and f.when.start.startswith("2021-06")


def test_place_of_the_sentence_and_main_place(nlp):
    f = one(nlp, "Six people were killed in a market in Mombasa.")
    assert "Mombasa" in f.where
    text = "Heavy rain fell in Mombasa on Monday.\nFour people were injured."
    g = one(nlp, text, gate=False)
    assert g.where == ["Mombasa"]


# --- not figures ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The charity raised $10,000 for the families.",
        "The government pledged 2 million dollars to rebuild the killed farmers' homes.",
        "About 3,000 troops were deployed after the attack.",
        "The blast was one of the deadliest in the city's history.",
        "One of the guards opened fire on the crowd.",
        "The bomb exploded 5 km from the border at 10 pm.",
        "The attack happened on 12 May 2019.",
    ],
)
def test_non_figures(nlp, text):
    assert figs(nlp, text) == []


def test_age_and_date_are_not_counts(nlp):
    f = one(nlp, "A 25-year-old man was killed on 12 May 2019.")
    assert f.quantity.value == 1
    found = figs(nlp, "Two people died 3 km from the dam.")
    assert [f.quantity.value for f in found] == [2]


# --- people without numbers --------------------------------------------------------------


def test_single_people_and_names(nlp):
    text = "Gunmen shot and killed Ahmed Farouk, a local judge, and his driver was wounded."
    found = figs(nlp, text)
    assert {(f.category, f.quantity.value) for f in found} == {("killed", 1), ("injured", 1)}


def test_definite_plural_takes_an_earlier_count(nlp):
    text = "Rebels abducted four engineers near the dam.\nThe engineers were killed two days later."
    found = figs(nlp, text)
    killed = [f for f in found if f.category == "killed"]
    assert killed and killed[0].quantity.value == 4 and killed[0].quantity.text == "The engineers"


def test_main_place_from_the_title(nlp):
    article = Article(id="p", origin="", text="Four people were injured.", title="Blast in Mombasa")
    extract_article(article, nlp)
    assert article.figures[0].where == ["Mombasa"]


def test_elided_auxiliary_and_shared_participle(nlp):
    found = figs(nlp, "Nine people were killed and 30 injured when the bridge fell.")
    assert [(f.category, f.quantity.value) for f in found] == [("killed", 9), ("injured", 30)]
    found = figs(nlp, "Two guards and 10 attackers injured in the raid.")
    assert sorted(f.quantity.value for f in found if f.category == "injured") == [2, 10]


def test_hedge_verbs_and_unconfirmed_reports(nlp):
    f = one(nlp, "About 20 sailors are thought to have drowned.")
    assert f.category == "killed" and "thought to" in f.hedges
    g = one(nlp, "Unconfirmed reports said 70 people were killed.")
    assert "unconfirmed" in g.hedges


def test_the_speaker_is_not_a_victim(nlp):
    found = figs(nlp, "The mayor of Port Elin said at least 30 people died.")
    assert [(f.category, f.quantity.value) for f in found] == [("killed", 30)]


def test_part_of_a_counted_group_told_again(nlp):
    assert figs(nlp, "Many of the wounded are being treated in hospital.") == []
    assert figs(nlp, "Two of the dead were children, the clinic said.") == []
    f = one(nlp, "Two of the wounded later died.")
    assert f.category == "killed" and f.quantity.value == 2


@pytest.mark.parametrize(
    ("text", "category", "value", "group"),
    [
        ("One of his bodyguards was killed in the ambush near Tarsk.", "killed", 1, "bodyguards"),
        ("Gunmen abducted one of the engineers on the Vell road.", "kidnapped", 1, "engineers"),
        ("At least one of the raiders was shot dead.", "killed", 1, "raiders"),
    ],
)
def test_one_of_a_group(nlp, text, category, value, group):
    f = one(nlp, text)
    assert (f.category, f.quantity.value) == (category, value)
    assert f.group is not None and group in f.group.text
