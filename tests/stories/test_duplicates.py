"""Near-identical copies: listed in Story.duplicates, counted once."""

from __future__ import annotations

from collections.abc import Callable

from newstally.model import Article
from newstally.stories import group_stories
from newstally.stories.duplicates import DuplicateIndex

Make = Callable[..., Article]


def test_a_reprinted_wire_story_is_a_duplicate_of_the_wire(article: Make) -> None:
    keys = ["ardel-lantern", "ardel-wire-copy", "ardel-wire", "ardel-fen"]
    ((story, members),) = list(group_stories([article(k) for k in keys]))
    assert story.duplicates == {"ardel-wire-copy": "ardel-wire"}
    assert "ardel-wire-copy" in story.articles
    assert "The Morning Ledger" in story.outlets
    # The title is never taken from a copy.
    assert story.title != article("ardel-wire-copy").title


def test_reports_of_one_event_in_different_words_are_not_duplicates(article: Make) -> None:
    keys = ["ardel-lantern", "ardel-coastline", "ardel-fen", "ardel-wire"]
    ((story, _),) = list(group_stories([article(k) for k in keys]))
    assert story.duplicates == {}


def test_a_copy_read_before_its_original_still_points_at_it(article: Make) -> None:
    # 11:40 read first, then 10:05: the earlier report is the original.
    ((story, _),) = list(group_stories([article("ardel-wire-copy"), article("ardel-wire")]))
    assert story.duplicates == {"ardel-wire-copy": "ardel-wire"}


def test_a_third_copy_points_at_the_original(article: Make) -> None:
    third = article("ardel-wire-copy", id="ardel-wire-copy-2", published="2025-06-07T13:00:00")
    keys = [article("ardel-wire"), article("ardel-wire-copy"), third]
    ((story, _),) = list(group_stories(keys))
    assert story.duplicates == {
        "ardel-wire-copy": "ardel-wire",
        "ardel-wire-copy-2": "ardel-wire",
    }


def test_short_texts_are_never_called_copies() -> None:
    index = DuplicateIndex()
    assert index.signature("Nine killed in Ardel.") is None
    long_text = " ".join(f"word{n}" for n in range(60))
    signature = index.signature(long_text)
    assert signature is not None
    index.add("a", signature)
    assert [key for key, _ in index.matches(signature)] == ["a"]
    index.remove("a")
    assert index.matches(signature) == [] and len(index) == 0


def test_a_copy_under_another_headline_at_the_head_of_its_text_is_a_copy(article: Make) -> None:
    # Each outlet's headline leads its text (as cleaning puts it); the bodies are the same.
    wire, copy = article("ardel-wire"), article("ardel-wire-copy")
    wire.text = f"{wire.title}\n\n{wire.text}"
    copy.title = "Storm surge on the Ardel coast: what we know so far, and what comes next"
    copy.text = f"{copy.title}\n\n{copy.text}"
    ((story, _),) = list(group_stories([wire, copy]))
    assert story.duplicates == {"ardel-wire-copy": "ardel-wire"}


def test_every_index_signs_with_the_same_permutations_drawn_once() -> None:
    from newstally.stories.lsh import MinHash

    first, second = DuplicateIndex(), DuplicateIndex()
    assert first._template is second._template  # drawn once per process
    fresh = MinHash(num_perm=first.config.num_perm, seed=first.config.minhash_seed)
    assert (first._template.permutations == fresh.permutations).all()
    text = " ".join(f"word{n}" for n in range(60))
    a, b = first.signature(text), second.signature(text)
    assert a is not None and b is not None and (a.hashvalues == b.hashvalues).all()


def test_the_lsh_tables_are_made_only_when_a_signature_is_added_or_looked_up() -> None:
    index = DuplicateIndex()
    signature = index.signature(" ".join(f"word{n}" for n in range(60)))
    assert signature is not None and index._lsh_index is None  # signing needs no tables
    assert index.matches(signature) == [] and index._lsh_index is not None
    index.add("a", signature)
    assert [key for key, _ in index.matches(signature)] == ["a"]
