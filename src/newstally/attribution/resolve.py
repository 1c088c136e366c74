"""Who a speaker is: names as written, pronouns and short references resolved.

``it``/``he``/``they`` and short definite references (``the ministry``) are resolved
by walking back over earlier sentences (at most `WINDOW`): first the most recent
compatible speaker of a cue (itself resolved), then the most recent compatible named
subject. Within the speaker's own sentence a named subject before the pronoun comes
first ("The US launched strikes which, it says, killed ..."). A short reference is then
expanded to the fullest earlier mention of the same name ("the ministry" ->
"Foreign Ministry" -> "Russia's Foreign Ministry").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Span, Token

from .claims import Claim, sentence_claims
from .kinds import source_kind
from .lexicon import lexicon

if TYPE_CHECKING:
    from ..nlp import ArticleContext

# How many sentences back a pronoun or short reference may look.
WINDOW = 6
# How many earlier mentions a short reference may parse to find its fullest form.
MAX_NAME_MENTIONS = 8
_DEPTH = 4  # bound on pronoun-to-pronoun chains
_NAMED_LABELS = ("PERSON", "ORG", "GPE", "NORP")


@dataclass(frozen=True, slots=True)
class Speaker:
    written: str  # as written in the sentence ("it")
    resolved: str  # the name it refers to
    kind: str
    span: tuple[int, int] | None  # character span of ``written`` in the article text
    # The name is a person's, whatever its kind: "Sen. Ana Ruiz" is official and a "she".
    personal: bool = False


class _ArticleState:
    """Per-article caches (claims per sentence, resolved speakers)."""

    def __init__(self) -> None:
        self.claims: dict[int, list[Claim]] = {}
        self.cued: dict[int, bool] = {}  # sentence -> `has_cue`
        self.speakers: dict[tuple[int, Claim], Speaker] = {}


_STATES: WeakKeyDictionary[ArticleContext, _ArticleState] = WeakKeyDictionary()


def state(ctx: ArticleContext) -> _ArticleState:
    st = _STATES.get(ctx)
    if st is None:
        st = _STATES[ctx] = _ArticleState()
    return st


def has_cue(ctx: ArticleContext, i: int) -> bool:
    """Whether sentence ``i`` passes the surface gate (a cue word, a quote mark or a
    "Name:" lead), asked once per sentence: the chunk's prefetch, `statement_sentences`
    and `claims_of` each ask it of the same sentences."""
    cued = state(ctx).cued
    hit = cued.get(i)
    if hit is None:
        hit = cued[i] = lexicon().surface.search(ctx.sentence_text(i)) is not None
    return hit


def claims_of(ctx: ArticleContext, i: int) -> list[Claim]:
    """Claims of sentence ``i``; sentences without any cue word are not parsed."""
    st = state(ctx)
    if i not in st.claims:
        if not has_cue(ctx, i):
            st.claims[i] = []
        else:
            st.claims[i] = sentence_claims(ctx.doc(i))
    return st.claims[i]


def _entity_label(doc: Doc, a: int, b: int) -> str | None:
    for ent in doc.ents:
        if ent.start >= a and ent.end <= b and ent.label_ in _NAMED_LABELS:
            return ent.label_
    return None


def _is_pronoun(head: Token) -> bool:
    return head.lower_ in lexicon().pronouns


def _is_short_reference(doc: Doc, a: int, b: int, head: Token) -> bool:
    """``the ministry``/``the foreign ministry``/``the statement``: a definite common
    noun phrase without any proper name."""
    if head.pos_ not in ("NOUN", "PROPN") or doc[a].lower_ not in ("the", "this", "that"):
        return False
    if any(t.dep_ == "poss" or t.ent_type_ in ("GPE", "NORP") for t in doc[a:b]):
        return False
    if any(t.pos_ == "PROPN" for t in doc[head.i + 1 : b]):
        return False  # "the mayor of Tarvik" names its holder already
    lex = lexicon()
    lemma = head.lemma_.lower()
    if head.pos_ == "PROPN" and head.lower_ not in lex.kinds["official"]:
        return False  # "the New York Post" is a full name already
    kinds = lex.kinds
    return lemma in lex.documents or any(
        lemma in kinds[k] or head.lower_ in kinds[k] for k in ("official", "organisation", "media")
    )


def _person_name(doc: Doc, a: int, b: int, head: Token) -> str | None:
    """ "A pensioner from X, Jane Roe," -> "Jane Roe": the proper name in apposition."""
    if head.pos_ == "PROPN":
        return None
    for ent in doc.ents:
        if ent.start >= a and ent.end <= b and ent.label_ == "PERSON":
            return ent.text
    for t in doc[a:b]:
        if t.dep_ == "appos" and t.pos_ == "PROPN":
            return doc[t.left_edge.i : t.i + 1].text
    return None


def _compatible(pronoun: str, kind: str, label: str | None) -> bool:
    lex = lexicon()
    if pronoun in lex.person_pronouns:
        return kind == "person" or label == "PERSON" or kind == "official" and label == "PERSON"
    if pronoun in lex.thing_pronouns:
        return kind != "person" and label != "PERSON" and kind != "unnamed"
    return kind != "unnamed"


def _noun_phrase(doc: Doc, head: Token) -> Span:
    """The head noun with its left modifiers ("Russia's foreign ministry")."""
    a = head.i
    for child in head.lefts:
        if child.dep_ in ("det", "poss", "amod", "compound", "nmod", "nummod"):
            a = min(a, child.left_edge.i)
    b = head.i + 1
    for child in head.rights:
        if child.dep_ == "compound":
            b = max(b, child.right_edge.i + 1)
    return doc[a:b]


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|The|a|A|an|An)\s+", "", text)


def _expand_name(ctx: ArticleContext, sent: int, name: str, head_word: str) -> str:
    """The fullest mention, at or before sentence ``sent``, of the name whose head noun is
    ``head_word`` and that contains the words of ``name``: "the ministry" ->
    "Russia's Foreign Ministry"."""
    core = _strip_article(name).lower().split()
    word = re.compile(r"\b" + re.escape(head_word) + r"\b", re.IGNORECASE)
    best = name
    best_len = len(core)
    seen = 0
    for j in range(sent, -1, -1):
        if seen >= MAX_NAME_MENTIONS:
            break
        if not word.search(ctx.sentence_text(j)):
            continue
        seen += 1
        doc = ctx.doc(j)
        for t in doc:
            if t.lower_ != head_word.lower():
                continue
            phrase = _noun_phrase(doc, t)
            words = _strip_article(phrase.text).lower().split()
            # The mention must end with the reference's words, in order.
            if words[-len(core) :] != core and not set(core) <= set(words):
                continue
            if len(words) > best_len:
                best, best_len = _strip_article(phrase.text), len(words)
    return best


def _subject_candidates(
    doc: Doc, before: int | None, exclude: tuple[int, int] | None = None
) -> list[Token]:
    """Named subjects of the sentence (before token ``before``, outside ``exclude``),
    most recent first."""
    found: list[Token] = []
    for t in doc:
        if before is not None and t.i >= before:
            break
        if exclude is not None and exclude[0] <= t.i < exclude[1]:
            continue
        if t.dep_ not in ("nsubj", "nsubjpass") or t.pos_ == "PRON":
            continue
        if t.pos_ == "PROPN" or t.ent_type_ in _NAMED_LABELS or _kind_word(t):
            found.append(t)
    found.reverse()
    return found


_CAPITALISED_INSIDE = re.compile(r"\s[A-Z]")


def _may_name_someone(sentence: str) -> bool:
    """Cheap test before parsing a sentence for antecedents: a capitalised word after
    the first, or a word that names a kind of speaker ("ministry", "police")."""
    return bool(_CAPITALISED_INSIDE.search(sentence) or lexicon().kind_words.search(sentence))


def _kind_word(t: Token) -> bool:
    kinds = lexicon().kinds
    lemma = t.lemma_.lower()
    return any(lemma in kinds[k] for k in ("official", "organisation", "media", "person"))


def _candidate(ctx: ArticleContext, sent: int, head: Token, depth: int) -> Speaker:
    """A named subject as a possible antecedent, its name resolved."""
    doc = ctx.doc(sent)
    a, b = _noun_phrase(doc, head).start, _noun_phrase(doc, head).end
    a, b = min(a, head.left_edge.i), b
    return _named(ctx, sent, a, b, head, depth)


def _antecedent(
    ctx: ArticleContext,
    sent: int,
    token: int,
    pronoun: str,
    depth: int,
    exclude: tuple[int, int] | None,
) -> Speaker | None:
    """What pronoun ``pronoun`` (token ``token`` of sentence ``sent``) refers to."""
    lex = lexicon()

    def usable(sp: Speaker, label: str | None = None) -> bool:
        return (
            bool(sp.resolved)
            and sp.resolved.lower() not in lex.pronouns
            and _compatible(pronoun, sp.kind, label or ("PERSON" if sp.personal else None))
        )

    doc = ctx.doc(sent)
    # 1. A speaker or named subject earlier in the same sentence.
    for claim in reversed(claims_of(ctx, sent)):
        if claim.speaker_head is not None and claim.speaker_head < token:
            if exclude is not None and exclude[0] <= claim.speaker_head < exclude[1]:
                continue
            sp = speaker_of(ctx, sent, claim, depth + 1)
            if usable(sp):
                return sp
    for t in _subject_candidates(doc, token, exclude):
        sp = _candidate(ctx, sent, t, depth + 1)
        if usable(sp, t.ent_type_ or None):
            return sp
    first = max(0, sent - WINDOW)
    # 2. The most recent speaker of a cue in earlier sentences.
    for j in range(sent - 1, first - 1, -1):
        for claim in reversed(claims_of(ctx, j)):
            if claim.speaker_head is None:
                continue
            sp = speaker_of(ctx, j, claim, depth + 1)
            if usable(sp):
                return sp
    # 3. The most recent named subject outside quotes.
    for j in range(sent - 1, first - 1, -1):
        if not _may_name_someone(ctx.sentence_text(j)):
            continue
        quoted = [c.content for c in claims_of(ctx, j) if c.quoted]
        for t in _subject_candidates(ctx.doc(j), None):
            if any(a <= t.i < b for a, b in quoted):
                continue
            sp = _candidate(ctx, j, t, depth + 1)
            if usable(sp, t.ent_type_ or None):
                return sp
    return None


def _last_speaker(ctx: ArticleContext, sent: int, depth: int) -> Speaker | None:
    """The most recent named speaker before sentence ``sent`` (for "the statement")."""
    for j in range(sent - 1, max(0, sent - WINDOW) - 1, -1):
        for claim in reversed(claims_of(ctx, j)):
            if claim.speaker_head is None:
                continue
            sp = speaker_of(ctx, j, claim, depth + 1)
            if sp.kind != "unnamed":
                return sp
    return None


def speaker_of(ctx: ArticleContext, sent: int, claim: Claim, depth: int = 0) -> Speaker:
    """The speaker of ``claim`` (in sentence ``sent``), resolved; cached per article, by
    the whole claim (its speaker, and the content a pronoun's antecedent must precede)."""
    st = state(ctx)
    key = (sent, claim)
    cached = st.speakers.get(key)
    if cached is not None:
        return cached
    speaker = _resolve(ctx, sent, claim, depth)
    if depth < _DEPTH:
        st.speakers[key] = speaker
    return speaker


def _resolve(ctx: ArticleContext, sent: int, claim: Claim, depth: int) -> Speaker:
    if claim.speaker is None or claim.speaker_head is None:
        return Speaker("", "", "unnamed", None)
    doc = ctx.doc(sent)
    a, b = claim.speaker
    head = doc[claim.speaker_head]
    written = doc[a:b].text
    span = ctx.char_span(sent, a, b)
    if claim.antecedent is not None:
        # "Smith, who said ...": the relative pronoun stands for the noun before it.
        noun = doc[claim.antecedent]
        found = _candidate(ctx, sent, noun, depth)
        return replace(found, written=written, span=span)
    if _is_pronoun(head):
        if depth < _DEPTH:
            found = _antecedent(ctx, sent, head.i, head.lower_, depth, claim.content)
            if found is not None:
                return replace(found, written=written, span=span)
        return Speaker(written, written, "unnamed", span)
    return _named(ctx, sent, a, b, head, depth)


def _named(ctx: ArticleContext, sent: int, a: int, b: int, head: Token, depth: int) -> Speaker:
    """The name of the non-pronoun phrase [a, b) headed by ``head``: short references
    expanded, a proper name in apposition preferred, a surname completed."""
    doc = ctx.doc(sent)
    written = doc[a:b].text
    span = ctx.char_span(sent, a, b)
    label = _entity_label(doc, a, b)
    resolved = written
    # A person's name heads the phrase ("Sen. Ana Ruiz"), not just sits in it ("the Ruiz
    # campaign"): pronouns like "she" may refer to it whatever its kind.
    personal = label == "PERSON" and head.ent_type_ == "PERSON"
    if _is_short_reference(doc, a, b, head):
        if head.lemma_.lower() in lexicon().documents:
            found = _last_speaker(ctx, sent, depth) if depth < _DEPTH else None
            if found is not None:
                return replace(found, written=written, span=span)
        else:
            phrase = _noun_phrase(doc, head).text
            expanded = _expand_name(ctx, sent, phrase, head.text)
            resolved = expanded if expanded != phrase else written
    else:
        person = _person_name(doc, a, b, head)
        if person is not None:
            resolved, label, personal = person, "PERSON", True
        elif head.pos_ == "PROPN" and b - a == 1:
            resolved = _full_person_name(ctx, sent, head.text) or written
        elif head.pos_ == "PROPN" and any(c.dep_ in ("appos", "relcl") for c in head.rights):
            # "Maria Oltean, a nurse in Tarvik," -> "Maria Oltean", a person whatever
            # label the small model gave the name or a word of the apposition.
            resolved = _noun_phrase(doc, head).text
            roles = lexicon().person_roles
            if any(c.dep_ == "appos" and c.lemma_.lower() in roles for c in head.rights):
                label, personal = "PERSON", True
    kind = source_kind(resolved, label)
    return Speaker(written, resolved, kind, span, personal=personal or kind == "person")


def _full_person_name(ctx: ArticleContext, sent: int, surname: str) -> str | None:
    """ "Petrenko" -> "Olga Petrenko" from an earlier mention (text search, no parse)."""
    end = ctx.sentences[sent][0]
    if ctx.text.find(surname, 0, end) < 0:
        return None  # no earlier mention (the pattern below holds the surname as written)
    pattern = re.compile(r"\b((?:[A-Z][\w’'-]+\s+){1,2})" + re.escape(surname) + r"\b")
    best: str | None = None
    for m in pattern.finditer(ctx.text, 0, end):
        first = m.group(1).split()
        if first and first[0] in lexicon().not_first_names:
            continue
        name = m.group(0)
        if best is None or len(name) > len(best):
            best = name
    return best
