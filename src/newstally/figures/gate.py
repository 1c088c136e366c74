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
from collections.abc import Callable
from functools import cache
from itertools import islice

from .lexicon import lexicon
from .quantities import NEGATIVE_QUANTIFIERS, QUANTITY_HINT


@cache
def _stem_pattern(ignore_case: bool = False) -> re.Pattern[str]:
    words = lexicon().gate_patterns
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", flags)


_GROUP_START = re.compile(r"\(\?:([a-z|]+)\)")
_LETTERS = re.compile(r"[a-z]+")


@cache
def _literal_starts() -> tuple[str, ...] | None:
    """Letters every match of each casualty-word pattern starts with ("kill" for
    "kill\\w*", "death" for "deaths?", each word of a leading "(?:lost|lose|...)"), with
    prefixes of one another merged; None when a pattern has no such letters."""
    found: set[str] = set()
    for pattern in lexicon().gate_patterns:
        group = _GROUP_START.match(pattern)
        if group:
            found.update(group.group(1).split("|"))
            continue
        letters = _LETTERS.match(pattern)
        if letters is None:
            return None
        literal = letters.group()
        if pattern[len(literal) : len(literal) + 1] in ("?", "*", "{"):
            literal = literal[:-1]  # the last letter is optional ("deaths?")
        if not literal:
            return None
        found.add(literal)
    return tuple(sorted(w for w in found if not any(w != o and w.startswith(o) for o in found)))


def _stem_matches(text: str) -> list[tuple[int, int]]:
    """(start, end) of the casualty words in ``text``, as ``_stem_pattern().finditer``
    finds them.

    A long alternation tries every branch at every character, which makes it the cost of
    the gate; instead ``str.find`` looks for the letters a match must start with (fast C
    search), and the pattern is tried only there, in text order, skipping positions inside
    the previous match as ``finditer`` does. Works on a lower-cased copy, used only when
    lower-casing keeps every offset (a few characters, such as a dotted capital I, grow);
    otherwise the pattern runs with re.IGNORECASE."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return [m.span() for m in _stem_pattern(ignore_case=True).finditer(text)]
    starts = _literal_starts()
    if starts is None:
        return [m.span() for m in _stem_pattern().finditer(lowered)]
    candidates: list[int] = []
    for literal in starts:
        at = lowered.find(literal)
        while at != -1:
            candidates.append(at)
            at = lowered.find(literal, at + 1)
    pattern = _stem_pattern()
    out: list[tuple[int, int]] = []
    end = -1
    for at in sorted(candidates):
        if at < end:
            continue
        m = pattern.match(lowered, at)  # its leading \b checks the character before
        if m is not None:
            out.append(m.span())
            end = m.end()
    return out


@cache
def _hint_patterns() -> tuple[re.Pattern[str], ...]:
    lex = lexicon()
    words = sorted(
        set(NEGATIVE_QUANTIFIERS)
        | lex.negative_determiners
        | lex.negative_pronouns
        | lex.person_determiners
        | lex.person_referents
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


def passes(sentence: str, stems: list[tuple[int, int]] | None = None) -> bool:
    """True when ``sentence`` may state a casualty figure and must be parsed. ``stems``:
    its casualty words (`_stem_matches`), when the caller has found them already."""
    window = lexicon().gate_window
    hints = _hint_patterns()
    prose: bool | None = None
    for start, end in _stem_matches(sentence) if stems is None else stems:
        if start > 0 and sentence[start].isupper():
            if prose is None:
                prose = _prose(sentence)
            if prose:
                continue  # "Governor Burns", "St Anne's Hospital"
        lo = max(0, start - window)
        hi = min(len(sentence), end + window)
        for hint in hints:
            if hint.search(sentence, lo, hi):
                return True
    return False


def _matches_within(
    hits: list[tuple[int, int]], k: int, a: int, b: int
) -> list[tuple[int, int]] | None:
    """The matches from ``hits[k]`` on that lie in [a, b), as offsets from ``a``; None
    when a match runs into or over that span (then only a scan of the span itself says
    what it holds)."""
    if k and hits[k - 1][1] > a:
        return None
    own: list[tuple[int, int]] = []
    for start, end in islice(hits, k, None):
        if start >= b:
            break
        if end > b:
            return None
        own.append((start - a, end - a))
    return own


def gated_spans(text: str, spans: Callable[[], list[tuple[int, int]]], max_chars: int) -> list[int]:
    """Indices of the sentence spans of ``text`` (``spans()``, asked for only when needed)
    that pass the gate and are at most ``max_chars`` long. One scan of the whole text finds
    the casualty words, so a text without any is not even split into sentences, and
    sentences without any cost nothing more. A sentence's own casualty words are those of
    the whole text inside it (a sentence starts and ends beside white space or
    punctuation, so the words' boundaries read the same); only when the text's lower-case
    copy changes length, or a match runs over a sentence's end, is the sentence scanned
    again on its own."""
    hits = _stem_matches(text)
    if not hits:
        return []
    reuse = len(text.lower()) == len(text)
    out: list[int] = []
    k = 0
    for i, (a, b) in enumerate(spans()):
        while k < len(hits) and hits[k][0] < a:
            k += 1
        if k == len(hits) or hits[k][0] >= b or b - a > max_chars:
            continue
        own = _matches_within(hits, k, a, b) if reuse else None
        if passes(text[a:b], own):
            out.append(i)
    return out
