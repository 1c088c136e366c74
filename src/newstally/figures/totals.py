"""An article's own totals per category for its main event.

The figures of one category are combined in three steps:

1. *Claims.* Figures that count distinct victims of one statement add up: the counts
   coordinated on one casualty word ("seven assailants and two police officers were
   killed" is 9). A count inside another ("50 people, including 30 assailants") is part
   of it and never adds. Period and cumulative figures stay out.
2. *Accounts.* Claims of one source about disjoint groups add up when the article
   narrates them in its own voice or the later one says it counts more people ("three
   soldiers were killed ... two civilians were also killed"); a source's claims about the
   same or an unnamed group ("people", no noun), or attributed claims naming the victims
   differently ("citizens", "volunteers"), restate or revise each other: the larger
   count covers the smaller one.
3. *Estimate.* Different accounts of the same event conflict: low = the lowest, high =
   the highest, best = the article's own-voice account, else the value most accounts
   support, ties going to the lower (conservative) value. An explicit "no one was killed"
   is an account of 0.

A figure that covers several incidents ("12 were killed across the three attacks",
`Figure.incidents`) counts in the totals with its stated number, never divided between
the incidents. `coverage` says what each total covers: how many incidents, and which part
of the best value is stated for all of them together (the rest is the article's own
incident), so that a consumer applying a per-incident convention knows what to split.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache

from ..model import CATEGORIES, Estimate, Figure, Total
from ..rules import load_table

_SINGLE_PERSON = load_table("casualties")["single_person"]
# Group heads that name no particular group: a claim about them may include any other.
GENERIC_HEADS = frozenset({None, *_SINGLE_PERSON["generic_heads"], *_SINGLE_PERSON["referents"]})
# Personal pronouns that stand for one person already counted ("he died").
_PRONOUN_HEADS = frozenset(_SINGLE_PERSON["referents"])
# Heads that say "in addition to those already counted" ("three others were injured").
ADDITIONAL_HEADS = frozenset({"other", "others", "another"})


@dataclass(slots=True)
class FigureLinks:
    """Relations between an article's figures that the records do not carry.

    ``clause``: figure id -> key shared by counts coordinated on one casualty word;
    ``part_of``: figure id -> id of the figure whose count includes it.
    """

    clause: dict[str, str] = field(default_factory=dict)
    part_of: dict[str, str] = field(default_factory=dict)
    # injured figures read from a shooting or stabbing ("five people were shot"): people
    # hit, some of whom the article may count as killed elsewhere (see `_injured`)
    shot: set[str] = field(default_factory=set)
    # figures that count a part of people counted elsewhere: partitives ("three of the
    # victims", "one of them") with the rest of them in their sentence ("another", "the
    # other two"), and condition reports ("one is in critical condition")
    partial: set[str] = field(default_factory=set)
    # figures told in the page's lead (data/scope.toml [lead]); None: the whole text is
    # lead (a short text, or figures read without their page)
    lead: set[str] | None = None


@dataclass(slots=True)
class _Claim:
    low: int
    best: int
    high: int
    heads: set[str | None]
    source: str
    own_voice: bool
    additive: bool = False  # its statement says it counts more people ("also")
    bound: str = "="  # "=" when every part is exact; else the bound of a single part or "~"
    support: int = 1
    incidents: int = 1  # incidents its figures cover (the most any of them covers)
    shared: int = 0  # part of `best` stated for several incidents together
    # counts of "others" claims added into this account: "three others were injured" said
    # again in a later paragraph restates them
    others: set[int] = field(default_factory=set)
    # every figure of it names a person ("a 20-year-old man", "his son"), none counts
    # people by a number ("six people", "one")
    mentions: bool = False
    # every figure of it is told without a full stop: a headline, a caption, a subhead
    headline: bool = False


@dataclass(frozen=True, slots=True)
class Coverage:
    """What an article total counts: ``incidents`` is how many incidents it spans (1
    unless one of its figures covers several); ``shared`` is the part of the total's best
    value that the text states for all those incidents together (0 when ``incidents`` is
    1). ``best - shared`` is stated for the article's own incident."""

    incidents: int
    shared: int


