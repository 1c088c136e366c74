"""Slots: which figures of a story measure the same quantity."""

from __future__ import annotations

from copy import deepcopy

from figure_factory import ArticleBuilder, F, make_story
from hypothesis import given, settings
from hypothesis import strategies as st

from newstally.model import Group, Story
from newstally.reconcile import reconcile_story
from newstally.reconcile.common import collect_refs
from newstally.reconcile.config import load_config
from newstally.reconcile.groups import GENERIC_CLUSTER, cluster_groups, signature
from newstally.reconcile.slots import build_slots
from newstally.report import build_brief


def _slot_with(story: Story, figure_id: str):
    return next(s for s in story.slots if figure_id in s.figures)


def test_killed_slot_holds_the_clashing_tolls_of_one_group(ridge) -> None:
    story, articles = ridge
    done = reconcile_story(story, articles)
    killed = _slot_with(done, "post-1:f2")  # the office's "four deaths"
    assert killed.category == "killed" and killed.scope == "event"
    # "four" from both outlets, "up to 150" and "more than 80" volunteers.
    assert {"post-1:f2", "post-1:f4", "herald-1:f2", "post-1:f3", "herald-1:f3"} == set(
        killed.figures
    )
    assert set(killed.outlets) == {"The Valley Post", "Coastline Herald"}


def test_other_group_period_and_cumulative_figures_stay_out(ridge) -> None:
    story, articles = ridge
    done = reconcile_story(story, articles)
    killed = _slot_with(done, "post-1:f2")
    for outside in ("herald-1:f4", "herald-1:f5", "herald-1:f6"):  # militia, since, period
        assert outside not in killed.figures
    militia = _slot_with(done, "herald-1:f4")
    cumulative = _slot_with(done, "herald-1:f5")
    period = _slot_with(done, "herald-1:f6")
    assert militia.scope == "event" and militia.group and militia.group.head == "militia"
    assert cumulative.scope == "cumulative" and period.scope == "period"
    assert len({militia.id, cumulative.id, period.id}) == 3


def test_injured_and_killed_or_wounded_get_their_own_slots(ridge) -> None:
    story, articles = ridge
    done = reconcile_story(story, articles)
    injured = _slot_with(done, "post-1:f1")
    casualties = _slot_with(done, "herald-1:f1")
    assert injured.category == "injured" and casualties.category == "casualties"
    assert injured.id != casualties.id
    killed = _slot_with(done, "post-1:f2")
    assert "post-1:f1" not in killed.figures and "herald-1:f1" not in killed.figures


def _period_article() -> ArticleBuilder:
    return ArticleBuilder("p-1", "The Valley Post", "2031-05-02").say(
        "In the first half of 2030, 40 villagers were killed in the valley.",
        F(
            "40",
            "killed",
            40,
            source="a rights group",
            kind="organisation",
            scope="period",
            group=("villagers", "villager", None),
            when=("in the first half of 2030", "2030-01-01", "2030-06-30"),
        ),
    )


def test_two_period_figures_of_different_periods_stay_apart() -> None:
    article = (
        _period_article()
        .say(
            "In the whole of 2029, 65 villagers were killed there.",
            F(
                "65",
                "killed",
                65,
                source="a rights group",
                kind="organisation",
                scope="period",
                group=("villagers", "villager", None),
                when=("in the whole of 2029", "2029-01-01", "2029-12-31"),
            ),
        )
        .say(
            "Another count gave 42 villagers killed in the first half of 2030.",
            F(
                "42",
                "killed",
                42,
                source="a second group",
                kind="organisation",
                scope="period",
                group=("villagers", "villager", None),
                when=("in the first half of 2030", "2030-01-01", "2030-06-30"),
            ),
        )
        .build()
    )
    done = reconcile_story(make_story(article), {article.id: article})
    first_half = _slot_with(done, "p-1:f1")
    assert "p-1:f3" in first_half.figures  # same period: one slot
    assert "p-1:f2" not in first_half.figures  # another period: apart


def test_event_figure_far_from_the_main_event_is_another_incident() -> None:
    article = (
        ArticleBuilder("a-1", "The Valley Post", "2031-05-02")
        .say(
            "Gunmen killed 9 people at the ferry landing on Friday, police said.",
            F("9", value=9, source="police", when=("on Friday", "2031-05-01", "2031-05-01")),
        )
        .say(
            "Police said 8 people were killed in the same attack on Friday night.",
            F("8", value=8, source="police", when=("on Friday", "2031-05-01", "2031-05-01")),
        )
        .say(
            "A similar attack at the landing in March 2029 killed 20 people.",
            F(
                "20",
                value=20,
                source="The Valley Post",
                kind="outlet",
                when=("in March 2029", "2029-03-01", "2029-03-31"),
            ),
        )
        .build()
    )
    done = reconcile_story(make_story(article), {article.id: article})
    main = _slot_with(done, "a-1:f1")
    assert "a-1:f2" in main.figures
    assert "a-1:f3" not in main.figures
    assert "killed" in done.totals and done.totals["killed"].high == 9


def test_duplicate_articles_count_once() -> None:
    original = (
        ArticleBuilder("wire-1", "Harbour Wire", "2031-05-01")
        .say("Gunmen killed 6 people in the port, police said.", F("6", value=6, source="police"))
        .build()
    )
    copy = (
        ArticleBuilder("copy-1", "Evening Lamp", "2031-05-01")
        .say("Gunmen killed 6 people in the port, police said.", F("6", value=6, source="police"))
        .build()
    )
    story = make_story(original, copy, duplicates={"copy-1": "wire-1"})
    done = reconcile_story(story, {original.id: original, copy.id: copy})
    assert len(done.slots) == 1
    assert done.slots[0].figures == ["wire-1:f1"]
    assert done.slots[0].outlets == ["Harbour Wire"]


