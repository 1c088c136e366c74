"""Order-independent story grouping: the stories of a SET of articles (issue 16).

`group_articles` is a pure function of the set of articles it is given: any order, any
batching (group everything seen so far again) gives the same stories, with the same ids,
members and titles. How:

* canonical order: by publication day (undated last), then article id; every tie below is
  broken by it;
* document frequencies are counted over the whole set;
* near copies (MinHash + LSH) are joined first; the canonically first of a group of
  copies is the original, and only originals are compared;
* candidate pairs come from blocking keys: a report is paired with the reports that hold
  one of its ``[batch].blocking_terms`` heaviest terms among their own
  ``[batch].index_terms`` heaviest; a key held by more than ``[batch].max_block`` reports
  pairs it only with the ``[batch].block_neighbours`` nearest on each side in canonical
  (date) order, so the cost stays near-linear;
* each candidate pair gets `pair_score` (time is evidence: reports far apart need more
  content in common, but nothing forbids a follow-up months later) times the
  particulars factor (`particulars`: dates written in the text, named victims);
* average-link agglomerative clustering over the scored pairs (a pair never scored counts
  0), merging the best pair of clusters first while its mean reaches ``threshold``; ties
  go to the canonically earliest pair. Average link, unlike single link, does not chain
  two look-alike events through one ambiguous report;
* a story's id is ``s-`` + 8 hex digits of the SHA-1 of its canonically first article id.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import logging
import math
from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..model import Article, Story
from ..settings import Settings
from .config import StoriesConfig, load_config
from .duplicates import DuplicateIndex
from .features import (
    ArticleFeatures,
    PackedFeatures,
    extract_features,
    pack_features,
    publication_day,
)
from .grouper import ClosedStory, headline, story_id
from .lsh import LeanMinHash, new_lsh
from .particulars import Particulars, particulars, particulars_factor
from .scoring import DocumentFrequencies, Vectors, cosine, pair_score, vectorize

log = logging.getLogger("newstally.stories")


class _Item:
    """One report as grouping reads it. An original's metadata and features are read from
    its record up front (and its vectors made); a near copy's record is read again only
    for what is asked of it (its metadata, to build its story; its features, never unless
    a story has no original): at volume most reports are copies, and a run keeps the
    records on disk."""

    __slots__ = (
        "index",
        "id",
        "_records",
        "_at",
        "_article",
        "_headline",
        "_features",
        "vectors",
        "_details",
    )

    def __init__(
        self,
        index: int,  # canonical position
        id: str,  # the article's
        records: Sequence[GroupingRecord],
        at: int,  # the report's position in ``records``
        record: GroupingRecord | None = None,  # its record, to be held (an original's)
    ) -> None:
        self.index = index
        self.id = id
        self._records = records
        self._at = at
        self._article: Article | None = None
        self._headline: str | None = None
        self._features: PackedFeatures | ArticleFeatures | None = None
        self._details: Particulars | None = None
        self.vectors: Vectors | None = None
        if record is not None:
            prepared = _prepared(record)
            self._article, self._headline = record.article, record.headline
            self._features, self._details = prepared.features, prepared.details

    @property
    def article(self) -> Article:
        """The report's metadata article (a near copy's read again each time)."""
        if self._article is not None:
            return self._article
        return self._records[self._at].article

    @property
    def headline(self) -> str:
        """The story title the report would give (`GroupingRecord.headline`)."""
        if self._headline is not None:
            return self._headline
        return self._records[self._at].headline

    def _read(self) -> None:
        prepared = _prepared(self._records[self._at])
        self._features, self._details = prepared.features, prepared.details

    @property
    def features(self) -> ArticleFeatures:
        if self._features is None:
            self._read()
        if isinstance(self._features, PackedFeatures):
            self._features = self._features.unpack()
        assert self._features is not None
        return self._features

    @property
    def details(self) -> Particulars:
        if self._details is None:
            self._read()
        assert self._details is not None
        return self._details


def canonical_key(article: Article) -> tuple[int, float, str, str]:
    """The canonical order: dated reports by day, then undated; then id (then text hash,
    for two inputs that share an id)."""
    day, _ = publication_day(article)
    digest = hashlib.sha1(article.text.encode("utf-8", "replace")).hexdigest()
    return (day is None, day if day is not None else 0.0, article.id, digest)


@dataclass(frozen=True, slots=True)
class GroupingRecord:
    """What grouping needs of one article, without its text, figures or statements: its
    metadata (``article``: id, origin, title, outlet, url, published; text and figures
    empty), `canonical_key`, the story title it would give (`headline`) and, unless the
    grouping runs elsewhere (`newstally.scale` prepares on its workers), its features,
    packed (`PackedPrepared`). All are pure functions of the article, so `group_records`
    over the records gives the stories `group_articles` gives over the articles.
    `newstally run` keeps the records on disk beside the analysed articles (issue 19:
    memory flat in the number of articles): grouping reads each a few times
    (`group_positions`) and holds only what it needs of it."""

    article: Article
    key: tuple[int, float, str, str]
    headline: str
    prepared: PackedPrepared | None


def metadata(article: Article) -> Article:
    """The article without its text, removed lines, totals, figures and statements."""
    return Article(
        id=article.id,
        origin=article.origin,
        text="",
        title=article.title,
        outlet=article.outlet,
        outlet_inferred=article.outlet_inferred,
        url=article.url,
        language=article.language,
        published=article.published,
    )


def grouping_record(
    article: Article,
    settings: Settings,
    *,
    prepared: bool = True,
    config: StoriesConfig | None = None,
    index: DuplicateIndex | None = None,
    features: ArticleFeatures | None = None,
) -> GroupingRecord:
    """The `GroupingRecord` of ``article`` (with its `PackedPrepared` unless ``prepared`` is
    false; ``features``, when given, are the article's own, computed before)."""
    config = config or load_config()
    ready: PackedPrepared | None = None
    if prepared:
        index = index if index is not None else DuplicateIndex(config)
        ready = PackedPrepared(
            pack_features(
                features if features is not None else _features(article, settings, config)
            ),
            particulars(article, config),
            signature(article, index),
        )
    return GroupingRecord(
        metadata(article),
        canonical_key(article),
        headline(article, config.max_title_chars),
        ready,
    )


def group_articles(
    articles: Iterable[Article],
    settings: Settings | None = None,
    *,
    features_cache: MutableMapping[str, ArticleFeatures] | None = None,
) -> list[ClosedStory]:
    """The stories of ``articles`` (a set: the input order does not matter), each with its
    articles in canonical order; stories ordered by their first article.

    ``features_cache`` (article id -> its features) is read and filled: the store keeps
    the features of its articles between adds (each a pure function of the article)."""
    settings = settings or Settings()
    config = load_config()
    index = DuplicateIndex(config)
    given = list(articles)
    records = []
    for a in given:
        features = None
        if features_cache is not None:
            if a.id not in features_cache:
                features_cache[a.id] = _features(a, settings, config)
            features = features_cache[a.id]
        records.append(grouping_record(a, settings, config=config, index=index, features=features))
    return [
        (story, [given[n] for n in members])
        for story, members in group_positions(records, settings)
    ]


def group_records(
    records: Sequence[GroupingRecord], settings: Settings | None = None
) -> list[ClosedStory]:
    """`group_articles` over the articles' `GroupingRecord`s (each with its features):
    the same stories, each with the records' metadata articles in canonical order."""
    return [
        (story, [records[n].article for n in members])
        for story, members in group_positions(records, settings or Settings())
    ]


def group_positions(
    records: Sequence[GroupingRecord], settings: Settings
) -> list[tuple[Story, list[int]]]:
    """The stories of ``records``, each with its members (positions in ``records``) in
    canonical order.

    ``records`` may read each record from disk when indexed (as `newstally run` keeps
    them): each record is read three times (for the canonical order; for the document
    frequencies and copy detection; then an original to be compared and held, a near copy
    to build its story), and what stays in memory is the originals' metadata and
    features, the distinct signatures and each report's id."""
    config = load_config()
    keys = [records[n].key for n in range(len(records))]
    order = sorted(range(len(records)), key=keys.__getitem__)
    ids = [key[2] for key in keys]  # `canonical_key` holds the article's id
    del keys
    if not order:
        return []
    # The document frequencies are counted as copy detection reads the signatures: one
    # read of each record for both (as `DocumentFrequencies.of`: pruned once, at the end).
    stats = DocumentFrequencies()

    def signatures() -> Iterator[LeanMinHash | None]:
        for at in order:
            prepared = _prepared(records[at])
            stats.count(prepared.features.terms())
            yield prepared.signature

    original_of = copies(signatures(), config)
    stats.settle()
    items = [
        _Item(n, ids[at], records, at, records[at] if original_of[n] == n else None)
        for n, at in enumerate(order)
    ]
    # Only originals are compared (`_scored_pairs` makes their vectors): a near copy's
    # features stay packed in its record.
    originals = [item for item in items if original_of[item.index] == item.index]
    scores = _scored_pairs(originals, stats, settings, config)
    clusters = average_link([item.index for item in originals], scores, config.threshold)
    cluster_of = {member: min(cluster) for cluster in clusters for member in cluster}
    groups: dict[int, list[int]] = {}
    for item in items:
        groups.setdefault(cluster_of[original_of[item.index]], []).append(item.index)
    found = []
    for members in groups.values():
        members.sort()
        duplicates = {items[i].id: items[original_of[i]].id for i in members if original_of[i] != i}
        central = _central([items[i] for i in members], duplicates, stats, config)
        chosen = [items[i].article for i in members]
        story, _ = build_story(chosen, duplicates, central.article, config, central.headline)
        found.append((story, [order[i] for i in members]))
    return found


def _prepared(record: GroupingRecord) -> PackedPrepared:
    if record.prepared is None:
        raise ValueError(f"{record.article.id}: grouping record without its features")
    return record.prepared


def group_stories(
    articles: Iterable[Article], settings: Settings | None = None
) -> Iterator[ClosedStory]:
    """`group_articles` as a generator: each story with its articles."""
    yield from group_articles(articles, settings)


@dataclass(frozen=True, slots=True)
class Prepared:
    """What grouping needs of one article alone (pure functions of it): its features,
    particulars and MinHash signature. `newstally.scale` builds these on the workers."""

    features: ArticleFeatures
    details: Particulars
    signature: LeanMinHash | None


@dataclass(frozen=True, slots=True)
class PackedPrepared:
    """A `Prepared` as a `GroupingRecord` keeps it, all run long: its features packed
    (`pack_features`)."""

    features: PackedFeatures | ArticleFeatures
    details: Particulars
    signature: LeanMinHash | None


def prepare(
    article: Article, settings: Settings, config: StoriesConfig, index: DuplicateIndex
) -> Prepared:
    """The `Prepared` of ``article`` (``index`` lends its MinHash permutations)."""
    return Prepared(
        _features(article, settings, config),
        particulars(article, config),
        signature(article, index),
    )


def _body(article: Article) -> str:
    text = article.text or ""
    title = article.title
    if title and text.lstrip().startswith(title):
        return text.lstrip()[len(title) :]
    return text


def signature(article: Article, index: DuplicateIndex) -> LeanMinHash | None:
    """The MinHash signature of the article's body for copy detection; None when it is
    too short or cannot be read. A headline at the head of the text is left out: a wire
    story reprinted under another headline is still a copy."""
    try:
        found = index.signature(_body(article))
    except Exception as exc:  # noqa: BLE001 - no copy detection for this one article
        log.warning("%s: cannot fingerprint for copy detection (%s)", article.id, exc)
        return None
    return None if found is None else LeanMinHash(found)


def _features(article: Article, settings: Settings, config: StoriesConfig) -> ArticleFeatures:
    try:
        return extract_features(article, model=settings.model, config=config)
    except Exception as exc:  # noqa: BLE001 - one bad article never stops a batch
        log.warning("%s: cannot read for story grouping (%s)", article.id, exc)
        day, date = publication_day(article)
        empty: frozenset[str] = frozenset()
        return ArticleFeatures(article.id, {}, {}, empty, empty, day, date, empty)


# --- near copies ---------------------------------------------------------------------------


def copies(signatures: Iterable[LeanMinHash | None], config: StoriesConfig) -> list[int]:
    """For each article (canonical positions), the position of its original (itself unless
    it is a near copy): the canonically first of each group of copies.

    Two signatures are compared when they share a band of datasketch's LSH (the bands and
    rows `new_lsh` chooses for ``[duplicates] threshold - 0.1``), and are copies when
    their estimated Jaccard reaches ``[duplicates] threshold``: what ``MinHashLSH`` finds,
    with the bands sorted in arrays instead of a bucket set per band and article (3 KB an
    article). Equal signatures are copies without a comparison (Jaccard 1), so a story
    reprinted a thousand times costs a thousand, not a million comparisons. The
    signatures are read once, in order, and only the distinct ones are kept."""
    parent: list[int] = []

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)  # the canonically first is the root

    # One position per distinct signature (the first); the others are its copies.
    distinct: dict[bytes, int] = {}
    kept_signatures: dict[int, LeanMinHash] = {}
    for n, found in enumerate(signatures):
        parent.append(n)
        if found is not None:
            first = distinct.setdefault(found.hashvalues.tobytes(), n)
            if first != n:
                join(first, n)
            else:
                kept_signatures[n] = found
    del distinct
    kept = list(kept_signatures)  # the first position of each distinct signature
    if len(kept) < 2:
        return [root(i) for i in range(len(parent))]
    lsh = new_lsh(max(0.05, config.duplicate_threshold - 0.1), config.num_perm)
    compared: set[tuple[int, int]] = set()
    for band in range(lsh.b):
        low, high = band * lsh.r, (band + 1) * lsh.r
        rows = np.stack([kept_signatures[n].hashvalues[low:high] for n in kept])
        _, bucket = np.unique(rows, axis=0, return_inverse=True)
        bucket = bucket.ravel()
        by_bucket = np.argsort(bucket, kind="stable")
        ends = np.flatnonzero(np.diff(bucket[by_bucket])) + 1
        for members in np.split(by_bucket, ends):
            if len(members) < 2:
                continue
            holders = sorted(kept[m] for m in members.tolist())
            for at, a in enumerate(holders):
                for b in holders[at + 1 :]:
                    if (a, b) in compared:
                        continue
                    compared.add((a, b))
                    x, y = kept_signatures[a], kept_signatures[b]
                    if x.jaccard(y) >= config.duplicate_threshold:
                        join(a, b)
    return [root(i) for i in range(len(parent))]