@cache
def _additive_cue() -> re.Pattern[str]:
    cues = load_table("casualties")["totals"]["additive_cues"]
    return re.compile(r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")\b", re.IGNORECASE)


def _interval(f: Figure) -> tuple[int, int, int] | None:
    q = f.quantity
    if f.negated:
        return 0, 0, 0
    best = q.value if q.value is not None else q.low if q.low is not None else q.high
    if best is None:
        return None
    low = q.low if q.low is not None else best
    high = q.high if q.high is not None else best
    return min(low, best), best, max(high, best)


_AGE_FIRST = re.compile(r"\d+-(?:year|month|week|day)s?-old\b", re.IGNORECASE)
# first words of a count of one that introduce a new person
_COUNT_WORDS = frozenset({"a", "an", "one", "another", "single", "only", "just"})


@cache
def _survival() -> re.Pattern[str]:
    words = load_table("casualties")["fatal"]["survival"]
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


_ALSO = re.compile(r"\b(?:also|as well|too)\b", re.IGNORECASE)

# A named person ("Niaz Mohammad", head "person") is a group of its own, not a generic one.
NAMED = "name:"


# A count of one written as a definite noun phrase ("the child", "his sister", "the
# 17-year-old victim") refers back to someone the article has introduced: it restates,
# never adds (a new person comes with "a"/"an", a number or "another").
DEFINITE_STARTS = ("the ", "his ", "her ", "their ", "its ", "my ", "our ", "this ", "that ")
DEFINITE_STARTS_WORDS = frozenset(w.strip() for w in DEFINITE_STARTS)
BOTH = ("both ",)


def _head(f: Figure) -> str | None:
    if f.group is None:
        return None
    q = f.quantity
    g = f.group
    if q.text.lower().startswith(BOTH) and not is_perpetrator(g.head):
        return "people"  # "hitting both boys": the two the article has counted, told again
    if g.head in _PRONOUN_HEADS:
        return g.head  # "He died": a pronoun, whatever its capital
    if q.value == 1 and not is_perpetrator(g.head):  # "the gunman ... died" is no victim
        if q.text.lower().startswith(DEFINITE_STARTS):
            return "person"
        # a headline's bare noun ("Toddler dies ...", "Older brother held") or a bare age
        # ("5-year-old shot"): the victim the body names, told again
        first = q.text.split()[0] if q.text.split() else ""
        if _AGE_FIRST.match(q.text) or (
            first[:1].isupper()
            and first.lower() not in _COUNT_WORDS
            and first.lower() not in DEFINITE_STARTS_WORDS
            and g.head != "person"
        ):
            return "person"
    if g.head == "person" and g.text[:1].isupper() and g.text.lower() not in GENERIC_HEADS:
        return NAMED + g.text.lower()
    return g.head


def _named(heads: set[str | None]) -> bool:
    return any(h is not None and h.startswith(NAMED) for h in heads)


def _source_key(f: Figure) -> str:
    return f"{f.source.kind}:{f.source.text.lower()}"


def _contrasted(figures: list[Figure]) -> set[str]:
    """Ids of figures whose "others"/"another" sets them apart from a count of another
    category earlier in their sentence ("one man was killed and six others were wounded",
    "three were shot dead and another was injured"): they are others than the dead, not
    more of their own category, so they restate a count of their category rather than add
    to it ("1 dead, 8 wounded ... six others were wounded" is 8 wounded at most)."""
    out: set[str] = set()
    for f in figures:
        if _head(f) not in ADDITIONAL_HEADS:
            continue
        if any(
            g.category != f.category and g.sentence == f.sentence and g.span[0] < f.span[0]
            for g in figures
        ):
            out.add(f.id)
    return out


