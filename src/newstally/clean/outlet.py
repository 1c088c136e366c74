"""Which outlet published an article: metadata, else URL domain, else text evidence.

Text evidence includes the lines cleaning removed: a donation box says whose it is ("A
message from <outlet>:"), a page title or copyright line names the site, and an
interviewee who "told the BBC" was talking to the BBC. Citing another outlet ("Reuters
reported", "a Reuters investigation") names a source, not the publisher, and is ignored.
The patterns live in ``data/junk.toml`` ``[outlet_evidence]``; names are mapped to
canonical ones through ``data/outlets.toml``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..ingest.outlets import outlet_for_url
from ..model import Article
from ..rules import load_table
from .junk import JunkRules, default_rules

_SPACE = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class OutletDirectory:
    """Canonical outlet names, their aliases and domains (from ``data/outlets.toml``)."""

    names: frozenset[str] = frozenset()
    aliases: dict[str, str] = field(default_factory=dict)  # exact spelling -> canonical
    folded: dict[str, str] = field(default_factory=dict)  # case-folded -> canonical
    domains: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_table(cls, table: dict[str, Any]) -> OutletDirectory:
        aliases: dict[str, str] = {}
        folded: dict[str, str] = {}
        domains: dict[str, str] = {}
        for name, entry in table.get("outlets", {}).items():
            for spelling in [name, *entry.get("aliases", [])]:
                spelling = _SPACE.sub(" ", spelling).strip()
                aliases.setdefault(spelling, name)
                folded.setdefault(spelling.casefold(), name)
            for domain in entry.get("domains", []):
                domains[domain.lower().strip(".")] = name
        return cls(frozenset(table.get("outlets", {})), aliases, folded, domains)

    def canonical(self, name: str, *, case_sensitive: bool = False) -> str | None:
        """The canonical name for ``name`` (a canonical name or alias), else None.

        Case-sensitive matching is for names found in running text, where "AP" is an
        agency and "ap" is not."""
        name = _SPACE.sub(" ", name).strip()
        variants = [name, _LEADING_THE.sub("", name)]
        for variant in variants:
            found = (
                self.aliases.get(variant) if case_sensitive else self.folded.get(variant.casefold())
            )
            if found:
                return found
        return None

    def for_url(self, url: str | None) -> str | None:
        """The outlet whose domain (or a parent domain) serves ``url``."""
        return outlet_for_url(url, self.domains)


_DEFAULT: list[OutletDirectory] = []


def default_directory() -> OutletDirectory:
    """The package's outlet table (empty while ``data/outlets.toml`` does not exist)."""
    if not _DEFAULT:
        try:
            table = load_table("outlets")
        except FileNotFoundError:
            return OutletDirectory()
        _DEFAULT.append(OutletDirectory.from_table(table))
    return _DEFAULT[0]


@dataclass(frozen=True, slots=True)
class EvidencePattern:
    name: str
    where: str  # "removed", "kept", "all", "first"
    reasons: frozenset[str]  # for "removed": only lines removed for these reasons
    regex: re.Pattern[str]
    weight: float
    known_only: bool


def evidence_patterns(rules: JunkRules) -> tuple[EvidencePattern, ...]:
    section = rules.table.get("outlet_evidence", {})
    patterns = []
    for entry in section.get("pattern", []):
        flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
        patterns.append(
            EvidencePattern(
                name=entry["name"],
                where=entry.get("where", "all"),
                reasons=frozenset(entry.get("reasons", [])),
                regex=re.compile(entry["regex"], flags),
                weight=float(entry.get("weight", 1.0)),
                known_only=bool(entry.get("known_only", True)),
            )
        )
    return tuple(patterns)


_EVIDENCE_LINE_CHARS = 2_000  # evidence is searched in at most this much of a line


def _candidate_lines(article: Article, pattern: EvidencePattern) -> list[str]:
    kept = [line.strip() for line in article.text.split("\n") if line.strip()]
    removed = [r.text for r in article.removed]
    if pattern.where == "kept":
        return kept
    if pattern.where == "removed":
        return [
            r.text for r in article.removed if not pattern.reasons or r.reason in pattern.reasons
        ]
    if pattern.where == "first":
        # The original first line is either the first kept or the first removed line.
        return kept[:1] + removed[:1]
    return kept + removed


def _resolve(
    written: str, directory: OutletDirectory, *, known_only: bool, case_sensitive: bool
) -> str | None:
    """The canonical outlet for a captured name; trailing words are dropped one at a
    time ("BBC News Russian" -> "BBC News") before giving up."""
    words = _SPACE.sub(" ", written).strip(" .,;:'’\"").split(" ")
    for end in range(len(words), 0, -1):
        found = directory.canonical(" ".join(words[:end]), case_sensitive=case_sensitive)
        if found:
            return found
    if known_only or not words or not words[0]:
        return None
    if words[0] == "the" and len(words) > 1:  # "from the Valley Gazette": not part of the name
        words = words[1:]
    return " ".join(words)


def text_evidence(
    article: Article,
    directory: OutletDirectory | None = None,
    rules: JunkRules | None = None,
) -> dict[str, float]:
    """Outlet name -> weight of the text evidence for it (kept and removed lines)."""
    directory = directory or default_directory()
    rules = rules or default_rules()
    scores: dict[str, float] = defaultdict(float)
    for pattern in evidence_patterns(rules):
        case_sensitive = not (pattern.regex.flags & re.IGNORECASE)
        for line in _candidate_lines(article, pattern):
            for match in pattern.regex.finditer(line[:_EVIDENCE_LINE_CHARS]):
                name = _resolve(
                    match.group("outlet"),
                    directory,
                    known_only=pattern.known_only,
                    case_sensitive=case_sensitive,
                )
                if name:
                    scores[name] += pattern.weight
    return dict(scores)


def infer_outlet(
    article: Article,
    directory: OutletDirectory | None = None,
    rules: JunkRules | None = None,
) -> tuple[str | None, bool]:
    """(outlet, inferred_from_text) for ``article``.

    Metadata (``article.outlet`` already set) wins, mapped to its canonical name; then the
    URL's domain; then the strongest text evidence, which is reported as inferred.
    Returns (None, False) when there is no evidence.
    """
    directory = directory or default_directory()
    if article.outlet:
        return directory.canonical(article.outlet) or article.outlet, article.outlet_inferred
    by_url = directory.for_url(article.url)
    if by_url:
        return by_url, False
    scores = text_evidence(article, directory, rules)
    if not scores:
        return None, False
    best = max(scores.items(), key=lambda item: item[1])
    return best[0], True
