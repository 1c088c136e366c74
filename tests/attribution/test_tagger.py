"""The learned attribution layer: how tagged tokens become contents, what is tagged, and
the fallback to the rules without a model file."""

from __future__ import annotations

import pytest
from statement_helpers import rule_statements, statements

from newstally.attribution import find_statements, tagger
from newstally.attribution.statements import rule_entries
from newstally.nlp import ArticleContext


def test_a_b_label_opens_a_new_content() -> None:
    labels = ["B-CON", "I-CON", "B-CON", "I-CON", "O"]
    assert tagger.content_units(labels) == [[0, 1], [2, 3]]


def test_content_continues_across_its_cue_and_speaker() -> None:
    # '"We will win," she said, "and soon."' is one content in two pieces.
    labels = ["B-CON", "I-CON", "B-SRC", "B-CUE", "I-CON", "I-CON"]
    assert tagger.content_units(labels) == [[0, 1, 4, 5]]


def _sequence(n: int, subj: list, heads: list[int]) -> tagger.Sequence:
    """A hand-made one-sentence sequence of ``n`` four-letter words, five characters apart."""
    return tagger.Sequence(
        toks=[(0, i, 5 * i, 5 * i + 4) for i in range(n)],
        feats=[[] for _ in range(n)],
        subj=subj,
        heads=heads,
    )


def test_content_does_not_continue_across_plain_words() -> None:
    labels = ["B-CON", "I-CON", "O", "O", "I-CON"]
    assert tagger.content_units(labels) == [[0, 1], [4]]


def test_assemble_skips_contents_the_rules_already_have() -> None:
    # "Vey said we won it": speaker, cue, then a content that hangs from the cue.
    seq = _sequence(5, subj=[None, (0, 1, 0), None, None, None], heads=[1, 1, 3, 1, 3])
    labels = ["B-SRC", "B-CUE", "B-CON", "I-CON", "I-CON"]
    probs = [0.9] * 5
    found = tagger.assemble(seq, labels, probs, rule_contents=[])
    assert [(f.cue, f.speaker, f.content) for f in found] == [((1, 2), (0, 1), (10, 24))]
    assert tagger.assemble(seq, labels, probs, rule_contents=[(12, 14)]) == []
    # Not confident enough.
    assert tagger.assemble(seq, labels, [0.2] * 5, rule_contents=[]) == []


def test_a_content_without_any_cue_nearby_is_left_out() -> None:
    seq = _sequence(3, subj=[None] * 3, heads=[0, 0, 0])
    assert tagger.assemble(seq, ["B-CON", "I-CON", "I-CON"], [0.9] * 3, []) == []


def test_unparsed_sentences_are_not_tagged(nlp) -> None:
    text = (
        "The council of Varnholt met on Tuesday. "
        "Mayor Ilse Brandt said the new bridge would open in May. "
        "Rain fell all day over the harbour."
    )
    ctx = ArticleContext(text, nlp=nlp)
    ctx.parse([1])
    seqs = tagger.sequences(ctx, rule_entries(ctx))
    assert {s for seq in seqs for s, *_ in seq.toks} == {1}
    for st in find_statements(ctx, "a1"):
        a, b = ctx.sentences[1]
        assert a <= st.content.span[0] < st.content.span[1] <= b
    assert not ctx.is_parsed(0) and not ctx.is_parsed(2)


def test_every_span_lies_inside_the_text(nlp) -> None:
    text = (
        "Senator Oda Vrell, who leads the Kestrel Party, told reporters that the budget "
        "was a mistake. \u201cWe cannot pay for it,\u201d she said, \u201cand we will not.\u201d "
        "Her rival Tomas Henk thinks the plan is fair, and most voters agree with him, "
        "a poll by the Lindqvist Institute found."
    )
    ctx = ArticleContext(text, nlp=nlp)
    ctx.parse(list(range(len(ctx.sentences))))
    found = find_statements(ctx, "a1")
    assert found
    for st in found:
        for ref in (st.content, st.cue):
            assert ref is not None and ref.span is not None
            assert 0 <= ref.span[0] < ref.span[1] <= len(text)
            assert text[ref.span[0] : ref.span[1]] == ref.text
        if st.source.span is not None:
            assert text[st.source.span[0] : st.source.span[1]] == st.source.text


