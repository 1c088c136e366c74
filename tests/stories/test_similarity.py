"""The pairwise similarity and the cheap features behind it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newstally.model import Article, Figure, Quantity, Source
from newstally.stories import DocumentFrequencies, extract_features, similarity

Make = Callable[..., Article]


def test_similarity_is_symmetric_and_bounded(article: Make) -> None:
    keys = ["ardel-lantern", "ardel-coastline", "morvay-lantern", "tarn-lantern"]
    for a in keys:
        for b in keys:
            forward = similarity(article(a), article(b))
            assert 0.0 <= forward <= 1.0
            assert forward == pytest.approx(similarity(article(b), article(a)), abs=1e-12)
    assert similarity(article("ardel-lantern"), article("ardel-lantern")) == pytest.approx(1.0)


def test_unrelated_reports_score_low(article: Make) -> None:
    assert similarity(article("ardel-lantern"), article("tarn-lantern")) < 0.1


def test_time_apart_lowers_the_score(article: Make) -> None:
    a, b = article("ardel-lantern"), article("ardel-coastline")
    same_day = similarity(a, b)
    two_days = similarity(a, article("ardel-coastline", published="2025-06-09T19:45:00+00:00"))
    assert 0.0 < two_days < same_day


def test_shared_figure_categories_are_weak_evidence(article: Make) -> None:
    def killed(a: Article) -> Article:
        quantity = Quantity("nine", 9, 9, 9, "=")
        source = Source("the governor", "official")
        a.figures = [Figure(f"{a.id}:f1", a.id, "killed", quantity, source, "", (0, 4))]
        return a

    a, b = article("ardel-lantern"), article("ardel-coastline")
    plain = similarity(a, b)
    both = similarity(killed(article("ardel-lantern")), killed(article("ardel-coastline")))
    assert plain < both <= plain * 1.2


def test_learned_document_frequencies_discount_shared_topic_words(article: Make) -> None:
    stats = DocumentFrequencies()
    for key in ["ardel-lantern", "ardel-coastline", "ardel-fen", "morvay-lantern"]:
        stats.add(extract_features(article(key)).terms())
    assert stats.idf("ardel") < stats.idf("morvay")  # more reports name Ardel
    assert stats.idf("never-seen") > stats.idf("morvay")


def test_document_frequencies_keep_a_bounded_vocabulary() -> None:
    stats = DocumentFrequencies(max_vocabulary=100)
    for n in range(300):
        stats.add({f"rare{n}", f"pair{n // 2}", "common"})
    assert len(stats.df) <= 100
    assert stats.df["common"] == 300


def test_names_are_capitalised_words_never_written_in_lower_case() -> None:
    text = (
        "Police said gunmen attacked the market in Ardel on Saturday. The police chief, "
        "Mira Solt, said the gunmen fled. Witnesses saw smoke over Ardel.\n"
        "Reporting by Jon Tay for The Lantern Post"
    )
    article = Article(id="x", origin="t", text=text, outlet="The Lantern Post")
    names = set(extract_features(article).names)
    assert {"ardel", "mira", "solt"} <= names
    # Common words capitalised by position, days, and the outlet's own name are not names.
    assert not names & {"police", "witnesses", "saturday", "lantern", "post", "reporting"}


def test_a_headline_glued_to_the_text_gives_no_names() -> None:
    text = "Town Braces For Storm As Rivers Rise The mayor of Ostby said the river was high."
    names = set(extract_features(Article(id="x", origin="t", text=text)).names)
    assert "braces" not in names and "storm" not in names and "rivers" not in names


def test_words_are_lemmatised_and_stop_words_dropped() -> None:
    features = extract_features(
        Article(id="x", origin="t", text="The gunmen were killing villagers and burned houses.")
    )
    assert {"gunman", "villager", "burn", "house"} <= set(features.words)
    assert not set(features.words) & {"the", "were", "and"}


def test_a_date_is_read_from_published() -> None:
    dated = extract_features(Article(id="x", origin="t", text="", published="2025-06-07"))
    timed = extract_features(
        Article(id="y", origin="t", text="", published="2025-06-07T12:00:00+00:00")
    )
    assert dated.date == timed.date == "2025-06-07"
    assert timed.day is not None and dated.day is not None
    assert timed.day - dated.day == pytest.approx(0.5)
    assert extract_features(Article(id="z", origin="t", text="", published="soon")).day is None