def _additive(f: Figure, beside: list[Figure]) -> bool:
    """The statement of ``f`` says it counts more people ("two civilians were also
    killed"); a cue that is another category's count ("Another boy was hurt and Ann Lee
    was killed") says so of that count only."""
    taken = {
        w for g in beside if g.category != f.category for w in g.quantity.text.lower().split()
    } - set(f.quantity.text.lower().split())
    return any(m.group().lower() not in taken for m in _additive_cue().finditer(f.sentence))


def _by_sentence(figures: list[Figure]) -> dict[str, list[Figure]]:
    out: dict[str, list[Figure]] = {}
    for f in figures:
        out.setdefault(f.sentence, []).append(f)
    return out


def _claims(
    figures: list[Figure],
    links: FigureLinks,
    contrast: frozenset[str] | set[str] = frozenset(),
    figures_by_sentence: dict[str, list[Figure]] | None = None,
) -> list[_Claim]:
    """``figures_by_sentence``: every figure of the article by sentence (those of other
    categories tell what an additive cue belongs to); by default ``figures``'."""
    by_clause: dict[str, list[Figure]] = {}
    for f in figures:
        key = links.clause.get(f.id) or f"{f.sentence}|{f.span[0]}"
        by_clause.setdefault(key, []).append(f)
    if figures_by_sentence is None:
        figures_by_sentence = _by_sentence(figures)
    claims: list[_Claim] = []
    for members in by_clause.values():
        parts = [(f, iv) for f in members if (iv := _interval(f)) is not None]
        if not parts:
            continue
        first = parts[0][0]
        claims.append(
            _Claim(
                low=sum(iv[0] for _, iv in parts),
                best=sum(iv[1] for _, iv in parts),
                high=sum(iv[2] for _, iv in parts),
                heads={"people" if f.id in contrast else _head(f) for f, _ in parts},
                # "two were killed and three others wounded ... three others were injured"
                others={iv[1] for f, iv in parts if f.id in contrast},
                source=_source_key(first),
                own_voice=first.source.kind == "outlet",
                additive=_additive(first, figures_by_sentence.get(first.sentence, [])),
                bound=_combined_bound([f.quantity.bound for f, _ in parts]),
                incidents=max(_incidents(f) for f, _ in parts),
                shared=sum(iv[1] for f, iv in parts if _incidents(f) > 1),
                mentions=all(_mention(f) for f, _ in parts),
                headline=all(_headline(f) for f, _ in parts),
            )
        )
    return claims


def _headline(f: Figure) -> bool:
    """Told without a full stop: a headline, a caption or a subhead."""
    return f.sentence.rstrip()[-1:] not in (".", "!", "?", '"', "”", "'", "’", ")")


def _mention(f: Figure) -> bool:
    """A count of one told by naming the person, not by a number."""
    words = f.quantity.text.lower().split()
    return f.quantity.value == 1 and not f.negated and bool(words) and words[0] not in ("one", "1")


def _incidents(f: Figure) -> int:
    return f.incidents if f.incidents is not None and f.incidents > 1 else 1


def _combined_bound(bounds: list[str]) -> str:
    if all(b == "=" for b in bounds):
        return "="
    return bounds[0] if len(bounds) == 1 else "~"


# A shooter who turned the weapon on himself ("killed his wife and then himself"): never
# one of the people he shot (a reflexive restating the clause's subject is "he" instead,
# extract.py `_self_harmed`).
SELF_HEADS = frozenset(_SINGLE_PERSON["reflexives"])


def _self_apart(a: set[str | None], b: set[str | None]) -> bool:
    """One side counts only the shooter who killed himself, the other someone named by
    a noun ("his wife"), not only by a pronoun ("he died" may be the shooter)."""
    if not a or not b:
        return False
    return (a <= SELF_HEADS and _others(b)) or (b <= SELF_HEADS and _others(a))


def _others(heads: set[str | None]) -> bool:
    return not heads & SELF_HEADS and bool(heads - _PRONOUN_HEADS)


