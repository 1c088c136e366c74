"""Story grouping on invented reports (see conftest.py) and on the bundled examples."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pytest

from newstally.model import Article, Story
from newstally.settings import Settings
from newstally.stories import StoryGrouper, group_stories, similarity, story_id

Make = Callable[..., Article]


def stories_of(articles: list[Article], **kwargs: object) -> list[Story]:
    return [story for story, _ in group_stories(articles, **kwargs)]  # type: ignore[arg-type]


def story_with(stories: list[Story], article_id: str) -> Story:
    found = [s for s in stories if article_id in s.articles]
    assert len(found) == 1, f"{article_id} is in {len(found)} stories"
    return found[0]


def test_one_event_told_by_three_outlets_in_their_own_words_is_one_story(article: Make) -> None:
    keys = ["ardel-fen", "ardel-coastline", "ardel-lantern"]
    stories = stories_of([article(k) for k in keys])
    assert len(stories) == 1
    assert sorted(stories[0].articles) == sorted(keys)


def test_same_kind_of_event_in_another_town_next_day_stays_apart(article: Make) -> None:
    keys = [
        "ardel-wire",
        "ardel-wire-copy",
        "ardel-lantern",
        "ardel-coastline",
        "ardel-fen",
        "morvay-lantern",
        "tarn-lantern",
    ]
    stories = stories_of([article(k) for k in keys])
    assert story_with(stories, "morvay-lantern").articles == ["morvay-lantern"]
    assert story_with(stories, "tarn-lantern").articles == ["tarn-lantern"]
    ardel = story_with(stories, "ardel-lantern")
    assert sorted(ardel.articles) == sorted(k for k in keys if k.startswith("ardel"))
    assert len(stories) == 3


def test_names_outweigh_the_shared_topic(article: Make) -> None:
    same_event = similarity(article("ardel-lantern"), article("ardel-wire"))
    same_kind = similarity(article("morvay-lantern"), article("ardel-wire"))
    assert same_event > same_kind


def test_story_fields(article: Make) -> None:
    keys = ["ardel-coastline", "ardel-wire", "ardel-fen", "ardel-lantern"]
    (story,) = stories_of([article(k) for k in keys])
    # In date order; outlets distinct, in order of first appearance.
    assert story.articles == ["ardel-wire", "ardel-lantern", "ardel-coastline", "ardel-fen"]
    assert story.outlets == ["Pellam Wire", "The Lantern Post", "Coastline Radio", "Fen Daily"]
    assert (story.start, story.end) == ("2025-06-07", "2025-06-08")
    assert story.title in {article(k).title for k in keys}
    assert re.fullmatch(r"s-[0-9a-f]{8}", story.id)
    assert story.id == story_id("ardel-wire")  # the earliest report founds the story
    assert story.slots == [] and story.totals == {} and story.statements == []
    assert story.brief == ""


def test_group_stories_yields_the_articles_with_each_story(article: Make) -> None:
    keys = ["ardel-lantern", "tarn-lantern"]
    for story, members in group_stories([article(k) for k in keys]):
        assert [a.id for a in members] == story.articles


def test_story_ids_are_stable_across_runs(article: Make) -> None:
    keys = ["tarn-lantern", "ardel-fen", "morvay-lantern", "ardel-lantern", "ardel-wire"]
    first = sorted((s.id, tuple(s.articles)) for s in stories_of([article(k) for k in keys]))
    again = sorted((s.id, tuple(s.articles)) for s in stories_of([article(k) for k in keys]))
    assert first == again
    assert len({sid for sid, _ in first}) == len(first)


def test_reports_farther_apart_than_the_window_never_join(article: Make) -> None:
    late = article("ardel-fen", id="ardel-fen-late", published="2025-06-12T09:00:00+00:00")
    stories = stories_of([article("ardel-lantern"), late])
    assert len(stories) == 2
    assert similarity(article("ardel-lantern"), late) == 0.0
    wider = Settings(window_days=7.0)
    assert len(stories_of([article("ardel-lantern"), late], settings=wider)) == 1


def test_the_window_closes_stories_as_the_clock_moves(article: Make) -> None:
    grouper = StoryGrouper(Settings(window_days=3.0), reorder=0)
    assert grouper.add(article("ardel-lantern")) == []
    assert grouper.add(article("ardel-fen")) == []  # a day later: same story, still open
    assert grouper.open_count == 1
    later = article("tarn-lantern", id="tarn-later", published="2025-06-12T08:00:00+00:00")
    closed = grouper.add(later)
    assert [sorted(s.articles) for s, _ in closed] == [["ardel-fen", "ardel-lantern"]]
    assert grouper.open_count == 1
    rest = grouper.close_all()
    assert [s.articles for s, _ in rest] == [["tarn-later"]]
    assert grouper.open_count == 0


def test_an_undated_report_joins_on_content_alone(article: Make) -> None:
    undated = article("ardel-coastline", published=None)
    stories = stories_of([article("ardel-lantern"), undated, article("tarn-lantern")])
    assert sorted(story_with(stories, "ardel-coastline").articles) == [
        "ardel-coastline",
        "ardel-lantern",
    ]
    # Missing date: no time evidence either way, so the score is the content's.
    same_day = article("ardel-lantern", published="2025-06-07T19:45:00+00:00")
    assert similarity(article("ardel-coastline"), same_day) == pytest.approx(
        similarity(undated, article("ardel-lantern")), abs=1e-9
    )


@pytest.mark.parametrize("reorder", [0, 10])
def test_a_report_fed_out_of_order_joins_its_open_story(article: Make, reorder: int) -> None:
    grouper = StoryGrouper(reorder=reorder)
    closed = []
    for key in ["ardel-fen", "morvay-lantern", "ardel-lantern"]:  # ardel-lantern is older
        closed += grouper.add(article(key))
    closed += grouper.close_all()
    by_article = {a: s for s, _ in closed for a in s.articles}
    assert by_article["ardel-lantern"] is by_article["ardel-fen"]
    assert by_article["morvay-lantern"] is not by_article["ardel-fen"]
    # Date order inside the story even though the older report came second.
    assert by_article["ardel-fen"].articles == ["ardel-lantern", "ardel-fen"]


def test_a_report_older_than_every_open_story_is_closed_at_once(article: Make) -> None:
    grouper = StoryGrouper(reorder=0)
    grouper.add(article("tarn-lantern", id="tarn-june-20", published="2025-06-20T08:00:00"))
    closed = grouper.add(article("ardel-lantern"))  # 13 days older than the clock
    assert [s.articles for s, _ in closed] == [["ardel-lantern"]]
    assert grouper.open_count == 1


def test_the_reorder_buffer_groups_a_week_late_report_read_first(article: Make) -> None:
    # A feed read first carries a report from a week later; the older reports that
    # follow in file order must still find each other.
    week_later = article("tarn-lantern", id="tarn-later", published="2025-06-14T08:00:00")
    keys = ["ardel-lantern", "tarn-lantern", "ardel-fen", "ardel-coastline"]
    unbuffered = StoryGrouper(reorder=0)
    buffered = StoryGrouper(reorder=8)
    results: dict[str, list[list[str]]] = {}
    for name, grouper in (("unbuffered", unbuffered), ("buffered", buffered)):
        closed = []
        for item in [week_later, *(article(k) for k in keys)]:
            closed += grouper.add(item)
        closed += grouper.close_all()
        results[name] = sorted(sorted(s.articles) for s, _ in closed)
    assert ["ardel-coastline", "ardel-fen", "ardel-lantern"] in results["buffered"]
    assert ["ardel-coastline", "ardel-fen", "ardel-lantern"] not in results["unbuffered"]
    assert buffered.pending_count == 0


def test_group_stories_sorts_a_batch_by_date(article: Make) -> None:
    keys = ["morvay-lantern", "ardel-fen", "tarn-lantern", "ardel-lantern", "ardel-coastline"]
    stories = stories_of([article(k) for k in keys])
    assert sorted(story_with(stories, "ardel-fen").articles) == [
        "ardel-coastline",
        "ardel-fen",
        "ardel-lantern",
    ]


def test_open_stories_stay_bounded_on_a_long_dated_stream() -> None:
    grouper = StoryGrouper(Settings(window_days=2.0), reorder=10)
    most_open = 0
    closed: list[Story] = []
    for n, item in enumerate(_stream(400)):
        closed += [s for s, _ in grouper.add(item)]
        most_open = max(most_open, grouper.open_count)
        assert grouper.pending_count <= 10
        assert len(grouper.duplicates) <= grouper.open_articles
        if n > 50:
            assert grouper.open_articles <= 20
    closed += [s for s, _ in grouper.close_all()]
    # Four reports a day, each its own event: about 2 days x 4 open at a time.
    assert 4 <= most_open <= 12
    assert sum(len(s.articles) for s in closed) == 400
    assert len(grouper.duplicates) == 0


def test_open_stories_stay_bounded_without_dates() -> None:
    grouper = StoryGrouper(reorder=0)
    grouper.config = replace(grouper.config, max_open_stories=5)
    returned = 0
    for item in _stream(40):
        returned += sum(len(s.articles) for s, _ in grouper.add(replace(item, published=None)))
        assert grouper.open_count <= 5
    returned += sum(len(s.articles) for s, _ in grouper.close_all())
    assert returned == 40  # every report comes out once


def test_a_bad_article_does_not_stop_the_batch(article: Make) -> None:
    empty = Article(id="empty", origin="test:empty", text="", published="not a date")
    odd = Article(id="odd", origin="test:odd", text="§§§ 12 34 ### " * 50, title="???")
    stories = stories_of([empty, article("ardel-lantern"), odd])
    assert sorted(a for s in stories for a in s.articles) == ["ardel-lantern", "empty", "odd"]
    assert story_with(stories, "empty").title == "empty"


_SYLLABLES = ["ka", "lo", "mer", "vin", "tas", "dor", "fel", "ru", "ost", "bel", "san", "qui"]
_KINDS = [
    ("A fire destroyed a warehouse in {town} on the river {river}", "fire"),
    ("A bus overturned near {town} in the hills of {river}", "bus"),
    ("Floods cut off the villages around {town} after the {river} burst its banks", "flood"),
    ("A landslide buried part of the road between {town} and {river}", "landslide"),
]


def _name(n: int, salt: int) -> str:
    """A made-up place name, distinct for every (n < 1728, salt)."""
    base = len(_SYLLABLES)
    digits = [(n // base**k) % base for k in range(3)]
    parts = [_SYLLABLES[(d + salt * 5) % base] for d in digits]
    return ("".join(parts) + ("ton", "mar", "eth")[salt % 3]).capitalize()


def _stream(count: int) -> list[Article]:
    """Dated reports of distinct invented events, four a day."""
    items = []
    for n in range(count):
        town, river = _name(n, 1), _name(n, 2)
        sentence, kind = _KINDS[n % len(_KINDS)]
        first = sentence.format(town=town, river=river)
        day, hour = divmod(n * 6, 24)
        items.append(
            Article(
                id=f"event-{n}",
                origin="test:stream",
                title=f"{kind.capitalize()} near {town}",
                text=f"{first}. Officials in {town} said crews from {river} were helping. "
                f"Residents of {town} were told to stay away from the {kind} site.",
                published=f"2025-0{1 + day // 28}-{1 + day % 28:02d}T{hour:02d}:00:00+00:00",
            )
        )
    return items
