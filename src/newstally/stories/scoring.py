"""How alike two reports are: TF-IDF words and weighted names, headline coverage, salient
names, time and figure kinds."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .config import StoriesConfig, load_config
from .features import ArticleFeatures


class DocumentFrequencies:
    """Document frequencies learned online, with a bounded vocabulary.

    ``idf(t) = ln(1 + (N + P - df(t) + 0.5) / (df(t) + 0.5))`` (BM25's idf) over the N
    documents seen plus P prior documents that contain no term: a word found in every
    report weighs almost nothing, while the first few reports of a stream, whose counts
    say little yet, are weighed almost uniformly. Past ``max_vocabulary`` terms, the terms
    seen in a single document are forgotten (then the rarest), so an endless stream keeps
    bounded memory; a forgotten term counts as new again, i.e. as rare, which is what it is.
    """

    def __init__(
        self, max_vocabulary: int | None = None, prior_documents: float | None = None
    ) -> None:
        cfg = load_config()
        self.documents = 0
        self.df: dict[str, int] = {}
        self.max_vocabulary = max_vocabulary or cfg.max_vocabulary
        self.prior_documents = cfg.prior_documents if prior_documents is None else prior_documents
        # idf of the terms asked for so far: a pair's score asks for the same headline
        # terms again and again. Emptied whenever the counts change.
        self._idf: dict[str, float] = {}

    def add(self, terms: Iterable[str]) -> None:
        """Count one more document of a stream (pruned as soon as the vocabulary is full)."""
        self.count(terms)
        self.settle()

    def count(self, terms: Iterable[str]) -> None:
        """Count one more document of a set, without pruning: `settle` once the whole set
        is counted, so the result does not depend on the documents' order."""
        self.documents += 1
        if self._idf:
            self._idf = {}
        df = self.df
        for term in set(terms):
            df[term] = df.get(term, 0) + 1

    def settle(self) -> None:
        """Prune the counts if the vocabulary is over its bound."""
        if len(self.df) > self.max_vocabulary:
            self._prune()

    @classmethod
    def of(
        cls, documents: Iterable[Iterable[str]], max_vocabulary: int | None = None
    ) -> DocumentFrequencies:
        """The frequencies of a whole set of documents at once (pruned once, at the end, so
        the result does not depend on the documents' order)."""
        stats = cls(max_vocabulary)
        for terms in documents:
            stats.count(terms)
        stats.settle()
        return stats

    @classmethod
    def from_counts(
        cls, documents: int, df: dict[str, int], max_vocabulary: int | None = None
    ) -> DocumentFrequencies:
        """The frequencies of a set of ``documents`` whose per-term document counts ``df``
        were summed elsewhere (e.g. per partition of the set): pruned once, as `of` does,
        so the result equals `of` over the same documents."""
        stats = cls(max_vocabulary)
        stats.documents = documents
        stats.df = dict(df)
        stats.settle()
        return stats

    def idf(self, term: str) -> float:
        known = self._idf.get(term)
        if known is not None:
            return known
        df = self.df.get(term, 0)
        found = math.log1p((self.documents + self.prior_documents - df + 0.5) / (df + 0.5))
        self._idf[term] = found
        return found

    def _prune(self) -> None:
        self._idf = {}
        keep = int(self.max_vocabulary * 0.9)
        self.df = {t: c for t, c in self.df.items() if c > 1}
        if len(self.df) > keep:
            # Equal counts ranked by term, not by the order terms were met: a sum of
            # counts made elsewhere prunes as the whole set counted here would.
            ranked = sorted(self.df.items(), key=lambda item: (-item[1], item[0]))
            self.df = dict(ranked[:keep])


@dataclass(frozen=True, slots=True)
class Vectors:
    """The TF-IDF vector of one article under one state of the document frequencies."""

    terms: dict[str, float]
    norm: float


def vectorize(
    features: ArticleFeatures,
    stats: DocumentFrequencies | None,
    config: StoriesConfig | None = None,
) -> Vectors:
    """One vector of words and names, weighted by idf (every idf 1 without ``stats``).

    Names enter with their salience (title, lead, body) times ``name_weight``; words and
    names share the vector, so a rare town name outweighs a topical word.
    """
    cfg = config or load_config()
    terms = dict(features.words)
    for name, count in features.names.items():
        terms[name] = terms.get(name, 0.0) + cfg.name_weight * count
    if stats is not None and stats.documents:
        idf = stats.idf
        terms = {t: c * idf(t) for t, c in terms.items()}
    return Vectors(terms, math.sqrt(sum(w * w for w in terms.values())))


def cosine(a: Vectors, b: Vectors) -> float:
    if not a.norm or not b.norm:
        return 0.0
    small, large = (a.terms, b.terms) if len(a.terms) <= len(b.terms) else (b.terms, a.terms)
    dot = sum(w * large[t] for t, w in small.items() if t in large)
    return min(1.0, dot / (a.norm * b.norm))


def name_agreement(
    fa: ArticleFeatures, fb: ArticleFeatures, va: Vectors, vb: Vectors
) -> float | None:
    """How far each report's headline names (title and lead) appear in the other, 0..1.

    The mean of both directions, each weighted by the names' vector weights (so a rare
    town counts more than the country). None when either report has no headline names.
    """
    if not fa.salient or not fb.salient:
        return None
    return (_covered(fa.salient, va, fb) + _covered(fb.salient, vb, fa)) / 2.0


def names_disjoint(fa: ArticleFeatures, fb: ArticleFeatures) -> bool:
    """Both reports have headline names besides wide areas, and share none of them.

    Wide areas ("Vesk province") are left out: two attacks in two towns of one province
    both name the province.
    """
    own_a, own_b = fa.salient - fa.areas - fb.areas, fb.salient - fb.areas - fa.areas
    if not own_a or not own_b:
        return False
    return not any(_tells(fb, n) for n in own_a) and not any(_tells(fa, n) for n in own_b)


def _tells(report: ArticleFeatures, name: str) -> bool:
    """Whether ``report`` writes ``name``: as a name, or as a word where its capitals say
    nothing (a Headline Style title: "Toddler Shot In Terrell"), keyed alike."""
    return name in report.names or name in report.words


# A set's order follows the process's string hash seed, so sums over a set are taken
# with `math.fsum`, exact whatever the order: the same articles score the same in every
# process (a plain sum may differ in its last bit and flip a near tie).


def _covered(salient: frozenset[str], vectors: Vectors, other: ArticleFeatures) -> float:
    total = math.fsum(vectors.terms.get(n, 0.0) for n in salient)
    if not total:
        return 0.0
    found = math.fsum(vectors.terms.get(n, 0.0) for n in salient if _tells(other, n))
    return found / total


def headline_coverage(
    fa: ArticleFeatures, fb: ArticleFeatures, stats: DocumentFrequencies | None = None
) -> float | None:
    """How much of a report's headline the other report tells, 0..1 (symmetric).

    Each report's headline terms (title, else first sentence) are looked up among all the
    terms of the other report, weighted by idf; the better-covered direction counts (a
    short report is told by a long one, not always the other way round). None when
    either report has no headline terms.
    """
    if not fa.headline or not fb.headline:
        return None
    idf = stats.idf if stats is not None and stats.documents else _unit_idf
    return max(_told(fa.headline, fb, idf), _told(fb.headline, fa, idf))


def _unit_idf(_term: str) -> float:
    return 1.0


def _told(headline: frozenset[str], other: ArticleFeatures, idf: Callable[[str], float]) -> float:
    weights = [(idf(term), term in other.words or term in other.names) for term in headline]
    total = math.fsum(w for w, _ in weights)
    found = math.fsum(w for w, told in weights if told)
    return found / total if total else 0.0


def days_apart(a: ArticleFeatures, b: ArticleFeatures) -> float | None:
    if a.day is None or b.day is None:
        return None
    return abs(a.day - b.day)


def time_factor(apart: float, window_days: float, config: StoriesConfig) -> float:
    """How much ``apart`` days between two reports scale their score: linearly down to
    ``1 - time_weight`` at the window's edge, then slowly (logarithmically) beyond it."""
    if apart <= window_days:
        return 1.0 - config.time_weight * apart / window_days
    late = 1.0 + config.late_weight * math.log(apart / window_days)
    return (1.0 - config.time_weight) / late


def pair_score(
    fa: ArticleFeatures,
    fb: ArticleFeatures,
    va: Vectors,
    vb: Vectors,
    window_days: float,
    config: StoriesConfig | None = None,
    stats: DocumentFrequencies | None = None,
) -> float:
    """The similarity (0..1) of two articles from their features and vectors.

    The cosine is blended with the headline coverage (idf from ``stats``, the document
    frequencies the vectors were weighted with; every term alike without), then scaled by
    the salient-name rules, time and figures. Time and figures only scale the content
    similarity: neither can bring two reports together on its own (every report of a day
    is close in time; most report deaths).
    """
    cfg = config or load_config()
    apart = days_apart(fa, fb)
    score = cosine(va, vb)
    head = headline_coverage(fa, fb, stats) if cfg.headline_weight else None
    if head is not None:
        score = score ** (1.0 - cfg.headline_weight) * head**cfg.headline_weight
    agreement = name_agreement(fa, fb, va, vb)
    if names_disjoint(fa, fb):
        score *= 1.0 - cfg.disjoint_weight
    elif agreement is not None:
        score *= 1.0 - cfg.salient_weight * (1.0 - agreement)
    if apart is not None and window_days > 0:
        score *= time_factor(apart, window_days, cfg)
    if fa.categories and fb.categories:
        shared = len(fa.categories & fb.categories) / len(fa.categories | fb.categories)
        score *= 1.0 + cfg.figures_weight * shared
    return max(0.0, min(1.0, score))