def _disjoint(a: set[str | None], b: set[str | None], selves: bool = False) -> bool:
    """Whether claim ``b`` counts others than account ``a``. "Others" in ``b`` says so;
    "others" once in ``a`` does not make every later claim others: "four others were
    hurt ... the victims are in stable condition" tells the same people again."""
    if b & ADDITIONAL_HEADS or (selves and _self_apart(a, b)):
        return True
    if a & ADDITIONAL_HEADS and not b & GENERIC_HEADS:
        return True
    if a & GENERIC_HEADS or b & GENERIC_HEADS:
        return False
    return not (a & b)


def _accounts(claims: list[_Claim], selves: bool = False) -> list[_Claim]:
    """One account per source: its claims about disjoint groups add up; a claim about an
    overlapping group restates (same count) or covers (larger count) the other. With
    ``selves`` (the dead), a shooter who killed himself adds to the people he killed."""
    accounts: list[_Claim] = []
    for claim in claims:
        for acc in accounts:
            if acc.source != claim.source and not (
                # "local officials reported that 2 militants were also killed": another
                # source adds victims of another group to the article's account
                (claim.additive and acc.own_voice and _disjoint(acc.heads, claim.heads, selves))
                # a shooter's own death, whoever tells it, is not his victims'
                or (selves and _self_apart(acc.heads, claim.heads))
            ):
                continue
            # A named victim and a counted group add up only when the text says "also"
            # ("Ahmadi, a police chief, was killed ... the chief died" is one person).
            named = _named(acc.heads | claim.heads)
            if claim.heads & ADDITIONAL_HEADS and claim.best in acc.others:
                acc.support += 1  # "three others were injured", told again
            elif _disjoint(acc.heads, claim.heads, selves) and (
                claim.additive
                or claim.heads & ADDITIONAL_HEADS
                or (selves and _self_apart(acc.heads, claim.heads))
                # "Two juveniles shot" over "two boys were taken to hospital": a headline
                # tells the toll the body tells, in other words
                or (claim.own_voice and not named and not (claim.headline or acc.headline))
            ):
                acc.low += claim.low
                acc.best += claim.best
                acc.high += claim.high
                acc.heads |= claim.heads
                acc.bound = _combined_bound([acc.bound, claim.bound])
                acc.incidents = max(acc.incidents, claim.incidents)
                acc.shared += claim.shared
                acc.mentions = acc.mentions and claim.mentions
                acc.headline = acc.headline and claim.headline
                if claim.heads & ADDITIONAL_HEADS:
                    acc.others.add(claim.best)
            elif (acc.best, acc.low, acc.high, acc.bound) == (
                claim.best,
                claim.low,
                claim.high,
                claim.bound,
            ):
                acc.support += 1  # a restatement
                acc.others |= claim.others
            elif claim.best > acc.best:
                # "a third assailant was shot" ... "three assailants and 80 people were
                # killed": the larger count covers the smaller one.
                acc.low, acc.best, acc.high = claim.low, claim.best, claim.high
                acc.bound = claim.bound
                acc.heads |= claim.heads
                acc.incidents, acc.shared = claim.incidents, claim.shared
                acc.others |= claim.others
                acc.mentions = acc.mentions and claim.mentions
                acc.headline = acc.headline and claim.headline
            else:
                acc.heads |= claim.heads
                acc.others |= claim.others
            break
        else:
            accounts.append(
                _Claim(
                    claim.low,
                    claim.best,
                    claim.high,
                    set(claim.heads),
                    claim.source,
                    claim.own_voice,
                    bound=claim.bound,
                    incidents=claim.incidents,
                    shared=claim.shared,
                    others=({claim.best} if claim.heads & ADDITIONAL_HEADS else set())
                    | claim.others,
                    mentions=claim.mentions,
                    headline=claim.headline,
                )
            )
    return accounts


