"""Line classifiers: a registry of functions that say whether one line is junk, and why.

Two kinds are registered, and `classify` applies them in order:

* every ``[[rule]]`` of ``data/junk.toml`` becomes a `RuleClassifier` (wording-based);
* structural classifiers registered with `@structural` look at a line's neighbours
  (a caption printed twice, a line printed twice).

A classifier sees the whole line list but only decides for one line; lines already
removed by an earlier classifier are not offered again. Block-level detection (appeal
boxes) runs before, and full-page body selection after (see `newstally.clean.core`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .junk import JunkRules, LineRule
from .lines import Line, neighbour


@dataclass(slots=True)
class Context:
    """What a classifier may look at besides the line itself."""

    lines: list[Line]
    rules: JunkRules
    mode: str  # "article" or "page"
    mode_rules: tuple[LineRule, ...]

    def looks_junk(self, line: Line) -> bool:
        """Removed already, or matched by some rule's wording (context ignored)."""
        return line.reason is not None or any(rule.matches(line) for rule in self.mode_rules)


LineClassifier = Callable[[Context, int], str | None]


@dataclass(frozen=True, slots=True)
class RuleClassifier:
    """A junk-table rule applied as a line classifier."""

    rule: LineRule

    @property
    def name(self) -> str:
        return self.rule.name

    def __call__(self, ctx: Context, i: int) -> str | None:
        line = ctx.lines[i]
        if not self.rule.matches(line):
            return None
        if self.rule.context == "run" and not _in_junk_run(ctx, i):
            return None
        return self.rule.reason


def _in_junk_run(ctx: Context, i: int) -> bool:
    """Whether the line next to line ``i`` (either side) looks like junk too."""
    neighbours = (ctx.lines[j] for j in (i - 1, i + 1) if 0 <= j < len(ctx.lines))
    return any(ctx.looks_junk(line) for line in neighbours)


_STRUCTURAL: dict[str, LineClassifier] = {}


def structural(name: str) -> Callable[[LineClassifier], LineClassifier]:
    """Register a structural line classifier under ``name`` (runs after the table rules)."""

    def register(fn: LineClassifier) -> LineClassifier:
        if name in _STRUCTURAL:
            raise ValueError(f"structural classifier {name!r} registered twice")
        _STRUCTURAL[name] = fn
        return fn

    return register


def registry(rules: JunkRules, mode: str) -> list[tuple[str, LineClassifier]]:
    """The classifiers for ``mode``, in the order they are applied."""
    table = [(rule.name, RuleClassifier(rule)) for rule in rules.for_mode(mode)]
    return table + list(_STRUCTURAL.items())


def classify(lines: list[Line], rules: JunkRules, mode: str) -> None:
    """Apply every registered classifier to the kept lines, marking ``reason`` in place."""
    ctx = Context(lines, rules, mode, rules.for_mode(mode))
    for _name, classifier in registry(rules, mode):
        verdicts = [(i, classifier(ctx, i)) for i, line in enumerate(lines) if line.reason is None]
        for i, reason in verdicts:
            if reason:
                lines[i].reason = reason


def _first_kept(lines: list[Line]) -> int | None:
    return next((line.index for line in lines if line.reason is None), None)


def _jaccard(a: Line, b: Line) -> float:
    wa = {w.lower() for w in a.words}
    wb = {w.lower() for w in b.words}
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


@structural("duplicate-line")
def duplicate_line(ctx: Context, i: int) -> str | None:
    """The same line printed twice in a row (a headline repeated by the page template):
    the second copy goes, the first stays."""
    previous = neighbour(ctx.lines, i, -1)
    if previous is not None and previous.norm and previous.norm == ctx.lines[i].norm:
        return "duplicate"
    return None


@structural("caption-twice")
def caption_twice(ctx: Context, i: int) -> str | None:
    """A caption printed twice: this line and its kept neighbour are short, unpunctuated
    and share most words, but differ (identical copies are `duplicate_line`'s: one copy
    stays). The headline (first kept line) is never a caption."""
    cfg = ctx.rules.caption_twice
    line = ctx.lines[i]
    head = _first_kept(ctx.lines)

    def caption_like(candidate: Line) -> bool:
        return (
            candidate.index != head
            and not candidate.ends_sentence
            and len(candidate.text) <= cfg.max_chars
            and candidate.word_count >= cfg.min_words
        )

    if not caption_like(line):
        return None
    for step in (-1, 1):
        other = neighbour(ctx.lines, i, step)
        if other is not None and caption_like(other) and _jaccard(line, other) >= cfg.min_jaccard:
            return "caption"
    return None
