"""Attributions inside one parsed sentence, found on the dependency parse.

A `Claim` ties a cue (the reporting words) to a speaker (a noun phrase of the sentence,
or none when the speaker is implicit) and to the content it attributes (a token range
of the sentence). Shapes handled:

- ``X said (that) ...`` / ``X has admitted that ...``: content = the cue verb's
  clausal complement (ccomp/xcomp), speaker = its subject;
- ``"...," X said`` / ``"...," said X`` / ``X said: "..."``: direct quotes, found from
  the quote marks when the parse does not tie the quote to the cue;
- ``..., X said.``: the cue as parataxis of the content's verb;
- ``..., which, it says, killed ...``: a parenthetical cue inside a clause; content =
  that clause without the cue (`Claim.hole`);
- ``with some outlets claiming that ...``: a participle modifying its speaker (acl);
- ``days after acknowledging five deaths``: a participle without subject whose speaker
  is the subject of the clause it hangs from (preferring a cue verb's subject);
- ``According to X, ...``: content = the clause the phrase modifies;
- ``X called the attack a "massacre"``, ``X spoke of ...``: object content;
- ``..., who said ...``: the written speaker is the relative pronoun; the noun it
  refers to is kept in `Claim.antecedent`;
- ``his claim that ...``, ``the ministry's statement on ...``: an owned cue noun;
- ``Ministry: 40 dead in floods`` / ``SMITH: ...``: a name before a colon (headlines,
  transcripts);
- ``a strike that executives said could last weeks``: a relative or wh-word fronted
  before speaker and cue; content = the complement with speaker and cue cut out;
- ``X seems to ...``, ``it appears that ...``, ``X is expected to ...``: the article's
  own hedge, no speaker; content = subject plus complement;
- stance cues measured on PolNeAR ("seeks to", "listed three reasons", "believe that"
  with a named subject, "a poll shows X ahead", "focused on ...", "X is critical of
  ..."): statements, but `Claim.stance` keeps them and the hedges above from ever
  being the source of a figure.

A cue verb's shapes are two tables, `VERB_SHAPES` (what is said) and `SPEAKER_SHAPES`
(who says it), each shape named and with an example sentence that
tests/attribution/test_verb_shapes.py reads; `_verb_claim` runs them in order.

A cue inside someone's direct quote is still a claim here (`source_for` needs it);
`find_statements` leaves it out, as PolNeAR does.

Which words are cues, and of which shape, is data: ``data/attribution.toml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .lexicon import CueLexicon, lexicon
from .quotes import QUOTE_TOKENS, find_quotes, is_opening_mark

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_COMPLEMENTS = ("ccomp", "xcomp")
_CLAUSES = ("ROOT", "ccomp", "xcomp", "advcl", "relcl", "conj", "parataxis", "acl", "pcomp")
_OPEN_MARKS = ('"', "“", "‘", "''")
_CLOSE_MARKS = ('"', "”", "’", "''")
_QUOTE_MARKS = frozenset(_OPEN_MARKS + _CLOSE_MARKS + ("'", "«", "»"))
# Punctuation that never starts or ends a content or speaker span.
_EDGE = frozenset(",;:—–-()[]")
_RELATIVE = ("who", "which", "that", "whom")
# How many tokens may separate a quote from the cue that follows or precedes it.
_QUOTE_CUE_GAP = 8


@dataclass(frozen=True, slots=True)
class Claim:
    """One attribution in a sentence; all positions are token indices of its doc."""

    cue: tuple[int, int]  # token range [start, end) of the cue words
    speaker: tuple[int, int] | None  # token range of the speaker as written
    speaker_head: int | None
    content: tuple[int, int]  # token range [start, end) of what is attributed
    hole: tuple[int, int] | None = None  # a parenthetical cue clause inside content
    antecedent: int | None = None  # head noun a relative-pronoun speaker refers to
    quoted: bool = False  # content is a direct quote
    colon: bool = False  # "Name: ..." (headline or transcript); content runs to line end
    stance: bool = False  # a stance or hedge cue ("seeks to", "seems"): never a source

    def covers(self, i: int) -> bool:
        if not self.content[0] <= i < self.content[1]:
            return False
        return self.hole is None or not self.hole[0] <= i < self.hole[1]

    @property
    def size(self) -> int:
        return self.content[1] - self.content[0]


# One attribution of an article: (sentence, claim, content character span).
Entry = tuple[int, Claim, tuple[int, int]]


def _claim_by(
    doc: Doc,
    cue: tuple[int, int],
    speaker: Token,
    content: tuple[int, int],
    *,
    hole: tuple[int, int] | None = None,
    quoted: bool = False,
    stance: bool = False,
) -> Claim:
    """A claim whose speaker is the phrase of token ``speaker`` (range and head from the
    same token)."""
    return Claim(
        cue=cue,
        speaker=speaker_range(doc, speaker),
        speaker_head=speaker.i,
        content=content,
        hole=hole,
        quoted=quoted,
        stance=stance,
    )


def _quote_balance(doc: Doc, a: int, b: int) -> int:
    """Opening minus closing quote marks in [a, b) (straight quotes count by parity)."""
    text = doc[a:b].text
    straight = sum(t.text in ('"', "''") for t in doc[a:b])
    return text.count("“") - text.count("”") + straight % 2


def trim(doc: Doc, a: int, b: int) -> tuple[int, int]:
    """Shrink [a, b) past white space and edge punctuation; a quote mark at an edge is
    kept only when it pairs with one inside the range."""
    changed = True
    while changed and a < b:
        changed = False
        while a < b and (doc[a].is_space or doc[a].text in _EDGE):
            a, changed = a + 1, True
        while b > a and (doc[b - 1].is_space or doc[b - 1].text in _EDGE):
            b, changed = b - 1, True
        # An opening quote whose end lies beyond the sentence stays.
        if (
            a < b
            and doc[a].text in _QUOTE_MARKS
            and _quote_balance(doc, a, b) != 0
            and not (doc[a].text in _OPEN_MARKS and doc[b - 1].text not in _CLOSE_MARKS)
        ):
            a, changed = a + 1, True
        if (
            b > a
            and doc[b - 1].text in _QUOTE_MARKS
            and _quote_balance(doc, a, b) != 0
            and (doc[b - 1].text in ("”", "’") or doc[a].text in _QUOTE_MARKS)
        ):
            b, changed = b - 1, True
    return a, b


def _span(token: Token) -> tuple[int, int]:
    return token.left_edge.i, token.right_edge.i + 1


def subject_of(verb: Token) -> Token | None:
    """The verb's grammatical subject, or the one of the verb it is conjoined to."""
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            return child
    # "called the attack a massacre and said ...": a conjoined verb shares the subject.
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head)
    return None


