"""The parse gate: which sentences could hold a casualty figure at all.

A spaCy parse costs far more than a regular expression, and most sentences of a news
report state no figure. A sentence reaches the parser only when a casualty word
(``data/casualties.toml`` [gate]) occurs within a window of a quantity hint: a digit, a
number or vague word (`quantities.QUANTITY_HINT`), a negative quantifier ("no one"), or
a word that can introduce a single counted person ("a soldier", "the driver", a name).
The words cover every form of every casualty word the extraction rules read, so a
sentence the gate rejects is one the rules could never read a figure from.
"""

from __future__ import annotations

import re
from functools import cache

from .lexicon import lexicon
from .quantities import NEGATIVE_QUANTIFIERS, QUANTITY_HINT


@cache
def _stem_pattern() -> re.Pattern[str]:
    words = lexicon().gate_patterns
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)


@cache
def _hint_patterns() -> tuple[re.Pattern[str], ...]:
    lex = lexicon()
    words = sorted(
        set(NEGATIVE_QUANTIFIERS)
        | lex.negative_determiners
        | lex.negative_pronouns
        | lex.person_determiners
    )
    words_re = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    # A capitalised word not at the very start: a person's name ("killed Ahmad Noori").
    name_re = re.compile(r"(?<=\S\s)[A-Z][a-z]")
    return (QUANTITY_HINT, words_re, name_re)


_WORD = re.compile(r"[A-Za-z]+")


def _prose(sentence: str) -> bool:
    """Mostly lower-case words: capitals inside it mark names, not a title-case headline."""
    words = _WORD.findall(sentence)
    lower = sum(1 for w in words if w[0].islower())
    return lower * 2 >= len(words)


def passes(sentence: str) -> bool:
    """True when ``sentence`` may state a casualty figure and must be parsed."""
    stems = _stem_pattern()
    window = lexicon().gate_window
    hints = _hint_patterns()
    prose: bool | None = None
    for m in stems.finditer(sentence):
        if m.start() > 0 and sentence[m.start()].isupper():
            if prose is None:
                prose = _prose(sentence)
            if prose:
                continue  # "Governor Burns", "St Anne's Hospital"
        lo = max(0, m.start() - window)
        hi = min(len(sentence), m.end() + window)
        for hint in hints:
            if hint.search(sentence, lo, hi):
                return True
    return False


def gated_spans(text: str, spans: list[tuple[int, int]], max_chars: int) -> list[int]:
    """Indices of the sentence ``spans`` of ``text`` that pass the gate (and are at most
    ``max_chars`` long). One scan of the whole text finds the casualty words, so sentences
    without any cost nothing more."""
    hits = [m.start() for m in _stem_pattern().finditer(text)]
    if not hits:
        return []
    out: list[int] = []
    k = 0
    for i, (a, b) in enumerate(spans):
        while k < len(hits) and hits[k] < a:
            k += 1
        if k < len(hits) and hits[k] < b and b - a <= max_chars and passes(text[a:b]):
            out.append(i)
    return out
