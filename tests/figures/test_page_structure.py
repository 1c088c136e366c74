"""Page structure of local news (issue 15, session 10): the event's own toll is told in
the lead of a page; lower down a page holds earlier events, the other shootings of a
round-up and teasers of other stories (data/scope.toml [lead]). Articles written for
these tests."""

from __future__ import annotations

import pytest

from newstally.figures import extract_article
from newstally.figures.extract import _lead_end
from newstally.figures.lexicon import lexicon
from newstally.model import Article


def tolls(nlp, text: str) -> dict[str, int | None]:
    article = extract_article(Article(id="a", origin="", text=text), nlp)
    return {k: v.best for k, v in article.totals.items()}


def page(lead: list[str], tail: list[str]) -> str:
    """A page of ``lead`` paragraphs padded to the lead's length, then ``tail``."""
    filler = [
        "Neighbors said the street is usually quiet at that hour.",
        "Detectives were still at the scene late into the evening.",
        "Anyone with information is asked to call the tip line.",
        "The investigation is ongoing, a spokesman said.",
        "A neighbor said she heard an argument before the noise.",
        "Officers canvassed the block for cameras.",
    ]
    paragraphs = lead + filler[: max(0, lexicon().lead_paragraphs - len(lead))]
    assert len(paragraphs) == lexicon().lead_paragraphs
    return "\n\n".join(paragraphs + tail)


PAGES = [
    pytest.param(
        page(
            ["Man shot on Elm Street", "A 30-year-old man was shot and wounded on Elm Street."],
            [
                "The shooting came two months after four people were wounded at a party "
                "two blocks away."
            ],
        ),
        {"injured": 1},
        id="an_earlier_shooting_below_the_lead_adds_nothing",
    ),
    pytest.param(
        page(
            [
                "Three killed in shooting at Main Street bar",
                "Three men were killed when a gunman opened fire inside a bar on Main Street.",
            ],
            [
                "Trending",
                "5 killed in fiery crash on Route 9",
                "In a separate shooting on Saturday, five people were killed on Pine Avenue.",
            ],
        ),
        {"killed": 3},
        id="teasers_and_another_incident_below_the_lead_do_not_add",
    ),
    pytest.param(
        page(
            [
                "Weekend shooting on Oak Street",
                "Police said a teenager was shot on Oak Street early Sunday.",
            ],
            ["The teenager died at the hospital on Monday afternoon, the family said."],
        ),
        {"killed": 1},
        # a guard: the lead gives no killed toll, so the page's figures give it, and the
        # man hit is then no longer counted wounded
        id="a_death_told_below_the_lead_fills_the_killed_toll",
    ),
]


def doubled(paragraphs: list[str]) -> list[str]:
    """Every paragraph twice, as some scraped pages hold them."""
    return [p for paragraph in paragraphs for p in (paragraph, paragraph)]


PAGES.append(
    pytest.param(
        "\n\n".join(
            [
                "Three shot on Elm Street",
                *doubled(
                    [
                        "A man was shot and wounded on Elm Street on Friday night.",
                        "Detectives were still at the scene late into the evening.",
                        "Neighbors said the street is usually quiet at that hour.",
                    ]
                ),
                "Police said three people were wounded in the shooting.",
            ]
        ),
        {"injured": 3},
        id="a_repeated_paragraph_is_no_new_paragraph_of_the_lead",
    )
)


@pytest.mark.parametrize(("text", "expected"), PAGES)
def test_page_toll(nlp, text, expected):
    got = tolls(nlp, text)
    assert {k: v for k, v in got.items() if k in ("killed", "injured")} == expected


def test_a_short_text_is_all_lead():
    assert _lead_end("Title\n\nOne paragraph.\n\nAnother one.", 7) is None


def test_the_lead_ends_after_its_paragraphs():
    text = "T\n\nA.\n\n\nB.\n\nC."
    assert text[: _lead_end(text, 3)] == "T\n\nA.\n\n\nB."
