"""Estimates: low/best/high per policy, agreement, and numbers that figures state."""

from __future__ import annotations

import pytest
from figure_factory import ArticleBuilder, F, make_story
from hypothesis import given, settings
from hypothesis import strategies as st

from newstally.model import Figure, Quantity, Source
from newstally.reconcile import POLICIES, get_policy, reconcile_story
from newstally.reconcile.config import load_config
from newstally.reconcile.policy import WeighedFigure, agreement, stated_range, weigh
from newstally.settings import Settings


def _figure(
    text: str,
    value: int | None,
    low: int | None,
    high: int | None,
    bound: str,
    hedges: list[str] | None = None,
    negated: bool = False,
) -> Figure:
    return Figure(
        id=f"x:{text}",
        article="x",
        category="killed",
        quantity=Quantity(text, value, low, high, bound),
        source=Source("someone", "official"),
        sentence=text,
        span=(0, len(text)),
        hedges=hedges or [],
        negated=negated,
    )


def _weigh(
    text, value, low, high, bound, source="s1", outlet="o1", kind="official", hedges=None
) -> WeighedFigure:
    figure = _figure(text, value, low, high, bound, hedges)
    return weigh(figure, source, kind, outlet, load_config())


def test_open_bounds_give_the_numbers_the_words_state() -> None:
    five = _weigh("five", 5, 5, 5, "=")
    over = _weigh("more than 100", 100, None, None, ">", source="s2")
    up_to = _weigh("up to 200", 200, None, 200, "<=", source="s3")
    assert (over.lower, over.upper) == (101, None)
    assert (up_to.lower, up_to.upper) == (None, 200)
    assert stated_range([five, over, up_to]) == (5, 200)
    assert stated_range([over]) == (101, None)  # nothing bounds it above
    assert stated_range([up_to]) == (None, 200)


def test_vague_ceiling_is_not_a_reported_high() -> None:
    dozens = _weigh("dozens", 12, 12, 119, ">=")
    assert (dozens.lower, dozens.upper) == (12, None)
    assert dozens.interval == (12.0, 119.0)  # but the words allow no more than 119


def test_a_lower_bound_above_every_stated_high_raises_the_high() -> None:
    nine = _weigh("nine", 9, 9, 9, "=")
    at_least = _weigh("at least 11", 11, 11, None, ">=", source="s2")
    assert stated_range([nine, at_least]) == (9, 11)


def test_low_best_high_stay_ordered_when_best_is_a_stated_floor() -> None:
    # "more than 400" states a floor of 401, but the value a coder records is 400.
    over = _weigh("more than 400", 400, 401, None, ">")
    for name in POLICIES:
        estimate = get_policy(name)([over])
        assert estimate.best == 400
        assert estimate.low is not None and estimate.low <= estimate.best
        assert estimate.high is None


def test_conflict_when_intervals_do_not_meet() -> None:
    five = _weigh("five", 5, 5, 5, "=")
    over = _weigh("more than 100", 100, 101, None, ">", source="s2")
    up_to = _weigh("up to 200", 200, None, 200, "<=", source="s3")
    assert agreement([five, over, up_to]) == "conflict"
    assert agreement([over, up_to]) == "agree"
    about = _weigh("about 2,000", 2000, None, None, "~")
    close = _weigh("2,100", 2100, 2100, 2100, "=", source="s2")
    assert agreement([about, close]) == "agree"  # within the approximation


def test_ucdp_best_has_most_independent_support_then_is_conservative() -> None:
    figures = [
        _weigh("12", 12, 12, 12, "=", source="ministry", outlet="A"),
        _weigh("12", 12, 12, 12, "=", source="ministry", outlet="B"),  # same source
        _weigh("30", 30, 30, 30, "=", source="governor", outlet="A"),
        _weigh("30", 30, 30, 30, "=", source="mayor", outlet="A"),
    ]
    assert get_policy("ucdp")(figures).best == 30  # two sources beat one
    tie = figures[:3]
    # one source each: 12 has two outlets
    assert get_policy("ucdp")(tie).best == 12
    even = [figures[0], figures[2]]
    assert get_policy("ucdp")(even).best == 12  # full tie: the lower value


