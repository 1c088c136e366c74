"""What a figure counts and how it is qualified: group, hedges, scope, time, place and
the incidents it covers (`incidents_of`: "across the three attacks" -> 3).

All of it is read off the parse of the figure's sentence around the `Reading` that
made the number a figure; the word lists are in ``data/groups.toml``,
``data/hedges.toml`` and ``data/scope.toml`` (incidents: its [incidents] section).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from ..model import Group, When
from ..rules import load_table
from .lexicon import Lexicon
from .quantities import parse_quantity
from .roles import Reading, lemma, of_object

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .when import TimeMatch

_LEFT_MODIFIERS = frozenset({"amod", "compound", "nmod", "poss", "npadvmod", "nummod", "quantmod"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# A place is tied to a figure when it is the object of one of these prepositions (or a
# name coordinated with / in apposition to such an object); "from Russia", "by the US",
# "US air strikes" name affiliations and actors, not where people were hurt.
_PLACE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "inside",
        "across",
        "around",
        "throughout",
        "within",
        "on",
        "into",
        "along",
        "off",
        "of",
        "north",
        "south",
        "east",
        "west",
        "between",
    }
)
_QUOTE_WORDS = re.compile(r"\S+")


def _subtree_tokens(t: Token) -> list[Token]:
    return list(t.subtree)


def group_of(reading: Reading, qset: set[int], lex: Lexicon) -> Group | None:
    """The counted group: 'Kenyan soldiers' -> head 'soldier', affiliation 'Kenyan'.
    None when the count names no group ("five deaths", "dozens wounded")."""
    noun = reading.noun
    if noun is None or noun.i == reading.predicate.i:
        return None
    nl = lemma(noun)
    if nl in lex.toll_nouns or noun.like_num:
        return None
    doc = noun.doc
    picked: set[int] = {noun.i}
    affiliation: list[Token] = []
    for child in noun.children:
        if child.i < noun.i and child.dep_ == "poss":
            # "Russia's soldiers": a place or nation owning the group is its affiliation;
            # "his son", "Ahmadi's guards" name no affiliation and stay out of the text.
            if child.ent_type_ in ("GPE", "NORP"):
                affiliation.extend(t for t in child.subtree if t.dep_ != "case")
        elif child.i < noun.i and child.dep_ in _LEFT_MODIFIERS:
            sub = [t for t in child.subtree if not (t.i in qset and _quantity_word(t))]
            picked.update(t.i for t in sub)
            if not (child.i in qset and _quantity_word(child)) and _is_affiliation(child, lex):
                affiliation.extend(sub)
    after: list[Token] = []
    for child in noun.children:
        if child.i > noun.i and child.dep_ == "prep" and child.lower_ in lex.affiliation_preps:
            sub = list(child.subtree)
            if any(t.ent_type_ in lex.affiliation_labels for t in sub):
                picked.update(t.i for t in sub)
                after = [t for t in sub if t.i != child.i]
                break
    # The quantity's own words are no part of the group, except in a person count
    # ("an army commander") where the noun phrase is the quantity.
    person_count = noun.i in qset
    keep = sorted(
        i
        for i in picked
        if not (i in qset and (not person_count or _quantity_word(doc[i])))
        and doc[i].dep_ not in ("det", "poss", "case")
    )
    keep = _contiguous_around(keep, noun.i)
    while keep and doc[keep[0]].is_punct:
        keep.pop(0)
    while keep and doc[keep[-1]].is_punct:
        keep.pop()
    if not keep:
        return None
    text = doc[keep[0] : keep[-1] + 1].text
    if not affiliation and after:
        affiliation = after
    aff = _join(affiliation) if affiliation else None
    head = "person" if noun.pos_ == "PROPN" or noun.ent_type_ == "PERSON" else nl
    return Group(text=text, head=head, affiliation=aff)


def _quantity_word(t: Token) -> bool:
    """A word of the quantity itself ("at least 5", "a", "dozens"), not of the group."""
    return t.like_num or t.pos_ == "NUM" or t.dep_ in ("det", "nummod", "quantmod", "advmod")


def _is_affiliation(t: Token, lex: Lexicon) -> bool:
    return t.ent_type_ in lex.affiliation_labels or lemma(t) in lex.affiliation_words


def _contiguous_around(idx: list[int], noun: int) -> list[int]:
    """The run of token indices around the noun with no gap (a gap is a dropped word)."""
    if noun not in idx:
        return idx
    pos = idx.index(noun)
    lo = pos
    while lo > 0 and idx[lo - 1] == idx[lo] - 1:
        lo -= 1
    hi = pos
    while hi + 1 < len(idx) and idx[hi + 1] == idx[hi] + 1:
        hi += 1
    return idx[lo : hi + 1]


def _join(tokens: Iterable[Token]) -> str:
    out = ""
    for t in tokens:
        out += t.text + t.whitespace_
    return out.strip()


def clause_of(reading: Reading) -> list[Token]:
    """Tokens of the clause that states the figure: the subtree of the nearest verb at or
    above the casualty word (the whole sentence for a verbless headline)."""
    t = reading.predicate
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return _subtree_tokens(t)


def _ancestors_and_self(t: Token) -> set[int]:
    out = {t.i}
    out.update(a.i for a in t.ancestors)
    return out


def hedges_of(
    reading: Reading, qset: set[int], sentence: str, qchars: tuple[int, int], lex: Lexicon
) -> list[str]:
    """Hedge words on the number, the counted noun, the casualty word or a clause above."""
    doc = reading.predicate.doc
    near: set[int] = set(qset)
    near.add(reading.anchor.i)
    if reading.noun is not None:
        near.add(reading.noun.i)
    near |= _ancestors_and_self(reading.predicate)
    near |= _ancestors_and_self(reading.anchor)
    found: list[str] = []
    for t in doc:
        word = t.lower_
        if (
            word in lex.hedge_words
            and (
                t.i in near
                or t.head.i in near
                or (t.head.dep_ in ("nsubj", "nsubjpass") and t.head.head.i in near)
            )
            and word not in found
        ):
            found.append(word)
    hv = reading.hedge_verb
    if hv is not None and lemma(hv) in lex.hedge_verbs:
        nxt = doc[hv.i + 1] if hv.i + 1 < len(doc) else None
        label = hv.lower_ + (" to" if nxt is not None and nxt.lower_ == "to" else "")
        if label not in found:
            found.append(label)
    if _quoted(sentence, qchars, lex):
        found.append(lex.quoted_label)
    return found


def _quoted(sentence: str, qchars: tuple[int, int], lex: Lexicon) -> bool:
    """The number sits inside its own short pair of quotation marks ('"about forty"')."""
    start, end = qchars
    opening = -1
    for k in range(start - 1, max(-1, start - 40), -1):
        ch = sentence[k]
        if ch in lex.open_quotes:
            # an apostrophe inside a word is no quotation mark
            if ch in ("'", "’") and k > 0 and sentence[k - 1].isalnum():
                continue
            opening = k
            break
        if ch in lex.close_quotes and ch not in lex.open_quotes:
            return False
    if opening < 0:
        return False
    closing = -1
    for k in range(end, min(len(sentence), end + 60)):
        ch = sentence[k]
        if ch in lex.close_quotes:
            if ch in ("'", "’") and k + 1 < len(sentence) and sentence[k + 1].isalnum():
                continue
            closing = k
            break
    if closing < 0:
        return False
    words = _QUOTE_WORDS.findall(sentence[opening + 1 : closing])
    return 0 < len(words) <= lex.quoted_max_words


_PUNCT = re.compile(r"[^\w\s'-]")


def _has_phrase(text: str, phrases: Iterable[str]) -> str | None:
    low = " " + " ".join(_PUNCT.sub(" ", text.lower()).split()) + " "
    for phrase in phrases:
        if f" {phrase} " in low:
            return phrase
    return None


def scope_and_when(
    reading: Reading,
    times: list[TimeMatch],
    lex: Lexicon,
    incidents: int | None = None,
    one: bool = False,
) -> tuple[str, When | None]:
    """`event`, `period` or `cumulative`, and the time expression tied to the figure.

    ``times`` are the time expressions of the figure's sentence (sentence offsets);
    ``incidents`` is what `incidents_of` found (a sum over named incidents is no running
    total: "in total, 40 died across the three attacks"); ``one`` says the figure counts a
    single person.
    """
    clause = clause_of(reading)
    if not clause:
        return "event", None
    c_start = clause[0].idx
    c_end = clause[-1].idx + len(clause[-1].text)
    mine = [tm for tm in times if tm.start < c_end and tm.end > c_start]
    scope = "event"
    when: When | None = None
    for tm in mine:
        if tm.kind == "period" and one and _month_span(tm):
            # "a man was shot dead in August": one person's death is an event dated by
            # the period, never a total over it
            when = tm.when
            break
        if tm.kind == "period":
            scope = "period"
            when = tm.when
            break
        if tm.kind == "since":
            scope = "cumulative"
            when = tm.when
            break
    if when is None and mine:
        when = mine[0].when
    if scope != "event":
        return scope, when
    clause_text = "".join(t.text_with_ws for t in clause)
    if _has_phrase(clause_text, lex.cumulative_cues):
        return "cumulative", when
    if (
        incidents is None
        and _has_phrase(clause_text, lex.summing_cues)
        and not any(lemma(t) in lex.event_nouns for t in clause)
    ):
        return "cumulative", when
    if _has_phrase(clause_text, lex.period_cues):
        return "period", when
    if _since(reading.predicate):
        return "cumulative", when
    if when is None and _present_perfect_in_place(reading, clause, lex):
        return "cumulative", None
    if _background(reading.predicate, lex):
        return "background", when
    return "event", when


def _background(word: Token, lex: Lexicon) -> bool:
    """'protested over the killing of', 'to condemn the death of', 'demonstrated after 40
    were killed', 'in memory of', 'held a protest over': a death the event is about
    (scope.toml [background])."""
    t = word
    linked = False  # the path so far enters its holder as an object, cause or purpose
    for _ in range(12):
        if t.dep_ == "ROOT" or t.head.i == t.i:
            return False
        dep = t.dep_
        holder = t.head
        if dep == "conj":
            # "to ask for masks and to report the death": a purpose clause coordinated
            # with another goes on; a finite clause ("and police killed two") stops.
            if t.tag_ not in ("VB", "VBG") or any(c.dep_ == "nsubj" for c in t.children):
                return False
        elif dep == "dobj":
            linked = True
        elif dep == "prep":
            linked = t.lower_ in lex.background_preps
        elif dep in ("advcl", "xcomp", "acl", "ccomp"):
            linked = any(
                c.dep_ in ("mark", "aux") and (c.lower_ in lex.background_marks or c.tag_ == "TO")
                for c in t.children
            ) or any(  # "protested after 40 prisoners were killed", the clause parsed apart
                c.dep_ == "prep" and c.lower_ in lex.background_marks and holder.i < c.i < t.i
                for c in holder.children
            )
        elif dep not in ("pobj", "compound", "amod", "nmod"):
            linked = False
        t = holder
        if linked and (
            lemma(t) in lex.background_words
            # "held a protest over", "expressed their anger following"
            or any(c.dep_ == "dobj" and lemma(c) in lex.background_words for c in t.children)
        ):
            return True
    return False


_MONTH_NAMES = frozenset(m.lower() for m in load_table("dates")["months"])


def _month_span(tm: TimeMatch) -> bool:
    """A period of at most about a month ("in August", "in November 2015"); "in 1909" or
    "this year" stay periods."""
    w = tm.when
    if w.start is None or w.end is None:  # "in August" with no year to resolve it
        words = set(_PUNCT.sub(" ", w.text.lower()).split())
        return bool(words & _MONTH_NAMES) and not any(x.isdigit() for x in words)
    return (date.fromisoformat(w.end[:10]) - date.fromisoformat(w.start[:10])).days <= 31


def _since(predicate: Token) -> bool:
    """'have died since the shrine opened', 'killed since 2015': a running total."""
    for c in predicate.children:
        if c.dep_ == "prep" and c.lower_ == "since":
            return True
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "since" for m in c.children):
            return True
    return False


def _present_perfect_in_place(reading: Reading, clause: list[Token], lex: Lexicon) -> bool:
    """'44 soldiers have died in <country>' with no incident named: a running total."""
    verb = reading.predicate
    if verb.pos_ not in ("VERB", "AUX") or lemma(verb) not in lex.present_perfect_verbs:
        return False
    if not any(c.dep_ == "aux" and c.lower_ in ("have", "has", "'ve") for c in verb.children):
        return False
    if any(lemma(t) in lex.event_nouns for t in clause):
        return False
    return any(
        prep.dep_ == "prep"
        and prep.lower_ == "in"
        and any(t.ent_type_ in _PLACE_LABELS for t in prep.subtree)
        for prep in verb.children
    )


def place_entities(doc: Doc) -> list[Span]:
    """Places in ``doc`` that can locate an event (objects of 'in', 'at', 'near' ...)."""
    out: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in _PLACE_LABELS:
            continue
        root = ent.root
        t = root
        while (
            t.dep_ in ("conj", "appos", "compound")
            and t.head.i != t.i
            and t.head.i not in (range(ent.start, ent.end))
        ):
            if (
                t.dep_ == "compound"
                and t.head.ent_type_ not in _PLACE_LABELS
                and (
                    t.head.pos_ == "NOUN"
                    and t.head.lemma_.lower() not in ("province", "district", "city", "region")
                )
            ):
                break
            t = t.head
        if t.dep_ == "pobj" and t.head.lower_ in _PLACE_PREPS:
            out.append(ent)
        elif t.dep_ == "ROOT" and len(doc) <= ent.end - ent.start + 2:
            out.append(ent)  # a dateline or caption that is just a place
    return out


def where_of(reading: Reading, places: list[Span], main_place: str | None) -> list[str]:
    """Places of the figure's clause, else of its sentence, else the article's main place."""
    clause_ids = {t.i for t in clause_of(reading)}
    tied = [p.text for p in places if p.root.i in clause_ids]
    if not tied:
        tied = [p.text for p in places]
    if not tied and main_place:
        tied = [main_place]
    return list(dict.fromkeys(tied))


def main_place(place_lists: Iterable[list[Span]]) -> str | None:
    """The most frequent place among the article's parsed sentences (first seen wins ties)."""
    counts: Counter[str] = Counter()
    order: dict[str, int] = {}
    for places in place_lists:
        for p in places:
            counts[p.text] += 1
            order.setdefault(p.text, len(order))
    if not counts:
        return None
    return max(counts, key=lambda k: (counts[k], -order[k]))