# --- candidate pairs and scores ------------------------------------------------------------


def _scored_pairs(
    items: Sequence[_Item], stats: DocumentFrequencies, settings: Settings, config: StoriesConfig
) -> dict[tuple[int, int], float]:
    """Scores of the candidate pairs (keys: canonical positions, smaller first) that reach
    ``[batch].min_pair_score``."""
    vectors = [_vectors(item, stats, config) for item in items]
    heaviest = [heaviest_terms(v, config) for v in vectors]
    scores: dict[tuple[int, int], float] = {}
    # One report against its later partners at a time, never the whole set of pairs at
    # once: memory stays per report, and the report's own features stay in the CPU cache
    # while it is scored (in hash order, every pair read two cold reports: at 50,000
    # reports each pair cost about a third more than at 5,000).
    for a, partners in candidate_partners(heaviest, config):
        x, vx = items[a], vectors[a]
        for b in partners:
            y = items[b]
            score = score_pair(x, y, vx, vectors[b], stats, settings, config)
            if score is not None:
                scores[(x.index, y.index)] = score
    return scores


def heaviest_terms(vectors: Vectors, config: StoriesConfig) -> list[str]:
    """A report's ``[batch].index_terms`` heaviest terms, heaviest first (ties by term):
    its blocking keys are the first ``[batch].blocking_terms`` of them."""
    heaviest = sorted(vectors.terms.items(), key=lambda kv: (-kv[1], kv[0]))
    return [term for term, _ in heaviest[: config.index_terms]]


