"""Reconcile: slots, estimates, revisions and notes per story (docs/reconciliation.md).

`reconcile_story` is pure: it reads the story and its articles (with their figures) and
returns a new `Story` with ``slots`` (estimates, timelines, notes as values), ``totals``
and ``statements`` filled; report words them and writes the ``brief``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..figures.totals import is_perpetrator
from ..model import CATEGORIES, Article, Estimate, Group, Slot, SlotSource, Story, Total
from ..settings import Settings
from .accounts import (
    accounts,
    agreed_total,
    headlines_tell,
    hurt_is_dead,
    not_counted,
    perpetrators_besides,
    roundup_agreed,
    shot_then_dead,
    untold,
    within_accounts,
)
from .common import FigureRef, collect_refs, words
from .config import ReconcileConfig, load_config
from .groups import GENERIC_CLUSTER, GroupClusters, disjoint, signature, singular
from .notes import NoteContext, slot_notes
from .policy import (
    POLICIES,
    Policy,
    WeighedFigure,
    agreement,
    get_policy,
    register_policy,
    weigh,
)
from .revisions import build_timeline, find_superseded, placement
from .slots import (
    SlotDraft,
    build_slots,
    nested,
    slot_group,
    slot_outlets,
    slot_when,
    slot_where,
)
from .sources import SourceInfo, identify_sources

__all__ = [
    "POLICIES",
    "get_policy",
    "reconcile_stories",
    "reconcile_story",
    "register_policy",
    "story_totals",
]


def reconcile_story(
    story: Story, articles: Mapping[str, Article], settings: Settings | None = None
) -> Story:
    """The story with its slots, totals and statements filled in.

    ``articles`` maps article ids to the articles (with figures) of the story; figures of
    articles listed in ``story.duplicates`` count once (the copies are left out).
    Raises ValueError for an unknown ``settings.policy``.
    """
    settings = settings or Settings()
    config = load_config()
    policy = get_policy(settings.policy)
    refs = collect_refs(story, articles)
    drafts, groups = build_slots(refs, config)
    families = {r.id: d.family for d in drafts for r in d.refs}
    sources = identify_sources(refs, families, config)
    places = {r.id: placement(r, config) for r in refs}
    superseded = find_superseded(drafts, sources, places, config)
    by_id = {r.id: r for r in refs}
    labels = {id(d): _group_label(d, config) for d in drafts}
    outlets = list(dict.fromkeys(r.outlet for r in refs)) or list(story.outlets)

    slots: list[Slot] = []
    everyone: dict[int, Estimate | None] = {}
    alive: dict[int, Estimate | None] = {}
    dead = killed_too(refs, config)
    uncounted = not_counted(refs, articles)
    tells = headlines_tell(story, articles, config)
    gone = untold(story, articles, config, tells)
    # The hurt of a story that counts no one killed did not die.
    died = dead if "killed" in gone else dead | shot_then_dead(refs, story, articles)
    for number, draft in enumerate(drafts, start=1):
        related = [
            d
            for d in drafts
            if d.measure == draft.measure and d.category in config.related_to(draft.category)
        ]
        others = [
            (d, labels[id(d)] or "everyone")
            for d in drafts
            if d is not draft
            and d.category == draft.category
            and (d.scope, d.time_key, d.incidents) == (draft.scope, draft.time_key, draft.incidents)
            and d.cluster != draft.cluster
            and not d.part
            and not nested(d, draft)
        ]
        current = [_weigh(r, sources, config) for r in draft.refs if r.id not in superseded]
        estimate = policy(current)
        left_out = uncounted | died if draft.category == "injured" else uncounted
        # "Four people were shot" beside its article's 3 hurt counts the dead too: such a
        # count, left out of the slot's estimate, does not count everyone hurt either.
        told = (
            [w for w in current if w.figure not in left_out]
            if draft.category in config.everyone_counted
            else current
        )
        everyone[number - 1] = _everyone_estimate(draft, told, policy, config)
        if any(w.figure in left_out for w in current):
            counted = [w for w in current if w.figure not in left_out]
            alive[number - 1] = policy(counted) if counted else None
        timeline = build_timeline(draft, related, sources, places, superseded)
        notes = slot_notes(
            NoteContext(
                draft=draft,
                current=current,
                related=related,
                others=others,
                timeline=timeline,
                sources=sources,
                places=places,
                superseded=superseded,
                refs=by_id,
                story_outlets=outlets,
                group_label=labels[id(draft)],
                config=config,
                everyone=draft.cluster == GENERIC_CLUSTER,
            )
        )
        slots.append(
            Slot(
                id=f"{story.id}:s{number}",
                category=draft.category,
                scope=draft.scope,
                figures=draft.figure_ids,
                low=estimate.low,
                best=estimate.best,
                high=estimate.high,
                group=slot_group(draft, config),
                when=slot_when(draft),
                where=slot_where(draft),
                sources=_slot_sources(draft, sources),
                outlets=slot_outlets(draft),
                agreement=agreement(current),
                notes=notes,
                timeline=timeline,
                incidents=draft.incidents if draft.incidents > 1 else None,
            )
        )

    statements = list(story.statements) or [
        s
        for a in story.articles
        if a not in story.duplicates and a in articles
        for s in articles[a].statements
    ]
    totals = story_totals(slots, drafts, groups, config, everyone, alive, accounts(story, articles))
    for category, told in within_accounts(story, articles, totals, config.within_accounts).items():
        if told is None:
            totals.pop(category, None)
        else:
            totals[category] = _as_story_total(told)
    for category in gone:
        totals.pop(category, None)
    for category, agreed in roundup_agreed(story, articles, config).items():
        if agreed is None:
            totals.pop(category, None)
        elif category not in totals or totals[category].best != agreed.best:
            totals[category] = _as_story_total(agreed)
    if hurt_is_dead(totals, tells):
        totals["killed"] = totals.pop("injured")
    totals.update(perpetrators_besides(story, articles, totals, config.perpetrators_besides))
    return replace(story, slots=slots, totals=totals, statements=statements)


def _as_story_total(total: Total) -> Total:
    """An article's own total as the story's (the victims part kept when it has one)."""
    victims = total.victims or Estimate(low=total.low, best=total.best, high=total.high)
    return Total(low=total.low, best=total.best, high=total.high, victims=victims)


def _weigh(
    ref: FigureRef, sources: Mapping[str, SourceInfo], config: ReconcileConfig
) -> WeighedFigure:
    info = sources[ref.id]
    return weigh(ref.figure, info.key, info.kind, ref.outlet, config)


def _group_label(draft: SlotDraft, config: ReconcileConfig) -> str | None:
    group = slot_group(draft, config)
    return group.text if group is not None else None


def _everyone_estimate(
    draft: SlotDraft, current: Sequence[WeighedFigure], policy: Policy, config: ReconcileConfig
) -> Estimate | None:
    """The estimate of the slot's figures that count everyone ("two people", "three were
    killed"), when it also holds figures of a specific group ("the woman", "two children"):
    those count part of everyone."""
    generic = {r.id for r in draft.refs if signature(r.figure.group, config).generic}
    if not generic or len(generic) == len(draft.refs):
        return None
    mine = [w for w in current if w.figure in generic]
    outlets: dict[int | None, set[str]] = {}
    for w in mine:
        outlets.setdefault(w.value, set()).add(w.outlet)
    # Told by one outlet only, a bare count may be a sidebar's or a misread number.
    mine = [w for w in mine if len(outlets[w.value]) >= config.everyone_outlets]
    return policy(mine) if mine and agreement(mine) == "agree" else None


def killed_too(refs: Sequence[FigureRef], config: ReconcileConfig) -> set[str]:
    """Injured figures of one person whom a killed figure of the story names too: a victim
    reported shot, then dead ("Dara Quill was shot" ... "Quill died in hospital"; "the
    child was wounded" ... "the child was killed"). Matched by a shared name, or by the
    same head noun in another sentence unless the words tell another person ("another
    man", "his older brother")."""
    killed = [r for r in refs if r.figure.category == "killed" and r.figure.group]
    found: set[str] = set()
    for ref in refs:
        figure = ref.figure
        if figure.category != "injured" or figure.quantity.value != 1 or not figure.group:
            continue
        names, head = _person_keys(figure.group, config)
        if config.other_person_words & set(words(figure.group.text or "")):
            continue
        for other in killed:
            other_names, other_head = _person_keys(other.figure.group, config)
            if names & other_names or (
                head
                and head == other_head
                and (other.article, other.figure.sentence) != (ref.article, figure.sentence)
            ):
                found.add(figure.id)
                break
    return found


def _person_keys(group: Group | None, config: ReconcileConfig) -> tuple[set[str], str | None]:
    """The name words (capitalised, 3+ letters) of a group and its specific head noun."""
    if group is None:
        return set(), None
    text = group.text or ""
    names = {w.lower() for w in re.findall(r"\b[A-Z][a-z'-]{2,}\b", text)}
    names -= config.other_person_words
    head = singular(group.head or "", config) if group.head else None
    if head in config.generic_heads or (head and head in names):
        head = None
    return names, head


def _slot_sources(draft: SlotDraft, sources: Mapping[str, SourceInfo]) -> list[SlotSource]:
    grouped: dict[str, SlotSource] = {}
    for ref in draft.refs:
        info = sources[ref.id]
        entry = grouped.setdefault(info.key, SlotSource(info.display, info.kind, []))
        entry.figures.append(ref.id)
    return list(grouped.values())


def _sum(values: Sequence[int | None]) -> int | None:
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def story_totals(
    slots: Sequence[Slot],
    drafts: Sequence[SlotDraft],
    groups: GroupClusters,
    config: ReconcileConfig,
    everyone: Mapping[int, Estimate | None] | None = None,
    alive: Mapping[int, Estimate | None] | None = None,
    counted: Sequence[Article] = (),
) -> dict[str, Estimate]:
    """Per category, the estimate for the story's main event and main group.

    Only event slots of the main incident count, and only single-incident ones: a figure
    covering several incidents ("across the three attacks") includes the single
    incidents' counts and is never added to them; it makes the total only when the
    category has no single-incident slot. Part slots never count. The main group's slot
    makes the total (when its figures are stated as part of another slot's figures, that
    whole stands in for it); slots of groups declared disjoint from it (and from each
    other) are added, so "3 soldiers and 5 civilians" give 8, unless one is stated as part
    of the other ("50 people, including 30 assailants" is 50). A group that may overlap
    the main one ("militia" beside "Tarnian volunteers") is not added. Without a
    main-group slot, the slot with the most figures stands in for it. When the main
    group's slot also holds figures that count everyone (``everyone``: per slot index,
    the estimate of its generic figures) and they agree on more than the total, everyone
    makes the total: "two people were killed" beside "the woman was killed". ``alive``
    (per slot index) replaces the estimate of a slot some of whose figures the total does
    not count: figures their own article's totals leave out (`accounts.not_counted`) and
    injured people the story counts killed (`killed_too`, `accounts.shot_then_dead`);
    None: the slot counts no one and leaves the choice to the other slots. ``counted``
    are the story's articles with their own totals: a larger count most of them agree on
    replaces a smaller total (`accounts.agreed_total`).
    """
    totals: dict[str, Estimate] = {}
    alive = alive or {}
    index_of = {id(d): n for n, d in enumerate(drafts)}
    pairs = [
        (_with_estimate(s, alive[n]) if n in alive else s, d)
        for n, (s, d) in enumerate(zip(slots, drafts, strict=True))
        if n not in alive or alive[n] is not None
    ]
    for category in CATEGORIES:
        event = [
            (s, d)
            for s, d in pairs
            if d.category == category and d.scope == "event" and d.time_key is None and not d.part
        ]
        candidates = [c for c in event if c[1].incidents == 1]
        if not candidates and event:
            fewest = min(d.incidents for _, d in event)
            candidates = [c for c in event if c[1].incidents == fewest]
        if not candidates:
            continue
        main = [c for c in candidates if c[1].cluster == groups.main]
        chosen = main[:1] or [max(candidates, key=lambda c: len(c[1].refs))]
        for _ in range(len(candidates)):
            whole = next(
                (c for c in candidates if c is not chosen[0] and _is_part_of(chosen[0][1], c[1])),
                None,
            )
            if whole is None:
                break
            chosen = [whole]
        for candidate in candidates:
            if candidate in chosen or any(nested(candidate[1], c[1]) for c in chosen):
                continue
            classes = groups.classes(candidate[1].cluster)
            if all(disjoint(classes, groups.classes(c[1].cluster), config) for c in chosen):
                chosen.append(candidate)
        # victims: the chosen slots without those counting the attackers
        victims = [s for s, _ in chosen if not is_perpetrator(s.group.head if s.group else None)]
        whole = _everyone_total(chosen, index_of, everyone or {})
        if whole is not None:
            total = Total(low=whole.low, best=whole.best, high=whole.high, victims=whole)
        else:
            total = Total(
                low=_sum([s.low for s, _ in chosen]),
                best=_sum([s.best for s, _ in chosen]),
                high=_sum([s.high for s, _ in chosen]),
                victims=Estimate(
                    low=_sum([s.low for s in victims]),
                    best=_sum([s.best for s in victims]),
                    high=_sum([s.high for s in victims]),
                ),
            )
        totals[category] = agreed_total(total, category, counted, config.agreed_articles)
    return totals


def _with_estimate(slot: Slot, estimate: Estimate | None) -> Slot:
    if estimate is None:
        return slot
    return replace(slot, low=estimate.low, best=estimate.best, high=estimate.high)


def _everyone_total(
    chosen: Sequence[tuple[Slot, SlotDraft]],
    index_of: Mapping[int, int],
    everyone: Mapping[int, Estimate | None],
) -> Estimate | None:
    if len(chosen) != 1:
        return None
    whole = everyone.get(index_of[id(chosen[0][1])])
    best = chosen[0][0].best
    if whole is None or whole.best is None or best is None or whole.best <= best:
        return None
    return whole


def _is_part_of(part: SlotDraft, whole: SlotDraft) -> bool:
    """Some figure of ``part`` is stated as part of a figure of ``whole``."""
    ids = set(whole.figure_ids)
    return any(r.figure.part_of in ids for r in part.refs)


def reconcile_stories(
    stories: Sequence[Story], articles: Mapping[str, Article], settings: Settings | None = None
) -> list[Story]:
    """`reconcile_story` over several stories."""
    return [reconcile_story(s, articles, settings) for s in stories]
