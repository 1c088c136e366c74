"""Outlet, title and date inference on invented articles."""

from __future__ import annotations

import pytest

from newstally.clean import clean_article, clean_text, infer_outlet, infer_published
from newstally.model import Article, Removed


def _cleaned(raw: str, **fields) -> Article:
    text, removed = clean_text(raw)
    return Article(id="a", origin="test", text=text, removed=removed, **fields)


BODY = "The storm cut power to 30,000 homes overnight, the grid operator said."


# ---------------------------------------------------------------------------- outlet


def test_outlet_from_metadata_is_canonical(outlets) -> None:
    article = Article(id="a", origin="t", text=BODY, outlet="Meridian Radio")
    assert infer_outlet(article, outlets) == ("Radio Meridian", False)


def test_unknown_metadata_outlet_is_kept(outlets) -> None:
    article = Article(id="a", origin="t", text=BODY, outlet="Valley Gazette")
    assert infer_outlet(article, outlets) == ("Valley Gazette", False)


def test_outlet_from_url_domain(outlets) -> None:
    article = Article(id="a", origin="t", text=BODY, url="https://www.kestrelnews.example/x/1")
    assert infer_outlet(article, outlets) == ("Kestrel News", False)
    sub = Article(id="b", origin="t", text=BODY, url="https://live.kestrel.example/y")
    assert infer_outlet(sub, outlets) == ("Kestrel News", False)


def test_outlet_from_removed_appeal_header(fixture_text, outlets) -> None:
    article = _cleaned(fixture_text("courier_appeal.txt"))
    assert "Lakeside Courier" not in article.text.split("\n")[0]
    assert infer_outlet(article, outlets) == ("The Lakeside Courier", True)


def test_appeal_header_of_unknown_outlet_is_taken_as_written(outlets) -> None:
    raw = (
        "Harbour reopens\n\nThe harbour reopened on Monday.\n\n"
        "A message from the Valley Gazette:\n\nYour support keeps us going. Donate today."
    )
    assert infer_outlet(_cleaned(raw), outlets) == ("Valley Gazette", True)


def test_interviewee_telling_an_outlet_is_evidence(fixture_text, outlets) -> None:
    article = _cleaned(fixture_text("gazette_captions.txt"))
    assert infer_outlet(article, outlets) == ("Radio Meridian", True)


def test_alias_maps_to_canonical_name(outlets) -> None:
    article = Article(id="a", origin="t", text="The mayor told Kestrel the road would reopen.")
    assert infer_outlet(article, outlets) == ("Kestrel News", True)


@pytest.mark.parametrize(
    "sentence",
    [
        "A Kestrel investigation found 12 bridges overdue for repair.",
        "Kestrel News reported that 40 people were stranded.",
        "According to Kestrel News, the dam held.",
        "The minister told the Kestrel News reporter he would resign.",
        "The mayor told the council the road would reopen.",
    ],
)
def test_citing_an_outlet_is_not_evidence(sentence: str, outlets) -> None:
    article = Article(id="a", origin="t", text=sentence)
    assert infer_outlet(article, outlets) == (None, False)


def test_page_title_and_copyright_are_evidence(outlets) -> None:
    article = Article(
        id="a",
        origin="t",
        text=BODY,
        removed=[
            Removed("Storm cuts power | The Harbor Ledger", "navigation"),
            Removed("© 2023 The Harbor Ledger. All rights reserved.", "navigation"),
        ],
    )
    assert infer_outlet(article, outlets) == ("The Harbor Ledger", True)


def test_photo_credit_with_copyright_sign_is_not_the_publisher(outlets) -> None:
    article = Article(
        id="a", origin="t", text=BODY, removed=[Removed("© Kestrel / Pool", "credit")]
    )
    assert infer_outlet(article, outlets) == (None, False)


def test_short_aliases_match_case_sensitively(outlets) -> None:
    article = Article(id="a", origin="t", text="The driver told kn nothing about the crash.")
    assert infer_outlet(article, outlets) == (None, False)


# ---------------------------------------------------------------------------- dates


def test_published_from_labelled_dateline_not_updated(fixture_text) -> None:
    article = _cleaned(fixture_text("kestrel_dateline.txt"))
    assert infer_published(article) == "2022-11-04"


def test_published_from_city_dateline() -> None:
    article = Article(
        id="a",
        origin="t",
        text="Storm cuts power\n\nMERRICK BAY, Nov. 4, 2022 (Kestrel Wire) - " + BODY,
    )
    assert infer_published(article) == "2022-11-04"


def test_published_from_byline_with_date() -> None:
    article = Article(
        id="a",
        origin="t",
        text="Storm cuts power\nBy Ana Lindqvist - 11/19/21 06:56 AM EST\n" + BODY,
    )
    assert infer_published(article) == "2021-11-19"


def test_published_from_page_head(fixture_text) -> None:
    article = _cleaned(fixture_text("ledger_page.txt"))
    assert infer_published(article) == "2023-03-14"


def test_no_date_from_boilerplate(fixture_text) -> None:
    # The appeal box says "Since March 3, 2023"; it is removed, and removed lines are
    # never read. The body has only day-month dates and weekdays.
    article = _cleaned(fixture_text("courier_appeal.txt"))
    assert infer_published(article) is None


@pytest.mark.parametrize(
    "text",
    [
        # A date inside a sentence is an event date, not a dateline.
        "Storm cuts power\n\nThe storm of 4 November 2022 cut power to 30,000 homes.",
        # Only an updated date: not the publication date.
        "Storm cuts power\nUpdated: 5 November 2022\n" + BODY,
        # Two different plain datelines: unsure.
        "Storm cuts power\n4 November 2022\n6 November 2022\n" + BODY,
        # Day and month cannot be told apart.
        "Storm cuts power\n03/04/2022\n" + BODY,
        # A date far below the head.
        "Storm cuts power\n" + "\n".join([BODY] * 10) + "\n4 November 2022",
    ],
)
def test_unsure_dates_stay_none(text: str) -> None:
    assert infer_published(Article(id="a", origin="t", text=text)) is None


# ---------------------------------------------------------------------------- article


def test_clean_article_fills_title_outlet_and_date(fixture_text) -> None:
    article = Article(id="a", origin="t", text=fixture_text("kestrel_dateline.txt"))
    clean_article(article)
    assert article.title == "Storm cuts power to coastal towns"
    assert article.published == "2022-11-04"


def test_clean_article_keeps_given_metadata(fixture_text) -> None:
    article = Article(
        id="a",
        origin="t",
        text=fixture_text("kestrel_dateline.txt"),
        title="Given title",
        published="2022-11-03",
        outlet="Kestrel News",
    )
    clean_article(article)
    assert (article.title, article.published, article.outlet) == (
        "Given title",
        "2022-11-03",
        "Kestrel News",
    )
    assert article.outlet_inferred is False
