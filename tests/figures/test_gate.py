"""The parse gate: only sentences that may state a casualty figure reach the parser."""

from __future__ import annotations

import pytest

from newstally.figures import analyse, extract_many, gate_passes
from newstally.model import Article
from newstally.nlp import ArticleContext


def test_gate_on_sentences():
    assert gate_passes("Three people were killed in the blast.")
    assert gate_passes("No one was hurt.")
    assert gate_passes("A guard was wounded.")
    assert gate_passes("Dozens fled the village.")
    assert not gate_passes("The minister opened a new bridge on Tuesday.")
    assert not gate_passes("Prices rose by 3 percent in May.")
    # words that only look like casualty words
    assert not gate_passes("The executive board missed the deadline by 2 days.")
    assert not gate_passes("The delegation met Governor Burns at St Anne's Hospital with 3 aides.")
    assert not gate_passes("The party lost 12 seats.")
    assert gate_passes("Six passengers lost their lives.")
    assert gate_passes("Three Killed In Market Blast")


def test_sentence_without_casualty_words_is_never_parsed(nlp):
    text = (
        "The council met on Monday to discuss the budget.\n"
        "It approved 14 new projects and a road.\n"
        "Two workers were injured when scaffolding fell."
    )
    ctx = ArticleContext(text, nlp=nlp)
    result = analyse(ctx, article_id="g")
    assert result.parsed == 1
    assert ctx.parsed_count == 1
    assert 2 in ctx._docs and 0 not in ctx._docs and 1 not in ctx._docs
    assert [f.quantity.value for f in result.figures] == [2]


def test_gate_off_parses_everything_and_finds_the_same(nlp):
    text = "The council met on Monday.\nTwo workers were injured when scaffolding fell."
    on = ArticleContext(text, nlp=nlp)
    off = ArticleContext(text, nlp=nlp)
    result_on = analyse(on, gate=True)
    result_off = analyse(off, gate=False)
    assert result_off.parsed == 2 and result_on.parsed == 1
    # only the sentence with a figure is kept (with its entities) for later stages
    assert on.parsed_count == 1 and off.parsed_count == 1
    assert [f.quantity.text for f in result_on.figures] == [
        f.quantity.text for f in result_off.figures
    ]


def test_extract_many_batches_articles_in_order(nlp):
    items = [
        "Four fishermen drowned off the coast.",
        Article(id="x", origin="x", text="Nothing happened today."),
        "Police arrested nine men.",
    ]
    out = list(extract_many(items, nlp, batch_size=2))
    assert [a.id for a in out] == ["0", "x", "2"]
    assert out[0].totals["killed"].best == 4
    assert out[1].figures == [] and out[1].totals == {}
    assert out[2].totals["arrested"].best == 9


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen KILLED four; a skilled medic and two others died, and the deadline passed.",
        "The attack cost three lives and took the lives of two more; he lost his life.",
        "Deaths rose. Killings, killers and the killed: bodies, a body, somebody.",
        "Nobody was hurt in Fleetwood, but 40 fled and 12 were fleeing; an İzmir bus burned.",
        "",
    ],
)
def test_stem_matches_are_the_pattern_matches(text: str) -> None:
    """The str.find shortcut finds exactly what the casualty-word pattern finds."""
    from newstally.figures.gate import _stem_matches, _stem_pattern

    lowered = text.lower()
    if len(lowered) == len(text):
        expected = [m.span() for m in _stem_pattern().finditer(lowered)]
    else:
        expected = [m.span() for m in _stem_pattern(ignore_case=True).finditer(text)]
    assert _stem_matches(text) == expected
    if "KILLED" in text:
        assert expected  # the cases do exercise matches


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed four guards. Two more died in hospital, the army said.\n"
        "Nobody was hurt in Fleetwood. Forty people fled the town.",
        "An İzmir bus burned and 3 passengers died. Police arrested 2 men on Monday.",
        "The mayor praised the deadline. Officials said 12 were killed.",
    ],
)
def test_gated_spans_read_each_sentence_as_the_gate_alone_would(text: str) -> None:
    """Reusing the whole text's casualty words per sentence gates the same sentences as
    scanning each sentence on its own (also where lower-casing changes the length)."""
    from newstally.figures.gate import gated_spans
    from newstally.nlp import split_sentences

    spans = split_sentences(text)
    expected = [i for i, (a, b) in enumerate(spans) if gate_passes(text[a:b])]
    assert expected  # the cases do hold gated sentences
    assert gated_spans(text, lambda: spans, 10_000) == expected


def test_a_full_parse_that_yields_a_figure_is_read_once(nlp, monkeypatch):
    import importlib

    from newstally.figures import analyse_many

    extract_module = importlib.import_module("newstally.figures.extract")
    from newstally.nlp import prefetch_many

    text = "Police said two people were killed in the blast.\nThree guards were injured."
    ctx = ArticleContext(text, nlp=nlp)
    prefetch_many([(ctx, [0])])  # a full parse waiting, as the statements stage leaves it
    reads: list[str] = []
    read_sentence = extract_module._read_sentence

    def counting(doc, *args):
        reads.append(doc.text)
        return read_sentence(doc, *args)

    monkeypatch.setattr(extract_module, "_read_sentence", counting)
    article = Article(id="r", origin="r", text=text)
    ((_, result),) = list(analyse_many([article], nlp, contexts=[ctx]))
    assert sorted(f.quantity.value for f in result.figures) == [2, 3]
    full, draft = text.split("\n")
    # The full parse is read once; the draft of the other sentence is read, then read
    # again once it has its entities.
    assert reads.count(full) == 1
    assert reads.count(draft) == 2
