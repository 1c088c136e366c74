"""From an article's text to its casualty figures and totals.

Per article: split sentences (cheap), keep those that pass the gate (`gate.passes`),
parse them in one batch, read every count of a casualty word in them (`roles`), describe
each (`describe`), ask attribution who gives it, and add the article totals (`totals`).
`extract_many` parses the gated sentences of many articles in one ``nlp.pipe`` stream.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING

from ..model import Article, Failure, Figure, Group, Quantity, Source, Total
from ..nlp import SCALED_NUMBER, ArticleContext, as_written, parse_form, sentence_case
from ..rules import load_table
from .describe import (
    RelatedIncidents,
    group_of,
    hedges_of,
    incidents_of,
    main_place,
    place_entities,
    scope_and_when,
    where_of,
)
from .gate import gated_spans
from .lexicon import Lexicon, lexicon
from .quantities import find_quantities
from .roles import Reading, Roles, after_place, counted_noun, lemma, of_object
from .totals import (
    ADDITIONAL_HEADS,
    GENERIC_HEADS,
    SELF_HEADS,
    Coverage,
    FigureLinks,
    coverage,
    is_perpetrator,
    totals,
)
from .when import article_year, find_times

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

    from .quantities import QuantityMatch

# Sentences longer than this are scraper junk (tables, run-on link lists), not prose that
# states a figure; they are never parsed, which also bounds the parse cost of any input.
MAX_SENTENCE_CHARS = 3000
MAX_TITLE_CHARS = 300
# "a quadruple shooting" is read in a text's first lines only: its headline and the first
# paragraph (lower down, a page lists the area's earlier shootings).
SEVERAL_PARAGRAPHS = 2
_SKIP_KINDS = frozenset({"money", "percent"})
_COUNT_KINDS_WITH_NOUN = frozenset({"person"})
OUTLET_FALLBACK = "the outlet"


@dataclass(slots=True)
class _Found:
    """A figure read in one sentence, before it gets its id."""

    reading: Reading
    qset: set[int]
    chars: tuple[int, int]  # sentence-relative
    quantity: Quantity
    negated: bool
    qroot: Token


if TYPE_CHECKING:
    # What `_read_sentence` found in a parse: the parse, its figures, its definite plurals.
    _SentenceReading = tuple[Doc, list[_Found], list[tuple[Span, Reading]]]


@dataclass(slots=True)
class Extraction:
    figures: list[Figure]
    links: FigureLinks = field(default_factory=FigureLinks)
    parsed: int = 0  # sentences that went through the parser (the gate's effect)

    def totals(self) -> dict[str, Total]:
        return totals(self.figures, self.links)

    def coverage(self) -> dict[str, Coverage]:
        """What each of `totals` covers: incidents, and the part stated for all of them."""
        return coverage(self.figures, self.links)


def gated_sentences(ctx: ArticleContext, gate: bool = True) -> list[int]:
    """Indices of the sentences of ``ctx`` that go to the parser."""
    if gate:
        return gated_spans(ctx.text, lambda: ctx.sentences, MAX_SENTENCE_CHARS)
    return [i for i, (a, b) in enumerate(ctx.sentences) if b - a <= MAX_SENTENCE_CHARS]


# --- reading one sentence ---------------------------------------------------------------


def _negative(t: Token, lex: Lexicon) -> Span | None:
    """The negative quantifier words of ``t`` ("no one", "nobody", "No" casualties)."""
    doc = t.doc
    if t.lower_ in lex.negative_pronouns:
        return doc[t.i : t.i + 1]
    if t.i > 0 and (doc[t.i - 1].lower_, t.lower_) in lex.negative_pairs:
        return doc[t.i - 1 : t.i + 1]
    for c in t.children:
        if c.dep_ == "det" and c.lower_ in lex.negative_determiners:
            return doc[c.i : c.i + 1]
    return None


def _single_person(
    t: Token, lex: Lexicon, scaled: frozenset[int] = frozenset()
) -> tuple[Span, int] | None:
    """Counts written without a number: 'a soldier', 'the assailant', 'his son', a
    person's name, 'another', 'a fourth' (1); 'both assailants', 'both of them' (2).
    ``scaled``: the tokens written as a number with a glued scale suffix, which `parse_form`
    gave the parser as digits ("a 400m runner" is one person, no count of 400m)."""
    doc = t.doc
    word = t.lower_
    top = t
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head
    if top.dep_ in ("appos", "compound") and not after_place(top):
        return None  # "Ahmadi, a district police chief, ...": the same person again
    if t.pos_ == "PROPN" or (t.is_title and _appositive(t, lex)):
        if top.dep_ == "pobj" and top.head.lower_ in _LOCATIVE:
            return None  # "in Petatlan": a place, whatever verb follows it
        name = _person_name(t, lex)
        if name is None or _place_in_chain(name) or _speaker_name(name):
            return None
        if any(lemma(w) in lex.non_people or lemma(w) in lex.person_exclude for w in name):
            return None  # "Mercy Hospital", "Police", "Town Hall": no person
        return name, 1
    if (
        t.tag_ == "NN"
        and t.is_title
        and t.is_alpha
        and not any(c.dep_ in ("det", "poss", "amod", "compound") for c in t.children)
        and lemma(t) not in lex.person_exclude
        and lemma(t) not in lex.non_people
        and t.dep_ in ("nsubj", "nsubjpass", "dobj", "conj")
    ):
        return doc[t.i : t.i + 1], 1  # a name the tagger took for a common noun
    if word == "old" and _aged_headline_subject(t):
        return doc[t.left_edge.i : t.i + 1], 1  # "11-year-old shot on Elm Drive"
    if word == "old" and _aged_conjunct(t, top):
        # "a 15-year-old and a 17-year-old were shot": each age is one more person
        return doc[t.left_edge.i : t.i + 1], 1
    if t.dep_ in ("nsubj", "nsubjpass", "dobj"):
        if (
            word == "old"
            and t.i >= 2
            and doc[t.i - 1].text == "-"
            and doc[t.i - 2].lower_ in ("year", "month", "week", "day")
            and (det := [c for c in t.children if c.dep_ == "det" and c.lower_ in ("a", "an")])
        ):
            return doc[det[0].i : t.i + 1], 1  # "a 13-year-old suffered a gunshot wound"
        if word in lex.person_pronouns or word in lex.person_referents:
            return doc[t.i : t.i + 1], 1  # "... and another was wounded", "he died"
        if word in lex.pair_determiners:
            return doc[t.i : t.i + 1], 2  # "both of the assailants were killed"
        if word in lex.person_ordinals and any(
            c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children
        ):
            return doc[t.i - 1 : t.i + 1], 1  # "... and a fourth was injured"
    if t.dep_ == "pobj" and word in SELF_HEADS and t.head.lower_ == "on":
        return doc[t.i : t.i + 1], 1  # "turned the gun on himself" (roles reads the verb)
    if t.tag_ == "NNS" and t.pos_ == "NOUN":
        pair = [
            c
            for c in t.children
            if c.dep_ in ("det", "predet") and c.lower_ in lex.pair_determiners
        ]
        if pair and lemma(t) not in lex.non_people:
            return doc[pair[0].i : t.i + 1], 2  # "both assailants"
        return None
    if t.tag_ != "NN" or t.pos_ != "NOUN":
        return None
    tl = lemma(t)
    if _headline_subject(t, lex):
        return doc[t.left_edge.i : t.i + 1], 1  # "Woman injured in drive-by shooting"
    if (
        tl in lex.non_people
        or tl in lex.person_exclude
        or tl in lex.injury_attributes  # "along with a grazing wound": a wound, no person
        or tl in lex.event_nouns
        or tl in lex.of_nouns
        or t.ent_type_ not in ("", "PERSON")
    ):
        return None
    det = [
        c
        for c in t.children
        if c.i < t.i
        and (
            (c.dep_ == "det" and c.lower_ in lex.person_determiners)
            or (
                c.dep_ == "poss"
                and (
                    c.lower_ in lex.person_determiners
                    or c.pos_ == "PROPN"
                    # "a journalist's father", "the governor's son"
                    or any(g.dep_ in ("det", "poss") for g in c.children)
                )
            )
        )
    ]
    if not det and _bare_conjunct(t, lex):
        return doc[t.i : t.i + 1], 1  # "a father and son were killed": the son is one more
    if not det and _headline_aged(t):
        return doc[t.left_edge.i : t.i + 1], 1  # "Teen shoots 5-year-old boy in leg"
    if not det or any(
        c.dep_ in ("nummod", "quantmod")
        and not _caption_number(doc.text, c.idx, c.idx + len(c.text), lex)
        and c.i not in scaled
        for c in t.children
    ):
        return None
    start = min(
        c.left_edge.i
        for c in t.children
        if c.i < t.i and c.dep_ in ("det", "poss", "amod", "compound", "nmod", "npadvmod")
    )
    return doc[start : t.i + 1], 1


def _headline_aged(t: Token) -> bool:
    """A noun with an age and no article in a headline (no full stop): "Teen accidentally
    shoots 5-year-old boy", "Police seek man who wounded 9-year-old girl"."""
    text = t.sent.text.rstrip()
    return (
        text[-1:] not in (".", "!", "?", '"', "”")
        and t.dep_ in ("nsubj", "nsubjpass", "dobj")
        and not any(c.dep_ in ("nummod", "quantmod") for c in t.children)
        and any(c.dep_ == "amod" and _age(c) for c in t.children)
    )


