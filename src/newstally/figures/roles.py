"""Which counts in a parsed sentence are casualty figures, and of which category.

A number is a figure when the noun it counts stands in a *victim* role of a casualty word
(``data/casualties.toml``): the passive subject or object of a transitive verb ("5 were
killed", "the blast killed 5"), the subject of an intransitive verb or state ("12 died",
"3 are missing"), the victims' noun itself ("five deaths"), or the noun a casualty
participle describes ("100 people killed", "dozens wounded"). The active subject
of "kill" is the perpetrator and is never counted. Coordinated nouns share their first
conjunct's role ("one civilian and six assailants were killed"); a count introduced by
"including" is part of the count it hangs on. A later coordinated verb may give the same
count a second category (`Roles.then`: "were abducted and later killed").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .lexicon import Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Token

_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM", "ADJ", "DET", "X"})
_MODIFIER_DEPS = frozenset({"nummod", "quantmod", "amod", "det", "nmod", "compound", "advmod"})
# ("shot dead the owner" parses "dead" as an adverbial clause)
_COMPLEMENT_DEPS = frozenset(
    {"oprd", "xcomp", "acomp", "ccomp", "attr", "advmod", "prt", "dobj", "advcl"}
)
_COPULAS = frozenset({"be", "remain", "lie", "stay", "go", "become", "get", "appear", "seem"})
_RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})


@dataclass(slots=True)
class Reading:
    """How one count relates to a casualty word."""

    category: str
    anchor: Token  # the counted phrase's head in its clause role
    noun: Token | None  # the counted noun ("fighters"); None when only a number/toll
    predicate: Token  # the casualty word ("killed", "deaths", "toll")
    part_of: Token | None = None  # anchor of the count that includes this one
    hedge_verb: Token | None = None  # raising verb that weakens it ("feared", "believed")


def lemma(t: Token) -> str:
    return t.lemma_.lower()


def counted_noun(qroot: Token, qset: set[int]) -> tuple[Token, Token | None]:
    """The counted phrase's head (its clause role) and the noun the count counts."""
    head = qroot.head
    if (
        qroot.dep_ in _MODIFIER_DEPS
        and head.i != qroot.i
        and head.i not in qset
        and head.pos_ in ("NOUN", "PROPN", "PRON", "ADJ")
        and head.i > qroot.i
    ):
        noun = head
        while (
            noun.dep_ in ("compound", "nmod")
            and noun.head.pos_ in ("NOUN", "PROPN")
            and noun.head.i > noun.i
        ):
            noun = noun.head  # "three Hazara tribal elders": the count is of the elders
        total = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
        if total is not None and lemma(total) == "total" and total.i < noun.i:
            return total, noun  # "a total of 12 people were shot": the role is the total's
        return noun, noun
    of = of_object(qroot)
    if of is not None:
        return qroot, of
    return qroot, None


def of_object(t: Token) -> Token | None:
    """The object of an "of" attached to ``t`` ("dozens of civilians" -> civilians)."""
    for child in t.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _conj_root(t: Token) -> Token:
    while t.dep_ == "conj" and t.head.pos_ in _NOMINAL and t.head.i != t.i:
        t = t.head
    return t


def _later_verbs_sharing(verb: Token, role: str) -> Iterator[Token]:
    """The verbs coordinated after ``verb`` that share its ``role`` word: no object of
    their own for a "dobj", no subject of their own otherwise ("were shot and killed",
    "abducted and later killed")."""
    for other in verb.conjuncts:
        if other.i < verb.i or other.pos_ not in ("VERB", "AUX"):
            continue
        if role == "dobj":
            if any(c.dep_ == "dobj" for c in other.children):
                continue
        elif _has_subject(other):
            continue
        yield other
    after = verb.doc[verb.i + 2] if verb.i + 2 < len(verb.doc) else None
    if (
        after is not None
        and after.head.i == verb.i
        and after.dep_ == "advcl"
        and after.tag_ == "VBN"
        and verb.doc[verb.i + 1].text == ","
        and _in_headline(verb)
    ):
        yield after  # a headline's comma for "and": "Man shot, killed in Danby"


_LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside"})


def after_place(t: Token) -> bool:
    """'in Juina, Mato Grosso, a drug trafficker was killed': a new person ("a/an ...")
    that the parser set in apposition to the place before it. The person is the clause's
    subject, not another name for the place."""
    if t.dep_ != "appos" or not any(
        c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children
    ):
        return False
    place = _conj_root(t.head)
    if place.pos_ != "PROPN":
        return False
    # the names and commas before it lead back to "in"/"at"/"near" ("in Juina, Mato Grosso")
    doc, k = t.doc, t.head.i
    while k > 0 and k > t.head.i - 10 and (doc[k].pos_ == "PROPN" or doc[k].text == ","):
        k -= 1
    return doc[k].lower_ in _LOCATIVE_PREPS


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)