# --- incidents a figure covers ----------------------------------------------------------

IncidentContext = tuple[int, str] | None  # (count, incident noun) of the related incidents


def incident_context(text: str, lex: Lexicon) -> IncidentContext:
    """How many related incidents ``text`` reports ("this was one of three related
    attacks", "a series of four bombings"), with the incident noun, or None when it says
    no count or two different ones."""
    found: list[tuple[int, str]] = []
    for pattern in lex.incident_context:
        for m in pattern.finditer(text):
            n = _count_word(m["n"], lex)
            if n is not None and n >= 2:
                found.append((n, m["noun"].lower()))
    if not found or len({n for n, _ in found}) > 1:
        return None
    return found[0]


class RelatedIncidents:
    """`incident_context` of an article's text, read on first use (most figures never
    need it: only a definite plural without a count refers to it)."""

    __slots__ = ("_lex", "_text", "_value", "_read")

    def __init__(self, text: str, lex: Lexicon) -> None:
        self._text = text
        self._lex = lex
        self._value: IncidentContext = None
        self._read = False

    def get(self) -> IncidentContext:
        if not self._read:
            self._value = incident_context(self._text, self._lex)
            self._read = True
        return self._value


def _count_word(words: str, lex: Lexicon) -> int | None:
    """An exact (or at-least) count of incidents: "three", "4", "both", "at least two"."""
    word = words.strip().lower()
    if word in lex.incident_counts:
        return lex.incident_counts[word]
    q = parse_quantity(words)
    if q is None or q.value is None or q.bound not in ("=", ">="):
        return None
    return q.value


