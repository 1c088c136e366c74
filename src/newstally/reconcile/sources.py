"""Who gives a figure: one identity per source across the outlets of a story.

"Tarnia's Defence Office", "the defence office" and "it" (resolved to the office)
are one source: names (the resolved name together with the words as written) are
compared as sets of words (stopwords dropped, nations matched
as in `same_nation`), and a name joins the unique longer name that contains all its
words. An official source named only generically ("the Tarnian government") joins the
unique specific official body of the same event whose name shares its other words. An
outlet's own voice is one source per outlet; a source with an indefinite name ("some
reports", "a witness") or a bare one-word unnamed one ("witnesses") is one source per
article, since two outlets' "some reports" need not be the same reports. A definite name
is matched across articles whatever kind it was given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

from .common import FigureRef, same_nation, words
from .config import ReconcileConfig


@dataclass(frozen=True, slots=True)
class SourceInfo:
    key: str  # identity within the story
    display: str  # the fullest name as written
    kind: str


@dataclass(slots=True)
class _Named:
    tokens: frozenset[str]
    members: list[FigureRef] = field(default_factory=list)
    families: set[Hashable] = field(default_factory=set)


def _canonical_words(refs: Iterable[FigureRef], config: ReconcileConfig) -> dict[str, str]:
    """Map each word of the source names to one representative ("russian" -> "russia")."""
    vocabulary = sorted({w for r in refs for w in _name_words(r)}, key=lambda w: (len(w), w))
    canonical: dict[str, str] = {}
    reps: list[str] = []
    for word in vocabulary:
        rep = next((r for r in reps if len(r) >= 4 and same_nation(word, r, config)), None)
        if rep is None:
            reps.append(word)
            rep = word
        canonical[word] = rep
    return canonical


def _name_words(ref: FigureRef) -> list[str]:
    """Words of the source's resolved name and of its name as written ("Dunmore" written
    "the governor of Dunmore province, Ilse Marrow"): both name the same source."""
    source = ref.figure.source
    return words(source.text) + (words(source.written) if source.written else [])


def _display(texts: list[str]) -> str:
    """The fullest of the names as written (most words, then most often), without "the"."""
    counts = Counter(texts)
    best = max(texts, key=lambda t: (len(words(t)), counts[t], -texts.index(t)))
    best = " ".join(best.split())
    if best[:4].lower() == "the " and len(best) > 4:
        best = best[4:]
    return best[:1].upper() + best[1:]


def identify_sources(
    refs: list[FigureRef],
    families: Mapping[str, Hashable],
    config: ReconcileConfig,
) -> dict[str, SourceInfo]:
    """Source identity per figure id. ``families`` maps a figure id to the slot family
    (group, scope, time) it belongs to; generic official names merge only within one."""
    canonical = _canonical_words(refs, config)
    result: dict[str, SourceInfo] = {}
    named: dict[frozenset[str], _Named] = {}
    for ref in refs:
        source = ref.figure.source
        if source.kind == "outlet":
            result[ref.id] = SourceInfo(f"outlet:{ref.outlet}", ref.outlet, "outlet")
            continue
        tokens = frozenset(
            canonical[w] for w in _name_words(ref) if w not in config.source_stopwords
        )
        written = words(source.text)
        indefinite = bool(written) and written[0] in config.unnamed_starts
        # Identity follows the name: an indefinite ("some reports", "a witness") or bare
        # one-word unnamed source ("witnesses") cannot be recognised in another article.
        # The weight follows the kind, with indefinite names weighed as unnamed.
        unidentifiable = (
            indefinite
            or not tokens
            or (written and written[0] in config.indefinite_articles)
            or (source.kind == "unnamed" and len(tokens) <= 1)
        )
        kind = "unnamed" if indefinite else source.kind
        if unidentifiable:
            key = f"unnamed:{ref.article}:{' '.join(written)}"
            result[ref.id] = SourceInfo(key, " ".join(source.text.split()), kind)
            continue
        entry = named.setdefault(tokens, _Named(tokens))
        entry.members.append(ref)
        entry.families.add(families.get(ref.id))

    # Longest names first; a name joins the unique cluster whose words contain its own.
    clusters: list[_Named] = []
    for tokens in sorted(named, key=lambda t: -len(t)):
        entry = named[tokens]
        homes = [c for c in clusters if tokens <= c.tokens]
        if len(homes) == 1:
            homes[0].members.extend(entry.members)
            homes[0].families |= entry.families
        else:
            clusters.append(_Named(tokens, list(entry.members), set(entry.families)))

    # Generic official names ("the Tarnian government") join the unique specific official
    # body of the same event family that shares their other words.
    merged: list[_Named] = []
    qualifiers = {t for c in clusters if len(c.tokens) > 1 for t in c.tokens}
    generic = [c for c in clusters if _is_generic_official(c, qualifiers, config)]
    specific = [c for c in clusters if c not in generic]
    for cluster in generic:
        rest = cluster.tokens - config.generic_official
        homes = [
            c
            for c in specific
            if rest <= c.tokens
            and c.families & cluster.families
            and any(m.figure.source.kind == "official" for m in c.members)
        ]
        if len(homes) == 1:
            homes[0].members.extend(cluster.members)
        else:
            merged.append(cluster)
    for cluster in specific + merged:
        texts = [m.figure.source.text for m in cluster.members]
        display = _display(texts)
        kinds = Counter(m.figure.source.kind for m in cluster.members)
        kind = kinds.most_common(1)[0][0]
        key = "named:" + " ".join(sorted(cluster.tokens))
        for member in cluster.members:
            result[member.id] = SourceInfo(key, display, kind)
    return result


def _is_generic_official(cluster: _Named, qualifiers: set[str], config: ReconcileConfig) -> bool:
    """ "the Tarnian government", "officials", or a bare state name ("Tarnia") that other
    names use as a qualifier."""
    if not all(m.figure.source.kind == "official" for m in cluster.members):
        return False
    generic_words = cluster.tokens & config.generic_official
    rest = cluster.tokens - generic_words
    if generic_words:
        return len(rest) <= 1
    return len(rest) == 1 and bool(rest & qualifiers)