def _opens_headline(noun: Token) -> bool:
    """A bare person noun that opens a headline (no full stop, no determiner): "Teen killed
    in Elm Street shooting", "Danby man shot to death", "Boy, 15, killed": a headline drops
    the "was" of its passive, so its subject is the victim of a bare past-tense verb."""
    return (
        noun.left_edge.i == noun.sent.start
        and _in_headline(noun)
        and not any(c.dep_ in ("det", "poss") for c in noun.children)
    )


def _in_headline(t: Token) -> bool:
    """Whether ``t`` stands in a headline: a sentence without a full stop."""
    return t.sent.text.rstrip()[-1:] not in (".", "!", "?", '"', "\u201d")


def _negated(verb: Token) -> bool:
    """'was not killed'; also with the negation on the auxiliary ("was not fatally
    wounded": "not" hangs on "was")."""
    return any(
        c.dep_ == "neg"
        or (c.dep_ in ("aux", "auxpass") and any(g.dep_ == "neg" for g in c.children))
        for c in verb.children
    )


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ == "pobj"]


class Roles:
    """Reads the category of counts in parsed sentences with one `Lexicon`."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex

    # --- casualty words -----------------------------------------------------------

    def _state(self, t: Token) -> str | None:
        """Category of an adjective / participle describing victims ("dead", "wounded")."""
        lex = self.lex
        word = t.lower_
        cat = lex.states.get(word) or lex.states.get(lemma(t))
        if cat:
            return cat
        if t.tag_ == "VBN":
            return lex.verbs.get(lemma(t))
        return None

    def _mixed(self, category: str, predicate: Token, own_subject: bool) -> str:
        """'killed or wounded' on one count is `casualties`."""
        lex = self.lex
        if category not in lex.mixed_categories:
            return category
        doc = predicate.doc
        for other in predicate.conjuncts:
            lo, hi = sorted((predicate.i, other.i))
            # Only words joined directly ("killed or wounded", "dead and injured") share
            # one count; "5 were killed and 7 injured" has a count for each.
            if any(
                doc[k].dep_ not in ("cc", "punct", "advmod", "auxpass", "aux")
                for k in range(lo + 1, hi)
            ):
                continue
            if other.pos_ in ("VERB", "AUX") and (
                (own_subject and _has_subject(other))
                or any(c.dep_ in ("dobj", "nsubjpass") for c in other.children)
            ):
                continue
            cat = (
                self._state(other)
                or lex.verbs.get(lemma(other))
                or lex.intransitive.get(lemma(other))
                or lex.nouns.get(lemma(other))
            )
            if category == "killed" and lemma(other) in lex.fatal_verbs:
                continue  # "shot and killed": the shooting is the killing
            if cat and cat != category and cat in lex.mixed_categories:
                return lex.mixed_as
        return category

    def _treated(self, verb: Token, any_verb: bool = False) -> bool:
        """'treated for wounds', 'admitted to hospital', 'hospitalised with injuries'."""
        lex = self.lex
        if not any_verb and lemma(verb) not in lex.treatment_verbs:
            return False
        for prep in verb.children:
            if prep.dep_ == "prep":
                for pobj in _pobjs(prep):
                    if lemma(pobj) in lex.treatment_objects:
                        return True
        # "were treated and released": the release says the treatment was a patient's
        return any(
            c.dep_ == "conj" and c.i > verb.i and lemma(c) in lex.treatment_releases
            for c in verb.children
        )

    def _complement(self, verb: Token) -> tuple[str, Token] | None:
        """Category from a verb + complement pair ("shot dead", "taken hostage")."""
        lex = self.lex
        vl = lemma(verb)
        for c in verb.children:
            words: list[Token] = []
            if c.dep_ in _COMPLEMENT_DEPS:
                words.append(c)
            elif c.dep_ == "prep":
                words.extend(_pobjs(c))
            for w in words:
                cat = lex.complements.get((vl, lemma(w))) or lex.complements.get((vl, w.lower_))
                if cat:
                    return cat, w
        return None

    def predicate_category(
        self, verb: Token, role: str, anchor: Token | None = None
    ) -> tuple[str, Token, Token | None] | None:
        """(category, casualty word, raising verb) for a noun in ``role`` of ``verb``."""
        lex = self.lex
        if _negated(verb) or self._attempted(verb):
            return None
        vl = lemma(verb)
        found: tuple[str, Token, Token | None] | None = None
        if role == "nsubjpass":
            if vl in lex.verbs and (vl not in lex.fatal_verbs or self._complement(verb) is None):
                found = (lex.verbs[vl], verb, None)
            elif (comp := self._complement(verb)) is not None:
                found = (comp[0], verb, verb if vl in lex.raising else None)
            elif self._treated(verb):
                found = ("injured", verb, None)
            elif vl in lex.raising:
                found = self._raised(verb)
        elif role in ("nsubj", "csubj"):
            if vl in lex.intransitive:
                found = (lex.intransitive[vl], verb, None)
            elif vl in _COPULAS or verb.pos_ == "AUX":
                for c in verb.children:
                    if c.dep_ in ("acomp", "attr", "oprd", "xcomp"):
                        cat = self._state(c)
                        if cat:
                            found = (cat, c, None)
                            break
                if found is None and (comp := self._complement(verb)) is not None:
                    found = (comp[0], verb, None)
            if (
                found is None
                and vl in lex.arrival_verbs
                # "walked himself into a clinic" (not "she walked her son into a clinic")
                and all(
                    c.dep_ != "dobj" or c.lower_.endswith(("self", "selves")) for c in verb.children
                )
            ):
                # "showed up at a hospital with a gunshot wound", "walked into the ER"
                arrived = self._treated(verb, any_verb=True) or self._with_injury(verb)
                if arrived:
                    found = ("injured", verb, None)
            if found is None:
                for c in verb.children:
                    if c.dep_ == "dobj" and (vl, lemma(c)) in lex.objects:
                        found = (lex.objects[(vl, lemma(c))], verb, None)
                        break
        elif role == "dobj":
            if vl in lex.verbs and (vl not in lex.fatal_verbs or self._complement(verb) is None):
                found = (lex.verbs[vl], verb, None)
            elif (comp := self._complement(verb)) is not None:
                found = (comp[0], verb, None)
            elif anchor is not None and (cat := self._left_state(vl, anchor)) is not None:
                found = (cat, verb, None)
            elif self._treated(verb):
                found = ("injured", verb, None)
        if (
            found is None
            and role in ("nsubjpass", "dobj")
            and any(c.dep_ == "advmod" and c.lower_ in lex.fatal_adverbs for c in verb.children)
        ):
            found = ("killed", verb, None)  # "were fatally assaulted": the adverb says it
        if found is None and role in ("nsubj", "nsubjpass") and not self._passive(verb, role):
            found = self._after_being(verb)
        if found is None and role in ("nsubj", "nsubjpass", "dobj"):
            if (condition := self._in_condition(verb)) is not None:
                found = ("injured", condition, None)
            elif self._projectile_hit(verb, role):
                found = ("injured", verb, None)
            elif role == "dobj" and (wound := self._with_injury(verb)) is not None:
                found = ("injured", wound, None)  # "found Hobbs with a gunshot wound"
        if found is None:
            # "5 soldiers were ambushed and killed": a later verb sharing the subject.
            if role in ("nsubjpass", "nsubj"):
                for other in verb.conjuncts:
                    if (
                        other.i > verb.i
                        and other.pos_ in ("VERB", "AUX")
                        and not _has_subject(other)
                    ):
                        # "was shot and killed": the passive carries over the coordination;
                        # "was taken to hospital and died": an active verb takes the subject
                        sub_role = "nsubjpass" if self._passive(other, role) else role
                        if sub_role == "nsubjpass" and other.tag_ in ("VBD", "VBZ", "VBP"):
                            sub_role = "nsubj"
                        inner = self.predicate_category(other, sub_role)
                        if inner is not None:
                            return inner
            return None
        cat, pred, hedge = found
        if cat == "injured" and any(
            c.dep_ == "advmod" and c.lower_ in lex.fatal_adverbs for c in pred.children
        ):
            return "killed", pred, hedge  # "was found fatally wounded"
        if cat == "injured" and pred.i == verb.i:
            fatal = self._fatal(verb, role)
            if fatal is not None:
                return fatal
        own_subject = role in ("nsubjpass", "nsubj")
        return self._mixed(cat, pred, own_subject), pred, hedge

    def _after_being(self, verb: Token) -> tuple[str, Token, Token | None] | None:
        """'is recovering after being shot', 'was hospitalized after being stabbed': the
        subject is the passive subject of a casualty verb under "after" that has none of
        its own."""
        lex = self.lex
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ != "after":
                continue
            for inner in prep.children:
                if (
                    inner.dep_ == "pcomp"
                    and inner.tag_ == "VBN"
                    and not _has_subject(inner)
                    and any(c.dep_ == "auxpass" for c in inner.children)
                    and lemma(inner) in lex.verbs
                ):
                    return self.predicate_category(inner, "nsubjpass")
        return None

    def _in_condition(self, verb: Token) -> Token | None:
        """'remains in critical condition', 'was listed in stable condition'."""
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "in":
                for p in _pobjs(prep):
                    if lemma(p) == "condition" and any(
                        c.dep_ in ("amod", "compound") and c.lower_ in self.lex.injury_conditions
                        for c in p.children
                    ):
                        return p
        return None

    def _projectile_hit(self, verb: Token, role: str) -> bool:
        """'a stray bullet grazed a boy' (object), 'was struck by gunfire' (passive
        subject): a projectile's verb of hitting."""
        lex = self.lex
        if lemma(verb) not in lex.projectile_verbs:
            return False
        if role == "dobj":
            hitter = [c for c in verb.children if c.dep_ == "nsubj"]
            if not hitter and verb.dep_ in ("advcl", "conj"):
                # "the gun went off, striking his brother": the clause's subject hit him
                hitter = [c for c in verb.head.children if c.dep_ == "nsubj"]
        elif role == "nsubjpass" or self._passive(verb, role):
            hitter = [p for c in verb.children if c.dep_ == "agent" for p in _pobjs(c)]
        else:
            return False
        return any(lemma(h) in lex.projectiles for h in hitter)

    def _with_injury(self, holder: Token) -> Token | None:
        """'with a gunshot wound', 'suffering from gunshot wounds' under ``holder``."""
        lex = self.lex
        for c in holder.children:
            preps = []
            if c.dep_ == "prep" and c.lower_ == "with":
                preps.append(c)
            elif c.dep_ == "acl" and lemma(c) == "suffer":
                preps.extend(g for g in c.children if g.dep_ == "prep" and g.lower_ == "from")
            for prep in preps:
                for p in _pobjs(prep):
                    if lemma(p) in lex.injury_attributes:
                        return p
        return None

    def _attempted(self, verb: Token) -> bool:
        """'tried to kill the governor', 'threatened to kill', 'an attempt to assassinate
        the commander': what was attempted did not happen (casualties.toml [attempts])."""
        return (
            verb.dep_ in ("xcomp", "acl", "advcl", "ccomp")
            and lemma(verb.head) in self.lex.attempt_words
            and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
        )

    def _fatal(self, verb: Token, role: str) -> tuple[str, Token, Token | None] | None:
        """An injury that kills: "fatally shot", "mortally wounded"; "shot and killed",
        "stabbed and later died" (the coordinated verb's reading, killed only)."""
        lex = self.lex
        if any(c.dep_ == "advmod" and c.lower_ in lex.fatal_adverbs for c in verb.children):
            return "killed", verb, None
        if lemma(verb) in lex.fatal_verbs and self._resulting_death(verb):
            return "killed", verb, None
        if lemma(verb) not in lex.fatal_verbs or role not in ("nsubjpass", "nsubj", "dobj"):
            return None
        for other in _later_verbs_sharing(verb, role):
            sub_role = role
            if role != "dobj":
                sub_role = "nsubjpass" if self._passive(other, role) else "nsubj"
            hit = self.predicate_category(other, sub_role)
            if hit is None and role == "nsubjpass" and sub_role != role:
                # "were shot and killed a short time later": tagged active, still passive
                hit = self.predicate_category(other, role)
            if hit is not None and hit[0] == "killed":
                return hit
        return None

    def _resulting_death(self, verb: Token) -> bool:
        """'shot a driver, resulting in his death', 'leading to her death'."""
        lex = self.lex
        for c in verb.children:
            if c.dep_ in ("advcl", "xcomp", "conj") and lemma(c) in lex.fatal_results:
                for prep in c.children:
                    if prep.dep_ == "prep" and any(
                        lex.of_nouns.get(lemma(p)) == "killed" for p in _pobjs(prep)
                    ):
                        return True
        return False

    def then(self, reading: Reading) -> Reading | None:
        """A second category for the same count from a later coordinated verb: "four
        guards were abducted and later killed" (``data/casualties.toml`` [sequence])."""
        lex = self.lex
        pred = reading.predicate
        if reading.category not in lex.sequence_first or pred.pos_ not in ("VERB", "AUX"):
            return None
        role = _conj_root(reading.anchor).dep_
        if role not in ("nsubj", "nsubjpass", "dobj"):
            return None
        for other in _later_verbs_sharing(pred, role):
            sub_role = "nsubjpass" if role != "dobj" and self._passive(other, role) else role
            hit = self.predicate_category(other, sub_role)
            if hit is not None and hit[0] in lex.sequence_then:
                return Reading(hit[0], reading.anchor, reading.noun, hit[1], hedge_verb=hit[2])
        return None

    def _telegraphic(self, verb: Token, subject: Token) -> bool:
        """Headline style: a counted subject of a bare past-tense casualty verb that takes
        no object ("1 killed, 3 injured", "at least one soldier killed and two wounded"),
        or a bare person noun opening a headline ("Teen killed in Elm Street shooting"),
        is its victims; "five gunmen killed two guards" keeps its perpetrators."""
        if verb.tag_ != "VBD" or (
            lemma(verb) not in self.lex.verbs
            # "Woman found dead in her home": a verb whose complement tells the state
            and (not _opens_headline(subject) or self._complement(verb) is None)
        ):
            return False
        if any(c.dep_ in ("aux", "auxpass", "neg") for c in verb.children):
            return False
        counted = subject.like_num or any(
            c.dep_ == "nummod" or (c.dep_ in ("det", "quantmod") and c.like_num)
            for c in subject.children
        )
        if not counted and not _opens_headline(subject):
            return False
        for v in (verb, *verb.conjuncts):
            for c in v.children:
                if c.dep_ == "dobj" and not (
                    c.like_num and any(g.dep_ == "acl" and self._state(g) for g in c.children)
                ):
                    return False  # a real object: the subject acted ("shot and killed X")
        return True

    def _passive(self, verb: Token, fallback_role: str) -> bool:
        if any(c.dep_ == "auxpass" for c in verb.children):
            return True
        return bool(verb.tag_ == "VBN" and fallback_role == "nsubjpass")

    def _left_state(self, verb_lemma: str, anchor: Token) -> str | None:
        """'left 12 people dead': the state may hang on the object itself."""
        for c in anchor.children:
            if c.dep_ in ("amod", "acl") and c.i > anchor.i:
                cat = self.lex.complements.get((verb_lemma, lemma(c)))
                if cat:
                    return cat
        return None

    def _raised(self, verb: Token) -> tuple[str, Token, Token | None] | None:
        """'are feared dead', 'are believed to have been killed', 'were reported missing'."""
        lex = self.lex
        for c in verb.children:
            if c.dep_ not in ("xcomp", "oprd", "acomp", "ccomp", "attr"):
                continue
            if c.dep_ == "ccomp" and _has_subject(c):
                continue  # "X said (that) Y died": Y died, not X
            if any(g.dep_ == "dobj" for g in c.children):
                continue  # "a cousin who is believed to have shot the boy": the shooter
            cat = self._state(c)
            if cat is None:
                cl = lemma(c)
                if cl in lex.verbs and any(a.dep_ == "auxpass" for a in c.children):
                    cat = lex.verbs[cl]
                elif cl in lex.intransitive:
                    cat = lex.intransitive[cl]
            if cat:
                return cat, c, verb
        return None

    # --- the counted noun's role --------------------------------------------------

    def _modifier_category(self, noun: Token, with_nouns: bool = True) -> tuple[str, Token] | None:
        """'100 people killed', 'dozens wounded', 'five dead soldiers',
        'citizens who have been killed or wounded'."""
        lex = self.lex
        for c in noun.children:
            if c.dep_ in ("amod", "acl"):
                if c.dep_ == "acl" and c.tag_ == "VBG":
                    continue  # "gunmen killing civilians": perpetrators
                if any(g.dep_ == "dobj" for g in c.children):
                    continue
                cat = self._state(c)
                if cat == "injured" and c.tag_ == "VBN":
                    comp = self._complement(c)
                    fatal = self._fatal(c, "nsubjpass")
                    if comp is not None and comp[0] == "killed":
                        return "killed", c
                    if fatal is not None:
                        return fatal[0], fatal[1]
                if cat:
                    return self._mixed(cat, c, False), c
            elif c.dep_ == "relcl":
                if any(g.dep_ == "advmod" and g.tag_ == "WRB" for g in c.children):
                    continue  # "the sidewalk where he was shot": a place or time, no victim
                role = "dobj"
                for g in c.children:
                    if g.tag_ in _RELATIVE_TAGS and g.dep_ in ("nsubj", "nsubjpass", "dobj"):
                        role = g.dep_
                        break
                found = self.predicate_category(c, role)
                if found is not None:
                    return found[0], found[1]
        if with_nouns and lex.nouns.get(lemma(noun)):
            return lex.nouns[lemma(noun)], noun
        return None

    def _toll(self, noun: Token) -> str | None:
        """Category of a toll noun: 'death toll', 'number of injured', bare 'toll'."""
        lex = self.lex
        if lemma(noun) not in lex.toll_nouns:
            return None
        for c in noun.children:
            if c.dep_ in ("compound", "amod", "nmod"):
                cat = lex.toll_words.get(lemma(c)) or lex.toll_words.get(c.lower_)
                if cat:
                    return cat
        of = of_object(noun)
        if of is not None:
            cat = lex.toll_words.get(lemma(of)) or lex.toll_words.get(of.lower_)
            if cat:
                return cat
            found = self._modifier_category(of)
            if found is not None:
                return found[0]
        if lemma(noun) == "toll":
            return lex.toll_default
        return None

    def toll_reading(self, q: Token) -> Reading | None:
        """'the death toll rose to 12', 'a death toll of 12', 'the toll is 12'."""
        holder: Token | None = None
        if q.dep_ == "pobj" and q.head.dep_ == "prep":
            holder = q.head.head
        elif q.dep_ in ("attr", "dobj", "npadvmod", "appos"):
            holder = q.head
        if holder is None:
            return None
        candidates = [holder]
        if holder.pos_ in ("VERB", "AUX"):
            candidates = [c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
        for noun in candidates:
            if noun.i == q.i:
                continue
            cat = self._toll(noun)
            if cat:
                return Reading(cat, q, None, noun)
        return None

    def read(self, anchor: Token, noun: Token | None) -> Reading | None:
        """Category of the count whose phrase head is ``anchor``, counting ``noun``."""
        lex = self.lex
        target = noun if noun is not None else anchor
        # A casualty participle or relative clause on the counted noun names the category.
        found = self._modifier_category(target, with_nouns=False)
        if found is None and noun is not None and noun.i != anchor.i:
            found = self._modifier_category(anchor, with_nouns=False)
        if found is None:
            # "two guards and 10 attackers injured in the attack": a participle after the
            # last conjunct describes every conjunct.
            first = _conj_root(target)
            for other in [first, *first.conjuncts]:
                if other.i > target.i:
                    hit = self._modifier_category(other, with_nouns=False)
                    if hit is not None and hit[1].dep_ == "acl" and hit[1].i > other.i:
                        found = hit
        if found is None and (wound := self._with_injury(target)) is not None:
            found = ("injured", wound)  # "a man with a gunshot wound", "suffering from"
        if found is not None:
            if found[0] != "killed":
                # "the girl who was shot ... has died", "a man wounded in the attack died
                # on Monday", "a man who was abducted on Monday was found dead": the
                # noun's own verb states the death; the modifier tells what came before.
                own = self._role_reading(anchor, noun)
                if own is not None and own.category == "killed":
                    return own
            return Reading(found[0], anchor, noun, found[1])
        reading = self._role_reading(anchor, noun)
        # "..., and 10 people were injured": a casualty verb right after the noun that the
        # parser left without a subject is the noun's own verb, whatever the parse says.
        surface = self._surface(anchor, noun, immediate=True)
        if surface is not None and (reading is None or reading.predicate.i != surface.predicate.i):
            return surface
        if reading is not None:
            return reading
        # The counted noun counts victims itself ("five deaths", "no casualties").
        for t in (target, anchor):
            if lemma(t) in lex.nouns:
                return Reading(lex.nouns[lemma(t)], anchor, noun, t)
        return self._surface(anchor, noun, immediate=False)

    def _surface(self, anchor: Token, noun: Token | None, *, immediate: bool) -> Reading | None:
        """The first verb after the counted phrase, read off the word order when the parse
        attached the phrase elsewhere ("four people, including ..., were killed")."""
        lex = self.lex
        doc = anchor.doc
        j = anchor.i + 1
        if not immediate and not self._clause_level(anchor):
            return None
        root = _conj_root(anchor)
        if immediate and root.dep_ == "pobj" and root.head.i < root.i and root.i > 0:
            prep = root.head
            if (
                prep.lower_ not in self.lex.subset_preps
                and lemma(prep) not in self.lex.subset_preps
            ):
                return None  # "a former mayor of Tecpan was shot": the man was, not Tecpan
        if not immediate:
            while (
                j < len(doc)
                and j - anchor.i <= 30
                and (doc[j].pos_ not in ("VERB", "AUX") or doc[j].dep_ == "prep")
            ):
                # "... of a party where five people were shot": the verb is the clause's
                if doc[j].text in (".", ";", ":") or doc[j].tag_ in _RELATIVE_TAGS | {"WRB"}:
                    return None
                j += 1
        passive = False
        has_aux = False
        while (
            j < len(doc)
            and (doc[j].dep_ in ("aux", "auxpass", "advmod") or lemma(doc[j]) in ("be", "have"))
            and doc[j].pos_ in ("AUX", "VERB", "ADV", "PART")
        ):
            if doc[j].dep_ == "neg" or doc[j].lower_ in ("not", "n't", "never"):
                return None
            if lemma(doc[j]) == "be":
                passive = True
            has_aux = has_aux or doc[j].pos_ == "AUX"
            j += 1
        if j >= len(doc) or (immediate and not has_aux and doc[j].tag_ != "VBD"):
            return None
        verb = doc[j]
        if immediate and _has_subject(verb):
            return None
        vl = lemma(verb)
        cat: str | None = None
        if passive and verb.tag_ == "VBN" and vl in lex.verbs:
            cat = lex.verbs[vl]
            if vl in lex.fatal_verbs and (comp := self._complement(verb)) is not None:
                cat = comp[0]  # "... was shot dead"
        elif vl in lex.intransitive and verb.tag_ in ("VBD", "VBN", "VBZ", "VBP"):
            cat = lex.intransitive[vl]
        elif passive:
            cat = self._state(verb)
        if cat is None:
            return None
        if cat == "injured" and (fatal := self._fatal(verb, "nsubjpass")) is not None:
            cat, verb = fatal[0], fatal[1]
        part_of = None
        if not immediate:
            for a in anchor.ancestors:
                if a.dep_ == "prep" and (
                    a.lower_ in lex.subset_preps or lemma(a) in lex.subset_preps
                ):
                    part_of = _conj_root(a.head)
                    break
                if a.i == verb.i:
                    break
        return Reading(self._mixed(cat, verb, True), anchor, noun, verb, part_of=part_of)

    def _turned_on_self(self, reflexive: Token, holder: Token) -> Token | None:
        """'turned the gun on himself', 'turning the weapon on herself': the verb, when
        ``reflexive`` is the object of "on" under it (or under its weapon object)."""
        lex = self.lex
        if reflexive.lower_ not in lex.self_reflexives:
            return None
        verb = holder
        if holder.pos_ in ("NOUN", "PROPN") and holder.dep_ == "dobj":
            verb = holder.head
        if lemma(verb) not in lex.self_turn_verbs:
            return None
        if any(c.dep_ == "dobj" and lemma(c) in lex.projectiles for c in verb.children):
            return verb
        return None

    def _additive_prep(self, prep: Token) -> bool:
        """'in addition to', 'besides', 'along with', 'together with'."""
        lex = self.lex
        holder = prep.head
        along = prep.lower_ == "with" and any(
            c.dep_ in ("prt", "advmod") and c.lower_ in lex.additive_preps
            for c in list(holder.children) + list(prep.children)
        )
        return along or lemma(holder) in lex.additive_preps or prep.lower_ in lex.additive_preps

    def _clause_level(self, anchor: Token) -> bool:
        """A noun phrase that can be a clause's subject: not inside a prepositional phrase
        (except "including ..."), a compound, an apposition or a possessive."""
        a = _conj_root(anchor)
        if a.dep_ == "pobj":
            prep = a.head
            return prep.lower_ in self.lex.subset_preps or lemma(prep) in self.lex.subset_preps
        return a.dep_ not in (
            "compound",
            "appos",
            "poss",
            "amod",
            "nmod",
            "npadvmod",
            "dobj",
            "attr",
        )

    def _partitive_fatal(self, a: Token, anchor: Token, noun: Token | None) -> Reading | None:
        """'16 people were shot, one fatally', 'four men were shot, two of them fatally':
        the part the adverb says died is killed (and the shooting's other victims are the
        wounded, `totals._injured`)."""
        lex = self.lex
        if not any(c.dep_ == "advmod" and c.lower_ in lex.fatal_adverbs for c in a.children):
            return None
        head = a.head
        whole: Token | None = None
        if a.dep_ == "appos" and head.pos_ in ("NOUN", "PROPN", "NUM"):
            whole = _conj_root(head)
        elif a.dep_ in ("npadvmod", "advmod", "dep", "appos") and head.pos_ in ("VERB", "AUX"):
            whole = next((c for c in head.children if c.dep_ in ("nsubjpass", "dobj")), None)
        if whole is None or whole.i == a.i:
            return None
        inner = self.read(whole, whole)
        if inner is None or inner.category != "injured":
            return None
        if lemma(inner.predicate) not in lex.fatal_verbs:
            return None
        return Reading("killed", anchor, noun, inner.predicate)

    def _headline_toll(self, a: Token, anchor: Token, noun: Token | None) -> Reading | None:
        """Headline tolls the tagger misreads: '2 dead, 3 hurt' (the number hangs on the
        state word), 'Shooter opens fire, wounds 9' (the verb taken for a plural noun
        before its number)."""
        lex = self.lex
        if not a.like_num:
            return None
        head = a.head
        if a.i < head.i and a.dep_ in ("meta", "dep", "npadvmod", "nsubj") and head.i != a.i:
            cat = self._state(head)
            if cat is not None and head.pos_ in ("ADJ", "VERB"):
                return Reading(cat, anchor, noun, head)
        if (
            a.dep_ == "nummod"
            and head.i == a.i - 1
            and head.tag_ == "NNS"
            and lemma(head) in lex.verbs
            and (head.i == 0 or head.doc[head.i - 1].text in (",", ":", "and"))
        ):
            return Reading(lex.verbs[lemma(head)], anchor, None, head)
        return None

    def headline_word(self, a: Token) -> tuple[str, Token] | None:
        """In a headline (no full stop), a number followed by a casualty word, or by a
        plural noun and one, takes that word's category whatever the parse: "1 Dead, 5
        Injured in 2 Shootings", "Two injured, shooter dead", "2 children injured"."""
        doc = a.doc
        text = a.sent.text.rstrip()
        if not text or text[-1] in (".", "!", "?", '"', "”", ")"):
            return None
        k = a.i + 1
        if k < len(doc) and doc[k].tag_ in ("NNS", "NNPS") and doc[k].lower_ not in self.lex.states:
            k += 1
        if k >= len(doc) or k >= a.sent.end:
            return None
        word = doc[k]
        cat = self.lex.states.get(word.lower_)
        if (
            cat is None
            and k == a.i + 1
            and word.lower_.endswith(("ed", "shot"))
            # "9 wounded"; not "Two assailants shot and killed a chief"
            and not any(c.dep_ == "dobj" for c in word.children)
        ):
            verb = self.lex.participles.get(word.lower_, lemma(word))
            cat = self.lex.verbs.get(verb)
        return (cat, word) if cat else None

    def _role_reading(self, anchor: Token, noun: Token | None) -> Reading | None:
        lex = self.lex
        a = _conj_root(anchor)
        if (partitive := self._partitive_fatal(a, anchor, noun)) is not None:
            return partitive
        if (headline := self._headline_toll(a, anchor, noun)) is not None:
            return headline
        if (
            a.dep_ == "poss"
            and lemma(a.head) in lex.of_nouns
            and not any(c.dep_ == "prep" and c.lower_ == "of" for c in a.head.children)
        ):
            # "a man's body was found", "the woman's death": the possessor is the victim
            # (unless the noun has its own victims: "the army's killing of five")
            return Reading(lex.of_nouns[lemma(a.head)], anchor, noun, a.head)
        if after_place(a):
            verb = next((h for h in a.ancestors if h.pos_ in ("VERB", "AUX")), None)
            if verb is not None:
                role = "nsubjpass" if self._passive(verb, "") else "nsubj"
                hit = self.predicate_category(verb, role, a)
                return None if hit is None else Reading(hit[0], anchor, noun, hit[1], hit[2])
        if a.dep_ == "appos" and a.head.pos_ in ("NOUN", "PROPN", "NUM"):
            head = _conj_root(a.head)
            if not (head.dep_ == "pobj" and self._additive_prep(head.head)):
                # "five people, three soldiers and two civilians, were hurt": the same
                # people again, in parts.
                inner = self.read(head, head)
                if inner is None:
                    return None
                return Reading(inner.category, anchor, noun, inner.predicate, part_of=head)
            # "in addition to the bomber, 12 people were killed" parsed as an apposition
            a = head
        if a.dep_ == "pobj" and a.head.dep_ in ("prep", "agent"):
            prep = a.head
            word = prep.lower_
            holder = prep.head
            if word in lex.subset_preps or lemma(prep) in lex.subset_preps:
                parent = _conj_root(holder)
                if parent.pos_ in ("VERB", "AUX"):
                    # "5 people were killed, including the bomber": the clause's victims
                    victims = [
                        c for c in parent.children if c.dep_ in ("nsubjpass", "nsubj", "dobj")
                    ]
                    if not victims:
                        return None
                    parent = victims[0]
                inner = self.read(parent, parent)
                if inner is None and holder.dep_ in ("nummod", "nsubj", "nsubjpass", "dobj"):
                    inner = self.read(holder, None)
                if inner is not None:
                    return Reading(inner.category, anchor, noun, inner.predicate, part_of=parent)
                return None
            if word == "on" and (turned := self._turned_on_self(a, holder)) is not None:
                return Reading("killed", anchor, noun, turned)
            if word == "of":
                hl = lemma(holder)
                if (hl in lex.shooting_nouns or holder.lower_ in lex.shooting_nouns) and any(
                    c.dep_ in ("amod", "compound") and c.lower_ in lex.fatal_adjectives
                    for c in holder.children
                ):
                    return Reading("killed", anchor, noun, holder)  # "the fatal shooting of"
                if hl not in lex.of_nouns and holder.lower_ in lex.of_nouns:
                    hl = holder.lower_  # "remains" (lemmatised "remain")
                if hl in lex.of_nouns:
                    if any(
                        c.dep_ in ("amod", "compound") and lemma(c) in lex.attempt_words
                        for c in holder.children
                    ):
                        return None  # "the attempted murders of five teenagers"
                    return Reading(lex.of_nouns[hl], anchor, noun, holder)
                if hl == "life" and holder.dep_ == "dobj":
                    cat = lex.objects.get((lemma(holder.head), "life"))
                    if cat:
                        return Reading(cat, anchor, noun, holder.head)
            if self._additive_prep(prep):
                verb = holder
                while verb.dep_ in ("pobj", "prep") and verb.head.i != verb.i:
                    verb = verb.head
                if verb.pos_ in ("VERB", "AUX"):
                    role = "nsubjpass" if self._passive(verb, "") else "nsubj"
                    if lemma(verb) in lex.verbs and role == "nsubj":
                        role = "dobj"
                    hit = self.predicate_category(verb, role)
                    if hit is not None:
                        return Reading(hit[0], anchor, noun, hit[1], hedge_verb=hit[2])
            return None
        if a.dep_ in ("nsubj", "nsubjpass", "dobj", "csubj"):
            role = a.dep_
            verb = a.head
            if (
                role == "nsubj"
                and verb.tag_ == "VBN"
                and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
            ):
                role = "nsubjpass"  # "12 were killed and 30 injured": the "were" is elided
            elif role == "nsubj" and self._telegraphic(verb, a):
                role = "nsubjpass"  # "1 killed, 3 injured", "one soldier killed"
            hit = self.predicate_category(verb, role, a)
            if hit is not None:
                return Reading(hit[0], anchor, noun, hit[1], hedge_verb=hit[2])
        return None