def _estimate(accounts: list[_Claim]) -> tuple[Estimate, _Claim]:
    """The estimate, and the account its best value comes from."""
    low = min(a.low for a in accounts)
    high = max(a.high for a in accounts)
    own = [a for a in accounts if a.own_voice]
    counted = [a for a in accounts if not a.own_voice and not a.mentions]
    if (
        own
        and counted
        and all(a.mentions for a in own)
        and max(a.best for a in counted) > max(a.best for a in own)
    ):
        # "police said six people were shot ... a 20-year-old man was hit in the groin":
        # the outlet names some of the people the source counts; the count is the toll
        own = counted
    pool = own or accounts
    # "more than 100" and "100" are different claims even though both record 100.
    support: Counter[tuple[int, str]] = Counter()
    for a in pool:
        support[(a.best, a.bound)] += a.support
    key = min(support, key=lambda k: (-support[k], k[0]))
    chosen = next(a for a in pool if (a.best, a.bound) == key)
    return Estimate(low=low, best=key[0], high=high), chosen


def _per_category(
    figures: list[Figure], links: FigureLinks | None
) -> dict[str, tuple[Estimate, _Claim]]:
    """Per category, the estimate of the page's lead when it gives one above 0, else
    that of all the figures (data/scope.toml [lead]): lower down a page tells earlier
    events, the other shootings of a round-up and teasers of other stories, which must
    not outvote or add to the toll the lead states."""
    if links is None or links.lead is None or all(f.id in links.lead for f in figures):
        return _per_category_all(figures, links)
    lead = _per_category_all([f for f in figures if f.id in links.lead], links)
    stated = {category for category, (est, _) in lead.items() if (est.best or 0) > 0}
    return _per_category_all(
        [f for f in figures if f.id in links.lead or f.category not in stated], links
    )


def _definite_pairs(figures: list[Figure], links: FigureLinks) -> dict[str, str]:
    """Clause keys for definite counts of one of a category that share a sentence and
    name different people ("the husband was shot in the chest and the son was struck in
    the arm"): each refers back to someone, but not to the same one, so they count
    together as one claim of two, never as restatements of each other."""
    groups: dict[tuple[str, str, bool], list[Figure]] = {}
    for f in figures:
        if (
            f.group is not None
            and not f.negated
            and f.quantity.value == 1
            and f.quantity.text.lower().startswith(DEFINITE_STARTS)
            and _head(f) == "person"
            and f.group.head not in GENERIC_HEADS
        ):
            # the people shot and those wounded are read apart (`_injured`)
            groups.setdefault((f.category, f.sentence, f.id in links.shot), []).append(f)
    out: dict[str, str] = {}
    for key, members in groups.items():
        if len({f.group.head for f in members if f.group is not None}) == len(members) > 1:
            for f in members:
                out[f.id] = f"definite|{key}"
    return out


def _per_category_all(
    figures: list[Figure], links: FigureLinks | None
) -> dict[str, tuple[Estimate, _Claim]]:
    links = links or FigureLinks()
    if pairs := _definite_pairs(figures, links):
        links = replace(links, clause={**links.clause, **pairs})
    contrast = _contrasted(figures)
    sentences = _by_sentence(figures)
    out: dict[str, tuple[Estimate, _Claim]] = {}
    for category in CATEGORIES:
        mine = [
            f
            for f in figures
            if f.category == category
            and f.scope == "event"
            and f.id not in links.part_of
            and f.part_of is None
        ]
        mine = _without_parts(mine, links)
        if not mine:
            continue
        if category == "injured":
            mine = _not_the_dead(mine, [f for f in figures if f.category == "killed"])
            if not mine:
                continue
        if category == "injured" and any(f.id in links.shot for f in mine):
            # sentences that count the dead by a noun of their own ("two men were killed")
            dead_sentences = {
                f.sentence
                for f in figures
                if f.category == "killed"
                and f.scope == "event"
                and f.id not in links.partial
                and f.id not in links.part_of
                and f.part_of is None
                and _head(f) not in GENERIC_HEADS
            }
            found = _injured(
                mine, links, out.get("killed"), contrast, _self_killed(figures), dead_sentences
            )
            if found is not None:
                out[category] = found
            continue
        accounts = _accounts(_claims(mine, links, contrast, sentences), selves=category == "killed")
        if accounts:
            out[category] = _estimate(accounts)
    return out


