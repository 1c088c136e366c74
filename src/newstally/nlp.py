"""spaCy loading and the per-article parsing context.

The expensive step of newstally is the dependency parse. `ArticleContext` splits an
article into sentences with a cheap rule-based splitter and parses a sentence only
when a stage asks for it (and caches it), so stages that look at few sentences pay for
few parses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING

from .attribute_rules import install as install_indexed_ruler
from .errors import ModelError
from .rules import load_table
from .settings import DEFAULT_MODEL

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


@cache
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline by package name or path, once per process, with lossless
    speed-ups: its attribute ruler is swapped for the indexed equivalent
    (`newstally.attribute_rules`), its lemmatizer's word lists become sets and its
    lemmas are remembered per word, part of speech and morphology, and, once
    `single_threaded_blas` has been called in this process (the CLI does), its neural
    layers multiply matrices through numpy's BLAS rather than BLIS."""
    import spacy

    try:
        nlp = spacy.load(model)  # a package name or a path alike
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError(f"--model {model}: cannot load spaCy pipeline ({exc})") from exc
    if _blas_is_single_threaded:
        _multiply_through_numpy(nlp)
    install_indexed_ruler(nlp)
    _index_lemma_tables(nlp)
    _remember_lemmas(nlp)
    return nlp


def _multiply_through_numpy(nlp: Language) -> None:
    """Point the pipeline's CPU layers at numpy's BLAS instead of BLIS.

    thinc's default CPU backend multiplies matrices through BLIS; numpy's OpenBLAS does
    the same products about a quarter faster on the small matrices of a sentence batch
    (identical parses, tags and entities on 43,850 sentences; see docs/benchmarks.md).
    Only this pipeline's layers change; a GPU or other backend is left alone."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if isinstance(node.ops, NumpyOps) and node.ops.use_blis:
                node.ops = ops


_blas_is_single_threaded = False


def single_threaded_blas() -> None:
    """Keep BLAS to one thread in this process (and in workers forked from it), and let
    `load_nlp` use numpy's BLAS from then on.

    newstally spreads work over processes (``--jobs``); BLAS threads inside each would
    compete for the same cores, and OpenBLAS threads that spin while other processes hold
    the cores make small products many times slower. BLIS, spaCy's default, is single-
    threaded anyway, so a program that imports newstally keeps BLIS (and its own BLAS
    settings) unless it calls this function itself."""
    global _blas_is_single_threaded
    import numpy  # noqa: F401  (threadpoolctl limits only the BLAS libraries already loaded)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    _blas_is_single_threaded = True


# glibc mallopt() parameters (malloc.h) and the largest mmap threshold it accepts on 64-bit.
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_MMAP_THRESHOLD_MAX = 32 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Let this process (and workers forked from it) reuse the memory it frees instead of
    handing it back to the system at once. Returns False where the C library is not glibc.

    Each parse batch allocates and frees arrays of up to a few MB. glibc maps blocks that
    large afresh from the system and unmaps them when freed, and gives back the top of its
    heap whenever it grows free; every batch then pays page faults to get zeroed pages back
    (a tenth of `extract`'s run time was system time). Raising both thresholds keeps those
    blocks in the heap for the next batch: `extract`'s system time on 5,000 articles fell
    from 3.0 s to 0.4 s, its peak memory grew by 4 MB (docs/benchmarks.md)."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to tune
        return False
    ok = mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD_MAX) == 1
    return ok and mallopt(_M_TRIM_THRESHOLD, 4 * _MMAP_THRESHOLD_MAX) == 1


def _index_lemma_tables(nlp: Language) -> None:
    """Turn the rule lemmatizer's word lists into sets, in place.

    spaCy's rule lemmatizer checks each candidate form with ``form in index``, where the
    index is a list of up to 57,000 English words: a linear scan per candidate, paid on
    every word it has not seen before. A set answers the same membership test in constant
    time, so the lemmas are unchanged."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key in list(table.keys()):
        words = table[key]
        if isinstance(words, list) and all(isinstance(w, str) for w in words):
            table[key] = frozenset(words)


