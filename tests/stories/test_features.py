"""Packed grouping features (`newstally.stories.features.pack_features`, issue 19)."""

from __future__ import annotations

from dataclasses import replace

from newstally.settings import Settings
from newstally.stories.batch import grouping_record
from newstally.stories.features import (
    ArticleFeatures,
    PackedFeatures,
    extract_features,
    pack_features,
)

from .conftest import TEXTS, make


def test_packed_features_unpack_equal_with_their_terms_in_order() -> None:
    for key in TEXTS:
        features = extract_features(make(key))
        packed = pack_features(features)
        assert isinstance(packed, PackedFeatures)
        back = packed.unpack()
        assert back == features
        # A vector sums its terms in the dicts' order: the order is kept too.
        assert list(back.words.items()) == list(features.words.items())
        assert list(back.names.items()) == list(features.names.items())
        assert packed.terms() == features.terms()


def test_features_without_terms_pack_and_unpack() -> None:
    empty: frozenset[str] = frozenset()
    features = ArticleFeatures("blank", {}, {}, empty, empty, None, None, empty)
    packed = pack_features(features)
    assert isinstance(packed, PackedFeatures)
    assert packed.unpack() == features
    assert packed.terms() == set()


def test_a_term_that_cannot_be_joined_keeps_the_features_as_they_are() -> None:
    features = extract_features(make("tarn-lantern"))
    odd = replace(features, words={**features.words, "quay\x00side": 1.0})
    assert pack_features(odd) is odd
    blank = replace(features, headline=features.headline | {""})
    assert pack_features(blank) is blank


def test_a_grouping_record_keeps_its_features_packed() -> None:
    article = make("ardel-lantern")
    record = grouping_record(article, Settings())
    assert record.prepared is not None
    packed = record.prepared.features
    assert isinstance(packed, PackedFeatures)
    assert packed.unpack() == extract_features(article)
