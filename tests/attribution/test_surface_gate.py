"""The surface gate (which sentences can hold a statement) answers as its full pattern."""

from __future__ import annotations

import pytest

from newstally.attribution.lexicon import lexicon

SENTENCES = [
    "Police said two men were hurt.",
    "POLICE SAID TWO MEN WERE HURT.",
    "The road reopened on Tuesday.",
    "According to the mayor, the bridge is safe.",
    "The unsaid part of the deal was the price.",
    '"We are leaving," she told reporters.',
    "Spokesman: the ferry will sail at noon.",
    "spokesman: the ferry will sail at noon.",
    "The ferry will sail at noon: spokesman.",
    "Officials say the fire is out.",
    "The mayor's claims were checked.",
    "She added that the town would rebuild.",
    "SA\u0130D the captain, the ship is lost.",  # a capital dotted I, which IGNORECASE folds
    "Nothing here but numbers 1, 2 and 3.",
    "",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_gate_finds_a_cue_exactly_where_the_full_pattern_does(sentence: str) -> None:
    gate = lexicon().surface
    assert (gate.search(sentence) is None) == (gate.pattern.search(sentence) is None)


def test_gate_tells_cue_sentences_from_plain_ones() -> None:
    gate = lexicon().surface
    assert gate.search("Police said two men were hurt.") is not None
    assert gate.search("According to the mayor, the bridge is safe.") is not None
    assert gate.search("The road reopened on Tuesday.") is None
