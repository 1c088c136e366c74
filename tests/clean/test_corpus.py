"""clean_articles: streaming, order, repeated-line removal across an outlet's stories."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newstally.clean import clean_articles
from newstally.clean.corpus import RepeatedLines
from newstally.clean.lines import split_lines
from newstally.model import Article
from newstally.settings import Settings

FOOTER = "Kestrel News is an independent newsroom funded by its members in Merrick Bay."
TOPICS = [
    (
        "ferry",
        "The ferry service to Holm Island resumed after a three-day suspension.",
        "Captains had refused to sail while gusts exceeded gale strength on the strait.",
        "Islanders queued at dawn with empty fuel canisters and crates of vegetables.",
    ),
    (
        "school",
        "A new primary school opened in the northern district with 240 pupils.",
        "Parents praised the playground, although building work on the gymnasium continues.",
        "Teachers were recruited from three neighbouring towns during the summer.",
    ),
    (
        "bridge",
        "Engineers closed the Mill Road bridge after finding cracks in two pillars.",
        "Motorists face detours of nearly twenty minutes through the industrial estate.",
        "Inspectors blamed corroded reinforcement installed during the original construction.",
    ),
    (
        "market",
        "The weekly fish market moved to the old customs hall for the winter.",
        "Stallholders welcomed heating, electricity and shelter from freezing drizzle.",
        "Prices for mackerel and herring rose slightly after poor catches in October.",
    ),
    (
        "library",
        "The city library extended its opening hours to ten in the evening.",
        "Students preparing for examinations asked for quiet study rooms last spring.",
        "Volunteers will staff the reading room on Sundays until funding arrives.",
    ),
]


def _story(topic: str, lead: str, detail: str, colour: str) -> str:
    return "\n\n".join([f"{topic.title()} update for Merrick Bay", lead, detail, colour, FOOTER])


def _articles(url_host: str = "kestrelnews.example") -> list[Article]:
    return [
        Article(
            id=f"k{n}",
            origin=f"k{n}.txt",
            text=_story(*story),
            url=f"https://{url_host}/{story[0]}",
        )
        for n, story in enumerate(TOPICS)
    ]


def test_line_repeated_across_stories_is_removed() -> None:
    cleaned = list(clean_articles(_articles()))
    for article in cleaned:
        assert FOOTER not in article.text
        assert "repeated" in {r.reason for r in article.removed}
        assert [r.text for r in article.removed if r.reason == "repeated"] == [FOOTER]
        # The body stays: the lead and the details are each in one story only.
        assert "update for Merrick Bay" in article.text
        assert len(article.text.split("\n\n")) == 4


def test_line_in_two_stories_only_is_kept() -> None:
    cleaned = list(clean_articles(_articles()[:2]))
    assert all(FOOTER in article.text for article in cleaned)


def test_only_copy_is_never_removed() -> None:
    articles = _articles()
    articles[0].text += "\n\nA line that only the first story has."
    cleaned = list(clean_articles(articles))
    assert "A line that only the first story has." in cleaned[0].text


def test_versions_of_one_story_keep_their_shared_paragraphs() -> None:
    lead = TOPICS[2][1]
    versions = []
    for n in range(4):
        text = (
            _story(*TOPICS[2])
            + f"\n\nUpdate {n}: inspectors returned to the site at {n + 8} o'clock."
        )
        versions.append(Article(id=f"v{n}", origin="v", text=text, outlet="Kestrel News"))
    cleaned = list(clean_articles(versions))
    for article in cleaned:
        assert lead in article.text
        assert FOOTER in article.text  # the versions are one story: no evidence it is boilerplate


def test_outlets_are_counted_separately() -> None:
    mixed = []
    for n, story in enumerate(TOPICS[:4]):
        host = "kestrelnews.example" if n % 2 else "harborledger.example"
        mixed.append(
            Article(id=f"m{n}", origin="m", text=_story(*story), url=f"https://{host}/{story[0]}")
        )
    assert all(FOOTER in a.text for a in clean_articles(mixed))


def test_output_keeps_input_order_and_streams() -> None:
    pulled: list[str] = []

    def source() -> Iterator[Article]:
        for n in range(40):
            host = f"outlet{n % 3}.example"
            pulled.append(f"a{n}")
            yield Article(
                id=f"a{n}",
                origin="s",
                text=_story(*TOPICS[n % len(TOPICS)]),
                url=f"https://{host}/{n}",
            )

    settings = Settings(extra={"clean.batch_size": 4, "clean.max_pending": 6})
    out = clean_articles(source(), settings)
    first = next(out)
    assert first.id == "a0"
    assert len(pulled) <= 6 + 4  # held back at most max_pending, plus one batch
    rest = [a.id for a in out]
    assert [first.id, *rest] == [f"a{n}" for n in range(40)]


def test_bad_article_does_not_stop_the_batch(monkeypatch, caplog) -> None:
    import newstally.clean as clean

    real = clean.clean_lines

    def failing(text: str, **kwargs):
        if text.startswith("BROKEN"):
            raise ValueError("cannot split")
        return real(text, **kwargs)

    monkeypatch.setattr(clean, "clean_lines", failing)
    articles = _articles()
    articles.insert(2, Article(id="bad", origin="bad.txt", text="BROKEN\nline"))
    cleaned = list(clean_articles(articles))
    assert [a.id for a in cleaned] == ["k0", "k1", "bad", "k2", "k3", "k4"]
    assert cleaned[2].text == "BROKEN\nline"  # passed through unchanged
    assert "bad.txt: cleaning failed (cannot split)" in caplog.text
    assert all(FOOTER not in a.text for a in cleaned if a.id != "bad")


def test_title_outlet_and_date_are_filled() -> None:
    article = Article(
        id="x",
        origin="x.txt",
        text=(
            "Dam holds after record rain\nPublished 2 June 2021\n"
            "The dam held, engineers said on Wednesday after a night of record rain."
        ),
        url="https://www.kestrelnews.example/dam",
    )
    (cleaned,) = clean_articles([article])
    assert cleaned.title == "Dam holds after record rain"
    assert cleaned.published == "2021-06-02"


def test_memory_is_bounded() -> None:
    repeated = RepeatedLines(min_stories=3, max_lines=200, max_outlets=2)
    for batch in range(30):
        lines = split_lines(
            "\n".join(
                f"Unique line {batch}-{i} about harbour matters {i * batch}." for i in range(50)
            )
        )
        repeated.apply(f"outlet{batch % 5}", [lines])
    assert repeated.size <= 2 * 200


def test_repeated_lines_need_at_least_two_stories() -> None:
    try:
        RepeatedLines(min_stories=1)
    except ValueError as exc:
        assert "at least 2" in str(exc)
    else:  # pragma: no cover - the constructor must refuse
        raise AssertionError("min_stories=1 accepted")


def test_bad_options_fail_before_any_article() -> None:
    with pytest.raises(ValueError, match="clean.mode"):
        next(clean_articles(_articles(), Settings(extra={"clean.mode": "html"})))
