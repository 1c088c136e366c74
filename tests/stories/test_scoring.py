"""Document frequencies of the story scorer (`newstally.stories.scoring`)."""

from __future__ import annotations

import math

from newstally.stories.scoring import DocumentFrequencies


def _bm25_idf(documents: int, prior: float, df: int) -> float:
    return math.log1p((documents + prior - df + 0.5) / (df + 0.5))


def test_idf_asked_twice_is_the_same_and_follows_new_documents() -> None:
    stats = DocumentFrequencies(prior_documents=0)
    stats.add(["harbour", "ferry"])
    stats.add(["harbour"])
    first = stats.idf("ferry")
    assert stats.idf("ferry") == first == _bm25_idf(2, 0, 1)
    stats.add(["ferry", "storm"])  # the counts change: so does the idf
    assert stats.idf("ferry") == _bm25_idf(3, 0, 2)
    assert stats.idf("harbour") == _bm25_idf(3, 0, 2)


def test_idf_after_pruning_counts_a_forgotten_term_as_new() -> None:
    stats = DocumentFrequencies(max_vocabulary=3, prior_documents=0)
    stats.add(["quay"])
    assert stats.idf("quay") == _bm25_idf(1, 0, 1)
    stats.add(["dock", "pier", "slip"])  # four terms, each in one report: all forgotten
    assert "quay" not in stats.df
    assert stats.idf("quay") == _bm25_idf(2, 0, 0)


def test_a_set_counted_then_settled_is_the_set_at_once_and_prunes_only_when_settled() -> None:
    documents = [["rain", "levee"], ["levee", "canal"], ["canal", "school"], ["levee"]]
    counted = DocumentFrequencies(max_vocabulary=2, prior_documents=0)
    for terms in documents:
        counted.count(terms)
    assert len(counted.df) == 4  # nothing forgotten before the set is whole
    counted.settle()
    at_once = DocumentFrequencies.of(documents, max_vocabulary=2)
    assert (counted.documents, counted.df) == (at_once.documents, at_once.df)
    assert counted.df == {"levee": 3}
