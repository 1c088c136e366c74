"""The reconciliation table (``data/reconcile.toml``) as typed, read-only settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from ..rules import load_table


@dataclass(frozen=True, slots=True)
class Cue:
    """An in-text revision cue ("previously", "rose to")."""

    phrase: str
    direction: int  # -1 earlier, +1 later
    max_chars: int
    position: str  # "before": the cue precedes the quantity; "after": it follows it
    update: bool  # a running-toll update that replaces earlier tolls


@dataclass(frozen=True, slots=True)
class BriefConfig:
    min_sentences: int
    max_sentences: int
    min_words: int
    max_words: int
    mmr_lambda: float
    lead_sentences: int
    lead_bonus: float
    outlet_penalty: float
    repeat_jaccard: float
    max_articles: int
    max_article_sentences: int
    max_statements: int
    chart_max_slots: int
    chart_max_rows: int


@dataclass(frozen=True, slots=True)
class ReconcileConfig:
    related: MappingProxyType[str, tuple[str, ...]]
    labels: MappingProxyType[str, str]
    category_words: MappingProxyType[str, tuple[str, ...]]
    event_gap_days: float
    generic_heads: frozenset[str]
    plurals: MappingProxyType[str, str]
    # head or multi-word phrase -> class name
    head_classes: MappingProxyType[str, str]
    phrase_classes: tuple[tuple[str, str], ...]  # the multi-word head_classes, same order
    disjoint: tuple[frozenset[str], ...]
    nation_suffixes: tuple[str, ...]
    demonyms: MappingProxyType[str, str]
    source_stopwords: frozenset[str]
    unnamed_starts: frozenset[str]
    indefinite_articles: frozenset[str]
    generic_official: frozenset[str]
    default_hedge_weight: float
    approx_tolerance: float
    everyone_outlets: int
    everyone_counted: tuple[str, ...]
    agreed_articles: int
    within_accounts: tuple[str, ...]
    perpetrators_besides: tuple[str, ...]
    untold_lead_characters: int
    other_person_words: frozenset[str]
    # category -> (words, stems) with which a headline tells that category (`[headlines]`)
    headline_words: MappingProxyType[str, tuple[frozenset[str], tuple[str, ...]]]
    # words of people hit that tell an injury after a headline's death, with a count
    headline_hit_words: frozenset[str]
    headline_count_words: frozenset[str]
    kind_weights: MappingProxyType[str, float]
    hedge_weights: MappingProxyType[str, float]
    cues: tuple[Cue, ...]
    brief: BriefConfig
    # plural -> singular words that name incidents ("attacks" -> "attack")
    incident_nouns: MappingProxyType[str, str]

    def related_to(self, category: str) -> tuple[str, ...]:
        return self.related.get(category, ())

    def label(self, category: str) -> str:
        return self.labels.get(category, category)

    def hedge_weight(self, hedges: list[str]) -> float:
        """Weight of a figure's weakest hedge (1.0 when it has none)."""
        if not hedges:
            return 1.0
        return min(self.hedge_weights.get(h.lower(), self.default_hedge_weight) for h in hedges)

    def headline_tells(self, category: str, words: list[str]) -> bool:
        """Whether the lower-cased ``words`` of a headline tell ``category``."""
        listed, stems = self.headline_words.get(category, (frozenset(), ()))
        return any(w in listed or w.startswith(stems) for w in words)

    def kind_weight(self, kind: str) -> float:
        return self.kind_weights.get(kind, 1.0)


def _frozen_lists(table: dict[str, Any]) -> MappingProxyType[str, tuple[str, ...]]:
    return MappingProxyType({k: tuple(str(x).lower() for x in v) for k, v in table.items()})


