"""The stories of a set of articles do not depend on their order or batching (issue 16)."""

from __future__ import annotations

from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstally.model import Article
from newstally.pipeline import stories_for, write_json
from newstally.report import story_record
from newstally.settings import Settings
from newstally.stories import group_articles

from .conftest import TEXTS, make

KEYS = sorted(TEXTS)


def _extra() -> list[Article]:
    """Look-alikes and follow-ups around the conftest events: a second market attack in
    another town a month later, an undated report, and the Ardel trial months later."""
    return [
        Article(
            id="selby-market",
            origin="test:selby",
            outlet="Fen Daily",
            published="2025-07-09T10:00:00+00:00",
            title="Gunmen kill six at Selby market",
            text=(
                "Gunmen on motorbikes attacked the market in Selby, a town in Vesk province, "
                "on Wednesday, killing six people, district officials said. Witnesses said "
                "the attackers burned stalls and fled towards the hills west of Selby."
            ),
        ),
        Article(
            id="ardel-undated",
            origin="test:undated",
            title="Ardel mourns market victims",
            text=(
                "Ardel mourned the victims of the market attack as Governor Tomas Hale "
                "visited the wounded in Quenby. Traders said the gunmen burned their stalls."
            ),
        ),
        Article(
            id="ardel-trial",
            origin="test:trial",
            outlet="The Lantern Post",
            published="2025-11-20T09:00:00+00:00",
            title="Trial opens over Ardel market attack",
            text=(
                "Three men went on trial in Quenby on Thursday over the June attack on the "
                "market in Ardel in which eleven people were killed. Governor Tomas Hale and "
                "the trader Mira Solt were among the witnesses. The gunmen had fled into the "
                "forest east of Ardel."
            ),
        ),
    ]


ALL = [make(k) for k in KEYS] + _extra()


def _record(articles: list[Article]) -> bytes:
    stories = [story for story, _ in group_articles(articles)]
    return orjson.dumps(sorted((story_record(s) for s in stories), key=lambda r: r["id"]))


BASELINE = _record(ALL)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order=st.permutations(range(len(ALL))), cuts=st.lists(st.integers(0, len(ALL)), max_size=3))
def test_permuting_and_rebatching_leaves_the_stories_identical(
    order: list[int], cuts: list[int]
) -> None:
    shuffled = [ALL[i] for i in order]
    # Batches: each batch added, then the stories recomputed over everything seen so far
    # (what a store's `add` does); only the last result is compared.
    seen: list[Article] = []
    bounds = sorted({0, len(shuffled), *cuts})
    result = b""
    for start, end in zip(bounds, bounds[1:], strict=False):
        seen += shuffled[start:end]
        result = _record(seen)
    assert result == BASELINE


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order=st.permutations(range(len(ALL))))
def test_stories_json_is_identical_in_any_order(order: list[int], tmp_path_factory) -> None:  # noqa: ANN001
    out: Path = tmp_path_factory.mktemp("stories")
    stories = stories_for([ALL[i] for i in order], Settings(jobs=1))
    write_json(out / "stories.json", {"stories": [story_record(s) for s in stories]})
    again = stories_for(list(ALL), Settings(jobs=1))
    write_json(out / "again.json", {"stories": [story_record(s) for s in again]})
    assert (out / "stories.json").read_bytes() == (out / "again.json").read_bytes()


def test_a_follow_up_months_later_and_an_undated_report_join_the_story() -> None:
    stories = [story for story, _ in group_articles(ALL)]
    ardel = next(s for s in stories if "ardel-lantern" in s.articles)
    assert {"ardel-trial", "ardel-undated", "ardel-fen"} <= set(ardel.articles)
    assert "selby-market" not in ardel.articles