def candidate_pairs(
    heaviest: Sequence[Sequence[str]], config: StoriesConfig
) -> set[tuple[int, int]]:
    """The candidate pairs (positions in ``heaviest``, which is in canonical order; smaller
    first) of the reports whose `heaviest_terms` are given."""
    return {(a, b) for a, partners in candidate_partners(heaviest, config) for b in partners}


def candidate_partners(
    heaviest: Sequence[Sequence[str]], config: StoriesConfig
) -> Iterator[tuple[int, list[int]]]:
    """Each report's candidate partners after it (positions in ``heaviest``, which is in
    canonical order), ascending, report by report.

    A report is paired with the reports that hold one of its blocking keys (its first
    ``[batch].blocking_terms`` heaviest terms) among their ``[batch].index_terms``
    heaviest; a key held by more than ``[batch].max_block`` reports pairs only reports at
    most ``[batch].block_neighbours`` apart among its holders. So two reports are partners
    when they share an indexed term that is a blocking key of either, held by few reports
    or held by both close together; here each report finds its later partners itself.
    """
    blocking, reach = config.blocking_terms, config.block_neighbours
    # For each term: the reports that index it (ascending), and the places in that list
    # of the reports for which it is a blocking key.
    postings: dict[str, list[int]] = {}
    blockers: dict[str, list[int]] = {}
    places: list[list[int]] = []
    for position, terms in enumerate(heaviest):
        place_of_terms = []
        for rank, term in enumerate(terms):
            holders = postings.setdefault(term, [])
            if rank < blocking:
                blockers.setdefault(term, []).append(len(holders))
            place_of_terms.append(len(holders))
            holders.append(position)
        places.append(place_of_terms)
    for position, terms in enumerate(heaviest):
        partners: set[int] = set()
        for rank, (term, place) in enumerate(zip(terms, places[position], strict=True)):
            holders = postings[term]
            end = len(holders)
            if end > config.max_block:
                end = min(end, place + reach + 1)  # a common key: only the nearest
            if rank < blocking:
                partners.update(holders[place + 1 : end])
            else:
                # Not a key of this report: only the later holders it is a key of.
                keyed = blockers.get(term, [])
                start = bisect.bisect_right(keyed, place)
                stop = bisect.bisect_left(keyed, end, start)
                partners.update(holders[at] for at in keyed[start:stop])
        places[position] = []
        yield position, sorted(partners)


