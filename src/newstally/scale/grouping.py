"""Grouping into stories as Dask tasks: the stories `stories.group_articles` gives, exactly.

The grouping is a pure function of the set of articles (docs/scale.md, "Grouping into
stories on the cluster"); its steps split into work per article, per block of candidate
pairs and per connected group of candidates, each run here on the workers through the
very functions of `stories.batch` that `group_articles` composes:

* per chunk, with its analysis (`prepare_chunk`, on the worker that holds the analysed
  chunk): each article's features, particulars and MinHash signature, and the chunk's
  document-frequency counts. The prepared chunk stays on its worker;
* the client sums the counts (integers: exact) into the document frequencies
  (`DocumentFrequencies.from_counts`, pruned by count then term: the order of the sum does
  not matter) and broadcasts them; it finds the near copies by LSH over the signatures;
* per chunk (`chunk_keys`): each report's blocking keys, its heaviest TF-IDF terms;
* the client turns the keys' postings into candidate pairs (`stories.candidate_pairs`)
  and cuts them, in canonical (date) order, into blocks;
* per block (`score_block`): `stories.score_pair` of each pair, from the prepared chunks
  the block names (Dask moves each chunk to a worker at most once);
* per batch of connected components of the pairs scored at the clustering threshold or
  more (`cluster_components`): average-link clustering, with every pair inside the
  component, and each story's central report. Average link never merges across such
  components (`stories.linked_components`), so this is the clustering of the whole graph;
* the client builds the story records (`stories.build_story`): ids, members, copies,
  titles, dates.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..model import Article, Failure
from ..settings import Settings
from ..stories.batch import (
    GroupingRecord,
    Prepared,
    average_link,
    build_story,
    candidate_pairs,
    central_position,
    copies,
    grouping_record,
    heaviest_terms,
    linked_components,
    prepare,
    score_pair,
)
from ..stories.config import load_config
from ..stories.duplicates import DuplicateIndex
from ..stories.grouper import ClosedStory
from ..stories.scoring import DocumentFrequencies, vectorize

log = logging.getLogger("newstally.scale")

# Candidate pairs per scoring task (~30 us a pair: some seconds of a worker each).
BLOCK_PAIRS = 50_000
# Articles in the components of one clustering task.
COMPONENT_ARTICLES = 5_000

Location = tuple[int, int]  # (prepared chunk, position in it)


# --- on the workers ----------------------------------------------------------------------


@dataclass(slots=True)
class PreparedChunk:
    """The grouping inputs of one analysed chunk's articles, kept on its worker."""

    ids: list[str]
    prepared: list[Prepared]
    counts: Counter[str]  # term -> articles of the chunk that hold it


def prepare_chunk(analysed: Sequence[Article | Failure], settings: Settings) -> PreparedChunk:
    config = load_config()
    index = DuplicateIndex(config)
    articles = [a for a in analysed if isinstance(a, Article)]
    prepared = [prepare(a, settings, config, index) for a in articles]
    counts: Counter[str] = Counter()
    for p in prepared:
        counts.update(p.features.terms())
    return PreparedChunk([a.id for a in articles], prepared, counts)


def chunk_summary(chunk: PreparedChunk) -> tuple[list[str], list[Any], Counter[str]]:
    """What the client needs of a prepared chunk: ids, signatures, term counts."""
    return chunk.ids, [p.signature for p in chunk.prepared], chunk.counts


def chunk_keys(chunk: PreparedChunk, stats: DocumentFrequencies) -> list[list[str]]:
    """Each article's `heaviest_terms` under the whole set's document frequencies."""
    config = load_config()
    return [heaviest_terms(vectorize(p.features, stats, config), config) for p in chunk.prepared]


def score_block(
    pairs: Any,
    places: Any,
    stats: DocumentFrequencies,
    settings: Settings,
    *chunks: PreparedChunk,
) -> dict[tuple[int, int], float]:
    """The scores (keys: canonical positions) of a block of candidate pairs (an array of
    rows ``a, b``) that reach ``[batch].min_pair_score``. ``places`` has a row ``n, chunk,
    offset`` for each article the block names: where it is prepared, ``chunks`` being the
    prepared chunks the block needs, in the order of their numbers."""
    config = load_config()
    where = {n: (c, o) for n, c, o in places.tolist()}
    vectors = _Vectors(stats, chunks, [c for c, _ in where.values()])
    scores: dict[tuple[int, int], float] = {}
    for a, b in pairs.tolist():
        at_a, at_b = where[a], where[b]
        x, y = vectors.prepared(at_a), vectors.prepared(at_b)
        score = score_pair(x, y, vectors.of(at_a), vectors.of(at_b), stats, settings, config)
        if score is not None:
            scores[(a, b)] = score
    return scores


