"""Follow-ups and the dates of reports: classes that split one incident into several
stories (issue 16). Every report here is invented."""

from __future__ import annotations

from newstally.ingest.outlets import capture_date
from newstally.model import Article
from newstally.stories import extract_features, group_articles
from newstally.stories.config import load_config
from newstally.stories.features import publication_day
from newstally.stories.particulars import particulars, particulars_factor
from newstally.stories.scoring import names_disjoint

FIRST = Article(
    id="quill-1",
    origin="test",
    title="Two shot outside Marlow Street bar",
    published="2024-06-22",
    text=(
        "Two men were shot outside the Copper Kettle bar on Marlow Street in Dunhaven late on "
        "Friday, police said. Both were taken to Saint Brede hospital.\n"
        "Detective Ivo Quill said officers were looking for a grey sedan seen leaving the "
        "street. No arrests have been made."
    ),
)
ARREST = Article(
    id="quill-2",
    origin="test",
    title="Man charged in Copper Kettle shooting",
    published="2025-02-11",
    text=(
        "A 24-year-old man was charged on Tuesday with attempted murder in the June 21 "
        "shooting outside a Dunhaven bar that wounded two men. He is held at the county jail "
        "and will appear in court next month."
    ),
)
OTHER = Article(
    id="quill-3",
    origin="test",
    title="Woman wounded on Harrow Lane",
    published="2025-02-11",
    text=(
        "A woman was shot and wounded on Harrow Lane in Dunhaven on Monday night, police "
        "said. She was taken to Saint Brede hospital, where she is in stable condition."
    ),
)


def test_a_follow_up_that_writes_the_day_of_the_event_is_drawn_to_it() -> None:
    config = load_config()
    first, arrest, other = (particulars(a, config) for a in (FIRST, ARREST, OTHER))
    # The arrest, months later, writes "June 21": the night before the first report.
    drawn = particulars_factor(first, arrest, config)
    assert drawn > 1.0
    assert particulars_factor(arrest, first, config) == drawn
    # Another arrest that day writes March 3: nothing ties it to the June report.
    assert particulars_factor(first, other, config) < 1.0
    # Reports a day apart are left to the time factor.
    near = Article(id="quill-4", origin="test", text=FIRST.text, published="2024-06-23")
    assert particulars_factor(first, particulars(near, config), config) == 1.0


def test_a_report_writing_its_own_date_refers_to_no_other_day() -> None:
    config = load_config()
    dated = Article(
        id="own",
        origin="test",
        published="2025-06-22",
        text="On Sunday, June 22, the council of Dunhaven met to discuss the Marlow Street bar.",
    )
    year_before = particulars(FIRST, config)  # published on June 22 of the year before
    assert particulars_factor(year_before, particulars(dated, config), config) < 1.0


def test_the_follow_up_joins_the_story_and_the_other_arrest_does_not() -> None:
    stories = group_articles([OTHER, ARREST, FIRST])
    members = sorted(sorted(story.articles) for story, _ in stories)
    assert members == [["quill-1", "quill-2"], ["quill-3"]]


def test_a_web_archive_capture_dates_its_copy() -> None:
    url = "http://web.archive.org/web/20150930084512/http://news.example/story"
    assert capture_date(url) == "2015-09-30"
    assert capture_date("https://web.archive.org/web/2015id_/https://news.example/x") is None
    assert capture_date("https://news.example/2015/09/30/story") is None
    assert capture_date(None) is None


def test_a_publication_date_after_the_archive_capture_is_unknown() -> None:
    url = "http://web.archive.org/web/20150930084512/http://news.example/story"
    crawled = Article(id="c", origin="test", text="x", url=url, published="2017-01-29")
    honest = Article(id="h", origin="test", text="x", url=url, published="2015-09-28")
    assert publication_day(crawled) == (None, None)
    assert publication_day(honest)[1] == "2015-09-28"
    assert extract_features(crawled).day is None
    assert particulars(crawled, load_config()).undated


def test_a_name_in_a_headline_style_title_still_counts_as_told() -> None:
    # "Terrell" is a word, not a name, in the Headline Style title of the second report
    # (its capitals say nothing there), yet both reports tell of Terrell.
    plain = Article(
        id="t1",
        origin="test",
        title="Police: child shot in car in Terrell",
        text="A child was shot in a parked car in Terrell on Monday, police in Terrell said.",
    )
    styled = Article(
        id="t2",
        origin="test",
        title="Toddler Accidentally Shot In Car By Sister In Terrell",
        text=(
            "A toddler was wounded on Monday when a sister found a pistol in the car, "
            "Sergeant Lotte Varga said. Varga said the family had called for help."
        ),
    )
    a, b = extract_features(plain), extract_features(styled)
    assert "terrell" in a.salient and "varga" in b.salient
    assert "terrell" not in b.names and "terrell" in b.words
    assert not names_disjoint(a, b)