# What an incident phrase says: one incident, several (a count or None when unsaid), or
# nothing about incidents at all (None).
_ONE = 1
_SEVERAL = -1


def incidents_of(reading: Reading, context: RelatedIncidents | None, lex: Lexicon) -> int | None:
    """How many incidents the figure of ``reading`` covers when its clause says so: 3 for
    "killed across the three events", 2 for "across both attacks" or "between this and
    an attack in the north"; the article's related incidents (``context``) for a definite
    plural ("across the attacks", "in the ensuing clashes"). None for one incident or
    when the text does not say. Tables: ``data/scope.toml`` [incidents]."""
    verb = reading.predicate
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    own: list[Token] = [reading.predicate, reading.anchor, verb]
    if reading.noun is not None:
        own.append(reading.noun)
    own.extend(a for a in reading.predicate.ancestors if a.i != verb.i and verb in a.ancestors)
    top = verb
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head
    members = sorted([top, *top.conjuncts], key=lambda m: m.i)
    groups: list[list[Token]] = [_incident_phrases(own, lex, subject_of=verb)]
    groups.extend(_incident_phrases([m], lex) for m in members if m.i > verb.i)
    if top.i != verb.i:
        # a phrase before the first clause or after the last one is shared by all
        last = members[-1].i
        shared = _incident_phrases([top], lex, subject_of=top)
        groups.append([t for t in shared if t.i < top.i or t.i > last])
    for phrases in groups:
        for obj in phrases:
            said = _incidents_said(obj, context, lex)
            if said is not None:
                return said if said >= 2 else None
    return _trailing_phrase(reading, context, lex)


