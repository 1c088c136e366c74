"""Corpus-level evidence: lines an outlet prints under many different stories.

A line (a slogan, a standing appeal, a "Follow us" footer) that occurs in the articles of
at least ``min_stories`` different stories of one outlet is boilerplate (reason
"repeated"). Counting *stories* rather than articles keeps the paragraphs that several
versions of one rolling story share: versions of a story count once. A line that occurs
in one story only is never removed, and an article loses repeated lines only while more
than half of its text survives (an article that is mostly shared lines is a copy, which
the stories stage deduplicates, not boilerplate).

Memory is bounded: per outlet, at most ``max_lines`` line fingerprints (each holding at
most ``min_stories`` story ids) and ``max_stories`` story sketches; at most
``max_outlets`` outlets, least recently seen dropped first.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
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


@dataclass(slots=True)
class _OutletMemory:
    lines: OrderedDict[int, tuple[int, ...]] = field(default_factory=OrderedDict)
    stories: OrderedDict[int, frozenset[int]] = field(default_factory=OrderedDict)
    next_story: int = 0


@dataclass(slots=True)
class RepeatedLines:
    """Finds and marks boilerplate lines repeated across an outlet's stories."""

    min_stories: int = 3
    max_fraction: float = 0.5
    max_lines: int = 20_000
    max_stories: int = 512
    max_outlets: int = 1_000
    _outlets: OrderedDict[str, _OutletMemory] = field(default_factory=OrderedDict)

    def __post_init__(self) -> None:
        if self.min_stories < 2:
            raise ValueError("min_stories must be at least 2: a line only one story has is kept")

    def _memory(self, outlet: str) -> _OutletMemory:
        memory = self._outlets.pop(outlet, None) or _OutletMemory()
        self._outlets[outlet] = memory
        while len(self._outlets) > self.max_outlets:
            self._outlets.popitem(last=False)
        return memory

    def _story_id(self, memory: _OutletMemory, sketch: frozenset[int]) -> int:
        for story, known in reversed(memory.stories.items()):
            if same_story(sketch, known):
                memory.stories.move_to_end(story)
                return story
        story = memory.next_story
        memory.next_story += 1
        memory.stories[story] = sketch
        while len(memory.stories) > self.max_stories:
            memory.stories.popitem(last=False)
        return story

    def apply(self, outlet: str, batch: list[list[Line]]) -> None:
        """Mark repeated lines (reason "repeated") in a batch of one outlet's articles,
        using the batch itself and what earlier batches of the outlet showed."""
        memory = self._memory(outlet)
        stories = [self._story_id(memory, story_sketch(lines)) for lines in batch]
        seen: dict[int, set[int]] = {}
        for story, lines in zip(stories, batch, strict=True):
            for line in lines:
                if line.reason is None and line.norm:
                    seen.setdefault(line_key(line), set()).add(story)
        for key, ids in seen.items():
            ids.update(memory.lines.get(key, ()))
        for lines in batch:
            self._mark(lines, seen)
        self._remember(memory, seen)

    def _mark(self, lines: list[Line], seen: dict[int, set[int]]) -> None:
        kept = [line for line in lines if line.reason is None and line.norm]
        repeated = [line for line in kept if len(seen[line_key(line)]) >= self.min_stories]
        total = sum(len(line.text) for line in kept)
        if not repeated or sum(len(line.text) for line in repeated) > self.max_fraction * total:
            return
        for line in repeated:
            line.reason = "repeated"

    def _remember(self, memory: _OutletMemory, seen: dict[int, set[int]]) -> None:
        for key, ids in seen.items():
            memory.lines.pop(key, None)
            memory.lines[key] = tuple(sorted(ids)[-self.min_stories :])
        if len(memory.lines) > self.max_lines:
            # Forget one-story lines first (most lines are body text seen once), then the
            # least recently seen.
            for key in [k for k, ids in memory.lines.items() if len(ids) < 2]:
                del memory.lines[key]
                if len(memory.lines) <= self.max_lines // 2:
                    break
            while len(memory.lines) > self.max_lines:
                memory.lines.popitem(last=False)

    @property
    def size(self) -> int:
        """Line fingerprints held across all outlets (for tests of the memory bound)."""
        return sum(len(memory.lines) for memory in self._outlets.values())