def cluster_components(
    components: list[tuple[list[int], dict[tuple[int, int], float]]],
    places: dict[int, Location],
    titled: set[int],
    stats: DocumentFrequencies,
    *chunks: PreparedChunk,
) -> list[tuple[list[int], int]]:
    """Average-link clusters of each component (canonical positions of originals) and the
    central report of each cluster (`stories.central_position` over its pool)."""
    config = load_config()
    vectors = _Vectors(stats, chunks, [loc[0] for loc in places.values()])
    found: list[tuple[list[int], int]] = []
    for nodes, scores in components:
        for cluster in average_link(nodes, scores, config.threshold):
            pool = cluster[: config.max_centrality_articles]
            at = central_position(
                [vectors.of(places[n]) for n in pool], [n in titled for n in pool]
            )
            found.append((cluster, pool[at]))
    return found


class _Vectors:
    """Prepared articles of the chunks a task was given, and their vectors (cached)."""

    def __init__(
        self, stats: DocumentFrequencies, chunks: Sequence[PreparedChunk], numbers: list[int]
    ) -> None:
        self.stats = stats
        self.config = load_config()
        self.chunks = dict(zip(sorted(set(numbers)), chunks, strict=True))
        self.cache: dict[Location, Any] = {}

    def prepared(self, at: Location) -> Prepared:
        return self.chunks[at[0]].prepared[at[1]]

    def of(self, at: Location) -> Any:
        found = self.cache.get(at)
        if found is None:
            found = vectorize(self.prepared(at).features, self.stats, self.config)
            self.cache[at] = found
        return found


# --- the client --------------------------------------------------------------------------


@dataclass(slots=True)
class GroupingStats:
    """What the grouping did (for the ledger and the benchmarks)."""

    where: str = "cluster"  # or "client": `stories.group_articles` in the client process
    chunks: int = 0
    pairs: int = 0
    scored: int = 0
    blocks: int = 0
    components: int = 0
    component_tasks: int = 0
    client_cpu_seconds: float = 0.0  # the client process's (with a LocalCluster's scheduler)
    # the thread that groups (the client's own work: no scheduler, nanny or comm thread)
    client_thread_seconds: float = 0.0
    steps: dict[str, float] = field(default_factory=dict)


