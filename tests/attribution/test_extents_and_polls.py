"""Classes measured on PolNeAR train in the second round (data/attribution.toml):
claims nested inside another claim's content, one-word answers ("said so"), poll
shares as speakers, and cue nouns without an owner."""

from __future__ import annotations

from statement_helpers import by_cue, cues, rule_statements, source_of_word, statements

# --- claims inside another claim's content ------------------------------------------


def test_claim_inside_another_claims_content_is_left_out(nlp) -> None:
    text = (
        "Mayor Ferris said the bridge plan, which farmers criticized last spring, "
        "would go ahead in Quillby."
    )
    found = statements(nlp, text)
    said = by_cue(found, "said")
    assert "criticized" in said.content.text
    assert "criticized" not in cues(found)


def test_claims_side_by_side_are_both_kept(nlp) -> None:
    text = (
        "Mayor Ferris said the bridge would open in May. "
        "Councillor Dana Pellow criticized the toll on the Quillby bridge."
    )
    found_cues = cues(statements(nlp, text))
    assert "said" in found_cues
    assert "criticized" in found_cues


def test_inner_claim_still_gives_its_figure_source(nlp) -> None:
    # find_statements leaves the inner claim to the outer one; source_for still sees it.
    text = "Reporters said the Quillby police confirmed 12 arrests on Sunday."
    assert source_of_word(nlp, text, "12") is not None


# --- one-word answers -----------------------------------------------------------------


def test_said_so(nlp) -> None:
    text = "Asked whether the Quillby bridge should be rebuilt, 55 percent of farmers said so."
    st = by_cue(statements(nlp, text), "said")
    assert st.content.text == "so"


def test_said_yes(nlp) -> None:
    text = "When the Marlow Institute asked about the toll, most drivers said yes."
    st = by_cue(statements(nlp, text), "said")
    assert st.content.text == "yes"
    assert st.source.text == "most drivers"


def test_said_so_many_is_not_an_answer(nlp) -> None:
    text = "The Quillby mayor said so many drivers had complained about the toll."
    st = by_cue(statements(nlp, text), "said")
    assert st.content.text != "so"
    assert "drivers had complained" in st.content.text


# --- poll shares ----------------------------------------------------------------------


def test_poll_share_vote_for(nlp) -> None:
    text = "In the Marlow Institute survey, 41 percent would vote for Mayor Ferris."
    st = by_cue(statements(nlp, text), "would vote")
    assert st.content.text.endswith("Mayor Ferris")
    assert st.source.text == "41 percent"


def test_poll_share_in_ten(nlp) -> None:
    text = "About 4 in 10 Quillby voters want a mayor with experience."
    st = by_cue(statements(nlp, text), "want")
    assert st.content.text == "a mayor with experience"


def test_poll_share_with_copula_is_not_a_claim(nlp) -> None:
    text = "In the Marlow Institute survey, 13 percent were unsure about the toll."
    assert statements(nlp, text) == []


def test_plain_subject_is_not_a_poll(nlp) -> None:
    # The rules' poll class needs a poll share as subject; "vote for" with any other
    # subject stays below the bar as a class (train 54/141). The learned tagger may
    # still add a given one (it matched 11 of the 12 it added on held-out train).
    text = "The Quillby farmers would vote for Mayor Ferris."
    assert rule_statements(nlp, text) == []


def test_poll_share_is_never_a_figure_source(nlp) -> None:
    text = "A majority backed the 40 new parking fines in Quillby."
    assert source_of_word(nlp, text, "40") is None


# --- cue nouns without an owner ---------------------------------------------------------


def test_unowned_noun_with_subject_verb(nlp) -> None:
    text = "Mayor Ferris faced questions about the Quillby bridge toll on Monday."
    st = by_cue(statements(nlp, text), "questions")
    assert st.content.text == "the Quillby bridge toll"
    assert st.source.text == "Mayor Ferris"


def test_unowned_noun_criticism(nlp) -> None:
    text = "Councillor Dana Pellow renewed criticism of the new parking fines."
    st = by_cue(statements(nlp, text), "criticism")
    assert st.content.text == "the new parking fines"


def test_unowned_noun_without_a_subject_verb_is_not_a_claim(nlp) -> None:
    text = "Criticism of the new parking fines grew in Quillby."
    assert "Criticism" not in cues(statements(nlp, text))


def test_noun_outside_the_unowned_list_needs_an_owner(nlp) -> None:
    text = "Mayor Ferris launched a campaign for the Quillby bridge."
    assert "campaign" not in cues(statements(nlp, text))


def test_unowned_noun_is_never_a_figure_source(nlp) -> None:
    text = "Mayor Ferris faced questions about the 40 new parking fines."
    assert source_of_word(nlp, text, "40") is None
