"""clean_articles: input order, order independence, lines repeated across stories."""

from __future__ import annotations

import random
import sys

import pytest

from newstally.clean import clean_articles
from newstally.clean.corpus import LineSummary, repeated_lines
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


def test_archived_copies_are_counted_under_the_archived_outlet() -> None:
    # A web archive serves pages of every outlet: its host is no outlet, the archived
    # page's host is. A line shared by two outlets' archived pages is not boilerplate.
    archive = "https://web.archive.org/web/20160301120000/http://{host}/{topic}"
    mixed = [
        Article(
            id=f"w{n}",
            origin="w",
            text=_story(*story),
            url=archive.format(
                host="kestrelnews.example" if n % 2 else "pinecrestdaily.example", topic=story[0]
            ),
        )
        for n, story in enumerate(TOPICS[:4])
    ]
    assert all(FOOTER in a.text for a in clean_articles(mixed))
    # Five archived pages of one outlet still share its footer as boilerplate.
    same = [
        Article(
            id=f"s{n}",
            origin="s",
            text=_story(*story),
            url=archive.format(host="kestrelnews.example", topic=story[0]),
        )
        for n, story in enumerate(TOPICS)
    ]
    assert all(FOOTER not in a.text for a in clean_articles(same))


def _many(count: int, footer_at: set[int]) -> list[Article]:
    """``count`` different stories of one outlet; those in ``footer_at`` end with FOOTER."""
    articles = []
    for n in range(count):
        topic = TOPICS[n % len(TOPICS)]
        lead = f"{topic[1]} Report number {n} of the {topic[0]} desk, filed at {n % 12 + 1} pm."
        body = [f"Update {n} from Merrick Bay", lead, f"Chapter {n}: {topic[2]} (file {n * 7})"]
        if n in footer_at:
            body.append(FOOTER)
        text = "\n\n".join(body)
        articles.append(
            Article(id=f"a{n:03d}", origin="s", text=text, url=f"https://kestrel.example/{n}")
        )
    return articles


def test_output_keeps_input_order_and_does_not_depend_on_it() -> None:
    # A footer seen only in early and late articles of a long stream: every order of the
    # same set removes it from the same articles (a streaming window would keep it in some).
    footer_at = {0, 1, 95, 97, 99}
    forward = list(clean_articles(_many(100, footer_at)))
    assert [a.id for a in forward] == [f"a{n:03d}" for n in range(100)]
    assert all(FOOTER not in a.text for a in forward)
    assert sum("repeated" in {r.reason for r in a.removed} for a in forward) == len(footer_at)
    expected = {a.id: (a.text, a.removed) for a in forward}
    for seed in range(3):
        shuffled = _many(100, footer_at)
        random.Random(seed).shuffle(shuffled)
        cleaned = list(clean_articles(shuffled))
        assert [a.id for a in cleaned] == [a.id for a in shuffled]  # input order kept
        assert {a.id: (a.text, a.removed) for a in cleaned} == expected


def test_articles_are_cleaned_in_place() -> None:
    articles = _articles()
    cleaned = list(clean_articles(articles))
    assert all(a is b for a, b in zip(articles, cleaned, strict=True))
    assert all(FOOTER not in a.text for a in articles)


def test_summary_of_an_article_is_small() -> None:
    # What the corpus step holds per article while the rest of the set is read.
    lines = split_lines(
        "\n".join(f"Line {i} of a long harbour report, item {i}." for i in range(60))
    )
    summary = LineSummary.of("kestrel.example", "a1", lines)
    held = sys.getsizeof(summary.keys) + sys.getsizeof(summary.sketch)
    assert len(summary.keys) == 60
    assert held < 1_000


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


def test_repeated_lines_need_at_least_two_stories() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        repeated_lines([], min_stories=1)
    with pytest.raises(ValueError, match="at least 2"):
        next(clean_articles(_articles(), Settings(extra={"clean.repeat_min_stories": 1})))


def test_bad_options_fail_before_any_article() -> None:
    with pytest.raises(ValueError, match="clean.mode"):
        next(clean_articles(_articles(), Settings(extra={"clean.mode": "html"})))