_CLAUSE_BREAKS = frozenset({";", ".", ":"})


def _trailing_phrase(
    reading: Reading, context: RelatedIncidents | None, lex: Lexicon
) -> int | None:
    """The first incident phrase after the figure (up to a ";"), when it combines
    incidents ("across the four attacks") and the parse tied it to another word."""
    doc = reading.predicate.doc
    start = max(reading.predicate.i, reading.anchor.i) + 1
    for t in doc[start:]:
        if t.text in _CLAUSE_BREAKS:
            return None
        if t.dep_ != "prep" or t.lower_ not in lex.incident_preps:
            continue
        for obj in t.children:
            if obj.dep_ != "pobj":
                continue
            said = _incidents_said(obj, context, lex)
            if said is None:
                continue
            if said >= 2 and t.lower_ in lex.incident_combining:
                return said
            return None
    return None


def _incident_phrases(
    holders: list[Token], lex: Lexicon, subject_of: Token | None = None
) -> list[Token]:
    """Objects of incident prepositions on ``holders`` (and the active subject of
    ``subject_of``), nearest first."""
    out: list[Token] = []
    seen: set[int] = set()
    for holder in holders:
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ in lex.incident_preps:
                for obj in c.children:
                    if obj.dep_ == "pobj" and obj.i not in seen:
                        seen.add(obj.i)
                        out.append(obj)
    if subject_of is not None:
        for c in subject_of.children:
            if c.dep_ == "nsubj" and c.i not in seen and lemma(c) in lex.incident_nouns:
                out.append(c)
    return out


