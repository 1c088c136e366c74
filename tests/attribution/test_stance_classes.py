"""Stance classes added from the per-class precision measured on PolNeAR train
(data/attribution.toml): object stances, noun-subject attitudes, prepositional and
adjectival stances, "said so", quotes without a comma after the cue, and nested stance
cues that are left to the outer claim."""

from __future__ import annotations

from statement_helpers import by_cue, rule_statements, source_of_word, statements


def test_object_stance_verb(nlp) -> None:
    text = "Councillor Dana Pellow opposed the new toll on the Quillby bridge."
    st = by_cue(statements(nlp, text), "opposed")
    assert st.content.text == "the new toll on the Quillby bridge"
    assert st.source.text == "Councillor Dana Pellow"


def test_speech_verb_with_object_content(nlp) -> None:
    text = "A new survey by the Marlow Institute shows Mayor Ferris ahead in Quillby."
    st = by_cue(statements(nlp, text), "shows")
    assert st.content.text.startswith("Mayor Ferris")
    assert "Marlow Institute" in st.source.text


def test_said_the_same(nlp) -> None:
    text = "Most farmers in Quillby said the same of the new mayor."
    st = by_cue(statements(nlp, text), "said")
    assert st.content.text.startswith("the same")
    assert st.source.text == "Most farmers in Quillby"


def test_object_stance_is_never_a_figure_source(nlp) -> None:
    text = "The Quillby council opposed the 40 new parking fines."
    assert source_of_word(nlp, text, "40") is None


def test_attitude_needs_a_noun_subject(nlp) -> None:
    st = by_cue(statements(nlp, "Farmers in Quillby want lower water prices."), "want")
    assert st.content.text == "lower water prices"
    assert st.source.text == "Farmers in Quillby"
    # A pronoun subject leaves the rules' attitude class (want 129/305 with any
    # subject); the learned tagger may still add a given one, as measured on held-out
    # train (its added pronoun-speaker claims match 0.45-0.6 of the time).
    assert rule_statements(nlp, "I want lower water prices.") == []


def test_prepositional_stance(nlp) -> None:
    text = "Governor Ilse Varga focused on the price of water in her first speech."
    st = by_cue(statements(nlp, text), "focused")
    assert st.content.text == "the price of water"
    assert st.source.text == "Governor Ilse Varga"


def test_prepositional_stance_needs_its_preposition(nlp) -> None:
    assert statements(nlp, "The hikers focused in the fog.") == []


def test_adjective_stance(nlp) -> None:
    text = "Senator Orla Brisk is critical of the tariff plan."
    st = by_cue(statements(nlp, text), "critical")
    assert st.content.text == "the tariff plan"
    assert st.source.text == "Senator Orla Brisk"


def test_adjective_without_its_complement_is_not_a_cue(nlp) -> None:
    assert statements(nlp, "The review was critical.") == []


def test_nested_stance_is_left_to_the_outer_claim(nlp) -> None:
    text = "Mayor Ferris said that the council plans to close the old market."
    found = statements(nlp, text)
    st = by_cue(found, "said")
    assert st.content.text == "that the council plans to close the old market"
    assert all(s.cue is None or s.cue.text != "plans" for s in found)


def test_quote_after_bare_cue_when_long(nlp) -> None:
    text = 'Mayor Ferris said "We will rebuild the old market before the winter comes."'
    st = by_cue(statements(nlp, text), "said")
    assert st.content.text.startswith('"We will rebuild')
    assert st.source.text == "Mayor Ferris"


def test_quote_after_addressee_and_colon(nlp) -> None:
    text = 'Mayor Ferris told the crowd: "We will rebuild the old market this year."'
    st = by_cue(statements(nlp, text), "told the crowd")
    assert st.content.text.startswith('"We will rebuild')
    assert st.source.text == "Mayor Ferris"