def _agent(verb: Token) -> Token | None:
    """The by-phrase object of a passive cue ("was reported by officials")."""
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def speaker_range(doc: Doc, head: Token) -> tuple[int, int]:
    """The speaker phrase: the subject's subtree up to a relative clause, participle or
    parenthesis that follows the head, without edge punctuation."""
    a, b = _span(head)
    for child in head.rights:
        if child.dep_ in ("relcl", "acl", "advcl") or child.text in ("(", "—", "–"):
            b = min(b, child.left_edge.i)
            break
    return trim(doc, a, b)


def lemma_of(token: Token, lex: CueLexicon) -> str:
    """The token's lower-cased lemma, with the rule table's lemma fixes applied."""
    lemma = token.lemma_.lower()
    return lex.lemma_fixes.get(lemma, lemma)


def _is_cue(token: Token, lex: CueLexicon) -> bool:
    return token.pos_ in ("VERB", "AUX") and lemma_of(token, lex) in lex.cue_verbs


def _is_quote_cue(token: Token, lex: CueLexicon) -> bool:
    return _is_cue(token, lex) or (token.pos_ == "VERB" and lemma_of(token, lex) in lex.quote_only)


def _cue_range(doc: Doc, verb: Token, lex: CueLexicon) -> tuple[int, int]:
    """The cue words: the verb with its auxiliaries right before it ("has admitted"),
    its particle ("pointed out"), "of"/"about", the addressee of "told" ("told the
    BBC") and a following "in a statement"."""
    a, b = verb.i, verb.i + 1
    while a > 0 and doc[a - 1].dep_ in ("aux", "auxpass", "neg") and doc[a - 1].head == verb:
        a -= 1
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == b:
            b += 1
    if b < len(doc) and doc[b].lower_ in ("of", "about") and doc[b].head == verb:
        b += 1
    if verb.lemma_ == "tell":
        for child in verb.rights:
            if child.dep_ in ("dobj", "dative") and child.left_edge.i == b:
                b = child.right_edge.i + 1
    for ext in lex.cue_extensions:
        end = _match_words(doc, b, ext)
        if end is not None:
            return a, end
    return a, b


def _match_words(doc: Doc, start: int, words: tuple[str, ...]) -> int | None:
    """End of ``words`` matched from token ``start`` on, skipping white-space tokens
    (non-breaking spaces become tokens of their own)."""
    i = start
    for word in words:
        while i < len(doc) and doc[i].is_space:
            i += 1
        if i >= len(doc) or doc[i].lower_ != word:
            return None
        i += 1
    return i


def _complement(verb: Token, lex: CueLexicon | None = None) -> Token | None:
    """The clausal complement, preferring one after the verb (a complement before it
    is either a fronted quote or a misparse of an introductory clause). Cues of the
    `clausal` class take only a that-clause, `infinitival` ones only a to-infinitive."""
    deps: tuple[str, ...] = _COMPLEMENTS
    if lex is not None:
        lemma = lemma_of(verb, lex)
        if lemma in lex.clausal or lemma in lex.infinitival:
            deps = ("ccomp",) * (lemma in lex.clausal) + ("xcomp",) * (lemma in lex.infinitival)
    found = [c for c in verb.children if c.dep_ in deps]
    after = [c for c in found if c.i > verb.i]
    return after[0] if after else (found[0] if found else None)


def _implicit_subject(verb: Token, lex: CueLexicon) -> Token | None:
    """Speaker of a subjectless participle ("days after acknowledging ..."): the subject
    of the nearest cue verb above it, else of the nearest clause with an active
    subject."""
    node, fallback = verb.head, None
    for _ in range(12):
        if node.pos_ in ("VERB", "AUX"):
            subject = subject_of(node)
            if subject is not None:
                if _is_cue(node, lex):
                    return subject
                if fallback is None and subject.dep_ == "nsubj":
                    fallback = subject
        if node.head is node:
            break
        node = node.head
    return fallback


_OBJECTS = ("dobj", "dative", "oprd", "attr", "acomp", "xcomp", "ccomp")
_OBJECT_PREPS = ("of", "for", "about", "against", "to", "as", "on", "over", "with")


def _prep_fits(lemma: str, prep: str) -> bool:
    if lemma == "call":
        return prep == "for"
    if prep == "to":
        return lemma in ("refer", "point", "allude")
    return prep in ("of", "about")


