"""The stories table (``data/stories.toml``) as typed settings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..rules import load_table


@dataclass(frozen=True, slots=True)
class StoriesConfig:
    threshold: float
    name_weight: float
    headline_weight: float
    salient_weight: float
    disjoint_weight: float
    time_weight: float
    figures_weight: float
    max_chars: int
    word_min_length: int
    word_title_weight: float
    word_lead_weight: float
    extra_stop: frozenset[str]
    entity_title_weight: float
    entity_lead_weight: float
    lead_sentences: int
    salient_min_weight: float
    not_names: frozenset[str]
    area_words: frozenset[str]
    aliases: dict[str, tuple[str, ...]]
    max_vocabulary: int
    prior_documents: float
    shingle_words: int
    num_perm: int
    duplicate_threshold: float
    min_shingles: int
    minhash_seed: int
    max_centrality_articles: int
    max_title_chars: int
    late_weight: float
    blocking_terms: int
    index_terms: int
    max_block: int
    block_neighbours: int
    min_pair_score: float
    year_weight: float
    min_year: int
    max_year: int
    age_weight: float
    call_letters: re.Pattern[str]
    age_bonus: float
    ages_chars: int
    date_weight: float
    date_window_days: int
    follow_up_after_days: int
    follow_up_bonus: float
    follow_up_weight: float


@cache
def load_config() -> StoriesConfig:
    """The stories settings from ``data/stories.toml`` (cached)."""
    table = load_table("stories")
    combine, words, entities = table["combine"], table["words"], table["entities"]
    duplicates, grouper, batch = table["duplicates"], table["grouper"], table["batch"]
    return StoriesConfig(
        threshold=float(table["threshold"]),
        name_weight=float(combine["name_weight"]),
        headline_weight=float(combine["headline_weight"]),
        salient_weight=float(combine["salient_weight"]),
        disjoint_weight=float(combine["disjoint_weight"]),
        time_weight=float(combine["time_weight"]),
        figures_weight=float(combine["figures_weight"]),
        max_chars=int(words["max_chars"]),
        word_min_length=int(words["min_length"]),
        word_title_weight=float(words["title_weight"]),
        word_lead_weight=float(words["lead_weight"]),
        extra_stop=frozenset(w.lower() for w in words["extra_stop"]),
        entity_title_weight=float(entities["title_weight"]),
        entity_lead_weight=float(entities["lead_weight"]),
        lead_sentences=int(entities["lead_sentences"]),
        salient_min_weight=float(entities["salient_min_weight"]),
        not_names=frozenset(w.lower() for w in entities["not_names"]),
        area_words=frozenset(w.lower() for w in entities["area_words"]),
        aliases={k.lower(): tuple(v.lower().split()) for k, v in table.get("aliases", {}).items()},
        max_vocabulary=int(table["weights"]["max_vocabulary"]),
        prior_documents=float(table["weights"]["prior_documents"]),
        shingle_words=int(duplicates["shingle_words"]),
        num_perm=int(duplicates["num_perm"]),
        duplicate_threshold=float(duplicates["threshold"]),
        min_shingles=int(duplicates["min_shingles"]),
        minhash_seed=int(duplicates["seed"]),
        max_centrality_articles=int(grouper["max_centrality_articles"]),
        max_title_chars=int(grouper["max_title_chars"]),
        late_weight=float(combine["late_weight"]),
        blocking_terms=int(batch["blocking_terms"]),
        index_terms=int(batch["index_terms"]),
        max_block=int(batch["max_block"]),
        block_neighbours=int(batch["block_neighbours"]),
        min_pair_score=float(batch["min_pair_score"]),
        year_weight=float(table["particulars"]["year_weight"]),
        min_year=int(table["particulars"]["min_year"]),
        max_year=int(table["particulars"]["max_year"]),
        age_weight=float(table["particulars"]["age_weight"]),
        call_letters=re.compile(entities["call_letters"]),
        age_bonus=float(table["particulars"]["age_bonus"]),
        ages_chars=int(table["particulars"]["ages_chars"]),
        date_weight=float(table["particulars"]["date_weight"]),
        date_window_days=int(table["particulars"]["date_window_days"]),
        follow_up_after_days=int(table["particulars"]["follow_up_after_days"]),
        follow_up_bonus=float(table["particulars"]["follow_up_bonus"]),
        follow_up_weight=float(table["particulars"]["follow_up_weight"]),
    )