def _incidents_said(obj: Token, context: RelatedIncidents | None, lex: Lexicon) -> int | None:
    """What the incident phrase headed by ``obj`` says: a count >= 2, 1 (one incident),
    `_SEVERAL` (several, count unsaid) or None (not an incident phrase)."""
    prep = obj.head if obj.dep_ == "pobj" else None
    combining = prep is not None and prep.lower_ in lex.incident_combining
    word = lemma(obj)
    counts = lex.incident_counts
    items = [obj, *obj.conjuncts, *_misattached_conjunct(obj, lex)]
    if (
        len(items) >= 2
        and all(lemma(t) in lex.incident_nouns or t.lower_ in lex.incident_stand_ins for t in items)
        and any(lemma(t) in lex.incident_nouns for t in items)
        and all(_separate(t, lex) for t in items[1:])
    ):
        # "between this and an attack in the north", "across this attack and one in ..."
        return sum(_plural_count(t, None, False, lex) or 1 for t in items)
    if obj.like_num and obj.lower_ not in lex.incident_stand_ins:
        # "across two of the events"
        inner = of_object(obj)
        if inner is None or lemma(inner) not in lex.incident_nouns:
            return None
        n = _count_word(obj.text, lex)
        return n if n is not None else _SEVERAL
    if word in lex.incident_series or word in lex.incident_references or word in counts:
        inner = of_object(obj)
        if inner is None or lemma(inner) not in lex.incident_nouns:
            return None
        n = counts.get(word) or _plural_count(inner, context, True, lex)
        return n if n is not None else _SEVERAL
    if word not in lex.incident_nouns:
        return None
    if obj.tag_ not in ("NNS", "NNPS"):
        return _ONE
    n = _plural_count(obj, context, combining, lex)
    return n if n is not None else _SEVERAL


