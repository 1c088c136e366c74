"""The cheap sentence splitter and the lazy per-article parse context."""

from __future__ import annotations

import pytest

from newstally.nlp import ArticleContext, prefetch_many, sentence_case, split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_splits_at_sentence_ends_and_line_breaks() -> None:
    text = "Floods hit Omsby. Two people died!\nWhere next? Nobody knows."
    assert sentences(text) == [
        "Floods hit Omsby.",
        "Two people died!",
        "Where next?",
        "Nobody knows.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. said on Feb. 7 that four soldiers died.",
        "Mr. Alder and Dr. Quist were among 12 people hurt.",
        "Police named J. Pellow as the driver.",
    ],
)
def test_abbreviations_and_initials_do_not_end_a_sentence(text: str) -> None:
    assert sentences(text) == [text]


def test_closing_quotes_stay_with_their_sentence() -> None:
    text = '"We found three bodies." The search went on.'
    assert sentences(text) == ['"We found three bodies."', "The search went on."]


def test_spans_index_the_original_text_and_skip_blank_lines() -> None:
    text = "  First line here.  \n\n\n   Second one.   "
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["First line here.", "Second one."]


def test_a_long_paragraph_splits_the_same_as_short_ones() -> None:
    unit = "Officials in Tarn said 3 people were hurt. "
    text = unit * 400
    assert len(split_sentences(text)) == 400


def test_context_parses_lazily_and_caches(nlp) -> None:
    ctx = ArticleContext("A quiet day in Omsby.\nTwo men were hurt in a crash.", nlp=nlp)
    assert ctx.parsed_count == 0
    doc = ctx.doc(1)
    assert ctx.parsed_count == 1 and ctx.is_parsed(1) and not ctx.is_parsed(0)
    assert ctx.doc(1) is doc
    offset = ctx.offset(1)
    assert ctx.text[offset + doc[0].idx : offset + doc[0].idx + 3] == "Two"
    assert ctx.sentence_at(offset + 4) == 1


def test_no_break_spaces_parse_like_spaces(nlp) -> None:
    ctx = ArticleContext("The ministry\xa0said five died.", nlp=nlp)
    doc = ctx.doc(0)
    assert [t.text for t in doc] == ["The", "ministry", "said", "five", "died", "."]
    assert len(ctx.sentence_text(0)) == len(doc.text)


def _layers(nlp) -> list:
    return [
        node
        for _, component in nlp.pipeline
        if getattr(component, "model", None) is not None and hasattr(component.model, "walk")
        for node in component.model.walk()
    ]


def test_numpy_blas_only_after_single_threaded_blas(monkeypatch) -> None:
    """A program that imports newstally keeps spaCy's BLIS; once BLAS is limited to one
    thread (as the CLI does), every layer multiplies through numpy's BLAS instead."""
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_info, threadpool_limits

    import newstally.nlp as nlp_module

    def blis_layers(nlp) -> list[str]:
        return [n.name for n in _layers(nlp) if isinstance(n.ops, NumpyOps) and n.ops.use_blis]

    monkeypatch.setattr(nlp_module, "_blas_is_single_threaded", False)
    assert blis_layers(nlp_module.load_nlp.__wrapped__(nlp_module.DEFAULT_MODEL))
    with threadpool_limits(limits=None):  # restores this process's BLAS threads afterwards
        nlp_module.single_threaded_blas()
        blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
        assert blas and all(lib["num_threads"] == 1 for lib in blas)
        fast = nlp_module.load_nlp.__wrapped__(nlp_module.DEFAULT_MODEL)
    assert _layers(fast) and not blis_layers(fast)


class _FakeLibc:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def mallopt(self, param: int, value: int) -> int:
        self.calls.append((param, value))
        return 1


def test_keep_freed_memory_raises_both_glibc_thresholds(monkeypatch) -> None:
    import ctypes

    from newstally.nlp import keep_freed_memory

    libc = _FakeLibc()
    monkeypatch.setattr(ctypes, "CDLL", lambda name: libc)
    assert keep_freed_memory() is True
    # M_MMAP_THRESHOLD (-3) to glibc's 64-bit maximum, M_TRIM_THRESHOLD (-1) above it
    assert libc.calls == [(-3, 32 * 1024 * 1024), (-1, 128 * 1024 * 1024)]


def test_keep_freed_memory_leaves_other_c_libraries_alone(monkeypatch) -> None:
    import ctypes

    from newstally.nlp import keep_freed_memory

    monkeypatch.setattr(ctypes, "CDLL", lambda name: object())  # no mallopt (musl, macOS)
    assert keep_freed_memory() is False


