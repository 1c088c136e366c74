"""The attribution rule table (``data/attribution.toml``) as frozen sets, loaded once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from ..rules import load_table


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """The cue words of attribution (reporting verbs, nouns, stance and speaker words)."""

    cue_verbs: frozenset[str]
    needs_complement: frozenset[str]
    object_content: frozenset[str]
    quote_only: frozenset[str]
    nouns: frozenset[str]
    unowned_nouns: frozenset[str]  # cue nouns that need no owner: "faced questions about"
    speak_of: frozenset[str]
    predicative: frozenset[str]
    clausal: frozenset[str]  # cues only with a that-clause (ccomp)
    attitude: frozenset[str]  # cues only with a that-clause and a non-pronoun subject
    infinitival: frozenset[str]  # cues only with a to-infinitive (xcomp)
    raising: frozenset[str]  # the article's own hedge: "seems to", "appears that"
    stance: frozenset[str]  # stance-only cues: statements, never sources of figures
    object_stance: frozenset[str]  # verbs whose object content is a stance (never a source)
    prep_content: dict[str, frozenset[str]]  # stance verb -> prepositions of its content
    adjectives: dict[str, frozenset[str]]  # stance adjective -> preposition/ccomp/xcomp
    answer_verbs: frozenset[str]  # speech verbs that take a one-word answer ("said so")
    short_answers: frozenset[str]  # the answers: "so", "yes", "no"
    poll_shares: frozenset[str]  # "percent", "half", "majority": a share of those polled
    poll_preps: frozenset[str]  # prepositions whose object is a poll answer ("vote for")
    title_before: frozenset[str]  # words before a quoted title of a show ("on", "told")
    title_small_words: frozenset[str]  # lower-case words a quoted title may hold
    title_words: int  # how many words a quoted title has at most
    lemma_fixes: dict[str, str]  # wrong spaCy lemma -> cue lemma ("hop" -> "hope")
    prepositional: tuple[tuple[str, ...], ...]  # word sequences, longest first
    prepositional_by_first: dict[str, tuple[tuple[str, ...], ...]]  # the same, by first word
    cue_extensions: tuple[tuple[str, ...], ...]
    claim_nouns: frozenset[str]  # nouns | unowned_nouns: the cue nouns of a claim
    surface: SurfaceGate  # cheap pre-check on raw sentence text
    kind_words: re.Pattern[str]  # any word of the official/organisation/media/person lists
    person_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    any_pronouns: frozenset[str]
    not_speakers: frozenset[str]
    documents: frozenset[str]
    not_first_names: frozenset[str]
    person_roles: frozenset[str]  # nouns naming a person's role ("journalist"), with kinds.person
    kinds: dict[str, frozenset[str]]  # kind -> lower-cased words/phrases
    countries: frozenset[str]

    @property
    def pronouns(self) -> frozenset[str]:
        return self.person_pronouns | self.thing_pronouns | self.any_pronouns


def _inflections(verb: str) -> set[str]:
    """Regular English forms of a verb (over-generating is harmless for a pre-check)."""
    forms = {verb, verb + "s", verb + "es", verb + "ed", verb + "d", verb + "ing"}
    if verb.endswith("e"):
        forms.add(verb[:-1] + "ing")
    if verb.endswith("y"):
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
    if len(verb) > 2 and verb[-1] not in "aeiouwy" and verb[-2] in "aeiou":
        forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    return forms


# Marks that hold a statement without any cue word: a quote mark, a "Name:" lead.
_SURFACE_MARKS = re.compile(r"[\"“”«»]|^[A-Z][^:\n]{0,60}:\s", re.IGNORECASE)
_WORD = re.compile(r"\w+")
# Letters that IGNORECASE matches to ASCII ones although str.lower() does not map them so.
_CASE_SPECIALS = re.compile("[\u0130\u0131\u017f\u212a]")


class SurfaceGate:
    """The surface pre-check (`Lexicon.surface`): a quote mark, a "Name:" lead or a cue
    word. ``search`` finds a match where ``pattern.search`` finds one (not necessarily
    the same, first one: callers ask only whether there is one), but tries only the cue
    words whose first word the text holds: one alternation of all the cue words, tried
    at every position of every sentence, cost about 1 ms a sentence."""

    def __init__(self, source: str, words: list[str]) -> None:
        # The one alternation of every cue word is compiled only when a text needs it (a
        # non-ASCII cue word, or a letter that IGNORECASE folds unlike str.lower): it
        # took 0.1-0.25 s of every process's start-up, and most runs never use it.
        self._source = source
        by_first: dict[str, list[str]] = {}
        exact = all(w.isascii() for w in words)
        for w in words:
            m = _WORD.match(w.lower())
            if m is None:
                exact = False
                break
            by_first.setdefault(m.group(), []).append(w)
        # The cue words by their first word; each group is compiled when a sentence first
        # holds that word (compiling all 1,800 groups at start-up cost about 0.2 s).
        self._by_first: dict[str, list[str]] | None = by_first if exact else None
        self._compiled: dict[str, re.Pattern[str]] = {}

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self._source, re.IGNORECASE)

    def _group(self, first: str) -> re.Pattern[str] | None:
        cue = self._compiled.get(first)
        if cue is None and self._by_first is not None:
            alts = self._by_first.get(first)
            if alts is None:
                return None
            cue = self._compiled[first] = re.compile(
                r"\b(?:" + "|".join(re.escape(w) for w in alts) + r")\b", re.IGNORECASE
            )
        return cue

    def search(self, text: str) -> re.Match[str] | None:
        if self._by_first is None or _CASE_SPECIALS.search(text):
            return self.pattern.search(text)
        hit = _SURFACE_MARKS.search(text)
        if hit is not None:
            return hit
        by_first = self._by_first
        for word in dict.fromkeys(_WORD.findall(text.lower())):
            if word not in by_first:
                continue  # most words start no cue word (a dict look-up, not a call)
            cue = self._group(word)
            if cue is not None:
                hit = cue.search(text)
                if hit is not None:
                    return hit
        return None


@cache
def lexicon() -> CueLexicon:
    table = load_table("attribution")
    cues, speakers, kinds = table["cues"], table["speakers"], table["kinds"]
    speech_like = set(
        cues["speech"] + cues["object_content"] + cues["speak_of"] + cues["predicative"]
    )
    # A verb of the measured PolNeAR classes that is already a speech-like cue keeps
    # its wider behaviour; the class only adds what it says.
    attitude = frozenset(cues["attitude"]) - speech_like
    clausal = (frozenset(cues["clausal"]) - speech_like) | attitude
    infinitival = frozenset(cues["infinitival"]) - speech_like
    raising = frozenset(cues["raising"])
    # A speech verb listed as a stance object ("showed X", "tweeted X") keeps its speech
    # behaviour with a clause; only its object content is a stance.
    object_stance = frozenset(cues["stance_objects"])
    stance_objects = object_stance - speech_like
    prep_content = {k: frozenset(v) for k, v in cues["prep_content"].items()}
    prep_stance = frozenset(prep_content) - speech_like
    verbs = frozenset(speech_like | clausal | infinitival | raising | stance_objects | prep_stance)
    forms = {form for verb in verbs for form in _inflections(verb)}
    forms |= {form for verb in cues["quote_only"] for form in _inflections(verb)}
    nouns = cues["nouns"] + cues["unowned_nouns"]
    forms |= {form for noun in nouns for form in (noun, noun + "s")}
    forms |= set(cues["adjectives"])
    words = sorted(forms | set(cues["surface"]) | set(cues["irregular"]), key=len, reverse=True)
    cue_words = r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"
    surface = SurfaceGate(_SURFACE_MARKS.pattern + "|" + cue_words, words)
    prepositional = tuple(
        sorted((tuple(p.split()) for p in cues["prepositional"]), key=len, reverse=True)
    )
    return CueLexicon(
        cue_verbs=verbs,
        needs_complement=frozenset(cues["needs_complement"])
        | clausal
        | infinitival
        | raising
        | stance_objects
        | prep_stance,
        object_content=frozenset(cues["object_content"]) | object_stance,
        quote_only=frozenset(cues["quote_only"]),
        nouns=frozenset(cues["nouns"]),
        unowned_nouns=frozenset(cues["unowned_nouns"]),
        speak_of=frozenset(cues["speak_of"]),
        predicative=frozenset(cues["predicative"]),
        clausal=clausal,
        attitude=attitude,
        infinitival=infinitival,
        raising=raising,
        stance=raising | infinitival | stance_objects | prep_stance,
        object_stance=object_stance,
        prep_content=prep_content,
        adjectives={k: frozenset(v) for k, v in cues["adjectives"].items()},
        answer_verbs=frozenset(cues["answer_verbs"]),
        short_answers=frozenset(cues["short_answers"]),
        poll_shares=frozenset(cues["poll_shares"]),
        poll_preps=frozenset(cues["poll_preps"]),
        title_before=frozenset(cues["title_before"]),
        title_small_words=frozenset(cues["title_small_words"]),
        title_words=int(cues["title_words"]),
        lemma_fixes=dict(cues["lemma_fixes"]),
        prepositional=prepositional,
        prepositional_by_first={
            first: tuple(p for p in prepositional if p[0] == first)
            for first in dict.fromkeys(p[0] for p in prepositional)
        },
        cue_extensions=tuple(
            sorted((tuple(p.split()) for p in cues["cue_extensions"]), key=len, reverse=True)
        ),
        claim_nouns=frozenset(cues["nouns"]) | frozenset(cues["unowned_nouns"]),
        surface=surface,
        kind_words=re.compile(
            r"\b(?:"
            + "|".join(
                re.escape(w)
                for k in ("official", "organisation", "media", "person")
                for w in sorted(kinds[k], key=len, reverse=True)
            )
            + r")\b",
            re.IGNORECASE,
        ),
        person_pronouns=frozenset(speakers["person_pronouns"]),
        thing_pronouns=frozenset(speakers["thing_pronouns"]),
        any_pronouns=frozenset(speakers["any_pronouns"]),
        not_speakers=frozenset(speakers["not_speakers"]),
        documents=frozenset(speakers["documents"]),
        not_first_names=frozenset(speakers["not_first_names"]),
        person_roles=frozenset(speakers["person_roles"]) | frozenset(kinds["person"]),
        kinds={k: frozenset(v) for k, v in kinds.items() if k != "countries"},
        countries=frozenset(kinds["countries"]),
    )
