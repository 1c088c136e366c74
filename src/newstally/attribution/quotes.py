"""Quotations of an article: pairs of opening and closing quote marks over the whole
text, so that a quote running over several sentences or paragraphs is one span.

Curly quotes (“ ”) pair directly. Straight quotes (") are opening or closing by what
surrounds them, and so are doubled apostrophes ('' ... '', the straight quotes of some
newspaper archives; 116 of PolNeAR's 840 train articles). News style repeats the
opening mark at the start of each paragraph of a multi-paragraph quote without closing
the paragraph before: such a paragraph-start opening while a quote is open continues
it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from ..nlp import ArticleContext

# Bound how far a quote may run; longer "quotes" are unmatched marks.
MAX_QUOTE_CHARS = 4000
_MARK = re.compile(r"''|[\"“”]")
# Token texts of double quote marks (spaCy keeps '' as one token).
QUOTE_TOKENS = frozenset({'"', "“", "”", "''"})


def is_opening_mark(text: str, i: int) -> bool:
    """Whether the quote mark at ``text[i]`` opens a quotation."""
    ch = text[i]
    if ch == "“":
        return True
    if ch == "”":
        return False
    width = 2 if text.startswith("''", i) else 1
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if before.isspace() or before in "([{—–-:/":
        return not after.isspace()
    return False


def _paragraph_start(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j < 0 or text[j] == "\n"


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Spans [start, end) of the quotations of ``text``, marks included."""
    quotes: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _MARK.finditer(text):
        i = m.start()
        opening = is_opening_mark(text, i)
        if open_at is not None and i - open_at > MAX_QUOTE_CHARS:
            open_at = None
        if opening:
            if open_at is None:
                open_at = i
            elif not _paragraph_start(text, i) or "\n" not in text[open_at:i]:
                # An opening mark inside an open quote that is not a paragraph
                # continuation: the earlier mark was never closed; restart here.
                open_at = i
        elif open_at is not None:
            quotes.append((open_at, m.end()))
            open_at = None
    return quotes


_QUOTES: WeakKeyDictionary[ArticleContext, list[tuple[int, int]]] = WeakKeyDictionary()


def article_quotes(ctx: ArticleContext) -> list[tuple[int, int]]:
    """The article's quotations (character spans, `find_quotes`), found once per article."""
    found = _QUOTES.get(ctx)
    if found is None:
        found = _QUOTES[ctx] = find_quotes(ctx.text)
    return found