def _separate(t: Token, lex: Lexicon) -> bool:
    """A coordinated incident that is another incident ("and a later attack", "and one in
    the north"), not a phase of the same one ("the attack and ensuing clash")."""
    return t.lower_ in lex.incident_stand_ins or any(
        c.dep_ in ("det", "nummod") and c.lower_ in lex.incident_separate for c in t.children
    )


def _misattached_conjunct(obj: Token, lex: Lexicon) -> list[Token]:
    """'across this assault and a later attack' parsed with "attack" coordinated to the
    verb: the incident noun right after "and" is the object's conjunct."""
    doc = obj.doc
    if obj.conjuncts or obj.i + 1 >= len(doc) or doc[obj.i + 1].lower_ != "and":
        return []
    for t in doc[obj.i + 2 : obj.i + 6]:
        if t.pos_ in ("VERB", "AUX") or t.is_punct:
            return []
        if t.pos_ == "NOUN" and t.dep_ == "conj":
            return [t] if lemma(t) in lex.incident_nouns else []
    return []


def _plural_count(
    noun: Token, context: RelatedIncidents | None, combining: bool, lex: Lexicon
) -> int | None:
    """The count of a plural incident noun: its number ("three attacks"), a count word
    ("both", "twin"), or the article's related incidents for a definite plural."""
    if noun.tag_ not in ("NNS", "NNPS"):
        return None
    for c in noun.children:
        if c.i > noun.i:
            continue
        if c.dep_ == "nummod":
            n = _count_word(" ".join(t.text for t in c.subtree), lex)
            if n is not None:
                return n
        if c.lower_ in lex.incident_counts and c.dep_ in ("det", "predet", "amod", "nummod"):
            return lex.incident_counts[c.lower_]
    if context is None:
        return None
    definite = any(
        c.dep_ in ("det", "predet", "poss") and c.lower_ in lex.incident_references
        for c in noun.children
    ) or (noun.dep_ == "pobj" and lemma(noun.head) == "of")  # "all of the attacks"
    related = context.get() if definite else None
    if related is None:
        return None
    n, context_noun = related
    if combining or lemma(noun) in lex.incident_context_nouns or lemma(noun) == context_noun:
        return n
    return None
