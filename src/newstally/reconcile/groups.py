"""Victim groups: which figures count the same people.

A group is reduced to a signature (head class, nation). Signatures are clustered over the
whole story: two groups fit when their nations do not differ and their heads share a
class; a "nationals" group ("Tarnian citizens", "Tarnians") is an umbrella over groups of
the same, explicitly stated nation ("Tarnian volunteers"). A figure without a group, or
with a generic head ("people"), fits the story's main group.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import Group
from .common import FigureRef, same_nation, words
from .config import ReconcileConfig

NATIONALS = "nationals"
GENERIC_CLUSTER = 0  # cluster id of figures that count everyone


@dataclass(frozen=True, slots=True)
class GroupSig:
    cls: str | None  # None = generic (no group, or "people")
    nation: str | None

    @property
    def generic(self) -> bool:
        return self.cls is None


GENERIC = GroupSig(None, None)


def singular(word: str, config: ReconcileConfig) -> str:
    word = word.lower()
    if word in config.plurals:
        return config.plurals[word]
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def signature(group: Group | None, config: ReconcileConfig) -> GroupSig:
    """The class and nation of a victim group."""
    if group is None or not (group.text or group.head):
        return GENERIC
    text_words = [singular(w, config) for w in words(group.text or "")]
    head = singular(group.head or (text_words[-1] if text_words else ""), config)
    nation = _affiliation_nation(group.affiliation) or _nation_in_text(group, head)
    joined = f" {' '.join(text_words)} "
    # Multi-word class entries ("police officer", "military personnel") decide first.
    cls = next((c for phrase, c in config.phrase_classes if f" {phrase} " in joined), None)
    if cls is None:
        cls = config.head_classes.get(head)
    if cls is None and head in config.generic_heads:
        # "Tarnians" parsed as people: a nation's people, else everyone.
        return GroupSig(NATIONALS, nation) if nation else GroupSig(None, None)
    if cls is None and _names_a_people(group, head):
        # "Tarnians", "Oslanders": the head is itself a nationality.
        return GroupSig(NATIONALS, nation or head)
    return GroupSig(cls or f"head:{head}", nation)


def _affiliation_nation(affiliation: str | None) -> str | None:
    if not affiliation:
        return None
    found = words(affiliation)
    return found[0] if found else None


def _capitalised(text: str) -> list[str]:
    bare = (raw.strip(".,;:'\"()\u2019\u201c\u201d") for raw in text.split())
    return [w for w in bare if w[:1].isupper()]


def _names_a_people(group: Group, head: str) -> bool:
    """The head is capitalised in the text ("Tarnians"): a nationality used as a noun."""
    return any(w.lower().rstrip("s") == head.rstrip("s") for w in _capitalised(group.text))


def _nation_in_text(group: Group, head: str) -> str | None:
    """A capitalised word before the head ("Oslander soldiers") when no affiliation is given."""
    for word in _capitalised(group.text):
        if word.lower().rstrip("s") != head.rstrip("s"):
            return word.lower().replace("'s", "")
    return None


@dataclass(slots=True)
class GroupCluster:
    id: int
    nation: str | None
    classes: set[str] = field(default_factory=set)

    def accepts(self, sig: GroupSig, config: ReconcileConfig) -> bool:
        if sig.nation and self.nation and not same_nation(sig.nation, self.nation, config):
            return False
        if sig.cls in self.classes:
            return True
        same_stated_nation = bool(sig.nation and self.nation)
        if NATIONALS in self.classes and same_stated_nation:
            return True
        return sig.cls == NATIONALS and same_stated_nation


@dataclass(slots=True)
class GroupClusters:
    """Cluster id per signature, and the story's main cluster."""

    of: dict[GroupSig, int]
    clusters: list[GroupCluster]
    main: int  # GENERIC_CLUSTER when everyone ("people") is the main group

    def cluster_of(self, sig: GroupSig) -> int:
        if sig.generic:
            return self.main
        return self.of[sig]

    def classes(self, cluster: int) -> set[str]:
        if cluster == GENERIC_CLUSTER:
            return set()
        return self.clusters[cluster - 1].classes


def cluster_groups(refs: Iterable[FigureRef], config: ReconcileConfig) -> GroupClusters:
    """Cluster the groups of a story's figures and pick its main group."""
    refs = list(refs)
    sigs = [signature(r.figure.group, config) for r in refs]
    order: dict[GroupSig, int] = {}
    for sig in sigs:
        if not sig.generic:
            order.setdefault(sig, len(order))
    # Groups that state a nation seed the clusters; the rest join them or start their own.
    ranked = sorted(order, key=lambda s: (s.nation is None, order[s]))
    clusters: list[GroupCluster] = []
    of: dict[GroupSig, int] = {}
    for sig in ranked:
        home = next((c for c in clusters if c.accepts(sig, config)), None)
        if home is None:
            home = GroupCluster(id=len(clusters) + 1, nation=sig.nation)
            clusters.append(home)
        home.classes.add(sig.cls or "")
        home.nation = home.nation or sig.nation
        of[sig] = home.id
    event_counts: Counter[int] = Counter()
    for ref, sig in zip(refs, sigs, strict=True):
        if ref.figure.scope == "event":
            event_counts[GENERIC_CLUSTER if sig.generic else of[sig]] += 1
    main = GENERIC_CLUSTER
    specific = [(n, -cid) for cid, n in event_counts.items() if cid != GENERIC_CLUSTER]
    if specific:
        count, neg_id = max(specific)
        if count > event_counts[GENERIC_CLUSTER]:
            main = -neg_id
    return GroupClusters(of=of, clusters=clusters, main=main)


def disjoint(a: set[str], b: set[str], config: ReconcileConfig) -> bool:
    """Every class of ``a`` is declared disjoint from every class of ``b``."""
    if not a or not b:
        return False
    return all(any(x in d and y in d and x != y for d in config.disjoint) for x in a for y in b)
