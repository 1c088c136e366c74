"""Near copies and candidate pairs of the order-independent grouping
(`newstally.stories.batch`)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from newstally.stories.batch import candidate_pairs, candidate_partners, copies
from newstally.stories.config import StoriesConfig, load_config
from newstally.stories.duplicates import DuplicateIndex
from newstally.stories.lsh import LeanMinHash, new_lsh

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


def _copies_by_lsh(signatures: list, config: StoriesConfig) -> list[int]:
    """Near copies as datasketch's ``MinHashLSH`` finds them (the reference)."""
    present = {n: s for n, s in enumerate(signatures) if s is not None}
    lsh = new_lsh(max(0.05, config.duplicate_threshold - 0.1), config.num_perm)
    for key, found in present.items():
        lsh.insert(key, found)
    groups = {n: {n} for n in range(len(signatures))}
    for key, found in present.items():
        for other in lsh.query(found):
            if other != key and found.jaccard(present[other]) >= config.duplicate_threshold:
                merged = groups[key] | groups[other]
                for member in merged:
                    groups[member] = merged
    return [min(groups[n]) for n in range(len(signatures))]


WIRE = (
    "Floodwater broke through the levee north of Carrow on Tuesday night and ran through "
    "the lower town before dawn, the river authority said. Crews moved families from the "
    "streets along the canal to the school on Bell Hill, where the council opened a shelter "
    "with cots and hot meals. The authority said the water would stay high until the "
    "weekend and asked people not to drive through flooded roads."
)


def test_near_copies_are_the_ones_datasketch_lsh_finds() -> None:
    config = load_config()
    index = DuplicateIndex(config)
    texts = [
        WIRE,
        WIRE.replace("Tuesday", "Wednesday"),  # a near copy
        WIRE,  # the same text again
        "A short note.",  # too short to fingerprint
        WIRE.replace("Carrow", "Dunmere").replace("Bell Hill", "Orme Rise"),
        "The library on Mill Street reopened after a year of repairs to its roof and "
        "windows, with a new reading room for children and longer hours on Saturdays, the "
        "town council said. The old card catalogue stays in the hall as a display.",
        WIRE,
    ]
    signatures = [LeanMinHash(s) if (s := index.signature(t)) is not None else None for t in texts]
    found = copies(signatures, config)
    assert found == _copies_by_lsh(signatures, config)
    assert found[:3] == [0, 0, 0] and found[3] == 3 and found[5] == 5 and found[6] == 0
