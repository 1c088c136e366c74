"""The pairwise similarity and the cheap features behind it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from newstally.model import Article, Figure, Quantity, Source
from newstally.stories import DocumentFrequencies, extract_features, similarity
from newstally.stories.config import load_config
from newstally.stories.scoring import headline_coverage, pair_score, vectorize

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


def test_names_are_keyed_by_lemma_so_plural_and_headline_forms_meet() -> None:
    one = Article(
        id="a",
        origin="t",
        title="Harbour Democrat Walks Out Of Coalition Talks",
        text="The talks collapsed on Monday when the party left, its leader said.",
    )
    other = Article(
        id="b",
        origin="t",
        text="Two Harbour Democrats said the party would not return to the talks.",
    )
    fa, fb = extract_features(one), extract_features(other)
    # In a Headline Style title capitals say nothing, so "Democrat" is a word there; in
    # the other report "Democrats" is a name: both are keyed "democrat".
    assert "democrat" in fa.words and "democrat" in fb.names
    assert "democrat" in fa.terms() & fb.terms()


def test_a_name_met_once_in_the_lead_is_not_salient_but_a_title_name_is() -> None:
    report = Article(
        id="x",
        origin="t",
        title="Flood cuts off Ostby",
        text=(
            "Photo: Lena Brisk. The river burst its banks on Friday and cut the road to "
            "Ostby, the mayor said.\nCrews from Ostby and Vell were clearing mud."
        ),
    )
    features = extract_features(report)
    assert "ostby" in features.salient  # in the title
    assert "brisk" in features.names and "brisk" not in features.salient  # a credit
    assert "vell" not in features.salient  # body only


def test_headline_terms_come_from_the_title_else_the_first_sentence() -> None:
    titled = extract_features(
        Article(id="x", origin="t", title="Bridge closed in Ostby", text="Crews came. More.")
    )
    assert titled.headline == {"bridge", "close", "ostby"}
    untitled = extract_features(
        Article(id="y", origin="t", text="Bridge closed in Ostby. Crews came later.")
    )
    assert untitled.headline == {"bridge", "close", "ostby"}


def test_headline_coverage_counts_the_better_told_headline(article: Make) -> None:
    stats = DocumentFrequencies()
    keys = ["ardel-lantern", "ardel-fen", "morvay-lantern", "tarn-lantern"]
    features = {k: extract_features(article(k)) for k in keys}
    for f in features.values():
        stats.add(f.terms())
    same = headline_coverage(features["ardel-lantern"], features["ardel-fen"], stats)
    other_town = headline_coverage(features["ardel-lantern"], features["morvay-lantern"], stats)
    unrelated = headline_coverage(features["ardel-lantern"], features["tarn-lantern"], stats)
    assert same is not None and other_town is not None and unrelated is not None
    assert same > other_town and same > unrelated
    assert same == headline_coverage(features["ardel-fen"], features["ardel-lantern"], stats)
    lone = extract_features(Article(id="e", origin="t", text=""))
    assert headline_coverage(lone, features["ardel-fen"], stats) is None


def test_telling_the_same_headline_raises_the_score(article: Make) -> None:
    a, b = extract_features(article("ardel-lantern")), extract_features(article("ardel-fen"))
    va, vb = vectorize(a, None), vectorize(b, None)
    cfg = load_config()
    plain = pair_score(a, b, va, vb, 3.0, replace(cfg, headline_weight=0.0))
    assert pair_score(a, b, va, vb, 3.0, cfg) > plain


def test_an_acronym_of_the_alias_table_counts_as_the_name_it_stands_for() -> None:
    config = replace(load_config(), aliases={"hsb": ("harbor", "safety", "board")})
    short = extract_features(
        Article(id="a", origin="t", title="HSB shuts Ostby pier", text="The pier shut."),
        config=config,
    )
    dotted = extract_features(
        Article(id="b", origin="t", text="Inspectors of the H.S.B. came to Ostby. Then rain."),
        config=config,
    )
    spelt = extract_features(
        Article(
            id="c",
            origin="t",
            text="The Harbor Safety Board shut the pier at Ostby on Monday. Then rain.",
        ),
        config=config,
    )
    assert {"harbor", "safety", "board"} <= short.headline
    assert {"harbor", "safety", "board"} <= short.salient
    assert "hsb" not in short.names
    assert {"harbor", "safety", "board"} <= set(dotted.names) & set(spelt.names)
    # Without the table the acronym is a term of its own, which the spelt-out report lacks.
    plain = extract_features(
        Article(id="a", origin="t", title="HSB shuts Ostby pier", text="The pier shut.")
    )
    assert "hsb" in plain.terms() and "harbor" not in plain.terms()


def test_the_alias_table_lets_an_abbreviated_headline_meet_the_name() -> None:
    one = Article(
        id="a",
        origin="t",
        title="NK fires two missiles into the sea off Wonsan",
        text="The launches came hours after the talks in Wonsan broke down, officials said.",
    )
    other = Article(
        id="b",
        origin="t",
        title="North Korea fires two missiles off Wonsan",
        text="The launches came hours after talks in Wonsan broke down, officials said.",
    )
    fa, fb = extract_features(one), extract_features(other)
    assert {"north", "korea"} <= fa.headline & fb.headline
    without = replace(load_config(), aliases={})
    fa_plain = extract_features(one, config=without)
    stats = None
    config = load_config()
    with_alias = pair_score(
        fa, fb, vectorize(fa, stats, config), vectorize(fb, stats, config), 3.0, config, stats
    )
    plain = pair_score(
        fa_plain,
        fb,
        vectorize(fa_plain, stats, config),
        vectorize(fb, stats, config),
        3.0,
        config,
        stats,
    )
    assert with_alias > plain


_SET_SUMS = """
from newstally.stories.features import ArticleFeatures
from newstally.stories.scoring import Vectors, _covered, _told

weights = {"tarn": 0.1, "vesk": 0.2, "ardel": 0.3, "morvay": 0.7, "lantern": 1.1}
mine = ArticleFeatures("a", {}, weights, frozenset(weights), frozenset(), None, None,
                       frozenset(), frozenset(weights))
other = ArticleFeatures("b", {}, {"ardel": 1.0, "lantern": 1.0}, frozenset(), frozenset(),
                        None, None, frozenset())
print(repr(_covered(mine.salient, Vectors(weights, 1.0), other)),
      repr(_told(mine.headline, other, weights.__getitem__)))
"""


def test_set_sums_do_not_depend_on_the_hash_seed() -> None:
    # A set's order follows PYTHONHASHSEED; weights like 0.1 + 0.2 + 0.3 sum differently in
    # different orders, so a plain sum would give another score in another process.
    import os
    import subprocess
    import sys

    outputs = set()
    for seed in range(8):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        run = subprocess.run(
            [sys.executable, "-c", _SET_SUMS], env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        outputs.add(run.stdout)
    assert len(outputs) == 1, outputs
