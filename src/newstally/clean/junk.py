"""The junk table (``data/junk.toml``) compiled into rule objects.

The table is the one documented place for junk wording; this module only turns it into
compiled regexes and phrase sets, and checks it (a malformed rule fails loudly at load
time naming the rule, never silently at match time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..rules import load_table
from .lines import Line, normalise

MODES = frozenset({"article", "page"})
_DEFAULT_PHRASE_MAX_WORDS = 12
_DEFAULT_MAX_CHARS = 300


class JunkTableError(ValueError):
    """The junk table is malformed; the message names the rule and the problem."""


@dataclass(frozen=True, slots=True)
class LineRule:
    """One ``[[rule]]`` of the junk table: decides whether a single line is junk."""

    name: str
    reason: str
    why: str
    phrases: frozenset[str]
    regex: re.Pattern[str] | None
    max_words: int | None
    max_chars: int
    unpunctuated: bool
    context: str | None  # None or "run"
    modes: frozenset[str]

    def matches(self, line: Line) -> bool:
        """Whether the line's own text matches (ignoring ``context``)."""
        if len(line.text) > self.max_chars:
            return False
        if self.max_words is not None and line.word_count > self.max_words:
            return False
        if self.unpunctuated and line.ends_sentence:
            return False
        if self.phrases and line.norm in self.phrases:
            return True
        return self.regex is not None and self.regex.search(line.text) is not None


@dataclass(frozen=True, slots=True)
class SentenceRule:
    """One ``[[sentence_rule]]``: junk wording inside a long line (see
    `newstally.clean.sentences`)."""

    name: str
    reason: str
    why: str
    regex: re.Pattern[str]
    cut: str  # "rest": from the match to the sentence's end; "match": the matched words


@dataclass(frozen=True, slots=True)
class AppealConfig:
    headers: tuple[re.Pattern[str], ...]
    cues: tuple[re.Pattern[str], ...]
    pronouns: re.Pattern[str]
    max_lines: int
    max_chars: int


@dataclass(frozen=True, slots=True)
class CaptionTwiceConfig:
    min_jaccard: float
    max_chars: int
    min_words: int


@dataclass(frozen=True, slots=True)
class PageConfig:
    min_lines: int
    short_fraction: float
    nav_hits: int
    nav_min_lines: int
    short_words: int
    body_words: int
    body_function_share: float
    short_penalty: float
    medium_penalty: float
    long_unpunctuated: int
    isolated_share: float
    isolated_window: int
    isolated_others: int
    head_lines: int
    secondary_share: float
    gap_lines: int
    function_words: frozenset[str]
    tail_patterns: tuple[re.Pattern[str], ...]
    tail_after: int


@dataclass(frozen=True, slots=True, eq=False)
class JunkRules:
    """Everything cleaning knows about junk, compiled."""

    rules: tuple[LineRule, ...]
    appeal: AppealConfig
    caption_twice: CaptionTwiceConfig
    page: PageConfig
    table: dict[str, Any]  # the raw table, for the outlet and date sections
    sentence_rules: tuple[SentenceRule, ...] = ()
    sentence_min_chars: int = _DEFAULT_MAX_CHARS  # longer kept lines are read by sentence

    def for_mode(self, mode: str) -> tuple[LineRule, ...]:
        return tuple(rule for rule in self.rules if mode in rule.modes)

    def by_reason(self, reason: str) -> tuple[LineRule, ...]:
        return tuple(rule for rule in self.rules if rule.reason == reason)


