"""clean_text on whole invented articles: what goes, what stays, nothing lost."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from newstally.clean import clean_lines, clean_text, find_headline


def _kept_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def _input_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def test_appeal_blocks_go_body_stays(fixture_text) -> None:
    raw = fixture_text("courier_appeal.txt")
    text, removed = clean_text(raw)
    reasons = {r.text: r.reason for r in removed}
    # The top box, the letter and its widget, whole.
    assert reasons["Liking our reporting without ads?"] == "appeal"
    assert reasons["Support us"] == "appeal"
    assert reasons["A Message from The Lakeside Courier:"] == "appeal"
    assert reasons["Dear readers,"] == "appeal"
    assert reasons["Thank you for standing with us."] == "appeal"
    for widget in [
        "Once",
        "Monthly",
        "Annual",
        "Continue",
        "paiment methods",
        "Not ready to support today?",
        "Remind me later.",
    ]:
        assert reasons[widget] == "widget", widget
    assert reasons["Read more"] == "navigation"
    assert reasons["×"] == "symbol"
    assert reasons["Mara Olsen / Flickr (CC BY 2.0)"] == "credit"
    # Headline and every body paragraph, including ones with appeal words.
    assert _kept_lines(text) == [
        "Floods Leave Dozens Stranded in Karvel Valley",
        *[
            line
            for line in _input_lines(raw)
            if line.startswith(("Rescue", "The regional", '"We read', "Volunteers"))
        ],
    ]


def test_captions_credits_and_question_headings(fixture_text) -> None:
    raw = fixture_text("gazette_captions.txt")
    text, removed = clean_text(raw)
    assert [(r.text, r.reason) for r in removed] == [
        ("Reuters A rescue worker. File photoReuters", "credit"),
        ("Lina Varga at the hospital entrance, holding her brother's jacket", "caption"),
        ("Lina Varga at the hospital entrance, holding her missing brother's jacket", "caption"),
        ("Image copyright Ostrava Fire Service", "credit"),
        ("Map showing the canal crossings of Ostrava Heights (March 2022)", "caption"),
    ]
    kept = _kept_lines(text)
    assert kept[0] == "Bridge collapse kills at least nine in Ostrava Heights"  # headline
    assert kept[1] == "Officials said the bridge had passed an inspection in spring"  # standfirst
    assert "What happened on Monday?" in kept
    assert "How many people are still missing?" in kept
    assert len(kept) == len(_input_lines(raw)) - len(removed)


def test_nothing_is_lost(fixture_text) -> None:
    for name in ["courier_appeal.txt", "gazette_captions.txt", "ledger_page.txt"]:
        raw = fixture_text(name)
        text, removed = clean_text(raw)
        assert Counter(_kept_lines(text)) + Counter(r.text for r in removed) == Counter(
            _input_lines(raw)
        ), name


def test_paragraph_breaks_are_kept(fixture_text) -> None:
    text, _ = clean_text(fixture_text("gazette_captions.txt"))
    assert "\n\nWhat happened on Monday?\n\n" in text
    assert "\n\n\n" not in text


def test_full_page_keeps_the_article(fixture_text) -> None:
    raw = fixture_text("ledger_page.txt")
    lines, mode = clean_lines(raw)
    assert mode == "page"
    text, removed = clean_text(raw)
    kept = _kept_lines(text)
    assert kept[:3] == [
        "Harbour cranes idle as dock workers strike for a third day",
        "By Tomas Reyes",
        "Published March 14, 2023",
    ]
    assert kept[3].startswith("Dock workers at the port of Kessling")
    assert "What do the workers want?" in kept
    assert kept[-1].startswith("A spokesman for the port authority")
    reasons = {r.text: r.reason for r in removed}
    assert reasons["Obituaries"] == "navigation"
    assert reasons["ADVERTISEMENT"] == "navigation"
    assert reasons["Sign up for our morning newsletter"] == "newsletter"
    # The comment section is prose too; it goes because it follows the comments marker.
    assert (
        reasons[
            "They should have settled this last month and everybody knows it, the ships cannot "
            "wait forever."
        ]
        == "comments"
    )
    assert "Council approves harbour budget" not in kept


def test_extracted_article_is_not_a_page(fixture_text) -> None:
    for name in ["courier_appeal.txt", "gazette_captions.txt"]:
        assert clean_lines(fixture_text(name))[1] == "article"


def test_page_mode_on_extracted_text_keeps_head_and_body(fixture_text) -> None:
    raw = fixture_text("gazette_captions.txt")
    assert clean_text(raw, mode="page") == clean_text(raw, mode="article")


def test_find_headline(fixture_text) -> None:
    assert find_headline(clean_text(fixture_text("courier_appeal.txt"))[0]) == (
        "Floods Leave Dozens Stranded in Karvel Valley"
    )
    assert find_headline("The storm hit the coast at noon on Friday, the agency said.") is None


def test_empty_and_blank_text() -> None:
    assert clean_text("") == ("", [])
    assert clean_text("\n \n\t\n") == ("", [])


def test_appeal_header_without_appeal_removes_nothing() -> None:
    raw = "Letters\n\nDear readers,\n\nThe bridge on Mill Road reopened on Tuesday after repairs."
    assert clean_text(raw)[1] == []


def test_appeal_block_is_bounded() -> None:
    # A false header followed by a long run of "we" lines cannot swallow a whole article.
    body = "\n".join(f"We counted {n} boats in the harbour on day {n}." for n in range(60))
    text, removed = clean_text("Dear readers,\nYour support matters.\n" + body)
    assert len(removed) <= 31
    assert "We counted 59 boats in the harbour on day 59." in text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=80), max_size=40))
def test_every_line_is_kept_or_removed(lines: list[str]) -> None:
    raw = "\n".join(lines)
    text, removed = clean_text(raw)
    assert Counter(_kept_lines(text)) + Counter(r.text for r in removed) == Counter(
        line.strip()
        for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if line.strip()
    )


def test_identical_copies_keep_one_near_copies_are_captions() -> None:
    raw = (
        "Harbour fire destroys two warehouses\n"
        "Harbour fire destroys two warehouses\n"
        "Harbour fire destroys two warehouses\n"
        "Firefighters fought the blaze for six hours, the harbour master said.\n"
        "Smoke over the harbour seen from the old lighthouse\n"
        "Smoke over the harbour seen from the old lighthouse\n"
        "Crews stayed overnight to watch for embers.\n"
        "Smoke over the harbour at dusk seen from the old lighthouse\n"
        "Smoke over the harbour at dawn seen from the old lighthouse\n"
        "No one was hurt, the fire service said."
    )
    text, removed = clean_text(raw)
    assert [(r.reason, r.text) for r in removed] == [
        ("duplicate", "Harbour fire destroys two warehouses"),
        ("duplicate", "Harbour fire destroys two warehouses"),
        ("duplicate", "Smoke over the harbour seen from the old lighthouse"),
        ("caption", "Smoke over the harbour at dusk seen from the old lighthouse"),
        ("caption", "Smoke over the harbour at dawn seen from the old lighthouse"),
    ]
    assert text.startswith("Harbour fire destroys two warehouses\n")
    assert "Smoke over the harbour seen from the old lighthouse" in text
