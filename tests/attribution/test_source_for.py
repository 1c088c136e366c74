"""source_for: who gives the claim that contains a given token (e.g. a casualty number)."""

from __future__ import annotations

import pytest

from newstally.attribution import source_for
from newstally.nlp import ArticleContext


def _at(ctx: ArticleContext, word: str, nth: int = 0) -> tuple[int, int]:
    """(sentence, token) of the nth token whose text is ``word``."""
    seen = 0
    for i in range(len(ctx.sentences)):
        for tok in ctx.doc(i):
            if tok.text == word:
                if seen == nth:
                    return i, tok.i
                seen += 1
    raise AssertionError(f"{word!r} not found")


def _source(nlp, text: str, word: str, nth: int = 0):
    ctx = ArticleContext(text, nlp=nlp)
    return source_for(ctx, *_at(ctx, word, nth))


def test_subject_of_reporting_verb(nlp) -> None:
    source, cue = _source(nlp, "The interior ministry has admitted that 40 people were hurt.", "40")
    assert source.text == "The interior ministry"
    assert source.kind == "official"
    assert source.written is None
    assert cue == "has admitted"


def test_participle_cue_gives_media(nlp) -> None:
    text = "Estimates vary, with some outlets claiming that up to 300 rebels were killed."
    source, cue = _source(nlp, text, "300")
    assert (source.text, source.kind, cue) == ("some outlets", "media", "claiming")


def test_parenthetical_it_says_in_relative_clause(nlp) -> None:
    text = "The Freedonian navy fired missiles at the port, which, it says, killed 60 fighters."
    source, cue = _source(nlp, text, "60")
    assert source.text == "The Freedonian navy"
    assert source.written == "it"
    assert source.kind == "official"
    assert cue == "says"


def test_the_main_clause_itself_is_not_attributed(nlp) -> None:
    text = "The Freedonian navy fired 12 missiles at the port, which, it says, killed 60 fighters."
    assert _source(nlp, text, "12") is None


def test_investigation_of_an_outlet_is_media(nlp) -> None:
    text = "A Coastal Herald investigation showed that at least 12 miners died in the collapse."
    source, cue = _source(nlp, text, "12")
    assert source.text == "A Coastal Herald investigation"
    assert source.kind == "media"
    assert cue == "showed"


def test_according_to(nlp) -> None:
    source, cue = _source(nlp, "According to the health ministry, 17 people have died.", "17")
    assert (source.text, source.kind, cue) == ("the health ministry", "official", "According to")


def test_pronoun_resolved_to_previous_speaker(nlp) -> None:
    text = (
        "Veldoria's Interior Ministry said on Monday that nine officers were hurt in the riot. "
        '"Two of them remain in hospital," it added.'
    )
    source, cue = _source(nlp, text, "Two")
    assert source.text == "Veldoria's Interior Ministry"
    assert source.written == "it"
    assert cue == "added"


def test_short_reference_expands_to_full_name(nlp) -> None:
    text = (
        "Veldoria's Foreign Ministry confirmed the incident on Friday. "
        "The mayor of Tarvik visited the site. "
        "The ministry later said that 12 more people had died."
    )
    source, _ = _source(nlp, text, "12")
    assert source.text == "Veldoria's Foreign Ministry"
    assert source.written == "The ministry"
    assert source.kind == "official"


def test_scare_quotes_inside_indirect_speech(nlp) -> None:
    text = 'Previously the government said "probably seven" soldiers had died in the attack.'
    source, cue = _source(nlp, text, "seven")
    assert (source.text, cue) == ("the government", "said")


def test_some_reports_are_unnamed(nlp) -> None:
    text = "Some reports have said more than 50 villagers were killed in the raid."
    source, cue = _source(nlp, text, "50")
    assert (source.text, source.kind, cue) == ("Some reports", "unnamed", "have said")


def test_participle_inherits_the_admitting_subject(nlp) -> None:
    text = (
        "The regional governor has admitted that 14 people were injured in the blast, "
        "days after acknowledging three deaths."
    )
    source, cue = _source(nlp, text, "three")
    assert source.text == "The regional governor"
    assert cue == "acknowledging"


def test_own_voice_is_none(nlp) -> None:
    assert _source(nlp, "At least 20 people were killed in the explosion on Tuesday.", "20") is None