def _without_parts(mine: list[Figure], links: FigureLinks) -> list[Figure]:
    """Without the partial figures (`FigureLinks.partial`) of a sentence whose counts add
    up to no more than a whole count of the category told in another sentence: "seven
    people were shot ... one is in critical condition" is 7, and "four were shot ... three
    of the victims are stable, while another is critical" is 4, not an account of 1 or 3
    of its own. A whole in the part's own sentence is no whole of it ("police shot one of
    them while the other killed only himself" is 2)."""
    partial = [f for f in mine if f.id in links.partial]
    if not partial:
        return mine
    by_clause: dict[tuple[str, str], list[int]] = {}
    for f in partial:
        iv = _interval(f)
        key = (f.sentence, links.clause.get(f.id) or f.id)
        by_clause.setdefault(key, []).append(iv[1] if iv else 0)
    by_sentence: Counter[str] = Counter()
    for (sentence, _), values in by_clause.items():
        # "the two other teens, one girl and one boy": a count and its breakdown, once
        top_value = max(values)
        by_sentence[sentence] += top_value if 2 * top_value == sum(values) else sum(values)
    wholes = _whole_claims(mine, links)
    tops = {
        sentence: max((best for best, s in wholes if s != sentence), default=0)
        for sentence in by_sentence
    }
    drop = {f.id for f in partial if by_sentence[f.sentence] <= tops[f.sentence]}
    # "One person was taken to hospital ... Four others received gunshot wounds": the
    # others of a dropped part are the rest of the same people
    previous: Figure | None = None
    for f in mine:
        if (
            previous is not None
            and previous.id in drop
            and f.id not in drop
            and _head(f) in ADDITIONAL_HEADS
            and by_sentence[previous.sentence] + ((iv := _interval(f)) and iv[1] or 0)
            <= tops[previous.sentence]
        ):
            drop.add(f.id)
        previous = f
    return [f for f in mine if f.id not in drop]


def _whole_claims(mine: list[Figure], links: FigureLinks) -> list[tuple[int, str]]:
    """The best value of every claim of the figures that are no part, with its sentence."""
    by_clause: dict[str, list[Figure]] = {}
    for f in mine:
        if f.id not in links.partial:
            key = links.clause.get(f.id) or f"{f.sentence}|{f.span[0]}"
            by_clause.setdefault(key, []).append(f)
    return [
        (claim.best, members[0].sentence)
        for members in by_clause.values()
        for claim in _claims(members, links)
    ]


def _name_words(f: Figure) -> set[str]:
    head = _head(f)
    return set(head[len(NAMED) :].split()) if head and head.startswith(NAMED) else set()


def _not_the_dead(injured: list[Figure], killed: list[Figure]) -> list[Figure]:
    """Injured figures without those naming a person the article counts as killed: "Karma
    Wells had been critically injured ... Karma died on Saturday" is one death, no
    injury."""
    dead = set().union(*(_name_words(f) for f in killed)) if killed else set()
    if not dead:
        return injured
    return [f for f in injured if not (_name_words(f) & dead)]


_MALE = frozenset(
    {"man", "boy", "male", "father", "son", "brother", "husband", "boyfriend", "grandfather"}
    | {"he", "him"}
)
_FEMALE = frozenset(
    {"woman", "girl", "female", "mother", "daughter", "sister", "wife", "girlfriend", "grandmother"}
    | {"she", "her"}
)


def _apart(hit: set[str | None], dead: set[str | None]) -> bool:
    """The people hit are others than the dead when the nouns say so: all of one sex on
    one side and of the other on the other ("a man was killed ... a woman was shot in the
    leg"). Other nouns may name the same person ("a toddler was shot ... the girl died")."""
    for one, other in ((_MALE, _FEMALE), (_FEMALE, _MALE)):
        if hit and dead and hit <= one and dead <= other:
            return True
    return False


