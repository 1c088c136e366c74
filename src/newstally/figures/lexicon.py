"""The casualty, hedge and scope tables, loaded once into lookup structures.

The words themselves live in ``data/casualties.toml``, ``data/hedges.toml`` and
``data/scope.toml``; this module only turns them into sets and maps keyed by lemma.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..rules import load_table


@dataclass(frozen=True, slots=True)
class Lexicon:
    # lemma -> category, per role of the casualty word
    verbs: dict[str, str]  # transitive: object / passive subject are the victims
    intransitive: dict[str, str]  # subject is the victims
    nouns: dict[str, str]  # the noun counts victims ("deaths")
    of_nouns: dict[str, str]  # the noun's "of" object are the victims ("the deaths of")
    states: dict[str, str]  # predicate / modifier ("dead", "missing", "wounded")
    objects: dict[tuple[str, str], str]  # (verb, object) -> category: "lose life"
    complements: dict[tuple[str, str], str]  # (verb, complement) -> category: "shoot dead"
    treatment_verbs: frozenset[str]
    treatment_objects: frozenset[str]
    treatment_releases: frozenset[str]  # "treated and released"
    describing_hyphened: frozenset[str]  # "a four-time champion": no count
    arrival_verbs: frozenset[str]  # "showed up at a hospital with a gunshot wound"
    injury_conditions: frozenset[str]  # "in critical condition"
    projectile_verbs: frozenset[str]  # "a bullet grazed him", "struck by gunfire"
    projectiles: frozenset[str]
    # "4 shot, 2 killed": a participle the tagger reads as a noun -> its verb's lemma
    participles: dict[str, str]
    injury_attributes: frozenset[str]  # "found with a gunshot wound"
    mixed_categories: frozenset[str]
    fatal_adverbs: frozenset[str]  # "fatally shot": an injured verb that kills
    fatal_verbs: frozenset[str]  # "shot and killed": killed only, no injury
    fatal_results: frozenset[str]  # "resulting in his death"
    fatal_adjectives: frozenset[str]  # "the fatal shooting of a teen": killed
    shooting_nouns: frozenset[str]  # "the shooting of three people": people hit
    headline_deaths: tuple[str, ...]  # "Man charged in killing": a death, in a headline
    headline_not_after: frozenset[str]  # "attempted murder"
    headline_between: int  # words between "fatal" and "shooting": "fatal Elm Street shooting"
    several_counts: dict[str, int]  # "a quadruple shooting": 4 people shot
    several_nouns: dict[str, str]  # noun -> category: "shooting" injured, "homicide" killed
    several_not_after: frozenset[str]  # "the third double shooting this week"
    self_turn_verbs: frozenset[str]  # "turned the gun on himself": killed himself
    attempt_words: frozenset[str]  # "tried to kill": an attempt, no casualty
    sequence_first: frozenset[str]
    sequence_then: frozenset[str]
    mixed_as: str
    raising: frozenset[str]
    toll_nouns: frozenset[str]
    toll_words: dict[str, str]  # word naming a toll's category -> category
    toll_default: str
    subset_preps: frozenset[str]
    partitive_determiners: frozenset[str]  # "three of the victims": a part of a count
    partitive_pronouns: frozenset[str]  # "one of them"
    age_words: frozenset[str]  # "two brothers, ages 11 and 16": the numbers are ages
    age_set_off: frozenset[str]  # "two men - both 23 -": an age set off after people
    caption_before: re.Pattern[str]  # "Image 6 of 12": a gallery's numbering
    caption_of: re.Pattern[str]
    station_before: re.Pattern[str]  # "KQRT 11 News": a channel number, no count
    station_after: re.Pattern[str]
    additive_preps: frozenset[str]
    non_people: frozenset[str]
    person_determiners: frozenset[str]
    person_categories: frozenset[str]
    person_exclude: frozenset[str]
    person_pronouns: frozenset[str]
    person_referents: frozenset[str]
    # a shooter's own reflexives, singular and plural ("turned the gun on himself")
    self_reflexives: frozenset[str]
    pair_determiners: frozenset[str]
    person_ordinals: frozenset[str]
    definite_determiners: frozenset[str]
    reference_generic: frozenset[str]
    negative_determiners: frozenset[str]
    negative_pronouns: frozenset[str]
    negative_pairs: frozenset[tuple[str, str]]
    negative_words: frozenset[str]  # a sentence without any of these has no negative count
    gate_patterns: tuple[str, ...]
    gate_window: int
    # hedges
    hedge_words: frozenset[str]
    hedge_verbs: frozenset[str]
    quoted_label: str
    quoted_max_words: int
    open_quotes: frozenset[str]
    close_quotes: frozenset[str]
    # scope
    cumulative_cues: tuple[str, ...]
    period_cues: tuple[str, ...]
    present_perfect_verbs: frozenset[str]
    event_nouns: frozenset[str]
    summing_cues: tuple[str, ...]
    # non-empty lines that make a page's lead (scope.toml [lead])
    lead_paragraphs: int
    lead_earlier_days: int  # a figure below the lead dated this much before it: background
    # background: deaths a protest or commemoration is about (scope.toml [background])
    background_words: frozenset[str]
    background_preps: frozenset[str]
    background_marks: frozenset[str]
    # incidents a figure covers (scope.toml [incidents])
    incident_nouns: frozenset[str]
    incident_preps: frozenset[str]
    incident_combining: frozenset[str]
    incident_context_nouns: frozenset[str]
    incident_references: frozenset[str]
    incident_counts: dict[str, int]
    incident_series: frozenset[str]
    incident_stand_ins: frozenset[str]
    incident_separate: frozenset[str]
    incident_context: tuple[re.Pattern[str], ...]
    # groups
    affiliation_words: frozenset[str]
    affiliation_labels: frozenset[str]
    affiliation_preps: frozenset[str]

    def category_of_word(self, lemma: str) -> str | None:
        """Category named by a single casualty word in any role (noun, state, verb)."""
        return (
            self.nouns.get(lemma)
            or self.states.get(lemma)
            or self.verbs.get(lemma)
            or self.intransitive.get(lemma)
        )


def _by_lemma(categories: dict[str, dict], key: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for category, table in categories.items():
        for lemma in table.get(key, []):
            out.setdefault(lemma, category)
    return out


def _pairs(categories: dict[str, dict], key: str) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for category, table in categories.items():
        for verb, words in table.get(key, {}).items():
            for word in words:
                out.setdefault((verb, word), category)
    return out


def _context_patterns(incidents: dict) -> tuple[re.Pattern[str], ...]:
    """The [incidents] context templates with `{n}` (a count, group "n") and `{nouns}`
    (a plural incident noun, group "noun") filled in."""
    words = sorted(incidents["counts"], key=len, reverse=True)
    count = r"(?:at least |more than |some )?(?P<n>\d+|" + "|".join(words) + r"|[a-z]+)"
    nouns = sorted(incidents["nouns"], key=len, reverse=True)
    plural = r"(?P<noun>" + "|".join(re.escape(n) for n in nouns) + r")(?:es|s)"
    return tuple(
        re.compile(t.replace("{n}", count).replace("{nouns}", plural), re.IGNORECASE)
        for t in incidents["context"]
    )


def _caption(words: list[str], tail: str) -> re.Pattern[str]:
    alt = "|".join(re.escape(w) for w in words)
    return re.compile(rf"\b(?:{alt})\s+{tail}$", re.IGNORECASE)


@cache
def lexicon() -> Lexicon:
    cas = load_table("casualties")
    hedges = load_table("hedges")
    scope = load_table("scope")
    groups = load_table("groups")
    incidents = scope["incidents"]
    categories: dict[str, dict] = cas["categories"]
    tolls = cas["tolls"]
    toll_words = {
        word: category
        for category, words in tolls.items()
        if category not in ("nouns", "default")
        for word in words
    }
    injured = categories["injured"]
    return Lexicon(
        verbs=_by_lemma(categories, "verbs"),
        intransitive=_by_lemma(categories, "intransitive"),
        nouns=_by_lemma(categories, "nouns"),
        of_nouns=_by_lemma(categories, "of_nouns"),
        states=_by_lemma(categories, "states"),
        objects=_pairs(categories, "objects"),
        complements=_pairs(categories, "complements"),
        treatment_verbs=frozenset(injured.get("treatment_verbs", [])),
        treatment_objects=frozenset(injured.get("treatment_objects", [])),
        treatment_releases=frozenset(injured.get("treatment_releases", [])),
        arrival_verbs=frozenset(injured.get("arrival_verbs", [])),
        injury_conditions=frozenset(injured.get("conditions", [])),
        projectile_verbs=frozenset(injured.get("projectile_verbs", [])),
        projectiles=frozenset(injured.get("projectiles", [])),
        participles=dict(cas.get("headlines", {}).get("participles", {})),
        injury_attributes=frozenset(injured.get("attributes", [])),
        mixed_categories=frozenset(cas["mixing"]["categories"]),
        fatal_adverbs=frozenset(cas["fatal"]["adverbs"]),
        fatal_verbs=frozenset(cas["fatal"]["verbs"]),
        fatal_results=frozenset(cas["fatal"]["results"]),
        fatal_adjectives=frozenset(cas["fatal"]["adjectives"]),
        shooting_nouns=frozenset(cas["fatal"]["nouns"]),
        headline_deaths=tuple(cas["headline"]["events"]),
        headline_not_after=frozenset(cas["headline"]["not_after"]),
        headline_between=int(cas["headline"]["between"]),
        several_counts={k.lower(): int(v) for k, v in cas["several"]["counts"].items()},
        several_nouns={
            **{n: "injured" for n in cas["several"]["shot_nouns"]},
            **{n: "killed" for n in cas["several"]["death_nouns"]},
        },
        several_not_after=frozenset(cas["several"]["not_after"]),
        self_turn_verbs=frozenset(cas["fatal"]["turn_verbs"]),
        attempt_words=frozenset(cas["attempts"]["words"]),
        sequence_first=frozenset(cas["sequence"]["first"]),
        sequence_then=frozenset(cas["sequence"]["then"]),
        mixed_as=cas["mixing"]["combined"],
        raising=frozenset(cas["raising"]["verbs"]),
        toll_nouns=frozenset(tolls["nouns"]),
        toll_words=toll_words,
        toll_default=tolls["default"],
        subset_preps=frozenset(cas["subset"]["preps"]),
        partitive_determiners=frozenset(cas["subset"]["partitive_determiners"]),
        partitive_pronouns=frozenset(cas["subset"]["partitive_pronouns"]),
        age_words=frozenset(cas["ages"]["words"]),
        age_set_off=frozenset(cas["ages"]["set_off"]),
        caption_before=_caption(cas["captions"]["words"], ""),
        caption_of=_caption(cas["captions"]["words"], r"\d+\s+of\s*/?\s*"),
        station_before=re.compile(
            r"(?<![\w-])(?:"
            + "|".join(
                [re.escape(w) for w in cas["stations"]["before"]] + [cas["stations"]["call_sign"]]
            )
            + r")[ \t]+$"
        ),
        station_after=re.compile(
            r"^[ \t]+(?:" + "|".join(re.escape(w) for w in cas["stations"]["after"]) + r")\b"
        ),
        additive_preps=frozenset(cas["subset"]["additive"]),
        non_people=frozenset(cas["non_people"]["nouns"]),
        person_determiners=frozenset(cas["single_person"]["determiners"]),
        person_categories=frozenset(cas["single_person"]["categories"]),
        person_exclude=frozenset(cas["single_person"]["exclude"]),
        person_pronouns=frozenset(cas["single_person"]["pronouns"]),
        person_referents=frozenset(cas["single_person"]["referents"]),
        self_reflexives=frozenset(
            cas["single_person"]["reflexives"] + cas["single_person"]["plural_reflexives"]
        ),
        pair_determiners=frozenset(cas["single_person"]["pair_determiners"]),
        person_ordinals=frozenset(cas["single_person"]["ordinals"]),
        describing_hyphened=frozenset(cas["describing_numbers"]["hyphened"]),
        definite_determiners=frozenset(cas["reference"]["determiners"]),
        reference_generic=frozenset(cas["reference"]["generic"]),
        negative_determiners=frozenset(cas["negation"]["determiners"]),
        negative_pronouns=frozenset(cas["negation"]["pronouns"]),
        negative_pairs=frozenset(tuple(p) for p in cas["negation"]["pairs"]),
        negative_words=frozenset(cas["negation"]["determiners"])
        | frozenset(cas["negation"]["pronouns"])
        | frozenset(p[0] for p in cas["negation"]["pairs"]),
        gate_patterns=tuple(cas["gate"]["patterns"]),
        gate_window=int(cas["gate"]["window"]),
        hedge_words=frozenset(hedges["words"]),
        hedge_verbs=frozenset(hedges["verbs"]),
        quoted_label=hedges["quoted_label"],
        quoted_max_words=int(hedges["quoted_max_words"]),
        open_quotes=frozenset(hedges["open_quotes"]),
        close_quotes=frozenset(hedges["close_quotes"]),
        cumulative_cues=tuple(scope["cumulative"]),
        period_cues=tuple(scope["period"]),
        present_perfect_verbs=frozenset(scope["present_perfect_verbs"]),
        event_nouns=frozenset(scope["event_nouns"]),
        summing_cues=tuple(scope["summing"]),
        lead_paragraphs=int(scope["lead"]["paragraphs"]),
        lead_earlier_days=int(scope["lead"]["earlier_days"]),
        background_words=frozenset(scope["background"]["words"]),
        background_preps=frozenset(scope["background"]["preps"]),
        background_marks=frozenset(scope["background"]["marks"]),
        incident_nouns=frozenset(incidents["nouns"]),
        incident_preps=frozenset(incidents["preps"]),
        incident_combining=frozenset(incidents["combining"]),
        incident_context_nouns=frozenset(incidents["context_nouns"]),
        incident_references=frozenset(incidents["references"]),
        incident_counts=dict(incidents["counts"]),
        incident_series=frozenset(incidents["series"]),
        incident_stand_ins=frozenset(incidents["stand_ins"]),
        incident_separate=frozenset(incidents["separate"]),
        incident_context=_context_patterns(incidents),
        affiliation_words=frozenset(groups["words"]),
        affiliation_labels=frozenset(groups["entity_labels"]),
        affiliation_preps=frozenset(groups["preps"]),
    )