def _object_content(verb: Token, lemma: str, lex: CueLexicon) -> tuple[int, int] | None:
    """Content that is not a clause: "spoke of several dozen citizens", 'called the
    raid a "massacre"', "accused X of ...", "acknowledging five deaths"."""
    rights = list(verb.rights)
    if lemma in lex.predicative:
        objects = [c for c in rights if c.dep_ in ("dobj", "oprd")]
        if any(c.dep_ == "oprd" for c in objects):
            return objects[0].left_edge.i, objects[-1].right_edge.i + 1
    preps = lex.prep_content.get(lemma)
    if preps:
        for child in rights:
            if child.dep_ == "prep" and child.lower_ in preps:
                objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                if objects:
                    return objects[0].left_edge.i, objects[-1].right_edge.i + 1
    if lemma in lex.speak_of:
        for child in rights:
            if child.dep_ == "prep" and _prep_fits(lemma, child.lower_):
                objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                if objects:
                    end = max(
                        c.right_edge.i
                        for c in rights
                        if c.i >= child.i
                        and c.dep_ in ("prep", "oprd", "advcl")
                        and c.lower_ != "in"
                    )
                    return objects[0].left_edge.i, max(end, objects[-1].right_edge.i) + 1
    if lemma in lex.object_content:
        parts = [
            c
            for c in rights
            if c.dep_ in _OBJECTS or (c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS)
        ]
        if not any(c.dep_ in _OBJECTS for c in parts):
            return None
        return parts[0].left_edge.i, max(c.right_edge.i for c in parts) + 1
    return None


def _raised_claim(doc: Doc, verb: Token, complement: Token, lex: CueLexicon) -> Claim | None:
    """'X seems to be slipping', 'it appears that ...', 'X is expected to win': the
    article's own hedge; content = the subject (unless expletive) plus the complement,
    around the cue; no speaker."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    a, b = _span(complement)
    while a > 0 and doc[a - 1].dep_ == "mark" and doc[a - 1].head == complement:
        a -= 1
    if a <= verb.i < b:
        return None
    cue = _cue_range(doc, verb, lex)
    hole = None
    if subject is not None and subject.dep_ != "expl" and subject.i < verb.i:
        if subject.lower_ in lex.not_speakers and subject.lower_ not in _RELATIVE:
            return None  # "this seems ...", "what appears ...": rarely annotated
        a, hole = _span(subject)[0], (_span(subject)[1], cue[1])
        if hole[1] >= b:
            return None
    content = trim(doc, a, b)
    if content[1] <= content[0]:
        return None
    return Claim(cue=cue, speaker=None, speaker_head=None, content=content, hole=hole, stance=True)


_FRONTED_TAGS = ("WDT", "WP", "WP$", "WRB")


def _fronted_hole(
    doc: Doc, verb: Token, complement: Token, a: int, lex: CueLexicon
) -> tuple[int, int] | None:
    """'a strike that executives said could hurt earnings', 'which he says is wrong':
    the complement's relative or wh-word stands before the speaker and cue. The content
    is the complement with the speaker and cue cut out (PolNeAR marks it the same way,
    as a discontinuous span); returns that cut, or None when the shape is not this."""
    if complement.i < verb.i:
        return None
    subject = subject_of(verb)
    cue = _cue_range(doc, verb, lex)
    start = cue[0]
    if subject is not None and subject.i < verb.i:
        start = min(start, subject.left_edge.i)
    fronted = doc[a:start]
    if not 1 <= len(fronted) <= 3:
        return None
    if not all(t.tag_ in _FRONTED_TAGS or t.lower_ in _RELATIVE for t in fronted):
        return None
    return start, cue[1]


def _is_raised(verb: Token, complement: Token | None, lemma: str, lex: CueLexicon) -> bool:
    """A raising verb, or the agentless passive of a cue with a to-infinitive."""
    if complement is None or complement.i < verb.i:
        return False
    if lemma in lex.raising:
        return True
    return (
        complement.dep_ == "xcomp"
        and any(c.dep_ == "nsubjpass" for c in verb.children)
        and _agent(verb) is None
    )


@dataclass(slots=True)
class VerbCue:
    """A cue verb being read by the shapes of `VERB_SHAPES`: what they look at, and what
    they have found so far."""

    doc: Doc
    verb: Token
    lemma: str
    lex: CueLexicon
    complement: Token | None  # `_complement`
    claim: Claim | None = None  # a shape that makes the whole claim (`raised`)
    content: tuple[int, int] | None = None
    hole: tuple[int, int] | None = None
    via_object: bool = False  # the content is an object, not a clause
    speaker: Token | None = None
    antecedent: int | None = None  # the noun a relative-pronoun speaker stands for


# A shape's answer: None = not this shape (read on); True = found (content shapes: the
# content is set, later content shapes are skipped); NO_CLAIM = this shape, and no claim.
NO_CLAIM = False
ShapeReader = Callable[[VerbCue], bool | None]


@dataclass(frozen=True, slots=True)
class Shape:
    """One sentence shape a cue verb can stand in, with an example sentence whose cue
    verb is ``cue`` (tests/attribution/test_verb_shapes.py reads each example)."""

    name: str
    example: str
    cue: str
    read: ShapeReader


def _raised(c: VerbCue) -> bool | None:
    """The article's own hedge, no speaker (`_raised_claim`); a raising verb without a
    complement after it is no claim at all ("It seems so.")."""
    if _is_raised(c.verb, c.complement, c.lemma, c.lex):
        assert c.complement is not None
        c.claim = _raised_claim(c.doc, c.verb, c.complement, c.lex)
        return c.claim is not None
    return NO_CLAIM if c.lemma in c.lex.raising else None


def _clause(c: VerbCue) -> bool | None:
    """Content = the clausal complement after the cue (or a ccomp anywhere), with its
    "that"; a complement that starts before the cue is fronted (`_fronted_hole`): the
    speaker and cue are cut out of it, and without such a cut there is no claim."""
    complement = c.complement
    if complement is None or not (complement.i > c.verb.i or complement.dep_ == "ccomp"):
        return None
    a, b = _span(complement)
    # "that" before the clause belongs to the content.
    while a > 0 and c.doc[a - 1].dep_ == "mark" and c.doc[a - 1].head == complement:
        a -= 1
    if a <= c.verb.i < b:
        c.hole = _fronted_hole(c.doc, c.verb, complement, a, c.lex)
        if c.hole is None:
            return NO_CLAIM
    c.content = (a, b)
    return True


def _commented_clause(c: VerbCue) -> bool | None:
    """Content = the clause the cue comments on (the cue is its parataxis), minus the
    cue: cut off when the cue ends or starts the clause, a hole when inside it."""
    verb = c.verb
    if not (verb.dep_ == "parataxis" and verb.head.i != verb.i and c.lemma not in c.lex.stance):
        return None
    content, hole = _span(verb.head), _span(verb)
    if hole[1] >= content[1]:
        content, hole = (content[0], hole[0]), None
    elif hole[0] <= content[0]:
        content, hole = (hole[1], content[1]), None
    c.content, c.hole = content, hole
    return True


def _object(c: VerbCue) -> bool | None:
    """Content that is not a clause (`_object_content`)."""
    c.content = _object_content(c.verb, c.lemma, c.lex)
    c.via_object = c.content is not None
    return c.via_object or None


def _answer(c: VerbCue) -> bool | None:
    """A one-word answer after a speech cue (`_short_answer`)."""
    c.content = _short_answer(c.doc, c.verb, c.lemma, c.lex)
    return True if c.content is not None else None


def _loose(c: VerbCue) -> bool | None:
    """A "that" clause or quote the parse attached elsewhere (`_loose_complement`); not
    for cues that need a complement of their own."""
    if c.lemma in c.lex.needs_complement:
        return None
    c.content = _loose_complement(c.doc, c.verb)
    return True if c.content is not None else None


def _believer(c: VerbCue) -> bool | None:
    """An attitude cue ("think", "believe") is a claim only with a named believer: "I
    think ..." is below PolNeAR's bar."""
    speaker = c.speaker
    if c.lemma in c.lex.attitude and (speaker is None or speaker.pos_ not in ("NOUN", "PROPN")):
        return NO_CLAIM
    return None