@cache
def _clause_break() -> re.Pattern[str]:
    """A clause boundary between an "also" and a count (casualties.toml [totals])."""
    words = load_table("casualties")["totals"]["clause_breaks"]
    alternatives = [
        re.escape(w).replace(r"\ ", r"\s*") if w[0] in ",;" else r"\b" + re.escape(w) + r"\b"
        for w in words
    ]
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _also(f: Figure) -> bool:
    """An "also" told of ``f``'s people, in its clause ("a neighbour was also shot", "the
    gunman also shot a woman"), not in another one of its sentence ("police said he also
    admitted that the victim was shot", "were all shot, and that one was also beaten")."""
    at = f.sentence.find(f.quantity.text)
    reach = load_table("casualties")["totals"]["also_reach"]
    for m in _ALSO.finditer(f.sentence):
        if at < 0:
            return True
        end = at + len(f.quantity.text)
        between = f.sentence[m.end() : at] if m.end() <= at else f.sentence[end : m.start()]
        if len(between) <= reach and not _clause_break().search(between):
            return True
    return False


# "a fourth person was taken to hospital", "another victim was critically hurt": a
# generic noun with a word of addition is one more than the people already counted
_ORDINALS = frozenset(_SINGLE_PERSON["ordinals"])
_GENERIC_NOUNS = frozenset(_SINGLE_PERSON["generic_heads"])


def _others_word(f: Figure) -> bool:
    """The count says it is of others ("two others", "another man"; "another victim" and
    "a fourth person" too, which a generic noun cannot tell apart from a shooter as
    "shot another teen" does)."""
    if _head(f) in ADDITIONAL_HEADS or (
        f.group is not None and bool(ADDITIONAL_HEADS & set(f.group.text.lower().split()))
    ):
        return True
    words = set(f.quantity.text.lower().split())
    return (
        f.group is not None
        and f.group.head in _GENERIC_NOUNS
        and bool(words & (ADDITIONAL_HEADS | _ORDINALS))
    )


def _others_of_clause(f: Figure, hit: list[Figure], links: FigureLinks) -> bool:
    """``f``'s "others" are others than a person counted before it in its own clause ("he
    and three others had been shot"), not than the dead."""
    key = links.clause.get(f.id)
    return key is not None and any(
        g.id != f.id
        and links.clause.get(g.id) == key
        and g.span[0] < f.span[0]
        and not _others_word(g)
        for g in hit
    )


def _injured(
    mine: list[Figure],
    links: FigureLinks,
    killed: tuple[Estimate, _Claim] | None,
    contrast: set[str],
    shooters_dead: int = 0,
    dead_sentences: frozenset[str] | set[str] = frozenset(),
) -> tuple[Estimate, _Claim] | None:
    """The injured estimate when some injured figures count people shot or stabbed
    (`FigureLinks.shot`). "A man was shot ... he died in hospital" is one person killed,
    not also one injured: the people hit minus those the article counts as killed are the
    wounded, unless the shooting figure says it counts others ("two others were shot").
    The wounded stated with an injury word ("three were wounded") stand when they are
    more."""
    stated = [f for f in mine if f.id not in links.shot]
    hit = [f for f in mine if f.id in links.shot]
    best: tuple[Estimate, _Claim] | None = None
    if stated and (accounts := _accounts(_claims(stated, links, contrast))):
        best = _estimate(accounts)
    claims = _claims(hit, links)
    accounts = _accounts(claims)
    if not accounts:
        return best
    est, acc = _estimate(accounts)
    # "two others were shot": hit besides the dead; "a man said he and three others had
    # been shot" counts others than "he", not than the dead
    apart = [f for f in hit if _others_word(f) and not _others_of_clause(f, hit, links)]
    # "a neighbour was also shot": hit besides the dead ("another child shot the boy" is
    # not); "was shot in the leg but survived", "is recovering": the hit who live are no
    # dead.
    cued = [f for f in hit if _also(f) or _survival().search(f.sentence)]
    # "two men were killed while two officers and a woman suffered gunshot wounds": the
    # dead and the hit counted apart in one sentence are different people
    # ("Jones died when he accidentally shot himself": a reflexive is one of them)
    beside = [
        f
        for f in hit
        if f.sentence in dead_sentences and _head(f) not in GENERIC_HEADS | SELF_HEADS
    ]
    # Only when they are all the hit the article counts: "three people were shot ... a
    # teen was also shot and is stable" is the three, the dead among them; and "2 shot, 1
    # dead ... one man is dead and another man was taken to hospital" is one wounded (the
    # larger count of the hit has the dead in it, the others are its wounded).
    others = False
    floor = 0
    for told, counted in ((apart, True), (beside, True), (cued, False)):
        if told and (told_accounts := _accounts(_claims(told, links))):
            value = _estimate(told_accounts)[0].best or 0
            if value >= (est.best or 0):
                others = True
            elif counted:
                # "also" may tell one of the dead again ("he had been shot as well as
                # the father", both dead); "others" and the dead's own sentence do not
                floor = max(floor, value)
    dead = 0
    if killed is not None and not others and not _apart(acc.heads, killed[1].heads):
        # a shooter who then killed himself is not one of the people he hit
        dead = max(0, (killed[0].best or 0) - shooters_dead)
    wounded = max((est.best or 0) - dead, floor)
    if wounded <= 0:
        return best
    if best is not None and (best[0].best or 0) >= wounded:
        return best
    low = max(0, (est.low or 0) - dead)
    high = None if est.high is None else max(wounded, est.high - dead)
    return Estimate(low=min(low, wounded), best=wounded, high=high), acc