class ClusterGrouping:
    """Prepares each analysed chunk on its worker as the run goes, then groups the run's
    articles into stories on the cluster (`group`)."""

    def __init__(self, client: Any, settings: Settings) -> None:
        self.client = client
        self.settings = settings
        self.chunks: list[Any] = []  # futures of PreparedChunk, in chunk order
        self.stats = GroupingStats()

    def add(self, analysed: Any) -> None:
        """Prepare a chunk: ``analysed`` is the future of its analysis (the task runs where
        the analysed chunk is) or the analysed articles themselves (from a checkpoint)."""
        self.chunks.append(self.client.submit(prepare_chunk, analysed, self.settings, priority=1))

    def group(
        self, articles: Sequence[Article | GroupingRecord], settings: Settings
    ) -> list[ClosedStory]:
        """The stories of ``articles`` (analysed articles, or their `GroupingRecord`s: the
        features are the ones prepared on the workers), each with its members: the given
        articles, or the records' metadata articles."""
        started, thread_started = time.process_time(), time.thread_time()
        try:
            return self._group(articles, settings)
        finally:
            self.stats.client_cpu_seconds = time.process_time() - started
            self.stats.client_thread_seconds = time.thread_time() - thread_started
            self.chunks = []

    def _group(
        self, articles: Sequence[Article | GroupingRecord], settings: Settings
    ) -> list[ClosedStory]:
        client, config, steps = self.client, load_config(), self.stats.steps
        clock = time.process_time()

        def step(name: str) -> None:
            nonlocal clock
            now = time.process_time()
            steps[name] = steps.get(name, 0.0) + now - clock
            clock = now

        given = [
            (a.article, a) if isinstance(a, GroupingRecord) else (a, _record(a, settings))
            for a in articles
        ]
        given.sort(key=lambda pair: pair[1].key)
        ordered = [article for article, _ in given]
        records = [record for _, record in given]
        del given
        position = {a.id: n for n, a in enumerate(ordered)}
        if len(position) != len(ordered):
            raise ValueError("two articles share an id")
        summaries = client.gather([client.submit(chunk_summary, c) for c in self.chunks])
        self.stats.chunks = len(self.chunks)
        places: list[Location | None] = [None] * len(ordered)
        signatures: list[Any] = [None] * len(ordered)
        counts: Counter[str] = Counter()
        for number, (ids, chunk_signatures, chunk_counts) in enumerate(summaries):
            for offset, (article_id, found) in enumerate(zip(ids, chunk_signatures, strict=True)):
                n = position.get(article_id)
                if n is None or places[n] is not None:
                    raise ValueError(f"article {article_id!r} prepared but not grouped, or twice")
                places[n], signatures[n] = (number, offset), found
            counts.update(chunk_counts)
        if any(p is None for p in places):
            raise ValueError("an article to group was not prepared on the cluster")
        where: list[Location] = places  # type: ignore[assignment]
        stats = DocumentFrequencies.from_counts(len(ordered), counts)
        del counts, summaries
        step("document frequencies")
        original_of = copies(signatures, config)
        del signatures
        originals = [n for n in range(len(ordered)) if original_of[n] == n]
        step("near copies (client)")

        shared = client.scatter(stats, broadcast=True)
        keys = client.gather([client.submit(chunk_keys, c, shared) for c in self.chunks])
        heaviest = [keys[where[n][0]][where[n][1]] for n in originals]
        del keys
        step("blocking keys")
        # As arrays (canonical positions, sorted: blocks of neighbouring dates): a block
        # of pairs travels as two integer arrays, not as Python tuples.
        found = candidate_pairs(heaviest, config)
        del heaviest
        pairs = np.fromiter((n for pair in found for n in pair), np.int64, 2 * len(found))
        del found
        pairs = np.asarray(originals, dtype=np.int64)[pairs.reshape(-1, 2)]
        pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
        located = np.asarray(where, dtype=np.int64)
        self.stats.pairs = len(pairs)
        step("candidate pairs (client)")
        blocks = [pairs[i : i + BLOCK_PAIRS] for i in range(0, len(pairs), BLOCK_PAIRS)]
        futures = []
        for block in blocks:
            named = np.unique(block)
            places = np.column_stack((named, located[named]))
            needed = np.unique(places[:, 1]).tolist()
            futures.append(
                client.submit(
                    score_block,
                    block,
                    places,
                    shared,
                    settings,
                    *(self.chunks[c] for c in needed),
                    pure=False,
                )
            )
        scores: dict[tuple[int, int], float] = {}
        for part in client.gather(futures):
            scores.update(part)
        self.stats.blocks, self.stats.scored = len(blocks), len(scores)
        step("pair scores")

        components = linked_components(originals, scores, config.threshold)
        self.stats.components = len(components)
        titled = {n for n in originals if (ordered[n].title or "").strip()}
        cluster_of: dict[int, int] = {}
        central: dict[int, int] = {}
        batches: list[list[list[int]]] = [[]]
        size = 0
        for nodes in components:
            if len(nodes) == 1:
                cluster_of[nodes[0]] = central[nodes[0]] = nodes[0]
                continue
            if size >= COMPONENT_ARTICLES:
                batches.append([])
                size = 0
            batches[-1].append(nodes)
            size += len(nodes)
        first_of = {n: nodes[0] for batch in batches for nodes in batch for n in nodes}
        inside: dict[int, dict[tuple[int, int], float]] = {}
        for (a, b), score in scores.items():
            first = first_of.get(a)
            if first is not None and first == first_of.get(b):  # pairs within a component
                inside.setdefault(first, {})[(a, b)] = score
        futures = []
        for batch in (b for b in batches if b):
            members = {n for nodes in batch for n in nodes}
            needed = sorted({where[n][0] for n in members})
            futures.append(
                client.submit(
                    cluster_components,
                    [(nodes, inside.get(nodes[0], {})) for nodes in batch],
                    {n: where[n] for n in members},
                    titled & members,
                    shared,
                    *(self.chunks[c] for c in needed),
                    pure=False,
                )
            )
        self.stats.component_tasks = len(futures)
        for found in client.gather(futures):
            for cluster, middle in found:
                for n in cluster:
                    cluster_of[n] = cluster[0]
                central[cluster[0]] = middle
        step("clustering")

        groups: dict[int, list[int]] = {}
        for n in range(len(ordered)):
            groups.setdefault(cluster_of[original_of[n]], []).append(n)
        stories = []
        for key, members in groups.items():
            duplicates = {
                ordered[n].id: ordered[original_of[n]].id for n in members if original_of[n] != n
            }
            chosen = [ordered[n] for n in members]
            middle = records[central[key]]
            stories.append(build_story(chosen, duplicates, middle.article, config, middle.headline))
        step("story records (client)")
        return stories


def _record(article: Article, settings: Settings) -> GroupingRecord:
    """An article's `GroupingRecord` without features (prepared on the workers)."""
    return grouping_record(article, settings, prepared=False)
