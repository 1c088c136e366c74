"""Candidate pairs of the order-independent grouping (`newstally.stories.batch`)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from newstally.stories.batch import candidate_pairs, candidate_partners
from newstally.stories.config import StoriesConfig, load_config

# Small blocks, so that a handful of reports has common keys as well as rare ones.
SMALL = replace(load_config(), blocking_terms=2, index_terms=4, max_block=3, block_neighbours=1)


def _pairs_by_definition(
    heaviest: Sequence[Sequence[str]], config: StoriesConfig
) -> set[tuple[int, int]]:
    """Each report against the holders of its blocking keys; a key held by more than
    ``max_block`` reports against its ``block_neighbours`` nearest holders on each side."""
    holders: dict[str, list[int]] = {}
    for position, terms in enumerate(heaviest):
        for term in terms[: config.index_terms]:
            holders.setdefault(term, []).append(position)
    pairs: set[tuple[int, int]] = set()
    for position, terms in enumerate(heaviest):
        for term in terms[: config.blocking_terms]:
            members = holders[term]
            if len(members) > config.max_block:
                at = bisect.bisect_left(members, position)
                reach = config.block_neighbours
                members = members[max(0, at - reach) : at + reach + 1]
            pairs.update((min(position, o), max(position, o)) for o in members if o != position)
    return pairs


# Each report: up to four distinct terms of a small vocabulary, heaviest first.
reports = st.lists(
    st.lists(st.sampled_from("abcdefg"), min_size=0, max_size=4, unique=True),
    min_size=0,
    max_size=14,
)


@given(reports)
def test_candidate_pairs_are_the_blocking_rule(heaviest: list[list[str]]) -> None:
    assert candidate_pairs(heaviest, SMALL) == _pairs_by_definition(heaviest, SMALL)


@given(reports)
def test_each_report_lists_its_later_partners_once_in_ascending_order(
    heaviest: list[list[str]],
) -> None:
    listed = list(candidate_partners(heaviest, SMALL))
    assert [position for position, _ in listed] == list(range(len(heaviest)))
    for position, partners in listed:
        assert partners == sorted(set(partners))
        assert all(other > position for other in partners)


def test_a_common_key_pairs_only_the_nearest_holders() -> None:
    # "k" is every report's key; held by five (> max_block 3), it pairs neighbours only.
    heaviest = [["k", f"own{n}"] for n in range(5)]
    assert candidate_pairs(heaviest, SMALL) == {(0, 1), (1, 2), (2, 3), (3, 4)}


def test_a_term_that_is_a_key_of_one_report_pairs_it_with_its_holders() -> None:
    # "x" is the third term of reports 0 and 1 (indexed, not a key) and a key of report 2.
    heaviest = [["a", "b", "x"], ["c", "d", "x"], ["x", "e"]]
    assert candidate_pairs(heaviest, SMALL) == {(0, 2), (1, 2)}