def _self_killed(figures: list[Figure]) -> int:
    """How many shooters the article counts as killed by their own hand after shooting
    others in the same sentence ("shot a clerk and then killed herself"); a child who
    "fatally shot himself" hit no one else."""
    return sum(
        f.quantity.value or 0
        for f in figures
        if f.category == "killed"
        and f.scope == "event"
        and not f.negated
        and f.group is not None
        and f.group.head in SELF_HEADS
        and any(
            g.category == "injured"
            and g.sentence == f.sentence
            and (g.group is None or g.group.head not in SELF_HEADS)
            for g in figures
        )
    )


@cache
def perpetrator_heads() -> frozenset[str]:
    """Group heads that name attackers (casualties.toml [perpetrators])."""
    return frozenset(load_table("casualties")["perpetrators"]["heads"])


def is_perpetrator(head: str | None) -> bool:
    return head is not None and head.lower() in perpetrator_heads()


def totals(figures: list[Figure], links: FigureLinks | None = None) -> dict[str, Total]:
    """Per category, the article's estimate for its main event (absent if not reported),
    with ``victims``: the same without the perpetrators' figures. A perpetrator count
    stated as part of a larger one ("12 people, including the two bombers") comes off
    that count."""
    overall = _per_category(figures, links)
    attackers = [f for f in figures if f.group is not None and is_perpetrator(f.group.head)]
    if attackers:
        ids = {f.id for f in attackers}
        given = links or FigureLinks()
        apart = _per_category(
            [replace(f, part_of=None) for f in attackers],
            FigureLinks(clause=given.clause, shot=given.shot, lead=given.lead),
        )
    else:
        ids, apart = set(), {}
    out: dict[str, Total] = {}
    for cat, (est, _) in overall.items():
        gone = apart.get(cat)
        victims = Estimate(est.low, est.best, est.high)
        if gone is not None and ids:
            minus = gone[0].best or 0
            victims = Estimate(
                low=None if est.low is None else max(0, est.low - minus),
                best=None if est.best is None else max(0, est.best - minus),
                high=None if est.high is None else max(0, est.high - minus),
            )
        out[cat] = Total(est.low, est.best, est.high, victims=victims)
    return out


def coverage(figures: list[Figure], links: FigureLinks | None = None) -> dict[str, Coverage]:
    """Per category of `totals`, what its best value covers (see `Coverage`)."""
    return {
        cat: Coverage(acc.incidents, acc.shared if acc.incidents > 1 else 0)
        for cat, (_, acc) in _per_category(figures, links).items()
    }
