"""A headline given apart from the text (JSONL records, feed items) leads the cleaned
text, as a page's and a text file's do; its figures are then read like any other."""

from __future__ import annotations

from newstally.clean import clean_articles
from newstally.model import Article

BODY = (
    "A gas cylinder exploded at the covered market in Orsk Vale on Tuesday morning, "
    "the regional fire service said.\n\n"
    "Stallholders said the blast tore through the fish hall shortly after it opened."
)


def _cleaned(title: str | None, text: str = BODY) -> Article:
    article = Article(id="a", origin="test", text=text, title=title)
    (done,) = list(clean_articles([article]))
    return done


def test_a_headline_given_apart_leads_the_text() -> None:
    title = "Orsk Vale market blast: 3 dead, 14 hurt"
    done = _cleaned(title)
    assert done.text.startswith(f"{title}\n\n")
    assert done.text.endswith("shortly after it opened.")
    assert done.title == title


def test_a_text_that_already_holds_its_headline_is_left_as_it_is() -> None:
    title = "Orsk Vale market blast: 3 dead, 14 hurt"
    text = f"ORSK VALE MARKET BLAST:  3 dead, 14 hurt\n\n{BODY}"
    assert _cleaned(title, text).text == text


def test_no_headline_and_an_overlong_title_leave_the_text_alone() -> None:
    assert _cleaned(None).text == BODY
    assert _cleaned("word " * 80).text == BODY


def test_the_figures_of_a_headline_given_apart_are_read_with_spans(nlp) -> None:
    from newstally.figures import extract_article

    done = extract_article(_cleaned("Orsk Vale market blast: 3 dead, 14 hurt"), nlp)
    killed = [f for f in done.figures if f.category == "killed"]
    assert killed and killed[0].quantity.value == 3
    start, end = killed[0].span
    assert done.text[start:end] == "3"
    assert done.totals["killed"].best == 3 and done.totals["injured"].best == 14