def test_token_in_multi_paragraph_quote(nlp) -> None:
    text = (
        "The convoy came under fire near Ostrava Pass.\n\n"
        "\u201cThe trucks were hit twice. Eight drivers were killed.\n\n"
        "\u201cWe are still searching for the others,\u201d the Red Lantern Society said."
    )
    source, cue = _source(nlp, text, "Eight")
    assert source.text == "the Red Lantern Society"
    assert source.kind == "organisation"
    assert cue == "said"


def test_she_said_colon_resolves_to_named_person(nlp) -> None:
    text = (
        "Maria Oltean, a nurse in Tarvik, described the night of the flood. "
        'She said: "We found eleven bodies near the bridge."'
    )
    source, cue = _source(nlp, text, "eleven")
    assert source.text == "Maria Oltean"
    assert source.written == "She"
    assert source.kind == "person"
    assert cue == "said"


@pytest.mark.parametrize("bad", [-1, 999])
def test_out_of_range_token_is_none(nlp, bad: int) -> None:
    ctx = ArticleContext("Nothing was said here about the storm.", nlp=nlp)
    assert source_for(ctx, 0, bad) is None


def test_parses_only_the_sentences_it_needs(nlp) -> None:
    filler = "The river rose slowly through the night. " * 20
    text = filler + "Officials said 30 homes were flooded."
    ctx = ArticleContext(text, nlp=nlp)
    last = len(ctx.sentences) - 1
    tok = next(t.i for t in ctx.doc(last) if t.text == "30")
    source, _ = source_for(ctx, last, tok)
    assert source.text == "Officials"
    assert ctx.parsed_count == 1


def test_pronoun_lookup_is_bounded(nlp) -> None:
    text = (
        "The Tarvik water board said on Monday that the dam was safe. "
        + "The river rose slowly through the night. " * 20
        + "It says 30 homes were flooded."
    )
    ctx = ArticleContext(text, nlp=nlp)
    last = len(ctx.sentences) - 1
    tok = next(t.i for t in ctx.doc(last) if t.text == "30")
    source, _ = source_for(ctx, last, tok)
    # The board is beyond the look-back window: the pronoun stays unresolved.
    assert source.written is None and source.text == "It"
    assert source.kind == "unnamed"
    assert ctx.parsed_count <= 2


def test_i_think_inside_a_quote_defers_to_the_quote_speaker(nlp) -> None:
    text = (
        "Maria Oltean lost her house in the flood. "
        '"I think 40 families are still homeless," the mayor of Tarvik said.'
    )
    source, cue = _source(nlp, text, "40")
    assert source.text == "the mayor of Tarvik"
    assert cue == "said"


def test_impersonal_passive_is_unnamed(nlp) -> None:
    source, _ = _source(nlp, "It was reported that 40 people had died in the fire.", "40")
    assert (source.text, source.kind) == ("unnamed", "unnamed")


def test_relative_pronoun_speaker_hung_elsewhere_by_the_parse(nlp) -> None:
    # The parse attaches "that said ..." to the main verb, not to "media reports"; the
    # pronoun still stands for the nearest noun before it, skipping "last week".
    text = (
        "The ministry said it was sorry. The statement appears to confirm media reports "
        "last week that said scores of Veloria fighters were being treated at military "
        "hospitals."
    )
    source, cue = _source(nlp, text, "scores")
    assert source.text == "media reports"
    assert source.kind == "media"
    assert cue == "said"


def test_figure_in_a_continued_quote_has_the_first_quotes_speaker(nlp) -> None:
    text = (
        '"Eleven people died in the collapse," the interior ministry said on Tuesday. '
        '"Four more are missing under the rubble."'
    )
    source, cue = _source(nlp, text, "Four")
    assert (source.text, source.kind, cue) == ("the interior ministry", "official", "said")


def test_figure_in_a_quote_after_narration_is_not_the_earlier_speakers(nlp) -> None:
    text = (
        '"Eleven people died in the collapse," the interior ministry said on Tuesday. '
        "Cranes arrived from the port overnight. "
        '"Four more are missing under the rubble."'
    )
    found = _source(nlp, text, "Four")
    assert found is None or found[0].text != "the interior ministry"