def _passive_agent(c: VerbCue) -> bool | None:
    """A passive cue without subject: the speaker is the object of its by-phrase."""
    if c.speaker is None and c.verb.tag_ == "VBN":
        c.speaker = _agent(c.verb)
    return None


def _unstated_speaker(c: VerbCue) -> bool | None:
    """A cue without subject or agent: a participle modifying a noun speaks for that
    noun; a subjectless clause takes the subject of the clause above (`_implicit_subject`);
    a passive participle modifying a noun has no speaker at all, so no claim."""
    verb = c.verb
    if c.speaker is not None:
        return None
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return NO_CLAIM
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        c.speaker = verb.head
    elif verb.dep_ in ("pcomp", "advcl", "xcomp", "conj", "acl") or verb.tag_ == "VBG":
        c.speaker = _implicit_subject(verb, c.lex)
    return None


def _relative_speaker(c: VerbCue) -> bool | None:
    """A relative pronoun speaker stands for a noun (`Claim.antecedent`): the head of the
    relative clause, or when the parse hung the clause elsewhere, the nearest noun
    before the pronoun (none: no claim). Other words are no speakers (an expletive
    "there", the words of ``not_speakers``)."""
    speaker = c.speaker
    if speaker is None:
        return None
    if speaker.lower_ in _RELATIVE and c.verb.dep_ == "relcl":
        c.antecedent = c.verb.head.i
    elif speaker.lower_ in _RELATIVE and speaker.i > 0:
        c.antecedent = _noun_before(c.doc, speaker.i)
        if c.antecedent is None:
            return NO_CLAIM
    elif speaker.lower_ in c.lex.not_speakers or speaker.dep_ == "expl":
        return NO_CLAIM
    return None


def _impersonal(c: VerbCue) -> bool | None:
    """An impersonal passive has no speaker: "it" is no one."""
    if c.speaker is not None and c.speaker.dep_ == "nsubjpass" and c.speaker.lower_ == "it":
        c.speaker = None
    return None


def _speaker_in_content(c: VerbCue) -> bool | None:
    """A "speaker" inside what is said (and not in the cut-out hole) is a misparse."""
    speaker, content, hole = c.speaker, c.content, c.hole
    if speaker is None or content is None or not content[0] <= speaker.i < content[1]:
        return None
    return None if hole is not None and hole[0] <= speaker.i < hole[1] else NO_CLAIM


