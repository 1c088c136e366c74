"""Near copies and candidate pairs of the order-independent grouping
(`newstally.stories.batch`)."""

from __future__ import annotations

import bisect
import pickle
from collections.abc import Sequence
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from newstally.model import Article
from newstally.settings import Settings
from newstally.stories.batch import (
    GroupingRecord,
    candidate_pairs,
    candidate_partners,
    copies,
    group_articles,
    group_positions,
    group_records,
    grouping_record,
)
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


def test_near_copies_read_from_a_stream_are_the_ones_read_from_a_list() -> None:
    config = load_config()
    index = DuplicateIndex(config)
    texts = [WIRE, "Too short.", WIRE.replace("Tuesday", "Monday"), WIRE, WIRE]
    signatures = [LeanMinHash(s) if (s := index.signature(t)) is not None else None for t in texts]
    assert copies(iter(signatures), config) == copies(signatures, config) == [0, 1, 0, 0, 0]


LIBRARY = (
    "The library on Mill Street reopened on Saturday after a year of repairs to its roof "
    "and windows, with a new reading room for children and longer hours at weekends, the "
    "town council said. The old card catalogue stays in the hall as a display, and the "
    "council thanked the volunteers who moved eleven thousand books to the school and back."
)


FOLLOW_UP = (
    "A day after the levee north of Carrow broke, the lower town is still under water and "
    "the shelter on Bell Hill holds about two hundred people, the council said on "
    "Wednesday. Engineers from the river authority began filling the breach with stone, "
    "and schools in Carrow stay shut until the canal falls back inside its banks."
)


def _reports() -> list[Article]:
    """A wire story, two reprints of it under other outlets, a follow-up and another story."""
    return [
        Article(
            "wire-1",
            "wire-1",
            WIRE,
            "Levee breaks north of Carrow",
            "Carrow Courier",
            published="2026-03-03",
        ),
        Article(
            "wire-2",
            "wire-2",
            WIRE,
            "Flood reaches lower Carrow",
            "Vale Herald",
            published="2026-03-03",
        ),
        Article(
            "wire-3",
            "wire-3",
            WIRE.replace("Tuesday", "Tuesday evening"),
            "Carrow floods",
            "Canal Times",
            published="2026-03-04",
        ),
        Article(
            "wire-4",
            "wire-4",
            FOLLOW_UP,
            "Carrow still under water",
            "Bell Hill Post",
            published="2026-03-04",
        ),
        Article(
            "lib-1",
            "lib-1",
            LIBRARY,
            "Mill Street library reopens",
            "Carrow Courier",
            published="2026-03-04",
        ),
    ]


class RecordsOnDisk(Sequence[GroupingRecord]):
    """Records as a run keeps them (on disk, read back when indexed), counting the reads."""

    def __init__(self, records: list[GroupingRecord]) -> None:
        self._kept = [pickle.dumps(r) for r in records]
        self.reads: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._kept)

    def __getitem__(self, n):  # type: ignore[no-untyped-def, override]
        record = pickle.loads(self._kept[n])  # noqa: S301 - our own records
        self.reads[record.article.id] = self.reads.get(record.article.id, 0) + 1
        return record


def test_records_read_back_from_disk_give_the_stories_of_the_articles() -> None:
    """Each record is read three times, whether it is an original (held once read) or a
    near copy (let go of, read again for its story): nothing is held of a copy."""
    settings = Settings(jobs=1)
    reports = _reports()
    records = RecordsOnDisk([grouping_record(a, settings) for a in reversed(reports)])
    found = group_positions(records, settings)
    expected = group_articles(reports, settings)
    assert [(story, [reports[::-1][n].id for n in members]) for story, members in found] == [
        (story, [a.id for a in members]) for story, members in expected
    ]
    copies_of = {k: v for story, _ in found for k, v in story.duplicates.items()}
    assert copies_of == {"wire-2": "wire-1", "wire-3": "wire-1"}
    assert records.reads == {"wire-1": 3, "wire-2": 3, "wire-3": 3, "wire-4": 3, "lib-1": 3}


def test_grouped_records_are_the_stories_of_their_positions() -> None:
    settings = Settings(jobs=1)
    records = [grouping_record(a, settings) for a in _reports()]
    assert group_records(records, settings) == [
        (story, [records[n].article for n in members])
        for story, members in group_positions(records, settings)
    ]


def test_a_grouping_record_fingerprints_with_the_index_it_is_given_even_an_empty_one() -> None:
    config = load_config()
    asked: list[str] = []

    class Counting(DuplicateIndex):
        def signature(self, text: str):  # type: ignore[no-untyped-def]
            asked.append(text)
            return super().signature(text)

    index = Counting(config)
    assert len(index) == 0  # empty, so false: it must still be the one used
    record = grouping_record(_reports()[0], Settings(jobs=1), config=config, index=index)
    assert len(asked) == 1
    assert record.prepared is not None and not callable(record.prepared)
    assert record.prepared.signature is not None
