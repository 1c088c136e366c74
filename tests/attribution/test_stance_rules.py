"""Cue classes measured on PolNeAR train (data/attribution.toml) and the structural rules
added with them: nested cues inside quotes, doubled-apostrophe quotes, fronted relative
contents, raising verbs and stance cues that never source a figure."""

from __future__ import annotations

from statement_helpers import by_cue, cues, rule_statements, source_of_word, statements

from newstally.attribution.quotes import find_quotes

# --- cues nested in someone's direct quote ---------------------------------------------


def test_cue_inside_a_quote_is_not_a_statement_of_its_own(nlp) -> None:
    text = '"The inspectors told us the levee would hold," the harbour master said.'
    found = statements(nlp, text)
    assert cues(found) == ["said"]
    assert by_cue(found, "said").content.text.startswith('"The inspectors')


def test_nested_cue_still_sources_a_figure(nlp) -> None:
    # source_for keeps the innermost speaker: the figures stage relies on it.
    text = '"Medics told us 14 sailors were hurt," the harbour master said.'
    source, cue = source_of_word(nlp, text, "14")
    assert source.text == "Medics" and cue == "told us"


# --- doubled apostrophes as quote marks -----------------------------------------------


def test_doubled_apostrophes_pair_as_quotes() -> None:
    text = "''We will reopen the mine,'' the owner said. It's ''done,'' she added."
    spans = [text[a:b] for a, b in find_quotes(text)]
    assert spans == ["''We will reopen the mine,''", "''done,''"]


def test_doubled_apostrophe_quote_with_cue_after(nlp) -> None:
    text = "''The ferry will run again on Monday,'' the port authority of Lessport said."
    st = by_cue(statements(nlp, text), "said")
    assert st.content.text == "''The ferry will run again on Monday,''"
    assert st.source.text == "the port authority of Lessport"


# --- measured cue classes -------------------------------------------------------------


def test_clausal_cue_needs_a_that_clause(nlp) -> None:
    found = statements(nlp, "The judge ruled that the Dalmore ballots were valid.")
    st = by_cue(found, "ruled")
    assert st.content.text == "that the Dalmore ballots were valid"
    assert st.source.text == "The judge"
    assert statements(nlp, "The river continued to rise through the night.") == []


def test_infinitival_cue_takes_the_infinitive(nlp) -> None:
    st = by_cue(statements(nlp, "Senator Orla Brisk seeks to cap tuition fees."), "seeks")
    assert st.content.text == "to cap tuition fees"
    assert st.source.text == "Senator Orla Brisk"


def test_infinitival_cue_without_infinitive_is_not_a_cue(nlp) -> None:
    assert statements(nlp, "The hunters aimed at the old barn.") == []


def test_stance_object_cue(nlp) -> None:
    text = "The mayor of Quillby listed three reasons for the delay."
    st = by_cue(statements(nlp, text), "listed")
    assert st.content.text == "three reasons for the delay"
    assert st.source.text == "The mayor of Quillby"


def test_stance_cue_is_never_a_source_for_a_figure(nlp) -> None:
    assert (
        source_of_word(nlp, "The relief agency requested 40 more tents for the camp.", "40") is None
    )


def test_hoped_is_a_cue_despite_its_lemma(nlp) -> None:
    st = by_cue(statements(nlp, "Councillor Venn hoped that the bridge would reopen."), "hoped")
    assert st.content.text == "that the bridge would reopen"


def test_belief_verb_with_a_named_subject(nlp) -> None:
    text = "Party organisers in Dalmore believe that turnout will be low."
    st = by_cue(statements(nlp, text), "believe")
    assert st.content.text == "that turnout will be low"
    assert st.source.text == "Party organisers in Dalmore"


def test_belief_verb_with_a_pronoun_subject_is_not_a_cue(nlp) -> None:
    # A rule-table class decision (think 88/260 with any subject); the learned tagger
    # may still add a given one.
    assert rule_statements(nlp, "We think turnout will be low this year.") == []


# --- raising verbs and agentless passives: the article's own hedge -----------------------


def test_raising_verb_has_no_speaker_and_keeps_the_subject(nlp) -> None:
    st = by_cue(statements(nlp, "The governor appears to be losing support."), "appears")
    assert st.source.text == "" and st.source.span is None
    assert st.content.text.startswith("The governor")
    assert st.content.text.endswith("to be losing support")


def test_expected_to_is_a_hedge_without_speaker(nlp) -> None:
    found = statements(nlp, "The Dalmore council is expected to approve the budget.")
    st = by_cue(found, "is expected")
    assert st.source.span is None
    assert st.content.text.endswith("to approve the budget")


def test_raising_verb_is_not_a_source_for_a_figure(nlp) -> None:
    assert source_of_word(nlp, "At least 12 people appear to have died in the flood.", "12") is None


# --- a relative word fronted before the speaker and cue ----------------------------------


def test_fronted_relative_content_cuts_out_speaker_and_cue(nlp) -> None:
    text = "Dock workers began a strike that union leaders said could last for weeks."
    st = by_cue(statements(nlp, text), "said")
    assert st.source.text == "union leaders"
    assert st.content.text == "that union leaders said could last for weeks"


def test_fronted_relative_content_sources_a_figure(nlp) -> None:
    text = "The storm set off a landslide that officials said buried 40 homes."
    source, cue = source_of_word(nlp, text, "40")
    assert (source.text, cue) == ("officials", "said")