def _compile(pattern: str, where: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise JunkTableError(f"junk.toml {where}: bad regex {pattern!r} ({exc})") from exc


_RULE_KEYS = frozenset(
    {
        "name",
        "reason",
        "why",
        "phrases",
        "regex",
        "case_sensitive",
        "max_words",
        "max_chars",
        "unpunctuated",
        "context",
        "modes",
    }
)


def _line_rule(entry: dict[str, Any], position: int) -> LineRule:
    name = entry.get("name") or f"rule #{position}"
    unknown = set(entry) - _RULE_KEYS
    if unknown:
        raise JunkTableError(f"junk.toml rule {name}: unknown keys {sorted(unknown)}")
    for key in ("reason", "why"):
        if not entry.get(key):
            raise JunkTableError(f"junk.toml rule {name}: missing {key!r}")
    phrases = frozenset(normalise(p) for p in entry.get("phrases", []))
    pattern = entry.get("regex")
    if not phrases and not pattern:
        raise JunkTableError(f"junk.toml rule {name}: needs 'phrases' or 'regex'")
    flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
    regex = _compile(pattern, f"rule {name}", flags) if pattern else None
    context = entry.get("context")
    if context not in (None, "run"):
        raise JunkTableError(f"junk.toml rule {name}: context must be 'run', not {context!r}")
    modes = frozenset(entry.get("modes", MODES))
    if not modes <= MODES:
        raise JunkTableError(f"junk.toml rule {name}: modes must be in {sorted(MODES)}")
    max_words = entry.get("max_words", _DEFAULT_PHRASE_MAX_WORDS if phrases and not regex else None)
    return LineRule(
        name=name,
        reason=entry["reason"],
        why=entry["why"],
        phrases=phrases,
        regex=regex,
        max_words=max_words,
        max_chars=int(entry.get("max_chars", _DEFAULT_MAX_CHARS)),
        unpunctuated=bool(entry.get("unpunctuated", False)),
        context=context,
        modes=modes,
    )


_SENTENCE_RULE_KEYS = frozenset({"name", "reason", "why", "regex", "case_sensitive", "cut"})


def _sentence_rule(entry: dict[str, Any], position: int) -> SentenceRule:
    name = entry.get("name") or f"sentence rule #{position}"
    unknown = set(entry) - _SENTENCE_RULE_KEYS
    if unknown:
        raise JunkTableError(f"junk.toml sentence rule {name}: unknown keys {sorted(unknown)}")
    for key in ("reason", "why", "regex"):
        if not entry.get(key):
            raise JunkTableError(f"junk.toml sentence rule {name}: missing {key!r}")
    cut = entry.get("cut", "rest")
    if cut not in ("rest", "match"):
        raise JunkTableError(
            f"junk.toml sentence rule {name}: cut must be 'rest' or 'match', not {cut!r}"
        )
    flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
    return SentenceRule(
        name=name,
        reason=entry["reason"],
        why=entry["why"],
        regex=_compile(entry["regex"], f"sentence rule {name}", flags),
        cut=cut,
    )


def compile_rules(table: dict[str, Any]) -> JunkRules:
    """Compile a junk table (the parsed TOML) into `JunkRules`; raises `JunkTableError`."""
    rules = tuple(_line_rule(entry, i) for i, entry in enumerate(table.get("rule", [])))
    names = [rule.name for rule in rules]
    if len(names) != len(set(names)):
        raise JunkTableError("junk.toml: rule names must be unique")
    sentence_rules = tuple(
        _sentence_rule(entry, i) for i, entry in enumerate(table.get("sentence_rule", []))
    )
    if len({rule.name for rule in sentence_rules}) != len(sentence_rules):
        raise JunkTableError("junk.toml: sentence rule names must be unique")
    sentences = table.get("sentences", {})
    appeal = table["appeal"]
    caption = table["caption_twice"]
    page = table["page"]
    return JunkRules(
        rules=rules,
        appeal=AppealConfig(
            headers=tuple(_compile(p, "appeal.headers") for p in appeal["headers"]),
            cues=tuple(_compile(p, "appeal.cues") for p in appeal["cues"]),
            pronouns=_compile(appeal["pronouns"], "appeal.pronouns"),
            max_lines=int(appeal["max_lines"]),
            max_chars=int(appeal["max_chars"]),
        ),
        caption_twice=CaptionTwiceConfig(
            min_jaccard=float(caption["min_jaccard"]),
            max_chars=int(caption["max_chars"]),
            min_words=int(caption["min_words"]),
        ),
        page=PageConfig(
            min_lines=int(page["min_lines"]),
            short_fraction=float(page["short_fraction"]),
            nav_hits=int(page["nav_hits"]),
            nav_min_lines=int(page["nav_min_lines"]),
            short_words=int(page["short_words"]),
            body_words=int(page["body_words"]),
            body_function_share=float(page["body_function_share"]),
            short_penalty=float(page["short_penalty"]),
            medium_penalty=float(page["medium_penalty"]),
            long_unpunctuated=int(page.get("long_unpunctuated", 10)),
            isolated_share=float(page["isolated_share"]),
            isolated_window=int(page["isolated_window"]),
            isolated_others=int(page.get("isolated_others", 1)),
            head_lines=int(page["head_lines"]),
            secondary_share=float(page["secondary_share"]),
            gap_lines=int(page["gap_lines"]),
            function_words=frozenset(w.lower() for w in page["function_words"]),
            tail_after=int(page["tail_after"]),
            tail_patterns=tuple(_compile(p, "page.tail_patterns") for p in page["tail_patterns"]),
        ),
        table=table,
        sentence_rules=sentence_rules,
        sentence_min_chars=int(sentences.get("min_line_chars", _DEFAULT_MAX_CHARS)),
    )


@cache
def default_rules() -> JunkRules:
    """The package's junk table, compiled once per process."""
    return compile_rules(load_table("junk"))