@cache
def load_config() -> ReconcileConfig:
    """The reconciliation settings from ``data/reconcile.toml`` (cached)."""
    table = load_table("reconcile")
    categories, groups, nations = table["categories"], table["groups"], table["nations"]
    sources, policy, brief = table["sources"], table["policy"], table["brief"]
    head_classes: dict[str, str] = {}
    for name, heads in groups["classes"].items():
        for head in heads:
            head_classes.setdefault(head.lower(), name)
    cues = tuple(
        Cue(
            phrase=str(c["phrase"]).lower(),
            direction=-1 if c["direction"] == "earlier" else 1,
            max_chars=int(c.get("max_chars", 60)),
            position=str(c.get("position", "before")),
            update=bool(c.get("update", False)),
        )
        for c in table["revisions"]["cues"]
    )
    return ReconcileConfig(
        related=_frozen_lists(categories["related"]),
        labels=MappingProxyType(dict(categories["labels"])),
        category_words=MappingProxyType(
            {
                k: tuple(sorted((w.lower() for w in v), key=len, reverse=True))
                for k, v in categories["words"].items()
            }
        ),
        event_gap_days=float(table["slots"]["event_gap_days"]),
        generic_heads=frozenset(w.lower() for w in groups["generic"]),
        plurals=MappingProxyType({k.lower(): v.lower() for k, v in groups["plurals"].items()}),
        head_classes=MappingProxyType(head_classes),
        phrase_classes=tuple((p, c) for p, c in head_classes.items() if " " in p),
        disjoint=tuple(frozenset(x) for x in groups["disjoint"]),
        nation_suffixes=tuple(nations["suffixes"]),
        demonyms=MappingProxyType({k.lower(): v.lower() for k, v in nations["demonyms"].items()}),
        source_stopwords=frozenset(w.lower() for w in sources["stopwords"]),
        unnamed_starts=frozenset(w.lower() for w in sources["unnamed_starts"]),
        indefinite_articles=frozenset(w.lower() for w in sources["indefinite_articles"]),
        generic_official=frozenset(w.lower() for w in sources["generic_official"]),
        default_hedge_weight=float(policy["default_hedge_weight"]),
        approx_tolerance=float(policy["approx_tolerance"]),
        everyone_outlets=int(policy["everyone_outlets"]),
        everyone_counted=tuple(str(c) for c in policy.get("everyone_counted", [])),
        agreed_articles=int(policy["agreed_articles"]),
        within_accounts=tuple(str(c) for c in policy["within_accounts"]),
        perpetrators_besides=tuple(str(c) for c in policy.get("perpetrators_besides", [])),
        untold_lead_characters=int(policy["untold_lead_characters"]),
        other_person_words=frozenset(w.lower() for w in policy["other_person_words"]),
        headline_words=MappingProxyType(
            {
                category: (
                    frozenset(w.lower() for w in entry.get("words", [])),
                    tuple(w.lower() for w in entry.get("stems", [])),
                )
                for category, entry in table.get("headlines", {}).items()
            }
        ),
        headline_hit_words=frozenset(
            w.lower()
            for w in table.get("headlines", {}).get("injured", {}).get("hit_after_death", [])
        ),
        headline_count_words=frozenset(
            w.lower() for w in table.get("headlines", {}).get("injured", {}).get("counts", [])
        ),
        kind_weights=MappingProxyType({k: float(v) for k, v in policy["kind_weights"].items()}),
        hedge_weights=MappingProxyType(
            {k.lower(): float(v) for k, v in policy["hedge_weights"].items()}
        ),
        cues=cues,
        brief=BriefConfig(
            min_sentences=int(brief["min_sentences"]),
            max_sentences=int(brief["max_sentences"]),
            min_words=int(brief["min_words"]),
            max_words=int(brief["max_words"]),
            mmr_lambda=float(brief["mmr_lambda"]),
            lead_sentences=int(brief["lead_sentences"]),
            lead_bonus=float(brief["lead_bonus"]),
            outlet_penalty=float(brief["outlet_penalty"]),
            repeat_jaccard=float(brief["repeat_jaccard"]),
            max_articles=int(brief["max_articles"]),
            max_article_sentences=int(brief["max_article_sentences"]),
            max_statements=int(brief["max_statements"]),
            chart_max_slots=int(brief["chart_max_slots"]),
            chart_max_rows=int(brief["chart_max_rows"]),
        ),
        incident_nouns=MappingProxyType(
            {k.lower(): str(v).lower() for k, v in table["incidents"]["nouns"].items()}
        ),
    )