def _aged_headline_subject(t: Token) -> bool:
    """A headline that opens with a bare age and a participle ("11-year-old shot on Elm
    Drive", "2-year-old injured in shooting"): the tagger hangs the age on the participle
    as an adjective; the age is the one person the headline is about."""
    head = t.head
    return (
        _age(t)
        and t.dep_ == "amod"
        and t.left_edge.i == t.sent.start
        and head.i == t.i + 1
        and head.dep_ == "ROOT"
        and t.sent.text.rstrip()[-1:] not in (".", "!", "?", '"', "”")
    )


def _aged_headline_reading(t: Token, roles: Roles) -> Reading | None:
    """The participle's reading of `_aged_headline_subject` ("shot" injured; "shot and
    killed" killed)."""
    if not _aged_headline_subject(t):
        return None
    said = roles.headline_word(t)
    if said is None:
        return None
    for c in said[1].children:
        if (
            c.dep_ in ("conj", "acl")
            and c.i > said[1].i
            and roles.lex.verbs.get(lemma(c)) == "killed"
        ):
            return Reading("killed", t, t, c)  # "3-year-old shot, killed in Elm Park"
    return Reading(said[0], t, t, said[1])


_AGE_UNITS = frozenset({"year", "month", "week", "day"})


def _word_at(t: Token, offset: int) -> str:
    return t.doc[t.i + offset].lower_


def _bare_conjunct(t: Token, lex: Lexicon) -> bool:
    """A singular noun without a determiner joined to a person that has one: "a father
    and son", "the mother and toddler", "his wife and daughter"."""
    head = t.head
    return (
        t.dep_ == "conj"
        and head.i < t.i
        and head.tag_ == "NN"
        and lemma(head) not in lex.non_people
        and lemma(head) not in lex.person_exclude
        # "a boy and 20-year-old man": an age is no determiner
        and not any(
            c.dep_ in ("det", "poss", "compound") or (c.dep_ == "amod" and not _age(c))
            for c in t.children
        )
        and any(
            c.dep_ in ("det", "poss") and c.lower_ in lex.person_determiners for c in head.children
        )
    )


def _aged_conjunct(t: Token, top: Token) -> bool:
    """A bare age joined to a person in a subject or object ("a 15-year-old and a
    17-year-old were shot", "a boy and a 9-year-old", "a 15-year-old and 17-year-old"):
    the tagger makes the second age a conjunct, no subject, yet it is one more person.
    The age needs an article or a first person with one; an age listed after a colon
    ("Two men were shot: a 15-year-old and a 17-year-old") hangs on no subject and
    restates the count."""
    if t.dep_ != "conj" or not _age(t) or top.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return False
    if any(c.dep_ in ("nummod", "quantmod") for c in t.children):
        return False
    if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children):
        return True
    head = t.head
    return (_age(head) or head.tag_ == "NN") and any(
        c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children
    )


def _age(t: Token) -> bool:
    """ "old" of "20-year-old"."""
    return t.lower_ == "old" and t.i >= 2 and _word_at(t, -2) in _AGE_UNITS


def _headline_subject(t: Token, lex: Lexicon) -> bool:
    """A headline drops its articles: a bare singular noun that opens a sentence without
    a full stop ("Woman injured in drive-by", "Year-old boy dies after shooting") is one
    person."""
    sent = t.sent
    if t.left_edge.i != sent.start or sent.text.rstrip()[-1:] in (".", "!", "?", '"', "”"):
        return False
    if any(c.dep_ in ("det", "poss", "nummod") for c in t.children):
        return False
    if any(w.dep_ not in ("amod", "compound", "npadvmod", "punct", "nmod") for w in t.lefts):
        return False
    tl = lemma(t)
    return not (
        tl in lex.non_people
        or tl in lex.person_exclude
        or tl in lex.event_nouns
        or tl in lex.of_nouns
        or tl in lex.nouns
    )


def _definite_plural(t: Token, lex: Lexicon) -> Span | None:
    """'the hostages', 'all the workers': a plural that refers back to a count."""
    if t.tag_ != "NNS" or t.pos_ != "NOUN" or lemma(t) in lex.non_people:
        return None
    if any(c.dep_ in ("nummod", "quantmod") for c in t.children):
        return None
    dets = [c for c in t.children if c.i < t.i and c.dep_ in ("det", "predet")]
    if not dets or not all(c.lower_ in lex.definite_determiners for c in dets):
        return None
    return t.doc[min(c.i for c in dets) : t.i + 1]


def _appositive(t: Token, lex: Lexicon) -> bool:
    return any(
        c.dep_ == "appos"
        and c.pos_ in ("NOUN", "PROPN")
        and c.ent_type_ not in ("GPE", "LOC", "FAC", "DATE")
        and lemma(c) not in lex.non_people
        for c in t.children
    )


_LOCATIVE = frozenset({"in", "near", "at", "outside"})
_PARTICLES = frozenset({"do", "da", "de", "del", "dos", "das", "la", "los", "el"})


def _place_in_chain(name: Span) -> bool:
    """A name set off by commas right after a place ("in Ashford, Kent, a man was
    killed", "in Lake county, Ohio, ..."): the next part of the place, not a victim."""
    doc = name.doc
    start = name.start
    while start > 0 and (doc[start - 1].pos_ == "PROPN" or doc[start - 1].lower_ in _PARTICLES):
        start -= 1
    if start < 2 or name.end >= len(doc):
        return False
    if doc[start - 1].text != "," or doc[name.end].text != ",":
        return False
    for k in range(start - 2, max(-1, start - 12), -1):
        word = doc[k]
        if word.lower_ in _LOCATIVE:
            return True
        if not (word.pos_ in ("PROPN", "NOUN") or word.text == "," or word.lower_ in _PARTICLES):
            return False
    return False


# "According to Pellwood Police Department Sgt. Dana Orrin, five teenagers were shot": the
# name ends the prepositional cue's phrase of titles (data/attribution.toml
# `cues.prepositional`). The parser breaks the sentence at "Sgt." and makes the name the
# subject of "were shot"; it is the speaker, no victim.
_SPEAKER_BEFORE = re.compile(
    r"\b(?i:"
    + "|".join(re.escape(c) for c in load_table("attribution")["cues"]["prepositional"])
    + r")(?:\s+(?:[A-Z][\w.'’&-]*|(?i:the|of|for|and|a|an)|[’']s))*\s*$"
)


def _speaker_name(name: Span) -> bool:
    """``name`` closes an "according to" phrase of names and titles (`_SPEAKER_BEFORE`)."""
    return bool(_SPEAKER_BEFORE.search(name.doc.text, 0, name.start_char))


def _person_name(t: Token, lex: Lexicon) -> Span | None:
    """A person's name: a PERSON entity, an untyped singular name, or a name with a person
    noun in apposition ("Ahmadi, a district police chief, was killed") that the tagger
    took for a place or an organisation."""
    doc = t.doc
    if (
        t.tag_ == "NNPS"
        or t.is_upper
        or len(t) < 3
        or not t.is_alpha
        # a capital, then a small letter: "DeSai" and "McCloud" are names, "NDs" is not
        or not t.text[0].isupper()
        or t.text[1].isupper()
    ):
        return None  # plural names, acronyms ("ANA", "NDS"), pieces of "Hezb-i-Islami"
    ent = next((e for e in doc.ents if e.start <= t.i < e.end), None)
    if ent is not None and ent.root.i != t.i:
        return None
    if ent is not None and (
        ent.label_ == "PERSON"
        or _appositive(t, lex)
        # a one-word name the tagger took for an organisation or a place
        or (len(ent) == 1 and ent.label_ in ("ORG", "GPE") and t.tag_ == "NNP")
    ):
        return ent
    if ent is None:
        start = t.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == t.i:
            start -= 1
        return doc[start : t.i + 1]
    return None