# What a cue verb says: the first of these shapes that finds it decides.
VERB_SHAPES: tuple[Shape, ...] = (
    Shape("raised", "The toll is expected to rise.", "expected", _raised),
    Shape("clause", "Officials said that 40 people died.", "said", _clause),
    Shape("fronted clause", "It was a raid which the army says was planned.", "says", _clause),
    Shape(
        "commented clause",
        "The raid, officials said, killed forty people.",
        "said",
        _commented_clause,
    ),
    Shape("object", "The minister acknowledged five deaths.", "acknowledged", _object),
    Shape("short answer", "Most voters said yes.", "said", _answer),
    Shape(
        "loose complement",
        "The mayor added during the visit that the road was shut.",
        "added",
        _loose,
    ),
)
# Who says it: each of these, in order, may set or change the speaker (first the cue's
# subject), or find that there is no claim.
SPEAKER_SHAPES: tuple[Shape, ...] = (
    Shape("believer", "I think the fire was set.", "think", _believer),
    Shape(
        "passive agent",
        "Asked by reporters whether 40 had died, the minister said yes.",
        "Asked",
        _passive_agent,
    ),
    Shape(
        "unstated speaker",
        "Days after acknowledging the deaths, the commander resigned.",
        "acknowledging",
        _unstated_speaker,
    ),
    Shape(
        "relative pronoun", "Smith, who said the road was closed, left.", "said", _relative_speaker
    ),
    Shape("impersonal", "It has been reported that the road was closed.", "reported", _impersonal),
    # (A misparse: the test forces the content over the subject to show it.)
    Shape("speaker in content", "Police said the gunmen killed four.", "said", _speaker_in_content),
)


def _verb_claim(doc: Doc, verb: Token, lex: CueLexicon) -> Claim | None:
    """The claim of cue verb ``verb``: its content by the first of `VERB_SHAPES` that
    finds one, then its speaker by `SPEAKER_SHAPES`."""
    lemma = lemma_of(verb, lex)
    c = VerbCue(doc, verb, lemma, lex, _complement(verb, lex))
    for shape in VERB_SHAPES:
        found = shape.read(c)
        if found is NO_CLAIM:
            return None
        if found:
            break
    if c.claim is not None:
        return c.claim
    if c.content is None:
        return None
    c.content = trim(doc, *c.content)
    if c.content[1] <= c.content[0]:
        return None
    c.speaker = subject_of(verb)
    for shape in SPEAKER_SHAPES:
        if shape.read(c) is NO_CLAIM:
            return None
    return Claim(
        cue=_cue_range(doc, verb, lex),
        speaker=speaker_range(doc, c.speaker) if c.speaker is not None else None,
        speaker_head=c.speaker.i if c.speaker is not None else None,
        content=c.content,
        hole=c.hole,
        antecedent=c.antecedent,
        stance=lemma in lex.stance
        or (c.via_object and (lemma in lex.object_stance or lemma in lex.prep_content)),
    )


def _short_answer(doc: Doc, verb: Token, lemma: str, lex: CueLexicon) -> tuple[int, int] | None:
    """ "55 percent said so", "most said yes": a one-word answer right after a speech cue
    (spaCy parses it as an adverb or interjection, not as an object)."""
    if lemma not in lex.answer_verbs:
        return None
    nxt = verb.i + 1
    while nxt < len(doc) and doc[nxt].text == ",":
        nxt += 1
    if nxt >= len(doc) or doc[nxt].lower_ not in lex.short_answers:
        return None
    after = doc[nxt + 1] if nxt + 1 < len(doc) else None
    if after is not None and not (after.is_punct or after.pos_ in ("ADP", "CCONJ", "ADV")):
        return None  # "said so many ...", "said no one ...": a clause, not an answer
    return nxt, nxt + 1


_POLL_PARTS = ("dobj", "ccomp", "xcomp", "attr", "acomp", "oprd", "dative")