def score_pair(
    x: _Item | Prepared,
    y: _Item | Prepared,
    vx: Vectors,
    vy: Vectors,
    stats: DocumentFrequencies,
    settings: Settings,
    config: StoriesConfig,
) -> float | None:
    """A candidate pair's score from its reports' features, particulars and ``vx``/``vy``
    vectors; None when it does not reach ``[batch].min_pair_score``."""
    score = pair_score(x.features, y.features, vx, vy, settings.window_days, config, stats)
    if score <= 0.0:
        return None
    score *= particulars_factor(x.details, y.details, config)
    return score if score >= config.min_pair_score else None


# --- clustering ----------------------------------------------------------------------------


def average_link(
    nodes: Sequence[int], scores: dict[tuple[int, int], float], threshold: float
) -> list[list[int]]:
    """Average-link agglomerative clustering over a sparse similarity graph.

    Clusters are keyed by their smallest node; the pair of clusters whose mean pair score
    (missing pairs count 0) is highest merges first, ties to the smallest keys; merging
    stops below ``threshold``. The result depends on the graph only.
    """
    members: dict[int, list[int]] = {n: [n] for n in nodes}
    links: dict[int, dict[int, float]] = {n: {} for n in nodes}
    for (a, b), score in scores.items():
        links[a][b] = links[a].get(b, 0.0) + score
        links[b][a] = links[b].get(a, 0.0) + score
    heap = [(-s, a, b) for (a, b), s in scores.items() if s >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        total = links[a].get(b)
        if total is None:
            continue
        mean = total / (len(members[a]) * len(members[b]))
        if not math.isclose(mean, -negative, rel_tol=1e-12, abs_tol=1e-15):
            continue  # stale entry: a newer one for this pair is in the heap
        keep, gone = (a, b) if a < b else (b, a)
        members[keep] += members.pop(gone)
        gone_links = links.pop(gone)
        gone_links.pop(keep, None)
        keep_links = links[keep]
        keep_links.pop(gone, None)
        for other, total_other in gone_links.items():
            keep_links[other] = keep_links.get(other, 0.0) + total_other
            other_links = links[other]
            other_links[keep] = other_links.get(keep, 0.0) + other_links.pop(gone)
        size = len(members[keep])
        for other, total_other in keep_links.items():
            mean = total_other / (size * len(members[other]))
            if mean >= threshold:
                low, high = (keep, other) if keep < other else (other, keep)
                heapq.heappush(heap, (-mean, low, high))
    return [sorted(group) for group in members.values()]


def linked_components(
    nodes: Sequence[int], scores: dict[tuple[int, int], float], threshold: float
) -> list[list[int]]:
    """The connected components (each sorted; by first node) of the graph of the pairs
    scored at least ``threshold``.

    Two clusters merge only when the mean of their pair scores reaches ``threshold``,
    which needs one pair that reaches it: `average_link` never merges across two such
    components, and within one its merges depend only on the component's own pairs (the
    ones below ``threshold`` too). Clustering each component on its own with its own
    pairs gives exactly the clusters of the whole graph.
    """
    parent = {n: n for n in nodes}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (a, b), score in scores.items():
        if score < threshold:
            continue
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    found: dict[int, list[int]] = {}
    for n in sorted(nodes):
        found.setdefault(root(n), []).append(n)
    return list(found.values())


# --- stories -------------------------------------------------------------------------------


def build_story(
    chosen: list[Article],
    duplicates: dict[str, str],
    central: Article,
    config: StoriesConfig,
    title: str | None = None,
) -> ClosedStory:
    """The story of ``chosen`` (canonical order; ``duplicates``: copy id -> original id),
    titled after its ``central`` report (``title``: its `headline`, computed before)."""
    outlets = list(dict.fromkeys(a.outlet for a in chosen if a.outlet))
    dates = [date for a in chosen if (date := publication_day(a)[1])]
    story = Story(
        id=story_id(chosen[0].id),
        title=title if title is not None else headline(central, config.max_title_chars),
        articles=[a.id for a in chosen],
        duplicates=duplicates,
        outlets=outlets,
        start=min(dates) if dates else None,
        end=max(dates) if dates else None,
    )
    return story, chosen


def _central(
    chosen: list[_Item],
    duplicates: dict[str, str],
    stats: DocumentFrequencies,
    config: StoriesConfig,
) -> _Item:
    """The most central titled original (ties: the canonically first)."""
    originals = [m for m in chosen if m.id not in duplicates]
    pool = (originals or chosen)[: config.max_centrality_articles]
    titled = [bool((m.article.title or "").strip()) for m in pool]
    return pool[central_position([_vectors(m, stats, config) for m in pool], titled)]


def _vectors(item: _Item, stats: DocumentFrequencies, config: StoriesConfig) -> Vectors:
    """The item's vectors (a near copy's are made when asked for)."""
    if item.vectors is None:
        item.vectors = vectorize(item.features, stats, config)
    return item.vectors


def central_position(pool: Sequence[Vectors], titled: Sequence[bool]) -> int:
    """Which report of a story's pool (its first originals, canonical order) is the most
    central: the titled one whose vector is nearest the others' (ties: the first)."""
    candidates = [n for n, has_title in enumerate(titled) if has_title] or list(range(len(pool)))
    best, best_score = candidates[0], -math.inf
    for n in candidates:
        score = sum(cosine(pool[n], o) for k, o in enumerate(pool) if k != n)
        if score > best_score + 1e-9:
            best, best_score = n, score
    return best
