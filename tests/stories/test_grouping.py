"""Story grouping on invented reports (see conftest.py) and on the bundled examples."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from newstally.model import Article, Story
from newstally.stories import group_stories, similarity, story_id

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


def test_time_is_evidence_not_a_wall(article: Make) -> None:
    late = article("ardel-fen", id="ardel-fen-late", published="2025-06-12T09:00:00+00:00")
    much_later = article("ardel-fen", id="ardel-fen-trial", published="2025-10-12T09:00:00+00:00")
    near = similarity(article("ardel-lantern"), article("ardel-fen"))
    later = similarity(article("ardel-lantern"), late)
    latest = similarity(article("ardel-lantern"), much_later)
    assert near > later > latest > 0.0
    # A follow-up days after the window still joins its story on its content.
    stories = stories_of([article("ardel-lantern"), late, article("tarn-lantern")])
    assert sorted(story_with(stories, "ardel-fen-late").articles) == [
        "ardel-fen-late",
        "ardel-lantern",
    ]


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


def test_a_report_fed_out_of_order_joins_its_story(article: Make) -> None:
    keys = ["ardel-fen", "morvay-lantern", "ardel-lantern"]  # ardel-lantern is older
    stories = stories_of([article(k) for k in keys])
    assert story_with(stories, "ardel-fen").articles == ["ardel-lantern", "ardel-fen"]
    assert story_with(stories, "morvay-lantern").articles == ["morvay-lantern"]


def test_a_week_late_report_read_first_does_not_split_the_older_story(article: Make) -> None:
    week_later = article("tarn-lantern", id="tarn-later", published="2025-06-14T08:00:00")
    keys = ["ardel-lantern", "tarn-lantern", "ardel-fen", "ardel-coastline"]
    stories = stories_of([week_later, *(article(k) for k in keys)])
    assert sorted(story_with(stories, "ardel-fen").articles) == [
        "ardel-coastline",
        "ardel-fen",
        "ardel-lantern",
    ]


def test_distinct_events_of_one_kind_stay_apart_on_a_long_stream() -> None:
    stream = _stream(200)
    stories = stories_of(stream)
    assert len(stories) == 200
    assert sum(len(s.articles) for s in stories) == 200


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