def _poll_claim(doc: Doc, verb: Token, lex: CueLexicon) -> Claim | None:
    """'41 percent would vote for Sanders', 'half want an outsider', 'a majority backed
    Smith': a share of those polled as the subject of any verb; the content is what
    follows the verb (its objects, complements and prepositional objects). A stance:
    never the source of a figure."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.i > verb.i or not _is_share(subject, lex):
        return None
    parts = [
        c
        for c in verb.rights
        if c.dep_ in _POLL_PARTS or (c.dep_ == "prep" and c.lower_ in lex.poll_preps)
    ]
    if not parts:
        return None
    content = trim(doc, parts[0].left_edge.i, max(c.right_edge.i for c in parts) + 1)
    if content[1] <= content[0]:
        return None
    return _claim_by(doc, _cue_range(doc, verb, lex), subject, content, stance=True)


def _is_share(subject: Token, lex: CueLexicon) -> bool:
    """ "55 percent", "half", "a majority", "4 in 10", "three-quarters"."""
    if subject.lemma_.lower() in lex.poll_shares or subject.lower_ in lex.poll_shares:
        return True
    # "4 in 10" / "6 in 10 voters": a number with "in" and another number.
    return (
        subject.like_num
        and any(c.lower_ == "in" for c in subject.children)
        and any(t.like_num and t is not subject for t in subject.subtree)
    )


def _noun_before(doc: Doc, i: int) -> int | None:
    """The nearest noun left of token ``i`` that is not a time adverbial ("last week"),
    without crossing a verb."""
    for t in reversed(doc[:i]):
        if t.pos_ in ("VERB", "AUX"):
            return None
        if t.pos_ in ("NOUN", "PROPN") and t.dep_ != "npadvmod":
            return t.i
    return None


def _loose_complement(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """A "that" clause or a quote right after a cue verb that the parse attached
    elsewhere ("said earlier during a news conference that ...", 'said "..."')."""
    end = len(doc)
    for t in doc[verb.i + 1 : verb.i + 10]:
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
            break  # another clause starts; its own parse decides
        if t.lower_ == "that" and t.tag_ == "IN" and t.head.i > t.i:
            return t.i, end
    nxt = verb.i + 1
    while (
        nxt < end
        and nxt <= verb.i + 2
        and doc[nxt].text in (",", ":")
        or (nxt < end and doc[nxt].is_space)
    ):
        nxt += 1
    if nxt < end and doc[nxt].text in QUOTE_TOKENS and is_opening_mark(doc.text, doc[nxt].idx):
        return nxt, end
    return None


def leading_cue(doc: Doc) -> Claim | None:
    """'Smith said of the plan on Monday.' right after a quote that ends the previous
    sentence ('"Who is to blame?" Smith said ...'): a speaker and cue at the start of
    the sentence whose verb has no content of its own. The claim's content is empty;
    the caller ties it to the quote."""
    lex = lexicon()
    for t in doc[:6]:
        if not _is_quote_cue(t, lex):
            continue
        complement = _complement(t, lex)
        if complement is not None and complement.i > t.i:
            return None
        speaker = subject_of(t)
        if speaker is None or speaker.i > t.i + 4:
            speaker = _noun_after(doc, t) if speaker is None else speaker
        if speaker is None or speaker.lower_ in lex.not_speakers:
            return None
        if any(
            x.pos_ in ("VERB", "AUX") and x.dep_ not in ("aux", "auxpass")
            for x in doc[: min(t.i, speaker.i)]
        ):
            return None
        return _quoted_claim(doc, t, speaker, (0, 0), lex)
    return None


def _colon_claim(doc: Doc, lex: CueLexicon) -> Claim | None:
    """'Ministry: 40 dead in floods', 'SMITH: Well, ...': a short name before a colon
    at the start of a sentence (headlines, transcripts)."""
    k = next((t.i for t in doc[:8] if t.text == ":"), None)
    if k is None or k == 0 or k + 1 >= len(doc):
        return None
    if any(
        t.pos_ in ("VERB", "AUX", "ADP", "PRON", "NUM", "SCONJ", "CCONJ") and t.tag_ != "POS"
        for t in doc[:k]
    ):
        return None  # a clause, not a name, before the colon
    named = any(x.pos_ == "PROPN" or x.is_upper or x.is_title for x in doc[:k])
    if not named and doc[k - 1].lemma_.lower() not in lex.documents:
        return None
    if doc[k + 1].like_num or doc[k - 1].like_num:
        return None  # "10:30"
    head = doc[k - 1]
    content = trim(doc, k + 1, len(doc))
    if content[1] <= content[0]:
        return None
    return Claim(
        cue=(k, k + 1),
        speaker=(0, k),
        speaker_head=head.i,
        content=content,
        colon=True,
    )


def _outranks_colon(claim: Claim, colon: Claim) -> bool:
    """Whether ``claim`` makes a colon claim of its sentence wrong: the colon lies inside
    its content, or its speaker opens the text after the colon ("Karsa blast: ministry
    says 12 dead", where the words before the colon name the topic, not a teller)."""
    if claim.content[0] <= colon.cue[0] < claim.content[1]:
        return True
    return claim.speaker is not None and claim.speaker[0] == colon.cue[1]


def _prepositional_claims(doc: Doc, lex: CueLexicon) -> list[Claim]:
    claims: list[Claim] = []
    lower = [t.lower_ for t in doc]
    by_first = lex.prepositional_by_first
    for i, word in enumerate(lower):
        # Only the phrases that start with this word can match here (same order).
        for phrase in by_first.get(word, ()):
            if tuple(lower[i : i + len(phrase)]) != phrase:
                continue
            claim = _prepositional_claim(doc, i, len(phrase))
            if claim is not None:
                claims.append(claim)
            break
    return claims


def _prepositional_claim(doc: Doc, i: int, length: int) -> Claim | None:
    last = doc[i + length - 1]
    objects = [c for c in last.children if c.dep_ in ("pobj", "dobj")]
    if not objects and i + length < len(doc):
        # The parser sometimes hangs the object elsewhere: take the noun phrase that
        # follows the phrase.
        head = doc[i + length]
        if head.pos_ not in ("NOUN", "PROPN", "DET", "PRON", "ADJ", "NUM"):
            return None
        while head.head.i > head.i and head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head
        objects = [head]
    if not objects:
        return None
    speaker_tok = objects[0]
    phrase_span = (i, max(speaker_tok.right_edge.i + 1, i + length))
    # The content: the clause the phrase modifies, without the phrase.
    anchor = doc[i].head
    while anchor.dep_ not in _CLAUSES and anchor.head is not anchor:
        anchor = anchor.head
    a, b = _span(anchor)
    a, b = min(a, phrase_span[0]), max(b, phrase_span[1])
    hole = None
    if phrase_span[0] <= a:
        a = phrase_span[1]
    elif phrase_span[1] >= b:
        b = phrase_span[0]
    else:
        hole = phrase_span
    content = trim(doc, a, b)
    if content[1] <= content[0]:
        return None
    return _claim_by(doc, (i, i + length), speaker_tok, content, hole=hole)


_NOUN_CONTENT_PREPS = ("of", "on", "about", "for", "against", "to", "that")


def _noun_claim(doc: Doc, noun: Token, lex: CueLexicon) -> Claim | None:
    """ "his claim that ...", "the ministry's statement on ...": an owned cue noun; or one
    of the `unowned_nouns` whose speaker is the subject of the verb it is the object of
    ("Smith renewed calls for ...": a stance, never the source of a figure)."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    content: tuple[int, int] | None = None
    for child in noun.rights:
        if child.dep_ in ("acl", "ccomp", "relcl") and any(
            m.lower_ == "that" and m.dep_ == "mark" for m in child.children
        ):
            content = _span(child)
        elif child.dep_ == "prep" and child.lower_ in ("by", "from") and owner is None:
            owner = next((c for c in child.children if c.dep_ == "pobj"), None)
            continue
        elif child.dep_ == "prep" and child.lower_ in _NOUN_CONTENT_PREPS and content is None:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                content = _span(objects[0])
        if content is not None and owner is not None:
            break
    if content is None or (owner is not None and owner.lower_ in _RELATIVE):
        return None
    unowned = owner is None
    if unowned:
        if noun.lemma_.lower() not in lex.unowned_nouns:
            return None
        owner = _governing_subject(noun)
        if owner is None:
            return None
    content = trim(doc, *content)
    if content[1] <= content[0]:
        return None
    return _claim_by(doc, (noun.i, noun.i + 1), owner, content, stance=unowned)


def _governing_subject(noun: Token) -> Token | None:
    """The subject of the verb whose object holds ``noun`` ("Smith renewed calls for a
    recount", "Jones faced questions about the deal"): the speaker of a cue noun
    without an owner."""
    node = noun
    while node.dep_ in ("pobj", "prep", "conj") and node.head is not node:
        node = node.head
    if node.dep_ not in ("dobj", "nsubjpass", "attr") or node.head.pos_ not in ("VERB", "AUX"):
        return None
    subject = subject_of(node.head)
    if subject is None or subject.lower_ in _RELATIVE:
        return None
    return subject if subject.pos_ in ("PROPN", "NOUN", "PRON") else None


def _adjective_claim(doc: Doc, adj: Token, lex: CueLexicon) -> Claim | None:
    """'X is critical of Y', 'eager to run', 'confident that ...': a stance adjective
    after a copula; the copula's subject is the speaker."""
    kinds = lex.adjectives[adj.lemma_.lower()]
    content: tuple[int, int] | None = None
    for child in adj.rights:
        if child.dep_ == "prep" and child.lower_ in kinds:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                content = objects[0].left_edge.i, objects[-1].right_edge.i + 1
        elif child.dep_ in ("ccomp", "xcomp") and child.dep_ in kinds:
            content = _span(child)
            while content[0] > 0 and doc[content[0] - 1].dep_ == "mark":
                content = content[0] - 1, content[1]
        if content is not None:
            break
    if content is None:
        return None
    speaker_tok = None
    if adj.dep_ in ("acomp", "oprd") and adj.head.pos_ in ("AUX", "VERB"):
        speaker_tok = subject_of(adj.head)
    elif adj.dep_ == "amod" and adj.head.pos_ in ("NOUN", "PROPN"):
        speaker_tok = adj.head
    if speaker_tok is None or speaker_tok.lower_ in lex.not_speakers:
        return None
    content = trim(doc, *content)
    if content[1] <= content[0] or content[0] <= speaker_tok.i < content[1]:
        return None
    return _claim_by(doc, (adj.i, adj.i + 1), speaker_tok, content, stance=True)


# The characters of `QUOTE_TOKENS` ("''" is made of two straight single quotes).
_QUOTE_MARKS = ('"', "“", "”", "''")


def _sentence_quotes(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the quotes of a sentence, marks included; a quote opened in an
    earlier sentence starts at 0, one that closes in a later sentence ends at len(doc)."""
    text = doc.text
    if not any(mark in text for mark in _QUOTE_MARKS):
        return []  # no mark that a quote token (`QUOTE_TOKENS`) could be made of
    pairs = find_quotes(text)
    # Where each paired mark starts (a closing '' starts two characters before the end).
    covered = {i for a, b in pairs for i in (a, b - 2 if text.startswith("''", b - 2) else b - 1)}
    ranges: list[tuple[int, int]] = []
    for a, b in pairs:
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is not None:
            ranges.append((span.start, span.end))
    for t in doc:
        if t.text not in QUOTE_TOKENS or t.idx in covered:
            continue
        if is_opening_mark(text, t.idx):
            if not any(a <= t.i < b for a, b in ranges):
                ranges.append((t.i, len(doc)))
        elif not any(a <= t.i < b for a, b in ranges):
            ranges.append((0, t.i + 1))
    return sorted(ranges)


def _quote_claims(doc: Doc, lex: CueLexicon, claims: list[Claim]) -> list[Claim]:
    """Direct quotes tied to a cue by position ('"...," the ministry said',
    '"...," said X', 'X said: "..."') that the parse did not already attribute."""
    found: list[Claim] = []
    for qa, qb in _sentence_quotes(doc):
        if qb - qa < 4 and qb < len(doc):
            continue  # a scare quote ("massacre") is part of some other content
        if any(c.content[0] < qb and qa < c.content[1] and not qa <= c.cue[0] < qb for c in claims):
            continue
        if _is_title(doc, qa, qb, lex):
            continue
        claim = _cue_after(doc, qa, qb, lex) or _cue_before(doc, qa, qb, lex)
        if claim is not None:
            found.append(claim)
    return found


def _is_title(doc: Doc, qa: int, qb: int, lex: CueLexicon) -> bool:
    """A quoted name of a show or book ('on ABC's "Morning Report," she said'), not a
    direct quote: a few capitalised words after a possessive or `title_before` word."""
    if qa == 0 or not (doc[qa - 1].tag_ == "POS" or doc[qa - 1].lower_ in lex.title_before):
        return False
    words = [t for t in doc[qa:qb] if not t.is_punct and not t.is_space]
    return 0 < len(words) <= lex.title_words and all(
        t.is_title or t.is_upper or t.lower_ in lex.title_small_words for t in words
    )


def _cue_after(doc: Doc, qa: int, qb: int, lex: CueLexicon) -> Claim | None:
    inner_end = doc[qb - 2] if qb - 2 > qa else None
    # The quote must end a stretch of speech: ',"' '."' '?"' '!"' or end the sentence.
    ends_speech = inner_end is not None and inner_end.text in (",", ".", "?", "!", "—")
    if qb < len(doc) and not ends_speech and doc[qb].text not in (",", "—"):
        return None
    for j in range(qb, min(len(doc), qb + _QUOTE_CUE_GAP)):
        t = doc[j]
        if t.text in _QUOTE_MARKS:
            return None
        if _is_quote_cue(t, lex):
            speaker = subject_of(t)
            if speaker is None or speaker.i < qb:
                speaker = _noun_near(doc, qb, j) or _noun_after(doc, t)
            if speaker is None:
                return None
            return _quoted_claim(doc, t, speaker, (qa, qb), lex)
    return None


def _quoted_claim(
    doc: Doc, cue: Token, speaker: Token, content: tuple[int, int], lex: CueLexicon
) -> Claim:
    """A claim whose content is a direct quote (token range), given by ``speaker``."""
    return _claim_by(doc, _cue_range(doc, cue, lex), speaker, content, quoted=True)


def _noun_near(doc: Doc, a: int, b: int) -> Token | None:
    """The last noun or pronoun in [a, b) (the speaker before a cue: '," the ministry said')."""
    for t in reversed(doc[a:b]):
        if t.pos_ in ("NOUN", "PROPN", "PRON"):
            head = t
            while head.head.i < b and head.head.i >= a and head.head.pos_ in ("NOUN", "PROPN"):
                head = head.head
            return head
    return None


def _noun_after(doc: Doc, verb: Token) -> Token | None:
    """'," said the ministry': the subject after an inverted cue."""
    for child in verb.rights:
        if child.dep_ in ("nsubj", "dobj", "attr", "npadvmod") and child.pos_ in (
            "NOUN",
            "PROPN",
            "PRON",
        ):
            return child
    return None


def _cue_before(doc: Doc, qa: int, qb: int, lex: CueLexicon) -> Claim | None:
    j = qa - 1
    while j >= 0 and (doc[j].is_space or doc[j].text in (",", ":", "—")):
        j -= 1
    if j >= 0 and not _is_quote_cue(doc[j], lex):
        # 'told the crowd: "..."': the addressee between the cue and the quote.
        head = doc[j]
        while head.dep_ in ("compound", "amod", "det", "poss") and head.head.i > head.i:
            head = head.head
        if head.dep_ in ("dobj", "dative") and head.head.i < head.i and j < qa - 1:
            j = head.head.i
    if j == qa - 1 and j >= 0 and doc[j].lower_ != "that" and not _long_quote(doc, qa, qb):
        return None  # 'X said "y" ...' without a colon or comma is usually a scare quote
    if j < 0 or not _is_quote_cue(doc[j], lex):
        return None
    verb = doc[j]
    speaker = subject_of(verb)
    if speaker is None:
        return None
    return _quoted_claim(doc, verb, speaker, (qa, qb), lex)


# A quote right after its cue without a comma or colon is speech, not a scare quote,
# when it is at least this many tokens long or runs on past the sentence.
_LONG_QUOTE = 6


def _long_quote(doc: Doc, qa: int, qb: int) -> bool:
    """'Ryan said "Look, they have no place in a campaign."': a quote that opens with a
    capital letter and is long (or runs past the sentence) after a bare cue."""
    if qa + 1 >= len(doc) or not doc[qa + 1].text[:1].isupper():
        return False
    return qb >= len(doc) or qb - qa >= _LONG_QUOTE


def sentence_claims(doc: Doc) -> list[Claim]:
    """Every attribution in one parsed sentence, in text order of their cues."""
    lex = lexicon()
    # The sentence's tokens by part of speech, read in one pass (each pass over a Doc
    # makes every Token again); the claims are built in the same order as before:
    # verbs' cues, then nouns', adjectives', prepositional phrases', polls'.
    cues: list[Token] = []
    nouns: list[Token] = []
    adjectives: list[Token] = []
    verbs: list[Token] = []
    for t in doc:
        pos = t.pos_
        if pos == "VERB":
            verbs.append(t)
            if lemma_of(t, lex) in lex.cue_verbs:
                cues.append(t)
        elif pos == "AUX":
            if lemma_of(t, lex) in lex.cue_verbs:
                cues.append(t)
        elif pos == "NOUN":
            if t.lemma_.lower() in lex.claim_nouns:
                nouns.append(t)
        elif pos == "ADJ" and t.lemma_.lower() in lex.adjectives:
            adjectives.append(t)
    claims = [c for t in cues if (c := _verb_claim(doc, t, lex))]
    claims.extend(c for t in nouns if (c := _noun_claim(doc, t, lex)))
    claims.extend(c for t in adjectives if (c := _adjective_claim(doc, t, lex)))
    claims.extend(_prepositional_claims(doc, lex))
    taken = {c.cue[0] for c in claims} | {c.cue[1] - 1 for c in claims}
    claims.extend(c for t in verbs if t.i not in taken and (c := _poll_claim(doc, t, lex)))
    claims.extend(_quote_claims(doc, lex, claims))
    colon = _colon_claim(doc, lex)
    if colon is not None and not any(_outranks_colon(c, colon) for c in claims):
        claims.append(colon)
    claims.sort(key=lambda c: c.cue)
    return claims