def _remember_lemmas(nlp: Language) -> None:
    """Let the pipeline's rule lemmatizer remember each lemma it computes, in place.

    spaCy's English rule lemmatizer caches only the words that need its rules; every
    other token (a singular noun, a base-form verb: most of them) goes through
    `is_base_form` again, and every token gets a `Token` made and its lemma written by
    string. Its lemma is a function of the token's word, part of speech and morphology
    alone (`rule_lemmatize` and `is_base_form` read nothing else), so
    `_MemoLemmatizer` reads those three columns of a Doc at once, asks spaCy's own
    `lemmatize` only for a combination it has not met, and writes the lemma column at
    once: the same lemmas for a fifth of the time (docs/benchmarks.md, session 15).
    Any other lemmatizer class or mode is left as it is."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    memo_class = _memo_lemmatizer_class()
    if type(lemmatizer) is memo_class.__base__ and lemmatizer.mode == "rule":
        lemmatizer.__class__ = memo_class
        lemmatizer._lemma_memo = {}


# Distinct (word, part of speech, morphology) combinations remembered: the first ones met,
# which hold the frequent words. A larger memo saved little more time and pinned memory
# (10,700 entries on the 84 PolNeAR dev texts: 11 MB more peak RSS, docs/benchmarks.md).
_LEMMA_MEMO_SIZE = 5_000


@cache
def _memo_lemmatizer_class() -> type:
    """`_MemoLemmatizer`, made on first use so that importing this module does not
    import spaCy."""
    import numpy
    from spacy.attrs import LEMMA, MORPH, ORTH, POS
    from spacy.lang.en.lemmatizer import EnglishLemmatizer

    class _MemoLemmatizer(EnglishLemmatizer):
        _lemma_memo: dict[tuple[int, int, int], int]

        def __call__(self, doc: Doc) -> Doc:
            if self.overwrite or not len(doc):  # spaCy's own loop, as it is
                return super().__call__(doc)
            memo = self._lemma_memo
            strings = doc.vocab.strings
            lemmas = []
            for i, (orth, pos, morph, lemma) in enumerate(
                doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
            ):
                if lemma:  # set before (the attribute ruler): spaCy leaves it
                    lemmas.append(lemma)
                    continue
                key = (orth, pos, morph)
                found = memo.get(key)
                if found is None:
                    found = strings.add(self.lemmatize(doc[i])[0])
                    # no part of speech: spaCy warns each time, so ask each time
                    if pos and len(memo) < _LEMMA_MEMO_SIZE:
                        memo[key] = found
                lemmas.append(found)
            doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64))
            return doc

    return _MemoLemmatizer


def _abbreviations() -> frozenset[str]:
    table = load_table("abbreviations")
    return frozenset(w for key in ("titles", "months", "others") for w in table[key])


# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) followed by
# white space and then something that can start a sentence.
_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")
_LINE_BREAK = re.compile(r"\n+")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_MAX_WORD = 24  # longer than any abbreviation in the table


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``; line breaks always end a sentence."""
    abbreviations = _ABBREVIATIONS
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in _LINE_BREAK.split(text):
        start = text.find(line, pos) if line else pos
        pos = start + len(line)
        if not line.strip():
            continue
        sent_start = 0
        for m in _BOUNDARY.finditer(line):
            # Only the few characters before the dot matter; searching the whole prefix
            # of a long paragraph at every boundary would be quadratic.
            before = _WORD_BEFORE.search(line, max(0, m.start() - _MAX_WORD), m.start())
            if m.group().startswith(".") and before:
                word = before.group(1)
                # "Feb." / "U.S." / "Mr." / single initials ("J.") do not end sentences.
                if word in abbreviations or word.rstrip(".") in abbreviations or len(word) == 1:
                    continue
            _append_trimmed(spans, line, start, sent_start, m.end())
            sent_start = m.end()
        _append_trimmed(spans, line, start, sent_start, len(line))
    return spans


def _append_trimmed(spans: list[tuple[int, int]], line: str, offset: int, a: int, b: int) -> None:
    chunk = line[a:b]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        spans.append((offset + a + lead, offset + a + lead + len(stripped)))


_ABBREVIATIONS = _abbreviations()


