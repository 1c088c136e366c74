"""Cleaning one text: split into lines, classify, reassemble.

Order of the passes (each only looks at lines still kept):

1. appeal blocks (`blocks.mark_appeal_blocks`): whole donation boxes;
2. line classifiers (`classify.classify`): junk-table rules, then structural ones;
3. in page mode only, body selection (`page.select_body`): everything outside the densest
   run of prose;
4. junk sentences inside long kept lines (`sentences.cut_junk_sentences`): paywall and
   sign-up wording glued into a paragraph of a text flattened to one line.
"""

from __future__ import annotations

import re

from ..model import Removed
from .blocks import mark_appeal_blocks
from .classify import classify
from .junk import JunkRules, default_rules
from .lines import Line, assemble, split_lines
from .page import detect_mode, select_body
from .sentences import cut_junk_sentences

MODES = ("auto", "article", "page")


def clean_lines(
    text: str, *, mode: str = "auto", rules: JunkRules | None = None
) -> tuple[list[Line], str]:
    """The lines of ``text`` with ``reason`` set on every junk line, and the mode used."""
    if mode not in MODES:
        raise ValueError(f"clean mode must be one of {MODES}, not {mode!r}")
    rules = rules or default_rules()
    lines = split_lines(text)
    used = detect_mode(lines, rules) if mode == "auto" else mode
    mark_appeal_blocks(lines, rules)
    classify(lines, rules, used)
    if used == "page":
        select_body(lines, rules)
    cut_junk_sentences(lines, rules)
    return lines, used


def clean_text(
    text: str, *, mode: str = "auto", rules: JunkRules | None = None
) -> tuple[str, list[Removed]]:
    """Remove scraper junk from one article's text: (clean text, removed lines).

    Pure: the same text always gives the same result. ``mode`` is "article" for text a
    scraper already extracted, "page" for all the visible text of a web page, "auto" to
    decide from the text. Every non-blank input line ends up either in the returned text
    or in the removed list, with its reason.
    """
    lines, _mode = clean_lines(text, mode=mode, rules=rules)
    return assemble(lines)


_HEADLINE_MAX_WORDS = 30
_HEADLINE_MAX_CHARS = 250
_BYLINE = re.compile(r"^(?:by|from|posted by|written by)\s", re.IGNORECASE)
_UPPER = re.compile(r"[A-Z]")
_OPENING_QUOTES = "\"'“‘«"


def reads_as_headline(line: Line) -> bool:
    """A headline: 3 to 30 words, has capitals, does not end with a full stop, no byline."""
    return (
        3 <= line.word_count <= _HEADLINE_MAX_WORDS
        and len(line.text) <= _HEADLINE_MAX_CHARS
        and not line.text.endswith(".")
        and _UPPER.search(line.text) is not None
        and _BYLINE.match(line.text) is None
        and (line.text[:1].isalnum() or line.text[:1] in _OPENING_QUOTES)
    )


def find_headline(text: str) -> str | None:
    """The first line of the head of ``text`` (the lines before the first body paragraph)
    that reads as a headline, or None."""
    for line in split_lines(text):
        if line.ends_sentence and line.word_count >= 10:
            return None
        if reads_as_headline(line):
            return line.text
    return None
