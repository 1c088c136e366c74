"""Helpers shared by the attribution tests: statements of a text, looked up by cue, and
the source `source_for` gives a word."""

from __future__ import annotations

from newstally.attribution import find_statements, source_for
from newstally.model import Statement
from newstally.nlp import ArticleContext


def statements(nlp, text: str) -> list[Statement]:
    """The statements of ``text``; every span indexes the text exactly."""
    ctx = ArticleContext(text, nlp=nlp)
    found = find_statements(ctx, "a1")
    for st in found:
        assert text[st.content.span[0] : st.content.span[1]] == st.content.text
        if st.cue is not None and st.cue.span is not None:
            assert text[st.cue.span[0] : st.cue.span[1]] == st.cue.text
        if st.source.span is not None:
            assert text[st.source.span[0] : st.source.span[1]] == st.source.text
    return found


def rule_statements(nlp, text: str) -> list[Statement]:
    """The statements the rules alone give for ``text`` (every sentence parsed), without
    the learned tagger: for tests of a class the rule table leaves out."""
    from newstally.attribution.statements import _statement, rule_entries

    ctx = ArticleContext(text, nlp=nlp)
    ctx.parse(list(range(len(ctx.sentences))))
    return [_statement(ctx, "a1", *entry) for entry in rule_entries(ctx)]


def cues(found: list[Statement]) -> list[str]:
    return [st.cue.text for st in found if st.cue is not None]


def by_cue(found: list[Statement], cue: str) -> Statement:
    """The one statement whose cue is ``cue``."""
    hits = [st for st in found if st.cue is not None and st.cue.text == cue]
    assert len(hits) == 1, cues(found)
    return hits[0]


def source_of_word(nlp, text: str, word: str):
    """`source_for` the first token of ``text`` that reads ``word``."""
    ctx = ArticleContext(text, nlp=nlp)
    for i in range(len(ctx.sentences)):
        for tok in ctx.doc(i):
            if tok.text == word:
                return source_for(ctx, i, tok.i)
    raise AssertionError(f"{word!r} not found")
