"""The indexed attribute ruler, the set-based lemma index and the remembered lemmas give
spaCy's own results."""

from __future__ import annotations

import pytest

from newstally.attribute_rules import IndexedAttributeRuler, index_rules, install
from newstally.settings import DEFAULT_MODEL

# Invented sentences that exercise the ruler's word-specific rules: contractions ("n't",
# "y'all", "nothin'"), "there is" (expletive), pronouns, "got"/"gets", hyphens, numbers,
# doubled spaces and a no-break space, as well as ordinary report prose.
SENTENCES = [
    "There are 12 people missing after the ferry Alva sank near Port Rennick.",
    "Y'all ain't seen nothin' yet, said the mayor of Dunmere, who didn't wait.",
    "I got the call at 3 a.m.; she gets hers later, and they're on their way.",
    "Two   guards were hurt -- one of them badly -- when the crowd broke through.",
    "\u201cWe don't know,\u201d it added; the ministry's figure is five.",
    "Police in Korvel detained 40 protesters on Tuesday and released 12 of them.",
    "Is there anyone left?  Nobody answered.",
    "",
    "Its 3,000-strong force lost some 20 men in the first week of fighting.",
]


@pytest.fixture(scope="module")
def plain():
    """The pipeline exactly as spaCy loads it, without newstally's replacements."""
    import spacy

    return spacy.load(DEFAULT_MODEL)


def token_view(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_load_nlp_swaps_in_the_indexed_ruler(nlp) -> None:
    assert isinstance(nlp.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    assert nlp.pipe_names.index("attribute_ruler") == nlp.pipe_names.index("lemmatizer") - 1


def test_same_tokens_as_spacy(nlp, plain) -> None:
    assert not isinstance(plain.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    for ours, theirs in zip(nlp.pipe(SENTENCES), plain.pipe(SENTENCES), strict=True):
        assert token_view(ours) == token_view(theirs)


def test_the_ruler_alone_writes_what_spacy_writes(plain) -> None:
    """Tag and parse without the ruler, then apply each ruler to a copy."""
    original = plain.get_pipe("attribute_ruler")
    indexed = index_rules(original)
    assert indexed is not None
    with plain.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        docs = list(plain.pipe(SENTENCES))
    for doc in docs:
        a, b = original(doc.copy()), indexed(doc.copy())
        assert [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in a] == [
            (t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in b
        ]
    # The word-specific rules did fire: "n't" gets its own lemma and negation.
    doc = indexed(docs[1].copy())
    nt = next(t for t in doc if t.text == "n't")
    assert nt.lemma_ == "not" and "Polarity=Neg" in str(nt.morph)


def test_unsupported_patterns_leave_spacys_ruler_in_place() -> None:
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "big", "OP": "+"}]], {"TAG": "JJ"})
    assert index_rules(ruler) is None
    assert install(nlp) is False
    assert nlp.get_pipe("attribute_ruler") is ruler


def test_later_rules_win(plain) -> None:
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "dunmere"}]], {"TAG": "NN", "LEMMA": "first"})
    ruler.add([[{"LOWER": "dunmere"}]], {"LEMMA": "second"})
    indexed = index_rules(ruler)
    assert indexed is not None
    doc = indexed(nlp.make_doc("Dunmere rests"))
    assert (doc[0].tag_, doc[0].lemma_) == ("NN", "second")
    assert ruler(nlp.make_doc("Dunmere rests"))[0].lemma_ == "second"


def test_lemma_index_is_a_set_and_lemmas_are_unchanged(nlp, plain) -> None:
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(words, frozenset) for words in table.values())
    words = "The stricken villagers were fleeing; rescuers dug out bodies and counted wounded."
    assert [t.lemma_ for t in nlp(words)] == [t.lemma_ for t in plain(words)]


# Words in several forms and parts of speech, twice each (the second time from the memo),
# with "n't" and "'s", whose lemmas the attribute ruler sets before the lemmatizer runs.
LEMMA_SENTENCES = [
    "The stricken villagers were fleeing; rescuers dug out bodies and counted wounded.",
    "She didn't say who's leading the inquiries, but the inquiry leads were better.",
    "The stricken villagers were fleeing; rescuers dug out bodies and counted wounded.",
    "Mice ran; the geese flew and the best-known feet were bleeding.",
    "She didn't say who's leading the inquiries, but the inquiry leads were better.",
]


def test_remembered_lemmas_are_spacys(nlp, plain) -> None:
    from spacy.lang.en.lemmatizer import EnglishLemmatizer

    lemmatizer = nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, EnglishLemmatizer)
    assert type(lemmatizer) is not EnglishLemmatizer  # the remembering subclass
    ours = [[t.lemma_ for t in doc] for doc in nlp.pipe(LEMMA_SENTENCES)]
    theirs = [[t.lemma_ for t in doc] for doc in plain.pipe(LEMMA_SENTENCES)]
    assert ours == theirs
    assert ours[1][2] == "not" and ours[3][0] == "mouse"
    assert lemmatizer._lemma_memo  # what it computed is remembered


def test_a_remembered_lemma_is_written_without_asking_spacy(nlp) -> None:
    """A combination met before takes its lemma from the memo, not from `lemmatize`."""
    from spacy.attrs import MORPH, ORTH, POS

    lemmatizer = nlp.get_pipe("lemmatizer")
    with nlp.select_pipes(disable=["lemmatizer", "ner"]):
        doc = nlp("Rescuers counted the wounded villagers.")
    orth, pos, morph = doc.to_array([ORTH, POS, MORPH])[0].tolist()
    memo = lemmatizer._lemma_memo
    saved = memo.get((orth, pos, morph))
    memo[(orth, pos, morph)] = nlp.vocab.strings.add("stand-in")
    try:
        assert lemmatizer(doc)[0].lemma_ == "stand-in"
    finally:
        if saved is None:
            del memo[(orth, pos, morph)]
        else:
            memo[(orth, pos, morph)] = saved