@pytest.fixture
def no_model(monkeypatch):
    monkeypatch.setattr(tagger, "MODEL_FILE", "no_such_model.crfsuite")
    tagger._tagger.cache_clear()
    yield
    tagger._tagger.cache_clear()


def test_without_the_model_file_the_rules_stand_alone(nlp, no_model, caplog) -> None:
    text = (
        "Governor Lena Asch said the dam was safe. "
        "Engineers at the Brillon works said it was not, and many residents say they "
        "want it closed."
    )
    ctx = ArticleContext(text, nlp=nlp)
    ctx.parse(list(range(len(ctx.sentences))))
    with caplog.at_level("WARNING"):
        found = find_statements(ctx, "a1")
    assert "not found" in caplog.text
    assert not tagger.model_available()
    rules = rule_statements(nlp, text)
    assert [st.content.span for st in found] == [st.content.span for st in rules]


def test_the_model_ships_with_the_package() -> None:
    tagger._tagger.cache_clear()
    assert tagger.model_available()


def test_statements_helper_still_finds_plain_speech(nlp) -> None:
    found = statements(nlp, "Mayor Ilse Brandt said the new bridge would open in May.")
    assert [st.source.text for st in found] == ["Mayor Ilse Brandt"]


def test_the_tagger_finds_a_stance_the_rules_miss(nlp) -> None:
    text = "Governor Pell Anders balked at raising taxes on the harbour towns."
    ctx = ArticleContext(text, nlp=nlp)
    ctx.parse([0])  # no cue word of the rule table: find_statements alone would not parse it
    assert rule_entries(ctx) == []
    found = find_statements(ctx, "a1")
    assert len(found) == 1
    st = found[0]
    assert st.source.text == "Governor Pell Anders"
    assert st.cue is not None and st.cue.text == "balked at"
    assert st.content.text == "raising taxes on the harbour towns"
    # Unparsed, the same sentence is left to the rules, which find nothing.
    assert statements(nlp, text) == []


def test_a_rule_claim_keeps_a_speaker_the_tagger_agrees_with() -> None:
    # "Brandt said it": speaker 0, cue 1, content 2; the tagger tags the speaker.
    seq = _sequence(3, subj=[None, (0, 1, 0), None], heads=[1, 1, 1])
    assert tagger.better_speaker(seq, ["B-SRC", "B-CUE", "B-CON"], [1], [0]) is None


def test_a_rule_claim_without_speaker_takes_the_tagged_subject() -> None:
    # "the Vey aides said it": the rules found no speaker; the tagger tags "Vey aides".
    seq = _sequence(5, subj=[None, None, None, (1, 3, 2), None], heads=[2, 2, 3, 3, 3])
    labels = ["O", "B-SRC", "I-SRC", "B-CUE", "B-CON"]
    assert tagger.better_speaker(seq, labels, [3], []) == [1, 2]
    # An untagged speaker of the rules gives way to the tagged one too.
    assert tagger.better_speaker(seq, labels, [3], [0]) == [1, 2]


def test_tokens_see_what_the_neighbouring_sentences_hold(nlp) -> None:
    text = (
        "\u201cThe ferry will run again,\u201d Mayor Ilse Brandt said. "
        "The harbour reopened on Monday. "
        "Fishermen in Varnholt were glad."
    )
    ctx = ArticleContext(text, nlp=nlp)
    ctx.parse(list(range(len(ctx.sentences))))
    (seq,) = tagger.sequences(ctx, rule_entries(ctx))
    by_sent: dict[int, set[str]] = {}
    for (sent, *_), feats in zip(seq.toks, seq.feats, strict=True):
        by_sent.setdefault(sent, set()).update(f for f in feats if f[:3] in ("ps=", "ns="))
    # The first sentence has no sentence before it; the second follows one with a rule
    # cue, the third one without; the last has none after it.
    assert "ps=-" in by_sent[0]
    (after_claim,) = (f for f in by_sent[1] if f.startswith("ps=") and "|" not in f)
    assert after_claim != "ps=-" and not after_claim.startswith("ps=-")
    assert "ps=---" in by_sent[2]
    assert "ns=-" in by_sent[2]
    assert "ns=-" not in by_sent[1]