# A dateline that opens the first sentence: a place (capitalised words, optionally ", State"
# or ", Ind."), an optional station or agency in brackets, then a dash ("NORTH FENWICK
# (KXYZ) -", "Millbrook, Texas (WXYZ) --", "ELM CITY -"; a station may open with a digit:
# "ELM CITY, Texas (12NEWS/KXYZ) -"). A place in mixed case needs the bracketed station,
# so "Rivera - a father of two - was killed" keeps its name.
_DATELINE = re.compile(
    r"(?:(?-i:[A-Z][A-Z.'’-]*(?:\s+[A-Z][A-Z.'’-]*){0,4})"
    r"(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*){0,2})?\s*(?:\((?-i:[A-Z0-9])[^()]{0,39}\)\s*)?[-–—]{1,2}"
    r"|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}"
    r"(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*){0,2})?\s*\((?-i:[A-Z0-9])[^()]{0,39}\)\s*[-–—]{1,2})\s"
)


def _dateline_end(text: str) -> int:
    """Where a dateline opening ``text`` ends (0 if none): no name in it is a victim."""
    m = _DATELINE.match(text)
    return m.end() if m else 0


def _read_sentence(
    doc: Doc, text: str, roles: Roles, lex: Lexicon
) -> tuple[list[_Found], list[tuple[Span, Reading]]]:
    """The figures of one parsed sentence, and its definite plurals in victim roles
    ("the hostages were killed") whose count an earlier figure may give."""
    found: list[_Found] = []
    refs: list[tuple[Span, Reading]] = []
    used: set[int] = set()
    for qm in find_quantities(text):
        hit = _read_quantity(doc, qm, roles, lex)
        if hit is not None and not (hit.qset & used):
            found.extend(_with_sequel(hit, roles))
            used |= hit.qset
            noun = hit.reading.noun
            if noun is not None and noun.pos_ == "PROPN":
                # "one Mayi Mayi was killed": the counted name is no second person
                used |= {noun.i} | {c.i for c in noun.children if c.dep_ == "compound"}
    # `_negative` needs a negative word in the sentence (most have none: skip it there).
    negatable = not lex.negative_words.isdisjoint([t.lower_ for t in doc])
    dateline = _dateline_end(text)
    scaled = (
        frozenset(t.i for t in doc if SCALED_NUMBER.fullmatch(text, t.idx, t.idx + len(t)))
        if doc.text != text
        else frozenset()
    )
    for t in doc:
        if t.i in used or t.idx < dateline:
            continue
        neg = _negative(t, lex) if negatable else None
        if neg is not None:
            reading = roles.read(t, t) if lemma(t) not in lex.nouns else None
            if reading is None and lemma(t) in lex.nouns:
                reading = Reading(lex.nouns[lemma(t)], t, t, t)
            if reading is not None:
                qset = {k.i for k in neg}
                words = text[neg.start_char : neg.end_char]  # as written
                found.append(
                    _Found(
                        reading,
                        qset,
                        (neg.start_char, neg.end_char),
                        Quantity(words, 0, 0, 0, "="),
                        True,
                        t,
                    )
                )
                used |= qset | {t.i}
            continue
        single = _single_person(t, lex, scaled)
        if single is None:
            definite = _definite_plural(t, lex)
            if definite is not None:
                reading = roles.read(t, t)
                if reading is not None:
                    refs.append((definite, reading))
            continue
        person, n = single
        reading = roles.read(t, of_object(t) or t)
        if reading is None and t.dep_ == "amod":
            reading = _aged_headline_reading(t, roles)
        if (
            reading is None
            or reading.category not in lex.person_categories
            or reading.predicate.i == t.i  # "his body", "Martyr": the noun is no victim count
            # "her dead son": an attribute, not a report that someone was killed
            or (reading.predicate.head.i == t.i and reading.predicate.dep_ == "amod")
        ):
            continue
        qset = {k.i for k in person}
        if qset & used:
            continue
        found.extend(
            _with_sequel(
                _Found(
                    reading,
                    qset,
                    (person.start_char, person.end_char),
                    Quantity(text[person.start_char : person.end_char], n, n, n, "="),
                    False,
                    t,
                ),
                roles,
            )
        )
        used |= qset
    found.sort(key=lambda f: f.chars[0])
    return found, refs


def _with_sequel(hit: _Found, roles: Roles) -> list[_Found]:
    """``hit``, and the same count again when a later verb gives it a second category
    ("were abducted and later killed", `Roles.then`)."""
    sequel = roles.then(hit.reading)
    if sequel is None:
        return [hit]
    return [hit, _Found(sequel, hit.qset, hit.chars, hit.quantity, hit.negated, hit.qroot)]


def _resolve_reference(
    span: Span, reading: Reading, earlier: list[_Found], lex: Lexicon
) -> _Found | None:
    """The count of an earlier figure that ``span`` ("the hostages", "the victims") refers
    back to; when that figure is one of several counts of one clause ("abducted a lecturer
    and a student"), their sum."""
    head = lemma(span.root)
    for prev in reversed(earlier):
        if (
            prev.negated
            or prev.reading.category == reading.category
            or prev.reading.part_of is not None
        ):
            continue
        prev_noun = prev.reading.noun
        same_group = prev_noun is not None and lemma(prev_noun) == head
        role_noun = lex.nouns.get(head) == prev.reading.category
        if not (same_group or role_noun or head in lex.reference_generic):
            continue
        q = _clause_sum(prev, earlier) if not same_group else prev.quantity
        return _Found(
            reading,
            {t.i for t in span},
            (span.start_char, span.end_char),
            Quantity(span.text, q.value, q.low, q.high, q.bound),
            False,
            span.root,
        )
    return None


def _clause_sum(prev: _Found, earlier: list[_Found]) -> Quantity:
    """The count of ``prev`` with the other exact counts coordinated on its casualty word
    (parts of another count left out)."""
    pred = prev.reading.predicate
    group = [
        f
        for f in earlier
        if f.reading.predicate.doc is pred.doc
        and f.reading.predicate.i == pred.i
        and f.reading.category == prev.reading.category
        and f.reading.part_of is None
        and not f.negated
    ]
    if len(group) < 2 or any(f.quantity.bound != "=" or f.quantity.value is None for f in group):
        return prev.quantity
    total = sum(f.quantity.value or 0 for f in group)
    return Quantity(prev.quantity.text, total, total, total, "=")


def _mark_breakdowns(found: list[_Found], sentence: str, lex: Lexicon) -> None:
    """Counts that break another count of the same clause down into parts are part of it:
    the rest of an "including" list ("eight people, including a civilian, two guards and
    five assailants, were killed") and a list in apposition that adds up to the whole
    ("five people, three soldiers and two civilians, were injured")."""
    for k, whole in enumerate(found):
        q = whole.quantity
        if whole.negated or q.value is None or whole.reading.part_of is not None:
            continue
        pred = whole.reading.predicate
        keys = {whole.reading.anchor.i, whole.qroot.i}
        if whole.reading.noun is not None:
            keys.add(whole.reading.noun.i)
        parts = [
            f
            for f in found[k + 1 :]
            if f.reading.category == whole.reading.category
            and f.reading.predicate.i == pred.i
            and f.qroot.i < pred.i
            and not f.negated
        ]
        if not parts:
            continue
        noun = whole.reading.noun
        head = lemma(noun) if noun is not None else None
        values = [f.quantity.value for f in parts]
        if head not in GENERIC_HEADS or any(v is None for v in values):
            continue  # "three assailants, including the bomber, and two guards": 5
        total = sum(v for v in values if v is not None)
        included = [f for f in parts if f.reading.part_of is not None]
        if included:
            # the rest of an "including" list, as long as the parts fit in the whole
            if total > q.value or not all(
                f.reading.part_of.i in keys and _subset_phrase(f, lex)  # type: ignore[union-attr]
                for f in included
            ):
                continue
            first = included[0].chars[0]
            for f in parts:
                if f.reading.part_of is None and f.chars[0] > first:
                    f.reading.part_of = whole.reading.anchor
            continue
        end = (noun.idx + len(noun.text)) if noun is not None else whole.chars[1]
        if sentence[end : end + 1] == "," and total == q.value:
            for f in parts:
                f.reading.part_of = whole.reading.anchor


