"""newstally.figures.when: time expressions and their resolution to ISO dates."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstally.figures.when import TimeMatch, article_year, find_times, parse_published
from newstally.model import When

PUB = "2018-02-20"  # a Tuesday


def only(text: str, published: str | None = PUB, default_year: int | None = None) -> TimeMatch:
    found = find_times(text, published, default_year)
    assert len(found) == 1, found
    match = found[0]
    assert text[match.start : match.end] == match.when.text
    return match


# (sentence, span, kind, start, end) resolved against PUB
FORMS = [
    # dates
    ("The convoy was hit on Feb. 7 near Tarvik.", "on Feb. 7", "date", "2018-02-07", "2018-02-07"),
    (
        "The convoy was hit on 7 February near Tarvik.",
        "on 7 February",
        "date",
        "2018-02-07",
        "2018-02-07",
    ),
    (
        "The convoy was hit on February 7, 2017, near Tarvik.",
        "on February 7, 2017",
        "date",
        "2017-02-07",
        "2017-02-07",
    ),
    (
        "The convoy was hit on 7 February 2016.",
        "on 7 February 2016",
        "date",
        "2016-02-07",
        "2016-02-07",
    ),
    (
        "The convoy was hit on the 7th of February.",
        "on the 7th of February",
        "date",
        "2018-02-07",
        "2018-02-07",
    ),
    (
        "The convoy was hit on Wednesday, February 7.",
        "on Wednesday, February 7",
        "date",
        "2018-02-07",
        "2018-02-07",
    ),
    (
        "Clashes on 7-8 February left many hurt.",
        "on 7-8 February",
        "date",
        "2018-02-07",
        "2018-02-08",
    ),
    (
        "Clashes on Feb. 9-11, 2017 left many hurt.",
        "on Feb. 9-11, 2017",
        "date",
        "2017-02-09",
        "2017-02-11",
    ),
    ("The attack on March 3 was the worst.", "on March 3", "date", "2017-03-03", "2017-03-03"),
    ("The report is dated 02/28/2016.", "02/28/2016", "date", "2016-02-28", "2016-02-28"),
    ("The report is dated 2016-03-01.", "2016-03-01", "date", "2016-03-01", "2016-03-01"),
    # relative to publication
    ("On Tuesday the ministry spoke.", "On Tuesday", "relative", "2018-02-20", "2018-02-20"),
    (
        "The ministry said on Sunday that two died.",
        "on Sunday",
        "relative",
        "2018-02-18",
        "2018-02-18",
    ),
    ("In a statement Monday the army said so.", "Monday", "relative", "2018-02-19", "2018-02-19"),
    ("Last Tuesday the ministry spoke.", "Last Tuesday", "relative", "2018-02-13", "2018-02-13"),
    ("It repeated Friday's figure.", "Friday's", "relative", "2018-02-16", "2018-02-16"),
    ("Yesterday the ministry spoke.", "Yesterday", "relative", "2018-02-19", "2018-02-19"),
    ("Shelling resumed last night.", "last night", "relative", "2018-02-19", "2018-02-20"),
    (
        "The army said last week that it withdrew.",
        "last week",
        "relative",
        "2018-02-12",
        "2018-02-18",
    ),
    (
        "Earlier this week the army withdrew.",
        "Earlier this week",
        "relative",
        "2018-02-19",
        "2018-02-20",
    ),
    ("Two days ago the army withdrew.", "Two days ago", "relative", "2018-02-18", "2018-02-18"),
    (
        "Fighting flared over the weekend.",
        "over the weekend",
        "relative",
        "2018-02-17",
        "2018-02-18",
    ),
    # periods
    ("Prices rose last month.", "last month", "period", "2018-01-01", "2018-01-31"),
    ("Prices rose earlier this month.", "earlier this month", "period", "2018-02-01", "2018-02-20"),
    ("Prices rose this year.", "this year", "period", "2018-01-01", "2018-02-20"),
    ("Prices rose last year.", "last year", "period", "2017-01-01", "2017-12-31"),
    ("At least 40 died in 2016.", "in 2016", "period", "2016-01-01", "2016-12-31"),
    (
        "At least 40 died in the first nine months of 2017.",
        "in the first nine months of 2017",
        "period",
        "2017-01-01",
        "2017-09-30",
    ),
    (
        "At least 40 died in the first half of 2017.",
        "in the first half of 2017",
        "period",
        "2017-01-01",
        "2017-06-30",
    ),
    (
        "At least 40 died in the last quarter of 2016.",
        "in the last quarter of 2016",
        "period",
        "2016-10-01",
        "2016-12-31",
    ),
    (
        "At least 40 died in February 2017.",
        "in February 2017",
        "period",
        "2017-02-01",
        "2017-02-28",
    ),
    ("At least 40 died in January.", "in January", "period", "2018-01-01", "2018-01-31"),
    ("At least 40 died in March.", "in March", "period", "2017-03-01", "2017-03-31"),
    (
        "At least 40 died in early February.",
        "in early February",
        "period",
        "2018-02-01",
        "2018-02-10",
    ),
    ("At least 40 died in mid-2016.", "in mid-2016", "period", "2016-05-01", "2016-08-31"),
    ("At least 40 died in the 1990s.", "in the 1990s", "period", "1990-01-01", "1999-12-31"),
    (
        "At least 40 died between 2014 and 2016.",
        "between 2014 and 2016",
        "period",
        "2014-01-01",
        "2016-12-31",
    ),
    (
        "At least 40 died over the past two years.",
        "over the past two years",
        "period",
        "2016-02-20",
        "2018-02-20",
    ),
    # since
    ("At least 40 have died since 2015.", "since 2015", "since", "2015-01-01", "2018-02-20"),
    ("At least 40 have died since January.", "since January", "since", "2018-01-01", "2018-02-20"),
    (
        "At least 40 have died since the war began.",
        "since the war began",
        "since",
        None,
        "2018-02-20",
    ),
    (
        "At least 40 have died since the intervention began.",
        "since the intervention began",
        "since",
        None,
        "2018-02-20",
    ),
    (
        "At least 40 have died since the start of the Veldan offensive.",
        "since the start of the Veldan offensive",
        "since",
        None,
        "2018-02-20",
    ),
    (
        "At least 40 have died since the conflict erupted in 2011.",
        "since the conflict erupted in 2011",
        "since",
        "2011-01-01",
        "2018-02-20",
    ),
]


@pytest.mark.parametrize(("sentence", "span", "kind", "start", "end"), FORMS)
def test_form(sentence: str, span: str, kind: str, start: str | None, end: str | None) -> None:
    match = only(sentence)
    assert match.when == When(span, start, end)
    assert match.kind == kind


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2018-02-20", "2018-02-07"),
        ("2018-02-07", "2018-02-07"),  # the publication day itself counts
        ("2018-02-06", "2017-02-07"),  # not yet Feb 7: the year before
        ("2018-02-20T09:15:00Z", "2018-02-07"),  # a datetime
        ("2018-02-20T09:15:00+03:00", "2018-02-07"),
    ],
)
def test_month_day_is_the_latest_on_or_before_publication(published: str, expected: str) -> None:
    assert only("The raid on Feb. 7 was deadly.", published).when.start == expected


def test_weekday_on_the_publication_day_is_that_day_and_last_is_the_week_before() -> None:
    assert only("The ministry spoke on Tuesday.", "2018-02-20").when.start == "2018-02-20"
    assert only("The ministry spoke last Tuesday.", "2018-02-20").when.start == "2018-02-13"
    assert only("The ministry spoke on Tuesday.", "2018-02-21").when.start == "2018-02-20"


def test_without_publication_date_month_day_takes_the_default_year() -> None:
    assert only("The raid on Feb. 7 was deadly.", None, 2016).when == When(
        "on Feb. 7", "2016-02-07", "2016-02-07"
    )
    assert only("The raid on Feb. 7 was deadly.", None, None).when == When("on Feb. 7", None, None)


@pytest.mark.parametrize(
    ("sentence", "span", "kind"),
    [
        ("The army said last week that it withdrew.", "last week", "relative"),
        ("On Tuesday the ministry spoke.", "On Tuesday", "relative"),
        ("Yesterday the ministry spoke.", "Yesterday", "relative"),
        ("Prices rose last month.", "last month", "period"),
    ],
)
def test_without_publication_date_relative_expressions_stay_open(
    sentence: str, span: str, kind: str
) -> None:
    match = only(sentence, None, 2018)
    assert match.when == When(span, None, None)
    assert match.kind == kind


def test_without_publication_date_explicit_periods_still_resolve() -> None:
    assert only("Forty died in 2016.", None).when == When("in 2016", "2016-01-01", "2016-12-31")
    assert only("Forty died since 2015.", None).when == When("since 2015", "2015-01-01", None)


def test_since_a_date_after_publication_leaves_the_end_open() -> None:
    assert only("Since July 1, 2024, it has been free.", "2018-02-20").when.end is None


@pytest.mark.parametrize(
    "sentence",
    [
        "She may go home soon.",
        "The CIS states met.",
        "The 2016 elections were calm.",
        "They march on the capital.",
        "Flight 2014 landed.",
        "The deadline is by 2020.",
        "He read the Sun every day.",
    ],
)
def test_not_a_time(sentence: str) -> None:
    assert find_times(sentence, PUB) == []


def test_may_the_month_is_read_only_as_a_name() -> None:
    assert only("The raid on May 7 was deadly.").when.start == "2017-05-07"
    assert find_times("Officials may 7 times revise it.", PUB) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Filed on 03/04/2016.", "2016-03-04"),  # slashes: month/day by default
        ("Filed on 03.04.2016.", "2016-04-03"),  # dots: day/month by default
        ("Filed on 28/02/2016, amended on 03/04/2016.", "2016-04-03"),  # the text decides
        ("Filed on 02/28/2016, amended on 03/04/2016.", "2016-03-04"),
    ],
)
def test_ambiguous_numeric_dates(text: str, expected: str) -> None:
    assert find_times(text, PUB)[-1].when.start == expected


def test_day_range_with_to() -> None:
    assert only("Polls ran from Sept. 19 to 22, 2016.").when == When(
        "from Sept. 19 to 22, 2016", "2016-09-19", "2016-09-22"
    )


def test_invalid_dates_do_not_raise() -> None:
    assert only("The raid on 31 February was deadly.").when == When("on 31 February", None, None)


def test_several_times_left_to_right() -> None:
    text = "On Feb. 7 five died; last week the army spoke; since 2015 at least 40 died."
    assert [t.when.text for t in find_times(text, PUB)] == [
        "On Feb. 7",
        "last week",
        "since 2015",
    ]


def test_article_year() -> None:
    text = (
        "The raid on 7 February 2018 was deadly. Talks on 9 February 2018 failed. "
        "In 2017 fewer died. (Map, 5 February 2018)"
    )
    assert article_year(text) == 2018
    assert article_year("Nothing dated here, 40 died.") is None


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2018-02-20", "2018-02-20"),
        ("2018-02-20T10:00:00Z", "2018-02-20"),
        ("", None),
        (None, None),
        ("yesterday", None),
        ("2018-13-01", None),
    ],
)
def test_parse_published(published: str | None, expected: str | None) -> None:
    got = parse_published(published)
    assert (got.isoformat() if got else None) == expected


PIECES = list("0123456789 ,.-/:'abcdeimnorstwy\n") + [
    " Feb. ",
    " February ",
    " May ",
    " Tuesday",
    " since ",
    " the war began",
    " in ",
    " on ",
    " last ",
    " week",
    " month",
    " year",
    " ago",
    " the first ",
    " nine months of ",
    " 2017",
    " 31 ",
    " between ",
    " and ",
    " early ",
    " mid-",
    "s",
    "'s",
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join) | st.text(max_size=60)
PUBLISHED = st.one_of(
    st.none(),
    st.just("2018-02-20"),
    st.just("0001-01-01"),
    st.just("9999-12-31"),
    st.text(max_size=12),
)


@given(TEXT, PUBLISHED, st.one_of(st.none(), st.integers(-10, 10_000)))
@settings(max_examples=300, deadline=None)
def test_find_times_is_total_and_well_formed(
    text: str, published: str | None, default_year: int | None
) -> None:
    last_end = 0
    for match in find_times(text, published, default_year):
        assert 0 <= match.start < match.end <= len(text)
        assert match.start >= last_end
        last_end = match.end
        assert match.when.text == text[match.start : match.end]
        assert match.kind in ("date", "relative", "period", "since")
        if match.when.start and match.when.end and match.kind != "since":
            assert match.when.start <= match.when.end