class _AllOutside:
    """A stand-in CRF that tags every token as outside any attribution."""

    def tag(self, feats: list) -> list[str]:
        self.n = len(feats)
        return ["O"] * self.n

    def marginal(self, label: str, i: int) -> float:
        return 1.0


def test_combine_uses_the_tagger_it_is_given(nlp) -> None:
    text = (
        "Governor Pell Anders balked at raising taxes on the harbour towns. "
        "Mayor Ilse Brandt said the new bridge would open in May."
    )
    ctx = ArticleContext(text, nlp=nlp)
    ctx.parse(list(range(len(ctx.sentences))))
    kept = rule_entries(ctx)
    # The packaged model adds the stance of the first sentence; a tagger that tags
    # nothing leaves the rule claims as they are.
    assert len(tagger.combine(ctx, kept)) > len(kept)
    assert tagger.combine(ctx, kept, _AllOutside()) == kept


def test_every_token_gets_a_vector_cluster_at_each_level(nlp) -> None:
    from spacy.tokens import Doc

    doc = nlp("Senator Oda Vrell scoffed at the harbour plan.")
    clusters = tagger.token_clusters(doc)
    assert clusters is not None and len(clusters) == len(doc)
    for ids in clusters:
        assert len(ids) == len(tagger.CLUSTER_SIZES)
        assert all(0 <= c < size for c, size in zip(ids, tagger.CLUSTER_SIZES, strict=True))
    # A parse without token vectors (e.g. restored from a DocBin) gets none.
    assert tagger.token_clusters(Doc(nlp.vocab, words=["Vrell", "scoffed"])) is None


def test_clusters_of_several_parses_equal_each_parse_on_its_own(nlp) -> None:
    from spacy.tokens import Doc

    docs = [
        nlp("Senator Oda Vrell scoffed at the harbour plan."),
        Doc(nlp.vocab, words=["Vrell", "scoffed"]),  # no token vectors: no clusters
        nlp("The ministry said two guards were hurt, officials told reporters."),
    ]
    together = tagger.clusters_of(docs)
    assert together == [tagger.token_clusters(doc) for doc in docs]
    assert together[1] is None
    assert [len(c) for c in (together[0], together[2])] == [len(docs[0]), len(docs[2])]


class _CountingTagger:
    """A stand-in CRF with fixed labels that records which marginals are asked of it."""

    def __init__(self, labels: list[str]) -> None:
        self.labels = labels
        self.asked: list[tuple[str, int]] = []

    def tag(self, feats: list) -> list[str]:
        return list(self.labels)

    def marginal(self, label: str, i: int) -> float:
        self.asked.append((label, i))
        return 0.5 + i / 100


def test_marginals_are_asked_when_read_and_once() -> None:
    crf = _CountingTagger(["O", "B-CON", "I-CON", "O"])
    labels, probs = tagger.tag(crf, _sequence(4, subj=[None] * 4, heads=[0, 0, 0, 0]))
    assert labels == crf.labels and len(probs) == 4
    assert crf.asked == []  # nothing read, nothing asked
    assert (probs[2], probs[1], probs[2]) == (0.52, 0.51, 0.52)
    assert crf.asked == [("I-CON", 2), ("B-CON", 1)]  # each of its own label, once


def test_subjects_are_found_when_read_as_before(nlp) -> None:
    text = "Mayor Ilse Brandt said the new bridge would open in May. It rained."
    ctx = ArticleContext(text, nlp=nlp)
    ctx.parse(list(range(len(ctx.sentences))))
    (seq,) = tagger.sequences(ctx, rule_entries(ctx))
    assert isinstance(seq.subj, tagger.Subjects) and len(seq.subj) == len(seq.toks)
    expected = [tagger._subject_span(ctx.doc(sent)[i]) for sent, i, _, _ in seq.toks]
    assert [seq.subj[k] for k in range(len(seq.toks))] == expected
    said = next(k for k, (sent, i, _, _) in enumerate(seq.toks) if ctx.doc(sent)[i].text == "said")
    assert seq.subj[said] == (0, 3, 2)  # "Mayor Ilse Brandt", headed by "Brandt"
