"""Corpus-level evidence: lines an outlet prints under many different stories.

A line (a slogan, a standing appeal, a "Follow us" footer) that occurs in the articles of
at least ``min_stories`` different stories of one outlet is boilerplate (reason
"repeated"). Counting *stories* rather than articles keeps the paragraphs that several
versions of one rolling story share: versions of a story count once. A line that occurs
in one story only is never removed, and an article loses repeated lines only while more
than half of its text survives (an article that is mostly shared lines is a copy, which
the stories stage deduplicates, not boilerplate).

The step is a function of the *set* of articles, not of their order: each article is
reduced to a `LineSummary` (its outlet, a sketch of its story, the fingerprints of its
kept lines), the summaries of an outlet are read in a canonical order (by article id and
text) to tell its stories apart, and `repeated_lines` gives each outlet's repeated
fingerprints. The same articles in any order, batching or number of workers therefore
lose the same lines.
"""

from __future__ import annotations

import zlib
from array import array
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from hashlib import blake2b

from .lines import Line

_SKETCH_SIZE = 32  # bottom-k sketch of an article's content words
_SKETCH_MIN_WORD = 5  # shorter words are mostly function words
_SAME_STORY = 0.5  # sketch overlap at which two articles tell the same story


def line_key(line: Line) -> int:
    """A 64-bit fingerprint of a line's normalised text."""
    return int.from_bytes(blake2b(line.norm.encode("utf-8"), digest_size=8).digest(), "big")


def story_sketch(lines: list[Line]) -> frozenset[int]:
    """Bottom-k sketch of the distinct longer words of the kept lines."""
    words = {w.lower() for line in lines if line.reason is None for w in line.words}
    hashes = sorted(zlib.crc32(w.encode("utf-8")) for w in words if len(w) >= _SKETCH_MIN_WORD)
    return frozenset(hashes[:_SKETCH_SIZE])


def same_story(a: frozenset[int], b: frozenset[int]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= _SAME_STORY


def _kept(lines: list[Line]) -> list[Line]:
    return [line for line in lines if line.reason is None and line.norm]


@dataclass(frozen=True, slots=True)
class LineSummary:
    """What the corpus step needs of one article, packed (a few hundred bytes) so that a
    whole run's summaries fit in memory."""

    outlet: str
    order: tuple[str, bytes]  # canonical place among the outlet's articles
    sketch: array  # crc32 of its sketch words ("I")
    keys: array  # fingerprints of its distinct kept lines ("Q")

    @classmethod
    def of(cls, outlet: str, article_id: str, lines: list[Line]) -> LineSummary:
        kept = _kept(lines)
        digest = blake2b("\n".join(line.norm for line in kept).encode("utf-8"), digest_size=8)
        return cls(
            outlet=outlet,
            order=(article_id, digest.digest()),
            sketch=array("I", sorted(story_sketch(lines))),
            keys=array("Q", sorted({line_key(line) for line in kept})),
        )


def repeated_lines(
    summaries: Iterable[LineSummary], *, min_stories: int = 3, max_stories: int = 512
) -> dict[str, frozenset[int]]:
    """Per outlet, the fingerprints of the lines found in at least ``min_stories`` of its
    stories. An article joins the most recently started of the last ``max_stories``
    stories whose sketch it overlaps by half, else starts a story; the outlet's articles
    are taken in canonical order, so the answer does not depend on the input's order."""
    if min_stories < 2:
        raise ValueError("min_stories must be at least 2: a line only one story has is kept")
    by_outlet: dict[str, list[LineSummary]] = {}
    for summary in summaries:
        by_outlet.setdefault(summary.outlet, []).append(summary)
    result: dict[str, frozenset[int]] = {}
    for outlet, members in by_outlet.items():
        members.sort(key=lambda s: s.order)
        stories: OrderedDict[int, frozenset[int]] = OrderedDict()
        seen: dict[int, set[int]] = {}
        for number, summary in enumerate(members):
            story = _story_of(stories, frozenset(summary.sketch), number, max_stories)
            for key in summary.keys:
                ids = seen.setdefault(key, set())
                if len(ids) < min_stories:
                    ids.add(story)
        repeated = frozenset(key for key, ids in seen.items() if len(ids) >= min_stories)
        if repeated:
            result[outlet] = repeated
    return result


def _story_of(
    stories: OrderedDict[int, frozenset[int]], sketch: frozenset[int], number: int, limit: int
) -> int:
    for story, known in reversed(stories.items()):
        if same_story(sketch, known):
            stories.move_to_end(story)
            return story
    stories[number] = sketch
    while len(stories) > limit:
        stories.popitem(last=False)
    return number


def mark_repeated(lines: list[Line], repeated: frozenset[int], max_fraction: float = 0.5) -> None:
    """Mark (reason "repeated") the kept lines whose fingerprint is in ``repeated``, unless
    they are more than ``max_fraction`` of the article's kept text."""
    if not repeated:
        return
    kept = _kept(lines)
    hits = [line for line in kept if line_key(line) in repeated]
    total = sum(len(line.text) for line in kept)
    if not hits or sum(len(line.text) for line in hits) > max_fraction * total:
        return
    for line in hits:
        line.reason = "repeated"
