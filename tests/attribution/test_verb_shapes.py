"""The sentence shapes a cue verb stands in (attribution/claims.py: VERB_SHAPES and
SPEAKER_SHAPES): each example sentence of the tables is read by its own shape."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Token

from newstally.attribution.claims import (
    NO_CLAIM,
    SPEAKER_SHAPES,
    VERB_SHAPES,
    Shape,
    VerbCue,
    _complement,
    _verb_claim,
    lemma_of,
    subject_of,
)
from newstally.attribution.lexicon import lexicon


def _cue(nlp, shape: Shape) -> tuple[Doc, Token]:
    doc = nlp(shape.example)
    return doc, next(t for t in doc if t.text == shape.cue)


def _reading(doc: Doc, verb: Token) -> VerbCue:
    lex = lexicon()
    return VerbCue(doc, verb, lemma_of(verb, lex), lex, _complement(verb, lex))


@pytest.mark.parametrize("shape", VERB_SHAPES, ids=lambda s: s.name)
def test_each_content_shape_reads_its_example(nlp, shape: Shape) -> None:
    doc, verb = _cue(nlp, shape)
    cue = _reading(doc, verb)
    first = next(s for s in VERB_SHAPES if s.read(cue) is not None)
    assert first.read is shape.read
    assert _verb_claim(doc, verb, lexicon()) is not None
    if shape.name in ("fronted clause", "commented clause"):
        assert cue.hole is not None  # the speaker and cue are cut out of the content


def _speaker(nlp, name: str) -> tuple[Doc, object]:
    shape = next(s for s in SPEAKER_SHAPES if s.name == name)
    doc, verb = _cue(nlp, shape)
    return doc, _verb_claim(doc, verb, lexicon())


def _words(doc: Doc, span: tuple[int, int] | None) -> str | None:
    return doc[span[0] : span[1]].text if span else None


def test_an_unnamed_believer_makes_no_claim(nlp) -> None:
    assert _speaker(nlp, "believer")[1] is None


@pytest.mark.parametrize(
    ("name", "speaker"),
    [
        ("passive agent", "reporters"),
        ("unstated speaker", "the commander"),
        ("relative pronoun", "who"),
        ("impersonal", None),
    ],
)
def test_each_speaker_shape_finds_the_speaker_of_its_example(nlp, name, speaker) -> None:
    doc, claim = _speaker(nlp, name)
    assert claim is not None
    assert _words(doc, claim.speaker) == speaker
    if name == "relative pronoun":
        assert doc[claim.antecedent].text == "Smith"


def test_a_speaker_inside_the_content_is_a_misparse(nlp) -> None:
    shape = next(s for s in SPEAKER_SHAPES if s.name == "speaker in content")
    doc, verb = _cue(nlp, shape)
    cue = _reading(doc, verb)
    cue.speaker = subject_of(verb)
    cue.content = (0, len(doc))
    assert shape.read(cue) is NO_CLAIM
    cue.content = (verb.i + 1, len(doc))
    assert shape.read(cue) is None