def _subset_phrase(f: _Found, lex: Lexicon) -> bool:
    """The count sits in an "including" / "among" phrase."""
    return any(
        a.dep_ == "prep" and (a.lower_ in lex.subset_preps or lemma(a) in lex.subset_preps)
        for a in f.reading.anchor.ancestors
    )


# "a 13-month-old boy", "10-Year-Old Girl": the number is an age, in any case
_YEAR = re.compile(r"(?:19|20)\d\d")
_AGE_AFTER = re.compile(
    r"\s*-\s*(?:year|month|week|day)s?[\s-]+old\b"
    # "a 16 and 17-year-old", "16-, 17- and 19-year-old boys": ages listed before the last
    r"|(?:\s*-?\s*(?:,|and|or|to)\s*\d+)+\s*-\s*(?:year|month|week|day)s?[\s-]+old\b"
    # "ranging from 17 to 28 years old", "between 20 and 30 years of age"
    r"|(?:\s*(?:to|and|-|–)\s*\d+)?\s+(?:year|month|yr|mo)s?\.?\s+(?:old|of\s+age)\b",
    re.IGNORECASE,
)


def _read_quantity(doc: Doc, qm: QuantityMatch, roles: Roles, lex: Lexicon) -> _Found | None:
    if qm.kind in _SKIP_KINDS or qm.quantity.value == 0:
        return None
    if qm.kind != "person" and _AGE_AFTER.match(doc.text, qm.end):
        return None
    if _caption_number(doc.text, qm.start, qm.end, lex) or _station_number(
        doc.text, qm.start, qm.end, lex
    ):
        return None
    span = doc.char_span(qm.start, qm.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    qset = {t.i for t in span}
    qroot = span.root
    anchor, noun = counted_noun(qroot, qset)
    if _YEAR.fullmatch(qm.quantity.text) and (
        noun is None
        or lemma(noun) in lex.nouns
        or lemma(noun) in lex.of_nouns
        or lemma(noun) in lex.event_nouns
    ):
        return None  # "the 2014 shooting death of a teen": a year, not 2014 deaths
    if _age_after_name(qroot, noun, lex) or _age_list(qroot, noun, lex):
        return None
    if _describing_number(span, lex):
        return None
    if noun is not None and noun.tag_ in ("NN", "NNP") and SCALED_NUMBER.search(qm.quantity.text):
        # "a national 100m champion", "the 400m race": a unit glued to the number of a
        # single thing, no count of millions ("1.5m people" counts a plural)
        return None
    if noun is None and qm.kind in _COUNT_KINDS_WITH_NOUN and qroot.pos_ in ("NOUN", "PROPN"):
        noun = qroot
    said = roles.headline_word(qroot) if qroot.like_num else None
    reading = Reading(said[0], anchor, noun, said[1]) if said else roles.toll_reading(qroot)
    if reading is None:
        counted = noun if noun is not None else anchor
        if lemma(counted) in lex.non_people and lemma(counted) != "life":
            return None
        reading = roles.read(anchor, noun)
        if reading is None and lemma(counted) == "life":
            return None
    if reading is None:
        return None
    if (
        noun is not None
        and noun.i != anchor.i
        and reading.category in (lex.nouns.get(lemma(noun)), lex.nouns.get(noun.lower_))
        and reading.predicate.i != noun.i
    ):
        return None  # "many of the wounded are in hospital": part of a count, told again
    if (
        noun is not None
        and noun.i != anchor.i
        and reading.predicate.i == noun.i
        and noun.head.lower_ == "of"
        and any(c.dep_ == "det" and c.lower_ in lex.definite_determiners for c in noun.children)
    ):
        return None  # "two of the dead were children": a part of a count told elsewhere
    return _Found(reading, qset, (qm.start, qm.end), qm.quantity, False, qroot)


def _describing_number(span: Span, lex: Lexicon) -> bool:
    """A number that describes a noun rather than counting it (casualties.toml
    [describing_numbers]): hyphened to a listed noun that modifies another ("a four-time
    champion") or glued to a unit that does ("the 100m champion", "a 400m runner"; "2m
    people" counts, its "m" a multiplier)."""
    doc = span.doc
    end = span.end
    if (
        end + 1 < len(doc)
        and doc[end].tag_ == "HYPH"
        and doc[end].idx == doc[end - 1].idx + len(doc[end - 1])
    ):
        word = doc[end + 1]
        if word.lower_ in lex.describing_hyphened and word.head.i > word.i:
            return True
    return any(
        t.pos_ in ("NOUN", "PROPN")
        and t.dep_ == "compound"
        and t.head.i > t.i
        and t.i > span.start
        and t.idx == doc[t.i - 1].idx + len(doc[t.i - 1])
        and doc[t.i - 1].like_num
        for t in span
    )


def _age_after_name(qroot: Token, noun: Token | None, lex: Lexicon) -> bool:
    """A bare number set off after a person ("Dana Reyes, 41, died", "a boy, 9, was
    hurt", "two men - both 23 - were shot", "another man, also 31,") is the person's age,
    not a count; so is one after a person's name and a comma that no second comma closes
    ("Dana Reyes, 41 was shot", "... Ray Tolle, 45 and Sam Hurd, 52 were hurt")."""
    if qroot.i == 0:
        return False
    doc = qroot.doc
    before = doc[qroot.i - 1]
    worded = before.lower_ in lex.age_set_off and qroot.i > 1
    if worded:
        before = doc[qroot.i - 2]  # "both 23", "also 31"
    if before.text not in _SET_OFF:
        return False
    after = doc[qroot.i + 1] if qroot.i + 1 < len(doc) else None
    closed = after is not None and after.text in _SET_OFF
    # a dash sets off a count as well ("three were hurt - 2 critically"): an age is in
    # digits and closed by a dash or comma, or after "both", "also"
    if (before.text != "," or worded) and (not qroot.is_digit or not (worded or closed)):
        return False
    person = doc[before.i - 1] if before.i > 0 else None
    if before.text == "," and closed and person is not None and _set_off_age(qroot, person, lex):
        return True  # "Boy, 16, dies after ...": the parser makes the age the subject
    head = qroot.head
    if (
        noun is None
        and qroot.dep_ == "appos"
        and head.i < qroot.i
        and head.pos_ in ("NOUN", "PROPN")
        and not head.like_num
        and lemma(head) not in lex.nouns
        and lemma(head) not in lex.toll_nouns
        and head.lower_ not in lex.participles  # "4 shot, 2 killed": a headline's count
    ):
        return True
    # unclosed, the parser makes the age a subject, or a number of the next name; a
    # person's name (not a place: "In Elmwood, 3 were shot") right before the comma
    # tells it
    name = doc[before.i - 1] if before.text == "," and before.i > 0 else None
    return (
        name is not None
        and _named_person(name)
        and (noun is None or (noun.tag_ == "NNP" and _named_person(noun)))
        and _age_number(qroot)
    )


def _set_off_age(qroot: Token, person: Token, lex: Lexicon) -> bool:
    """Whether ``qroot``, in digits between two commas right after ``person``, is that
    person's age: a word that may name someone (a noun, a name, a headline's first word
    that the tagger takes for an interjection), no place or date ("In Elmwood, 3, ...").
    Only with the entities parsed: a draft parse has none, and a draft's count is read
    again in full (a draft that yields nothing is never parsed in full)."""
    return (
        person.doc.has_annotation("ENT_IOB")
        and _age_number(qroot)
        and person.is_alpha
        and person.pos_ in ("NOUN", "PROPN", "INTJ")
        and person.ent_type_ not in _NO_PERSON_ENTITIES
        and lemma(person) not in lex.nouns
        and lemma(person) not in lex.toll_nouns
        and person.lower_ not in lex.participles
    )


_NO_PERSON_ENTITIES = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME"})


def _named_person(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.ent_type_ == "PERSON"


def _age_number(token: Token) -> bool:
    """A number in decimal digits that can be a person's age (isdecimal, unlike spaCy's
    is_digit, leaves out "²", which int() cannot read)."""
    return token.text.isdecimal() and int(token.text) <= _OLDEST


# what sets an age off after a person: "Dana Reyes, 41", "two men - both 23 -"
_SET_OFF = frozenset({",", "-", "–", "—"})
_OLDEST = 120


def _caption_number(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """A gallery's numbering: "Image 6 of 12 A woman died ..." counts pictures."""
    before = text[max(0, start - 24) : start]
    return bool(
        (lex.caption_before.search(before) and _OF_N.match(text, end))
        or lex.caption_of.search(before)
    )


_OF_N = re.compile(r"\s+of\s*/?\s*\d+")


def _station_number(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """A broadcaster's channel number: "KQRT 11 News", "News Channel 11", "FOX 4"."""
    if not text[start:end].isdigit():
        return False
    return bool(
        lex.station_before.search(text, max(0, start - 24), start)
        or lex.station_after.match(text, end)
    )


def _age_list(qroot: Token, noun: Token | None, lex: Lexicon) -> bool:
    """Bare numbers listed after an age word ("two brothers, ages 11 and 16", "aged 8
    and 15") or set off after a counted noun ("Two children, 8 and 15, were shot") are
    the people's ages, not counts."""
    doc = qroot.doc
    # "ages 31, 27, and 45", "aged 23 and 29 - and a woman": every number of a list right
    # after an age word is an age, however the parser hangs it (a conjunct, an apposition,
    # a number of the next noun)
    start = qroot.i
    while start > 0 and (doc[start - 1].is_digit or doc[start - 1].lower_ in _LIST_WORDS):
        start -= 1
    # a number the parser hangs on a noun is an age right after the word or when
    # punctuation parts it from the noun ("aged 21 and 24 - and a woman"); "ages 21 and
    # 32, and 2 men" counts the men
    if (
        qroot.is_digit
        and (noun is None or start == qroot.i or any(t.is_punct for t in doc[qroot.i + 1 : noun.i]))
        and _after_age_word(doc, start, lex)
    ):
        return True
    if noun is not None:
        return False
    first = qroot
    while first.dep_ == "conj" and first.head.like_num and first.head.i < first.i:
        first = first.head
    before = doc[first.i - 1] if first.i > 0 else None
    if before is None:
        return False
    if _after_age_word(doc, first.i, lex):
        return True
    if before.text != "," or first.i < 2:
        return False
    counted = doc[first.i - 2]
    if counted.pos_ not in ("NOUN", "PROPN") or counted.tag_ not in ("NNS", "NNPS"):
        return False
    # the numbers alone, "N and M" or "N, M and K", closed by a comma or the end (or
    # after a counted noun: "Two children, 8 and 15 shot")
    k = first.i
    while k < len(doc) and (doc[k].like_num or doc[k].lower_ in (",", "and")):
        k += 1
    listed = [t for t in doc[first.i : k] if t.text != ","]
    closed = k == len(doc) or doc[k - 1].text == "," or not doc[k].is_alpha
    return (
        any(t.lower_ == "and" for t in listed)
        and listed[-1].like_num
        and (closed or any(c.dep_ == "nummod" for c in counted.children))
    )


_LIST_WORDS = frozenset({",", "and", "&"})


def _after_age_word(doc: Doc, i: int, lex: Lexicon) -> bool:
    """Whether the words just before token ``i`` end with an age word ("ages", "aged")."""
    words = [t.lower_ for t in doc[max(0, i - 4) : i]]
    return any(" ".join(words[k:]) in lex.age_words for k in range(len(words)))


# --- one article ------------------------------------------------------------------------


def _source(
    ctx: ArticleContext, sent: int, token: int, outlet: str | None
) -> tuple[Source, str | None]:
    from ..attribution import source_for

    hit = source_for(ctx, sent, token)
    if hit is None:
        return Source(text=outlet or OUTLET_FALLBACK, kind="outlet"), None
    return hit


def analyse(
    ctx: ArticleContext,
    *,
    article_id: str = "",
    outlet: str | None = None,
    gate: bool = True,
    title: str | None = None,
    indices: list[int] | None = None,
    drafts: dict[int, Doc] | None = None,
    screened: bool = False,
) -> Extraction:
    """Every figure of the article in ``ctx``: the sentences that hold one are found
    (`_figure_sentences`, the fast path), then their figures built (`_build_figures`).

    The gated sentences (or ``indices``) are parsed in one batch without the entity
    recogniser (`draft_parse`; ``drafts`` may bring them ready-made); only a sentence that
    yields a figure is then given its entities, read again and kept in ``ctx`` (with
    ``screened``, ``drafts`` holds only sentences already found to yield none). Entities
    never create a figure (without them the rules accept more, not less), so this skips
    most of the recogniser's cost losslessly.
    """
    todo = indices if indices is not None else gated_sentences(ctx, gate)
    if drafts is None:
        drafts = draft_parse(ctx.nlp, [(ctx, [i for i in todo if not _cached(ctx, i)])])[0]
    read = _read(ctx, todo, drafts, screened)
    if read.needs_title(title):
        read.main = _title_place(ctx.nlp(title[:MAX_TITLE_CHARS]))  # type: ignore[index]
    return _finish(ctx, read, article_id, outlet)


@dataclass(slots=True)
class _Reading:
    """What `analyse` has read of an article before it builds the figures."""

    parsed: int  # sentences sent to the parser
    per_sentence: list[tuple[int, list[_Found]]]
    places: dict[int, list[Span]]
    main: str | None  # the main place, from the parsed sentences

    def needs_title(self, title: str | None) -> bool:
        """Whether the headline must be parsed for the main place."""
        return bool(self.per_sentence) and self.main is None and bool(title)


def _read(
    ctx: ArticleContext,
    todo: list[int],
    drafts: dict[int, Doc],
    screened: bool,
    readings: dict[int, _SentenceReading] | None = None,
) -> _Reading:
    per_sentence, places = _figure_sentences(ctx, todo, drafts, screened, lexicon(), readings)
    main = _main_place(ctx, places, drafts) if per_sentence else None
    return _Reading(len(todo), per_sentence, places, main)


def _finish(ctx: ArticleContext, read: _Reading, article_id: str, outlet: str | None) -> Extraction:
    lex = lexicon()
    if read.per_sentence:
        figures, links = _build_figures(
            ctx, read.per_sentence, read.places, read.main, article_id, outlet, lex
        )
    else:
        figures, links = [], FigureLinks()
    for several in _several(ctx, figures, article_id, outlet, read.main, lex):
        figures.append(several)
        if several.category == "injured":
            links.shot.add(several.id)
        if links.lead is not None:
            links.lead.add(several.id)
    headline = _headline(ctx.text)
    if headline is not None:
        # the one person a headline names is one of those its body counts ("Teen killed
        # in Elm Street shooting" above "two people were killed, police said")
        links.partial.update(
            f.id for f in figures if f.span[0] < headline.end() and _one_person(f.quantity)
        )
        death = _headline_death(headline, figures, article_id, outlet, read.main)
        if death is not None:
            figures.append(death)
            if links.lead is not None:
                links.lead.add(death.id)
    return Extraction(figures, links, parsed=read.parsed)


def _several(
    ctx: ArticleContext,
    figures: list[Figure],
    article_id: str,
    outlet: str | None,
    main: str | None,
    lex: Lexicon,
) -> list[Figure]:
    """ "A quadruple shooting" (that many people shot: the article's dead come off them),
    "a double homicide" (that many killed), read in the headline and the first paragraph
    under it (``data/casualties.toml`` [several]): the first phrase of each category."""
    lead_end = _lead_end(ctx.text, SEVERAL_PARAGRAPHS) or len(ctx.text)
    found: list[Figure] = []
    for match in _several_pattern().finditer(ctx.text, 0, lead_end):
        category = lex.several_nouns[" ".join(match.group(2).lower().split())]
        count = lex.several_counts[match.group(1).lower()]
        quantity = Quantity(match.group(0), count, count, count, "=")
        if any(f.category == category for f in found):
            continue
        start, end = match.span()
        sentence = next(
            (ctx.sentence_text(i) for i, (a, b) in enumerate(ctx.sentences) if a <= start < b),
            match.group(0),
        )
        number = len(figures) + len(found) + 1
        found.append(
            Figure(
                id=f"{article_id}:f{number}" if article_id else f"f{number}",
                article=article_id,
                category=category,
                quantity=quantity,
                source=Source(text=outlet or OUTLET_FALLBACK, kind="outlet"),
                sentence=sentence.strip(),
                span=(start, end),
                where=[main] if main else [],
            )
        )
    return found


@cache
def _several_pattern() -> re.Pattern[str]:
    lex = lexicon()
    counts = "|".join(sorted(map(re.escape, lex.several_counts)))
    nouns = "|".join(
        sorted((re.escape(n).replace(r"\ ", r"\s+") for n in lex.several_nouns), key=len)[::-1]
    )
    not_after = "".join(rf"(?<!\b{re.escape(w)}\s)" for w in sorted(lex.several_not_after))
    return re.compile(rf"{not_after}\b({counts})[- ]({nouns})\b(?![-\w])", re.IGNORECASE)


def _headline(text: str) -> re.Match[str] | None:
    """The text's headline: its first line, with no full stop, above more text (cleaning
    puts a headline given apart first; a note of one line is no headline)."""
    line = _LINE.match(text)
    if (
        line is None
        or line.end() - line.start() > MAX_TITLE_CHARS
        or not text[line.end() :].strip()
    ):
        return None
    if line.group(0).rstrip()[-1:] in (".", "!", "?", '"', "\u201d"):
        return None
    return line


def _one_person(quantity: Quantity) -> bool:
    """A count of one read from a person noun ("Teen", "a man"), not from a number."""
    words = quantity.text.lower().split()
    return (
        quantity.value == 1
        and quantity.bound == "="
        and not any(c.isdigit() for c in quantity.text)
        and words[:1] != ["one"]
    )


def _headline_death(
    headline: re.Match[str],
    figures: list[Figure],
    article_id: str,
    outlet: str | None,
    main: str | None,
) -> Figure | None:
    """A death that a headline tells by its event alone, in an article that counts no one
    killed ("Fatal shooting on Elm Street", "Two teens charged in killing"): at least one
    killed, a figure whose words are the event's (``data/casualties.toml`` [headline])."""
    if any(f.category == "killed" for f in figures):
        return None
    found = _fatal_event().search(headline.group(0))
    if found is None:
        return None
    number = len(figures) + 1
    return Figure(
        id=f"{article_id}:f{number}" if article_id else f"f{number}",
        article=article_id,
        category="killed",
        quantity=Quantity(text=found.group(0), value=1, low=1, high=None, bound=">="),
        source=Source(text=outlet or OUTLET_FALLBACK, kind="outlet"),
        sentence=headline.group(0).strip(),
        span=(headline.start() + found.start(), headline.start() + found.end()),
        where=[main] if main else [],
    )


@cache
def _fatal_event() -> re.Pattern[str]:
    lex = lexicon()
    adjectives = "|".join(sorted(map(re.escape, lex.fatal_adjectives)))
    nouns = "|".join(sorted(map(re.escape, lex.shooting_nouns)))
    events = "|".join(sorted(re.escape(e).replace(r"\ ", r"\s+") for e in lex.headline_deaths))
    several = "|".join(sorted(map(re.escape, lex.several_counts)))
    not_after = "".join(rf"(?<!\b{re.escape(w)}\s)" for w in sorted(lex.headline_not_after))
    # "fatal Elm Street shooting": words of one name or kind between, no punctuation
    between = rf"(?:[\w'’.-]+\s+){{0,{lex.headline_between}}}?"
    return re.compile(  # "Fatal shooting", "Fatal double shooting", "Man charged in killing"
        rf"{not_after}\b(?:(?:{adjectives})\s+{between}(?:(?:{several})[- ])?(?:{nouns})|{events})"
        r"\b(?!-)",
        re.IGNORECASE,
    )


def _figure_sentences(
    ctx: ArticleContext,
    todo: list[int],
    drafts: dict[int, Doc],
    screened: bool,
    lex: Lexicon,
    readings: dict[int, _SentenceReading] | None = None,
) -> tuple[list[tuple[int, list[_Found]]], dict[int, list[Span]]]:
    """The counts found per sentence (sentences without any left out) and the places each
    read sentence names. The fast path: a sentence with a draft parse (no entities) is
    read on the draft first, and given its entities and read again only when it yields
    something; with ``screened`` its draft is known to yield nothing. ``readings``:
    what `_add_entities` read in full parses (with their entities), not read again."""
    roles = Roles(lex)
    per_sentence: list[tuple[int, list[_Found]]] = []
    places: dict[int, list[Span]] = {}
    earlier: list[_Found] = []
    for i in todo:
        text = ctx.sentence_text(i)
        draft = drafts.get(i)
        if draft is not None:
            if screened:
                continue  # `_add_entities` found no figure in it
            found, refs = _read_sentence(draft, text, roles, lex)
            if not found and not refs:
                continue
            _prime(ctx, i, _with_entities(ctx.nlp, draft))
        doc = sentence_case(ctx.doc(i))  # a headline's capitals are style, not names
        places[i] = place_entities(doc)
        ahead = readings.pop(i, None) if readings else None
        if ahead is not None and ahead[0] is doc:
            found, refs = ahead[1], ahead[2]
        else:
            found, refs = _read_sentence(doc, text, roles, lex)
        for span, reading in refs:
            before = earlier + [f for f in found if f.chars[0] < span.start_char]
            hit = _resolve_reference(span, reading, before, lex)
            if hit is not None:
                found.append(hit)
        found.sort(key=lambda f: f.chars[0])
        _mark_breakdowns(found, text, lex)
        earlier.extend(found)
        if found:
            per_sentence.append((i, found))
    return per_sentence, places


def _main_place(
    ctx: ArticleContext, places: dict[int, list[Span]], drafts: dict[int, Doc]
) -> str | None:
    """The article's main place: named in its figure sentences, else in its other parsed
    sentences (else in its headline: `_title_place`)."""
    main = main_place(list(places.values()))
    if main is None:
        # No figure sentence names a place: the other parsed sentences may.
        others = _with_entities_many(ctx.nlp, [d for i, d in drafts.items() if i not in places])
        main = main_place([place_entities(d) for d in others])
    return main


def _title_place(title: Doc) -> str | None:
    """The main place named in the parsed headline, for an article whose parsed
    sentences name none."""
    return main_place([place_entities(title)])


def _build_figures(
    ctx: ArticleContext,
    per_sentence: list[tuple[int, list[_Found]]],
    places: dict[int, list[Span]],
    main: str | None,
    article_id: str,
    outlet: str | None,
    lex: Lexicon,
) -> tuple[list[Figure], FigureLinks]:
    """A `Figure` for every count found, with its source, time, place, group and hedges,
    and the links between them (same clause, part of another)."""
    year = article_year(ctx.text)
    context = RelatedIncidents(ctx.text, lex)
    figures: list[Figure] = []
    links = FigureLinks()
    for i, found in per_sentence:
        sentence = ctx.sentence_text(i)
        offset = ctx.offset(i)
        times = find_times(sentence, ctx.published, year)
        by_anchor: dict[int, str] = {}
        pending_parts: list[tuple[str, int]] = []
        partitives: set[str] = set()
        for f in found:
            fid = f"{article_id}:f{len(figures) + 1}" if article_id else f"f{len(figures) + 1}"
            r = f.reading
            source, cue = _source(ctx, i, f.qroot.i, outlet)
            incidents = incidents_of(r, context, lex)
            scope, when = scope_and_when(
                r, times, lex, incidents, one=f.quantity.value == 1 and f.quantity.bound == "="
            )
            figure = Figure(
                id=fid,
                article=article_id,
                category=r.category,
                quantity=f.quantity,
                source=source,
                sentence=sentence,
                span=(offset + f.chars[0], offset + f.chars[1]),
                group=_self_harmed(f, found, group_of(r, f.qset, lex), lex),
                cue=cue,
                hedges=hedges_of(r, f.qset, sentence, f.chars, lex),
                negated=f.negated,
                scope=scope,
                when=when,
                where=where_of(r, places.get(i, []), main),
                incidents=incidents,
            )
            figures.append(figure)
            links.clause[fid] = f"{i}:{r.predicate.i}:{r.category}"
            if r.category == "injured" and (
                lemma(r.predicate) in lex.fatal_verbs
                or lex.participles.get(r.predicate.lower_) in lex.fatal_verbs  # "4 shot"
                or lemma(r.predicate) in lex.treatment_verbs
                or lemma(r.predicate) in lex.projectile_verbs
                or lemma(r.predicate) == "condition"
                # "found him with a gunshot wound", "suffering from gunshot wounds"
                or (r.predicate.dep_ == "pobj" and r.predicate.head.lower_ in ("with", "from"))
                # "he suffered a gunshot wound": hit, like "he was shot"
                or _gunshot_object(r.predicate, lex)
            ):
                # people hit or taken to hospital: some may be counted as killed elsewhere
                links.shot.add(fid)
            if _partitive(f.qroot, lex):
                partitives.add(fid)
            if (
                fid in partitives
                or (r.category == "injured" and _definite_count(f, lex))
                or (
                    r.category == "injured"
                    and (
                        lemma(r.predicate) == "condition"
                        # "one person was taken to hospital": one of those counted elsewhere
                        or (
                            lemma(r.predicate) in lex.treatment_verbs
                            and (
                                figure.group is None
                                or figure.group.head in GENERIC_HEADS
                                # "One man was taken to hospital": one of them, not "a man"
                                or f.quantity.text.lower().startswith("one ")
                            )
                        )
                    )
                )
            ):
                links.partial.add(fid)
            by_anchor.setdefault(r.anchor.i, fid)
            by_anchor.setdefault(f.qroot.i, fid)
            if r.noun is not None:
                by_anchor.setdefault(r.noun.i, fid)
            if r.part_of is not None:
                pending_parts.append((fid, r.part_of.i))
        for fid, parent in pending_parts:
            whole = by_anchor.get(parent)
            if whole is not None and whole != fid:
                links.part_of[fid] = whole
        _partial_in_sentence(figures[len(figures) - len(found) :], links, partitives)
    for figure in figures:
        figure.part_of = links.part_of.get(figure.id)
    lead_end = _lead_end(ctx.text, lex.lead_paragraphs)
    if lead_end is not None:
        links.lead = {f.id for f in figures if f.span[0] < lead_end}
        _earlier_below_lead(figures, links.lead, lex.lead_earlier_days)
    return figures, links


def _date(f: Figure) -> date | None:
    if f.when is None or not f.when.start:
        return None
    try:
        return date.fromisoformat(f.when.start[:10])
    except ValueError:
        return None


# the categories whose dates tell when the lead's event happened (an arrest or a charge
# told in a follow-up's lead is later than the shooting told below it)
_HARMED = frozenset({"killed", "injured", "casualties"})


def _earlier_below_lead(figures: list[Figure], lead: set[str], days: int) -> None:
    """A figure below the lead dated more than ``days`` days before the earliest date of
    the lead's figures tells an earlier event of the page's background ("On Nov. 1, an
    11-year-old boy was fatally shot in the borough" below a lead about a shooting on
    Dec. 11): its scope becomes background (data/scope.toml [lead] `earlier_days`). The
    lead's dates are those of its killed, injured and casualty figures: the arrest a
    follow-up's lead tells comes after the shooting told below it."""
    told = [
        d for f in figures if f.id in lead and f.category in _HARMED and (d := _date(f)) is not None
    ]
    if not told:
        return
    first = min(told)
    for f in figures:
        if f.id in lead or f.scope != "event":
            continue
        when = _date(f)
        if when is not None and (first - when).days > days:
            f.scope = "background"


def _lead_end(text: str, paragraphs: int) -> int | None:
    """Where the lead of ``text`` ends: after its first ``paragraphs`` different non-empty
    lines (data/scope.toml [lead]); None when the text is no longer than that."""
    seen = 0
    told: set[str] = set()
    for m in _LINE.finditer(text):
        key = " ".join(m.group(0).lower().split())
        if key not in told:  # a paragraph the page repeats is no new paragraph
            told.add(key)
            seen += 1
        if seen == paragraphs:
            rest = text[m.end() :]
            return m.end() if rest.strip() else None
    return None


_LINE = re.compile(r"[^\n]*\S[^\n]*")


def _gunshot_object(verb: Token, lex: Lexicon) -> bool:
    """ "suffered a gunshot wound", "sustained bullet wounds": a wound by a projectile."""
    return any(
        c.dep_ == "dobj"
        and lemma(c) in lex.injury_attributes
        and any(lemma(m) in lex.projectiles for m in c.children if m.i < c.i)
        for c in verb.children
    )


# dependencies climbed from a reflexive's verb to the clause that names its subject
_CLIMB = frozenset({"advcl", "conj", "xcomp", "pcomp", "prep"})


_OTHER_PRONOUNS = frozenset({"him", "her", "them"})


def _acts_on_another(verb: Token, reflexive: Token, lex: Lexicon) -> bool:
    """The verb's object (or its coordinated verb's) is another person than the
    reflexive: a pronoun ("targeted her") or a noun that names no thing ("shot his wife")."""
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB")]
    for v in verbs:
        for c in v.children:
            if c.dep_ != "dobj" or c.i == reflexive.i:
                continue
            if c.lower_ in _OTHER_PRONOUNS:
                return True
            if (
                c.pos_ in ("NOUN", "PROPN")
                and lemma(c) not in lex.non_people
                and lemma(c) not in lex.projectiles
                and lemma(c) not in lex.person_exclude
            ):
                return True
    return False


def _self_harmed(f: _Found, found: list[_Found], group: Group | None, lex: Lexicon) -> Group | None:
    """ "A boy accidentally shot himself": the reflexive is the clause's subject, counted
    once with it (a referent, as "he"), when the sentence counts no one else; "shot his
    wife and then himself" and "the bomber ... killing himself" keep the shooter apart."""
    if f.quantity.text.lower() not in SELF_HEADS or any(
        o is not f
        and o.quantity.text.lower() not in SELF_HEADS
        and o.reading.anchor.dep_ not in ("nsubj", "nsubjpass")
        for o in found
    ):
        return group
    verb = f.qroot.head
    chain = [verb]
    while True:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None or verb.dep_ not in _CLIMB or verb.head == verb:
            break
        verb = verb.head
        chain.append(verb)
    if subject is None:
        return group
    if any(_acts_on_another(v, f.qroot, lex) for v in chain):
        # "targeted her and her mother before shooting and killing himself", "father
        # kills sons before turning the gun on himself": a shooter, apart from his victims
        return group
    if subject.lower_ in ("who", "that") and verb.dep_ == "relcl":
        subject = verb.head  # "the teen who shot and killed himself": the teen
    head = subject.lower_ if subject.pos_ == "PRON" else lemma(subject)
    if is_perpetrator(head) or head in ("other", "one", "who", "that") or subject.like_num:
        return group
    # the subject's own count says who it is: the reflexive only restates it, as "he" does
    pronoun = "she" if f.quantity.text.lower() == "herself" else "he"
    return Group(text=f.quantity.text, head=pronoun, affiliation=None)


def _definite_count(f: _Found, lex: Lexicon) -> bool:
    """A number after "the" / "these" / "all" refers back to people counted before ("the
    two other teens were treated", "the four wounded victims", "all three victims")."""
    if f.quantity.value is None or f.quantity.value < 2:
        return False
    holders = [f.qroot] + ([f.reading.noun] if f.reading.noun is not None else [])
    return any(
        c.dep_ in ("det", "predet") and c.lower_ in lex.definite_determiners and c.i < f.qroot.i
        for h in holders
        for c in h.children
    )


def _partitive(qroot: Token, lex: Lexicon) -> bool:
    """The count is a part of people counted elsewhere: "three of the victims", "one of
    them", "two of his friends"."""
    for prep in qroot.children:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            if obj.lower_ in lex.partitive_pronouns or any(
                c.dep_ in ("det", "poss") and c.lower_ in lex.partitive_determiners
                for c in obj.children
            ):
                return True
    return False


def _partial_in_sentence(figures: list[Figure], links: FigureLinks, partitives: set[str]) -> None:
    """Partial counts (`FigureLinks.partial`) of one sentence: a part coordinated with
    other counts adds to them, not restates ("the chief and one of his bodyguards were
    injured" is 2); beside a part, "another" / "the other two" are the rest of the same
    people ("three of the victims are stable, while another is critical")."""
    for f in figures:
        # "the chief and one of his bodyguards were injured": one more in a coordination
        if f.id in partitives and any(
            g.id != f.id and links.clause.get(g.id) == links.clause.get(f.id) for g in figures
        ):
            links.partial.discard(f.id)
    if not any(f.id in links.partial for f in figures):
        return
    for f in figures:
        words = set(f.quantity.text.lower().split())
        if f.group is not None:
            words |= {f.group.head or ""} | set(f.group.text.lower().split())
        if f.category == "injured" and words & ADDITIONAL_HEADS:
            links.partial.add(f.id)


def extract(
    text: str,
    published: str | None = None,
    *,
    nlp: Language | None = None,
    article_id: str = "",
    outlet: str | None = None,
    gate: bool = True,
) -> list[Figure]:
    """Every reported casualty figure in ``text`` (see OUTPUT.md, figures.jsonl)."""
    ctx = ArticleContext(text, published=published, nlp=nlp)
    return analyse(ctx, article_id=article_id, outlet=outlet, gate=gate).figures


def extract_article(
    article: Article,
    nlp: Language | None = None,
    *,
    gate: bool = True,
    context: ArticleContext | None = None,
) -> Article:
    """Set ``article.figures`` and ``article.totals``; returns the same article.
    ``context`` (of ``article.text``) keeps the parses for a later stage to share."""
    ctx = context or ArticleContext(article.text, published=article.published, nlp=nlp)
    result = analyse(
        ctx, article_id=article.id, outlet=article.outlet, gate=gate, title=article.title
    )
    article.figures = result.figures
    article.totals = result.totals()
    return article


def _as_article(item: str | Article, n: int) -> Article:
    if isinstance(item, Article):
        return item
    return Article(id=str(n), origin=f"#{n}", text=item)


def extract_many(
    items: Iterable[str | Article],
    nlp: Language,
    batch_size: int = 256,
    *,
    gate: bool = True,
) -> Iterator[Article | Failure]:
    """`extract_article` over a stream, parsing the gated sentences of ``batch_size``
    articles at a time in one ``nlp.pipe`` call. Plain strings become articles with ids
    "0", "1", ... in input order. Yields each article, in order, with figures and totals;
    an article whose analysis fails yields a `Failure` in its place and never stops the
    others."""
    for item in analyse_many(items, nlp, batch_size, gate=gate):
        yield item if isinstance(item, Failure) else item[0]


def analyse_many(
    items: Iterable[str | Article],
    nlp: Language,
    batch_size: int = 256,
    *,
    gate: bool = True,
    contexts: Sequence[ArticleContext] | None = None,
) -> Iterator[tuple[Article, Extraction] | Failure]:
    """`extract_many` that also yields each article's `Extraction` (figure links,
    `Extraction.coverage`) next to the article. ``contexts`` (one per item, in order)
    bring the articles' contexts ready-made, with the parses waiting in them, and keep
    what is parsed here for a later stage."""
    stream = iter(enumerate(items))
    while True:
        numbered = list(islice(stream, batch_size))
        if not numbered:
            return
        chunk = [_as_article(item, n) for n, item in numbered]
        if contexts is not None:
            contexts_here = [contexts[n] for n, _ in numbered]
        else:
            contexts_here = [ArticleContext(a.text, published=a.published, nlp=nlp) for a in chunk]
        todo = [gated_sentences(ctx, gate) for ctx in contexts_here]
        drafts = draft_parse(nlp, list(zip(contexts_here, todo, strict=True)), batch_size)
        readings = _add_entities(nlp, contexts_here, drafts, batch_size)
        # Read every article first, so that the headlines needed for a main place are
        # parsed in one batch (one call per headline cost several times more).
        reads: list[_Reading | Exception] = []
        for k, (ctx, idx) in enumerate(zip(contexts_here, todo, strict=True)):
            try:
                reads.append(_read(ctx, idx, drafts[k], screened=True, readings=readings[k]))
            except Exception as exc:  # one bad article never stops a batch
                reads.append(exc)
        headlines = [
            k
            for k, (article, read) in enumerate(zip(chunk, reads, strict=True))
            if isinstance(read, _Reading) and read.needs_title(article.title)
        ]
        texts = [chunk[k].title[:MAX_TITLE_CHARS] for k in headlines]  # type: ignore[index]
        for k, doc in zip(headlines, nlp.pipe(texts, batch_size=batch_size), strict=True):
            reads[k].main = _title_place(doc)  # type: ignore[union-attr]
        for article, ctx, read in zip(chunk, contexts_here, reads, strict=True):
            try:
                if isinstance(read, Exception):
                    raise read
                result = _finish(ctx, read, article.id, article.outlet)
            except Exception as exc:  # one bad article never stops a batch
                yield Failure(article.origin or article.id, f"figures: {type(exc).__name__}: {exc}")
                continue
            article.figures = result.figures
            article.totals = result.totals()
            yield article, result


ENTITY_PIPE = "ner"


def draft_parse(
    nlp: Language, jobs: list[tuple[ArticleContext, list[int]]], batch_size: int = 256
) -> list[dict[int, Doc]]:
    """Parse the given sentences of any number of articles ((context, sentence indices)
    pairs) in one ``nlp.pipe`` stream without the entity recogniser; returns, aligned with
    ``jobs``, {sentence index: draft doc} per article."""
    disable = [ENTITY_PIPE] if ENTITY_PIPE in nlp.pipe_names else []
    # Full parses waiting in a context (`ArticleContext.prefetch`) serve as drafts, except
    # of sentences with a no-break space (a full parse reads it as a space, a draft not).
    ready = [
        {i: d for i, d in ctx.waiting(idx).items() if "\xa0" not in ctx.sentence_text(i)}
        for ctx, idx in jobs
    ]
    pairs = list(zip(jobs, ready, strict=True))
    # a title-case headline is read in sentence case (`parse_form`); `_prime` gives its
    # context the words as written
    texts = (
        parse_form(ctx.sentence_text(i), ctx) for (ctx, idx), r in pairs for i in idx if i not in r
    )
    docs = iter(nlp.pipe(texts, batch_size=batch_size, disable=disable))
    return [{i: r[i] if i in r else next(docs) for i in idx} for (_, idx), r in pairs]


def _add_entities(
    nlp: Language, contexts: list[ArticleContext], drafts: list[dict[int, Doc]], batch_size: int
) -> list[dict[int, _SentenceReading]]:
    """Give the draft sentences that yield a figure their entities, in one batch over all
    articles, and move them into their contexts (out of ``drafts``). Returns, per article,
    what was read in sentences that had their entities already (full parses), so that
    `_figure_sentences` need not read them again."""
    lex = lexicon()
    roles = Roles(lex)
    keep: list[tuple[int, int]] = []
    counting: set[int] = set()  # articles with a sentence that states a count
    readings: list[dict[int, _SentenceReading]] = [{} for _ in contexts]
    for k, (ctx, mine) in enumerate(zip(contexts, drafts, strict=True)):
        for i, doc in mine.items():
            found, refs = _read_sentence(doc, ctx.sentence_text(i), roles, lex)
            if found or refs:
                keep.append((k, i))
                if doc.has_annotation("ENT_IOB"):
                    readings[k][i] = (doc, found, refs)
            if found:
                counting.add(k)
    if not keep:
        return readings
    docs = _with_entities_many(nlp, [drafts[k].pop(i) for k, i in keep], batch_size)
    recognise = nlp.get_pipe(ENTITY_PIPE) if ENTITY_PIPE in nlp.pipe_names else None
    placed: set[int] = set()
    for (k, i), doc in zip(keep, docs, strict=True):
        _prime(contexts[k], i, doc)
        if place_entities(doc):
            placed.add(k)
    # An article whose figure sentences name no place takes its main place from its other
    # parsed sentences (`analyse`); recognise their entities here, in the same cross-article
    # batch, instead of a small batch per article there.
    fallback = [(k, i) for k in sorted(counting - placed) for i in drafts[k]]
    if recognise is not None and fallback:
        done = _with_entities_many(nlp, [drafts[k][i] for k, i in fallback], batch_size)
        for (k, i), doc in zip(fallback, done, strict=True):
            drafts[k][i] = doc
    return readings


def _with_entities(nlp: Language, doc: Doc) -> Doc:
    """Run the entity recogniser on a draft parse (it has its own token vectors, so the
    result equals a full-pipeline parse)."""
    if ENTITY_PIPE in nlp.pipe_names and not doc.has_annotation("ENT_IOB"):
        return nlp.get_pipe(ENTITY_PIPE)(doc)
    return doc


def _with_entities_many(nlp: Language, docs: list[Doc], batch_size: int = 128) -> list[Doc]:
    """`_with_entities` for several drafts in one batch (one call per doc costs several
    times more); docs that have their entities (full parses) are left as they are."""
    if ENTITY_PIPE not in nlp.pipe_names:
        return docs
    todo = [k for k, d in enumerate(docs) if not d.has_annotation("ENT_IOB")]
    done = list(nlp.get_pipe(ENTITY_PIPE).pipe([docs[k] for k in todo], batch_size=batch_size))
    out = list(docs)
    for k, doc in zip(todo, done, strict=True):
        out[k] = doc
    return out


def _cached(ctx: ArticleContext, i: int) -> bool:
    return ctx.is_parsed(i)


def _prime(ctx: ArticleContext, i: int, doc: Doc) -> None:
    """Hand ``ctx`` a parse of sentence ``i`` made in a cross-article batch (with the
    words as written: a draft of a title-case headline is read in sentence case)."""
    ctx.add(i, as_written(doc, ctx.sentence_text(i)))
