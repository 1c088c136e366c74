"""Speakers' entities read only where they are needed (issue 19): the statement
sentences are parsed without the entity recogniser and the speakers' sentences get
their entities in one batch; the answers equal those of full parses."""

from __future__ import annotations

from newstally.attribution import entity_sentences, find_statements
from newstally.nlp import ArticleContext, prefetch_many, recognise_many

TEXT = (
    "Mayor Ana Ruiz said two people died in the fire in Tarvik.\n\n"
    "The road will stay closed, police officials said.\n\n"
    "The bridge was old. She said it had been inspected in March.\n\n"
    "Rescuers, who reached the site at noon, said nobody else was hurt."
)


def _statements(ctx: ArticleContext) -> list[tuple]:
    return [
        (s.source.text, s.source.kind, s.source.span, s.cue.span, s.content.span)
        for s in find_statements(ctx, "a")
    ]


def test_only_sentences_with_a_capitalised_or_relative_speaker_are_recognised_ahead(
    nlp,
) -> None:
    ctx = ArticleContext(TEXT, nlp=nlp)
    indices = list(range(len(ctx.sentences)))
    prefetch_many([(ctx, indices)], entities=False)
    # "Mayor Ana Ruiz said" and "Rescuers, who ... said" (a relative pronoun's
    # antecedent); not "police officials said" (no capital letter: no name to read), the
    # pronoun "She said" (resolved through other sentences) or a sentence without a claim.
    assert entity_sentences(ctx, indices) == [0, 4]


def test_statements_from_lazy_entities_equal_those_from_full_parses(nlp) -> None:
    full = ArticleContext(TEXT, nlp=nlp)
    full.parse(list(range(len(full.sentences))))
    lazy = ArticleContext(TEXT, nlp=nlp)
    indices = list(range(len(lazy.sentences)))
    prefetch_many([(lazy, indices)], entities=False)
    recognise_many([(lazy, entity_sentences(lazy, indices))])
    expected = _statements(full)
    assert _statements(lazy) == expected
    assert [(s[0], s[1]) for s in expected] == [
        ("Mayor Ana Ruiz", "official"),
        ("police officials", "official"),
        ("She", "unnamed"),
        ("Rescuers", "official"),
    ]
    assert not lazy.doc(1).has_annotation("ENT_IOB")  # never recognised: not needed