# A headline in title case: three or more words of four letters or more, nearly all
# capitalised, and no full stop at the end.
_LONG_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{3,}")
# a capitalised word (not an acronym, "NYPD", nor a name with inner capitals, "McCoy")
_CAPITALISED = re.compile(r"\b[A-Z][a-z'’]*[a-z]\b")
# an outlet's name after the headline ("... - WOWK 13 Charleston", "... | KSL.com")
_SITE_NAME = re.compile(r"\s(?:-|–|—|\||::)\s")
# a number of three digits or more: an address, a zip code, a phone number (a line of
# them is a caption or a contact line, not a headline)
_LONG_NUMBER = re.compile(r"\d{3}")


def title_case(text: str) -> bool:
    """``text`` is a headline in title case ("10-Year-Old Girl Dies After Being Shot")."""
    if text.rstrip()[-1:] in (".", "!", "?") or _LONG_NUMBER.search(text):
        return False
    words = _LONG_WORD.findall(text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def parse_form(text: str, context: ArticleContext | None = None) -> str:
    """What the parser reads for the sentence ``text``: the text itself, except that a
    headline in title case is read in sentence case ("10-year-old girl dies after being
    shot"): the tagger takes capitalised words for names ("Dies", "Shot" as proper
    nouns) and finds no clause in a headline of names. The first letter, acronyms, the
    names of ``context``'s article (words it writes capitalised inside its sentences:
    places, people) and the outlet's name after the headline keep their case; the
    length is the same, so every offset holds.

    A number with a scale suffix glued on ("1.5m", "2bn", data/quantities.toml
    ``digit_scales.suffixes``) is read with zeros for the suffix ("1.50", "200"): the
    tokenizer splits the suffix off and the tagger makes the stray "m" a noun or a verb
    that takes the count from its noun ("Nearly 1.5m people have been displaced" read no
    people); a plain number of the same length is tagged as the count it is."""
    form = SCALED_NUMBER.sub(lambda m: m[1] + "0" * len(m[2]), text)
    if not title_case(text):
        return form
    names = context.names if context is not None else frozenset()
    end = m.start() if (m := _SITE_NAME.search(form)) else len(form)

    def lower(word: re.Match[str]) -> str:
        return word.group() if word.group() in names else word.group().lower()

    return form[:1] + _CAPITALISED.sub(lower, form[1:end]) + form[end:]


# a number in digits with a scale suffix glued on ("1.5m", "$2bn"), as quantities reads it
SCALED_NUMBER = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)?)("
    + "|".join(sorted(load_table("quantities")["digit_scales"]["suffixes"], key=len, reverse=True))
    + r")(?![\w'’-])",
    re.IGNORECASE,
)


# `Doc.user_data` key of the sentence-case reading of a doc (`as_written`)
SENTENCE_CASE = "newstally.sentence_case"


def as_written(doc: Doc, text: str) -> Doc:
    """``doc``, parsed from `parse_form` of ``text``, with the words of ``text``: the same
    tokens, tags, lemmas, dependencies, entities and vectors (only the case differs)."""
    if doc.text == text or len(doc.text) != len(text):
        return doc
    from spacy.tokens import Doc as SpacyDoc

    words = [text[t.idx : t.idx + len(t.text)] for t in doc]
    out = SpacyDoc(
        doc.vocab,
        words=words,
        spaces=[bool(t.whitespace_) for t in doc],
        tags=[t.tag_ for t in doc],
        pos=[t.pos_ for t in doc],
        morphs=[str(t.morph) for t in doc],
        lemmas=[t.lemma_ for t in doc],
        heads=[t.head.i for t in doc],
        deps=[t.dep_ for t in doc],
        ents=[f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else t.ent_iob_ or "O" for t in doc]
        if doc.has_annotation("ENT_IOB")
        else None,
    )
    out.tensor = doc.tensor
    # the sentence-case reading itself, for the stages that read the words' case (figures)
    out.user_data[SENTENCE_CASE] = doc
    return out


def sentence_case(doc: Doc) -> Doc:
    """The doc `as_written` made ``doc`` from, read in sentence case (else ``doc``)."""
    return doc.user_data.get(SENTENCE_CASE, doc)