def test_group_signatures_fit_nationals_and_their_fighters() -> None:
    config = load_config()
    citizens = signature(Group("Tarnian citizens", "citizen", "Tarnian"), config)
    people = signature(Group("Tarnians", "person", None), config)
    volunteers = signature(Group("Tarnian volunteers", "volunteer", "Tarnian"), config)
    militia = signature(Group("militia", "militia", None), config)
    nobody = signature(None, config)
    police = signature(Group("police officers", "officer", None), config)
    assert citizens.cls == people.cls == "nationals"
    assert volunteers.cls == "mercenaries" and militia.cls == "militia"
    assert nobody.generic and police.cls == "police"
    assert signature(Group("people", "person", None), config).generic


def _refs_for(*groups: tuple[str, str, str | None] | None):
    builder = ArticleBuilder("g-1", "The Valley Post")
    for n, group in enumerate(groups, start=1):
        builder.say(f"Officials said {n} were killed.", F(str(n), value=n, group=group))
    article = builder.build()
    return collect_refs(make_story(article), {article.id: article})


def test_groups_cluster_nationals_with_fighters_but_not_militia() -> None:
    config = load_config()
    refs = _refs_for(
        ("Tarnian citizens", "citizen", "Tarnian"),
        ("Tarnian volunteers", "volunteer", "Tarnian"),
        ("Tarnians", "person", None),
        ("militia", "militia", None),
        None,
    )
    clusters = cluster_groups(refs, config)
    sigs = [signature(r.figure.group, config) for r in refs]
    ids = [clusters.cluster_of(s) for s in sigs]
    assert ids[0] == ids[1] == ids[2]
    assert ids[3] != ids[0]
    assert ids[4] == ids[0] == clusters.main  # no group: the main group


def test_generic_main_group_keeps_subgroups_apart() -> None:
    config = load_config()
    refs = _refs_for(
        ("people", "person", None),
        ("people", "person", None),
        None,
        ("police officers", "officer", None),
    )
    clusters = cluster_groups(refs, config)
    assert clusters.main == GENERIC_CLUSTER
    drafts, _ = build_slots(refs, config)
    assert len(drafts) == 2
    assert [len(d.refs) for d in drafts] == [3, 1]


def test_a_nation_does_not_fit_another_nation() -> None:
    config = load_config()
    refs = _refs_for(
        ("Tarnian citizens", "citizen", "Tarnian"),
        ("Oslander citizens", "citizen", "Oslander"),
    )
    drafts, _ = build_slots(refs, config)
    assert len(drafts) == 2


def test_reconcile_is_pure_and_deterministic(ridge) -> None:
    story, articles = ridge
    before = deepcopy(story)
    first = reconcile_story(story, articles)
    second = reconcile_story(story, articles)
    assert story == before  # the input story is left as it was
    assert first == second
    assert first.slots and any(s.notes for s in first.slots) and not story.slots
    assert not first.brief  # report writes the brief


_GROUPS = [
    None,
    ("people", "person", None),
    ("Tarnian citizens", "citizen", "Tarnian"),
    ("Tarnian volunteers", "volunteer", "Tarnian"),
    ("militia", "militia", None),
    ("police officers", "officer", None),
]
_SOURCES = [
    ("the Tarnian government", "official"),
    ("Tarnia's Defence Office", "official"),
    ("the office", "official"),
    ("some reports", "unnamed"),
    ("The Valley Post", "outlet"),
    ("a witness", "person"),
]
_CUES = ["", "Previously ", "The toll rose to ", "Last week ", "Now "]


@st.composite
def _stories(draw: st.DrawFn):
    articles = []
    for a in range(draw(st.integers(1, 3))):
        day = draw(st.sampled_from([None, "2031-05-01", "2031-05-02"]))
        builder = ArticleBuilder(f"a{a}", f"Outlet {a}", day)
        for _ in range(draw(st.integers(0, 5))):
            value = draw(st.integers(0, 300))
            bound = draw(st.sampled_from(["=", ">=", ">", "<=", "~"]))
            source, kind = draw(st.sampled_from(_SOURCES))
            q = str(value)
            builder.say(
                f"{draw(st.sampled_from(_CUES))}{q} were reported by {source}.",
                F(
                    q,
                    draw(st.sampled_from(["killed", "injured", "casualties", "missing"])),
                    value,
                    value if bound in ("=", ">=", "~") else None,
                    value if bound in ("=", "<=", "~") else None,
                    bound,
                    source,
                    kind,
                    group=draw(st.sampled_from(_GROUPS)),
                    hedges=draw(st.sampled_from([[], ["presumably"], ["quoted"]])),
                    scope=draw(st.sampled_from(["event", "event", "period", "cumulative"])),
                ),
            )
        articles.append(builder.build())
    return make_story(*articles), {a.id: a for a in articles}


@settings(max_examples=60, deadline=None)
@given(_stories())
def test_any_story_reconciles_with_every_figure_in_one_slot(case) -> None:
    story, articles = case
    done = reconcile_story(story, articles)
    placed = [f for s in done.slots for f in s.figures]
    assert sorted(placed) == sorted(f.id for a in articles.values() for f in a.figures)
    for slot in done.slots:
        assert slot.agreement in ("agree", "conflict")
        if slot.low is not None and slot.high is not None:
            assert slot.low <= slot.high
        assert {f for s in slot.sources for f in s.figures} == set(slot.figures)
    assert build_brief(done, articles).startswith("## ")
