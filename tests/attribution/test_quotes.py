"""find_quotes: quotations over the whole text, multi-paragraph ones as one span."""

from __future__ import annotations

from newstally.attribution.quotes import MAX_QUOTE_CHARS, find_quotes


def _texts(text: str) -> list[str]:
    return [text[a:b] for a, b in find_quotes(text)]


def test_curly_and_straight_quotes() -> None:
    text = 'He said \u201cno\u201d twice. She said "yes" once.'
    assert _texts(text) == ["\u201cno\u201d", '"yes"']


def test_multi_paragraph_quote_continues_at_paragraph_start() -> None:
    text = "\u201cFirst part.\n\n\u201cSecond part,\u201d she said."
    assert _texts(text) == [text[: text.index(" she")]]


def test_unclosed_quote_inside_a_paragraph_restarts() -> None:
    text = "A stray \u201c mark. Then \u201creal quote\u201d here."
    assert _texts(text) == ["\u201creal quote\u201d"]


def test_overlong_quote_is_dropped() -> None:
    text = "\u201c" + "word " * (MAX_QUOTE_CHARS // 4) + "\u201d"
    assert find_quotes(text) == []


def test_apostrophes_are_not_quotes() -> None:
    assert find_quotes("The ministry's figures don't add up.") == []