def inner_names(text: str) -> frozenset[str]:
    """Capitalised words that ``text`` writes inside its sentences (not first, and not
    in a title-case headline): the names of places and people."""
    out: set[str] = set()
    for a, b in split_sentences(text):
        sentence = text[a:b]
        if title_case(sentence):
            continue
        out.update(m.group() for m in _CAPITALISED.finditer(sentence, 1))
    return frozenset(out)


# Untrusted text: a "sentence" longer than this is a list or a table, not prose; only its
# first MAX_PARSE_CHARS characters are parsed, so that parse time and memory per sentence
# stay bounded whatever the input (a 200,000-character list of numbers took 24 s and
# 1.2 GB to parse whole).
MAX_PARSE_CHARS = 3000


class ArticleContext:
    """Sentences of one article, parsed lazily and cached.

    ``sentences[i]`` is a (start, end) span into ``text``; ``doc(i)`` is that sentence
    parsed on its own (at most its first ``MAX_PARSE_CHARS`` characters), so token ``t``
    of it sits at ``sentences[i][0] + t.idx`` in ``text``.

    Parses made ahead of need (`prefetch`, in one batch) or elsewhere (`offer`: another
    context of the same sentences) wait in a pool and count as parsed only once `doc`
    or `parse` asks for them: what a stage reads from the set of parsed sentences (the
    attribution tagger reads every parsed sentence) stays what it asked for.
    """

    def __init__(
        self,
        text: str,
        *,
        published: str | None = None,
        nlp: Language | None = None,
        model: str = DEFAULT_MODEL,
    ) -> None:
        self.text = text
        self.published = published
        self._nlp = nlp
        self._model = model
        self._sentences: list[tuple[int, int]] | None = None
        self._docs: dict[int, Doc] = {}
        self._pool: dict[int, Doc] = {}
        self._names: frozenset[str] | None = None

    @property
    def sentences(self) -> list[tuple[int, int]]:
        # Split on first use: most articles of a news feed hold no casualty word at all,
        # so the parse gate never needs their sentences.
        if self._sentences is None:
            self._sentences = split_sentences(self.text)
        return self._sentences

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_nlp(self._model)
        return self._nlp

    @property
    def names(self) -> frozenset[str]:
        """`inner_names` of the text (read by `parse_form`)."""
        if self._names is None:
            self._names = inner_names(self.text)
        return self._names

    def sentence_text(self, i: int) -> str:
        a, b = self.sentences[i]
        return self.text[a:b]

    def offset(self, i: int) -> int:
        return self.sentences[i][0]

    def char_span(self, i: int, a: int, b: int) -> tuple[int, int]:
        """The characters of ``text`` that tokens [a, b) of sentence ``i`` cover."""
        doc = self.doc(i)
        offset = self.offset(i)
        last = doc[b - 1]
        return offset + doc[a].idx, offset + last.idx + len(last.text)

    def doc(self, i: int) -> Doc:
        if i not in self._docs:
            self.parse([i])
        return self._docs[i]

    def parse(self, indices: list[int]) -> None:
        """Parse the given sentences in one batch (skipping ones already parsed)."""
        todo = [i for i in dict.fromkeys(indices) if i not in self._docs]
        if not todo:
            return
        for i in todo:
            if i in self._pool:
                self._docs[i] = self._pool.pop(i)
        self._docs.update(self._run([i for i in todo if i not in self._docs]))

    def prefetch(self, indices: Iterable[int]) -> None:
        """Parse the given sentences now, in one batch, for `doc` to take later; they do
        not count as parsed until then."""
        prefetch_many([(self, indices)])

    def _unparsed(self, indices: Iterable[int]) -> list[int]:
        return [i for i in dict.fromkeys(indices) if i not in self._docs and i not in self._pool]

    def offer(self, docs: Mapping[int, Doc]) -> None:
        """Full parses of these sentences made elsewhere (same sentence texts), for `doc`
        to take instead of parsing; they do not count as parsed until then."""
        for i, doc in docs.items():
            if i not in self._docs:
                self._pool.setdefault(i, doc)

    def share_from(self, other: ArticleContext) -> None:
        """`offer` the full parses (entities included) that ``other``, a context of the
        same sentences (its text may differ by no-break spaces read as spaces), holds or
        has waiting. A sentence with a no-break space is left out: a full parse reads it
        as a space, a figures draft that ``other`` kept does not."""
        if other is self or len(other.text) != len(self.text):
            return
        if self._sentences is None and other.text == self.text:
            self._sentences = other.sentences  # the same text splits the same
        if other.sentences != self.sentences:
            return
        for docs in (other._docs, other._pool):
            self.offer(
                {
                    i: d
                    for i, d in docs.items()
                    if d.has_annotation("ENT_IOB") and "\xa0" not in other.sentence_text(i)
                }
            )

    def waiting(self, indices: Iterable[int]) -> dict[int, Doc]:
        """The parses among ``indices`` that wait in the pool (they stay there)."""
        return {i: self._pool[i] for i in indices if i in self._pool}

    def _run(self, todo: list[int]) -> dict[int, Doc]:
        if not todo:
            return {}
        # spaCy makes a token of each no-break space, which derails the parse; a plain
        # space is one character too, so offsets stay valid.
        texts = [self.sentence_text(i)[:MAX_PARSE_CHARS].replace("\xa0", " ") for i in todo]
        docs = _parse_both_forms(self.nlp, [(t, parse_form(t, self)) for t in texts])
        return dict(zip(todo, docs, strict=True))

    def is_parsed(self, i: int) -> bool:
        return i in self._docs

    def add(self, i: int, doc: Doc) -> None:
        """Store a parse of sentence ``i`` made elsewhere (e.g. in a batch across articles)."""
        self._docs[i] = doc
        self._pool.pop(i, None)

    @property
    def parsed_count(self) -> int:
        return len(self._docs)

    def sentence_at(self, char: int) -> int | None:
        """Index of the sentence containing character offset ``char``."""
        for i, (a, b) in enumerate(self.sentences):
            if a <= char < b:
                return i
        return None