def test_ucdp_a_vague_amount_gives_way_to_a_number_it_allows() -> None:
    """Session 14: "several people were shot" (coded 3, the words allow 3 to 9) in two
    reports beside "seven were wounded" and a source's "eight": several allows seven, so
    it does not outvote it; the low still heeds several's 3."""
    several = [
        _weigh("several", 3, 3, 9, "~", source="police", outlet="A"),
        _weigh("Several", 3, 3, 9, "~", source="hospital", outlet="B"),
    ]
    seven = _weigh("seven", 7, 7, 7, "=", source="chief", outlet="C")
    eight = _weigh("eight", 8, 8, 8, "=", source="witness", outlet="D")
    estimate = get_policy("ucdp")([*several, seven, eight])
    assert (estimate.low, estimate.best, estimate.high) == (3, 7, 9)
    # a number outside its range leaves several its vote
    twelve = _weigh("twelve", 12, 12, 12, "=", source="chief", outlet="C")
    assert get_policy("ucdp")([*several, twelve]).best == 3
    # and alone it is what a coder records
    assert get_policy("ucdp")(several).best == 3


def test_hedged_figures_weigh_less() -> None:
    figures = [
        _weigh("12", 12, 12, 12, "=", source="ministry", hedges=["presumably"]),
        _weigh("30", 30, 30, 30, "=", source="governor"),
    ]
    assert figures[0].weight < figures[1].weight
    assert get_policy("ucdp")(figures).best == 30
    unhedged = [
        _weigh("12", 12, 12, 12, "=", source="ministry"),
        _weigh("30", 30, 30, 30, "=", source="governor"),
    ]
    assert get_policy("ucdp")(unhedged).best == 12


def test_unnamed_sources_weigh_less_than_named_ones() -> None:
    named = _weigh("40", 40, 40, 40, "=", kind="official")
    unnamed = _weigh("40", 40, 40, 40, "=", kind="unnamed")
    assert unnamed.weight < named.weight


def test_each_policy() -> None:
    figures = [
        _weigh("9", 9, 9, 9, "=", source="a"),
        _weigh("11", 11, 11, 11, "=", source="b"),
        _weigh("14", 14, 14, 14, "=", source="c"),
        _weigh("14", 14, 14, 14, "=", source="d"),
    ]
    assert set(POLICIES) >= {"ucdp", "conservative", "median", "maximum"}
    assert get_policy("ucdp")(figures).best == 14
    assert get_policy("conservative")(figures).best == 9
    assert get_policy("median")(figures).best == 11
    assert get_policy("maximum")(figures).best == 14
    for name in POLICIES:
        estimate = get_policy(name)(figures)
        assert (estimate.low, estimate.high) == (9, 14)


def test_when_reports_agree_best_is_compatible_with_every_figure() -> None:
    figures = [
        _weigh("at least 10", 10, 10, None, ">=", source="a"),
        _weigh("15", 15, 15, 15, "=", source="b"),
    ]
    assert agreement(figures) == "agree"
    for name in POLICIES:
        assert get_policy(name)(figures).best == 15


def test_unknown_policy_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown reconciliation policy"):
        get_policy("guesswork")


def test_settings_policy_selects_the_estimate() -> None:
    article = (
        ArticleBuilder("a", "The Valley Post")
        .say("The ministry said 9 died.", F("9", value=9, source="the ministry"))
        .say("The mayor said 16 died.", F("16", value=16, source="the mayor", kind="person"))
        .build()
    )
    story, articles = make_story(article), {article.id: article}
    assert reconcile_story(story, articles, Settings(policy="conservative")).slots[0].best == 9
    assert reconcile_story(story, articles, Settings(policy="maximum")).slots[0].best == 16
    with pytest.raises(ValueError):
        reconcile_story(story, articles, Settings(policy="nope"))


_bounds = st.sampled_from(["=", "~", ">=", ">", "<=", "<"])


@st.composite
def _quantities(draw: st.DrawFn) -> Figure:
    bound = draw(_bounds)
    value = draw(st.integers(1, 5000))
    low = draw(st.one_of(st.none(), st.integers(0, value)))
    high = draw(st.one_of(st.none(), st.integers(value, 10_000)))
    return _figure("q", value, low, high, bound, negated=draw(st.booleans()) and bound == "=")


@settings(max_examples=150, deadline=None)
@given(st.lists(_quantities(), min_size=1, max_size=6), st.sampled_from(sorted(POLICIES)))
def test_estimates_only_use_numbers_that_figures_state_or_bound(figures, name) -> None:
    config = load_config()
    figures = [weigh(f, f"s{i}", "official", "o", config) for i, f in enumerate(figures)]
    stated = {n for r in figures for n in (r.lower, r.upper, r.value) if n is not None}
    estimate = get_policy(name)(figures)
    for number in (estimate.low, estimate.best, estimate.high):
        assert number is None or number in stated
    if estimate.low is not None and estimate.high is not None:
        assert estimate.low <= estimate.high