def test_prefetched_parses_count_as_parsed_only_when_asked_for(nlp) -> None:
    text = "Police said two men were hurt. The road reopened. A witness said it was loud."
    ctx = ArticleContext(text, nlp=nlp)
    ctx.prefetch([0, 2])
    assert not ctx.is_parsed(0) and not ctx.is_parsed(2)
    waiting = ctx.waiting([0, 1, 2])
    assert sorted(waiting) == [0, 2]
    doc = ctx.doc(2)
    assert doc is waiting[2]  # taken from the pool, not parsed again
    assert ctx.is_parsed(2) and not ctx.is_parsed(0) and not ctx.is_parsed(1)
    assert [t.text for t in doc][:3] == ["A", "witness", "said"]


def test_a_context_of_the_same_sentences_shares_its_full_parses(nlp) -> None:
    # A no-break space between sentences: the same sentences, read as a space.
    text = "Police said two men were hurt.\u00a0The road reopened. Officials said it was safe."
    first = ArticleContext(text, nlp=nlp)
    first.parse([0])
    first.prefetch([2])
    second = ArticleContext(text.replace("\u00a0", " "), nlp=nlp)
    second.share_from(first)
    assert sorted(second.waiting([0, 1, 2])) == [0, 2]
    assert not second.is_parsed(0)
    assert second.doc(0) is first.doc(0) and second.doc(2) is first.doc(2)
    # Another text: nothing is shared.
    other = ArticleContext("Police said two men were hurt. The road was shut. It rained.", nlp=nlp)
    other.share_from(first)
    assert other.waiting([0, 1, 2]) == {}


def test_a_sentence_repeated_across_articles_is_parsed_once(nlp, monkeypatch) -> None:
    from newstally.nlp import prefetch_many

    line = "Call the hotline at any hour, the police said."
    first = ArticleContext(f"Two men were hurt, officials said. {line}", nlp=nlp)
    second = ArticleContext(f"{line} A witness said it was loud.", nlp=nlp)
    parsed: list[str] = []
    pipe = type(nlp).pipe

    def counting_pipe(self, texts, *args, **kwargs):
        texts = list(texts)
        parsed.extend(texts)
        return pipe(self, texts, *args, **kwargs)

    monkeypatch.setattr(type(nlp), "pipe", counting_pipe)
    prefetch_many([(first, [0, 1]), (second, [0, 1])])
    assert sorted(parsed) == sorted(
        ["Two men were hurt, officials said.", line, "A witness said it was loud."]
    )
    shared = first.doc(1)
    assert shared is second.doc(0)
    monkeypatch.undo()
    fresh = nlp(line)
    assert [(t.dep_, t.head.i, t.ent_type_) for t in shared] == [
        (t.dep_, t.head.i, t.ent_type_) for t in fresh
    ]


def test_title_case_headline_is_parsed_in_sentence_case():
    from newstally.nlp import ArticleContext, parse_form

    ctx = ArticleContext("Body text about Harlow Park.\n\nA man was shot in Harlow Park.")
    headline = "Man Dies After Shooting In Harlow Park - WXYZ News 7 Detroit"
    # the same length, names of the article and the outlet's name kept
    assert (
        parse_form(headline, ctx) == "Man dies after shooting in Harlow Park - WXYZ News 7 Detroit"
    )
    assert parse_form("A Man Was Shot In Harlow Park.", ctx) == "A Man Was Shot In Harlow Park."
    assert parse_form("Shooting At 1450 Main Street Apartments", ctx).endswith(
        "Main Street Apartments"
    )


def test_title_case_headline_keeps_its_words_as_written(nlp):
    text = "Girl Dies After Being Shot In Harlow Park\n\nShe was hit in Harlow Park."
    ctx = ArticleContext(text, nlp=nlp)
    doc = ctx.doc(0)
    assert doc.text == ctx.sentence_text(0)
    # the parse as written is the model's own reading, which the attribution reads
    assert doc[1].pos_ == nlp(ctx.sentence_text(0))[1].pos_ != "VERB"
    # beside it, read in sentence case for the figures: "Dies" is the verb, not a name
    cased = sentence_case(doc)
    assert len(cased.text) == len(doc.text)
    assert cased[1].text.lower() == "dies" and cased[1].pos_ == "VERB"


def test_a_sentence_in_title_case_in_two_articles_reads_each_articles_names(nlp):
    # the sentence-case reading depends on the article's names; a shared parse must not
    # carry one article's reading into the other
    line = "Crews Search Lake Varno After Boat Sinks"
    first = ArticleContext(f"{line}\n\nThe boat sank in Lake Varno.", nlp=nlp)
    second = ArticleContext(f"{line}\n\nThe crews left at noon.", nlp=nlp)
    prefetch_many([(first, [0]), (second, [0])])
    a, b = sentence_case(first.doc(0)), sentence_case(second.doc(0))
    assert "Varno" in a.text and "varno" in b.text