def prefetch_many(jobs: Iterable[tuple[ArticleContext, Iterable[int]]]) -> None:
    """`ArticleContext.prefetch` for the given sentences of several articles, in one
    ``nlp.pipe`` stream (short sentences one call at a time cost several times more)."""
    todo = [(ctx, ctx._unparsed(indices)) for ctx, indices in jobs]
    todo = [(ctx, idx) for ctx, idx in todo if idx]
    if not todo:
        return
    nlp = todo[0][0].nlp
    # spaCy makes a token of each no-break space, which derails the parse; a plain space
    # is one character too, so offsets stay valid.
    texts = {
        (ctx, i): ctx.sentence_text(i)[:MAX_PARSE_CHARS].replace("\xa0", " ")
        for ctx, idx in todo
        for i in idx
    }
    pairs = [(text, parse_form(text, key[0])) for key, text in texts.items()]
    for key, doc in zip(texts, _parse_both_forms(nlp, pairs), strict=True):
        ctx, i = key
        ctx._pool[i] = doc


def _parse_both_forms(nlp: Language, pairs: list[tuple[str, str]]) -> list[Doc]:
    """Full parses of sentences given as (text, `parse_form` of it). Each is the parse of
    its text as written, which every stage but the figures reads (the attribution was
    trained on such parses); a title-case headline's sentence-case parse is kept beside
    it, for the figures to read through `sentence_case`. A sentence repeated across
    articles (an outlet's standard lines, 3% of GV-dev statement sentences) is parsed
    once: a parse depends on its text alone, whatever the batch, and no stage changes a
    full parse, so the articles share it."""
    unique = list(dict.fromkeys(x for text, form in pairs for x in {text: 0, form: 0}))
    parsed = dict(zip(unique, nlp.pipe(unique), strict=True))
    docs = []
    for text, form in pairs:
        doc = parsed[text]
        if form != text:
            # a copy: the same headline may read in another sentence case in another
            # article (its names keep their capitals)
            doc = doc.copy()
            doc.user_data[SENTENCE_CASE] = parsed[form]
        docs.append(doc)
    return docs
