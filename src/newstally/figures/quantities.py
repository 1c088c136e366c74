"""Quantity expressions in news text: "up to 200", "several dozen", "a man", "10 to 15".

`find_quantities` returns every quantity expression of a text, left to right, as
`QuantityMatch` (character span, `Quantity`, kind). Years, dates, clock times, money,
percentages and ordinals are skipped. Every word list lives in ``data/quantities.toml``
(month names in ``data/dates.toml``); the regular expressions are built from them once, at
import. The meaning of value / low / high / bound is documented in docs/quantities.md.

Kinds: ``number`` (digits), ``word`` (number words), ``vague`` ("dozens", "several
hundred"), ``person`` ("a man", "one police officer" = 1), ``range`` ("10 to 15",
"between two and three hundred").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..model import Quantity
from ..rules import load_table

__all__ = [
    "NEGATIVE_QUANTIFIERS",
    "QUANTITY_HINT",
    "QuantityMatch",
    "find_quantities",
    "parse_quantity",
]


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    start: int  # character offsets into the text given
    end: int
    quantity: Quantity
    kind: str  # number | word | vague | person | range


# --- tables -----------------------------------------------------------------------------

_T = load_table("quantities")
_MONTHS: tuple[str, ...] = tuple(load_table("dates")["months"])

_UNITS: dict[str, int] = _T["number_words"]["units"] | _T["number_words"]["tens"]
_SCALES: dict[str, int] = _T["number_words"]["scales"]
_FIXED: dict[str, int] = {_k.lower(): _v for _k, _v in _T["number_words"]["fixed"].items()}
_DIGIT_SCALE_WORDS: dict[str, int] = _T["digit_scales"]["words"]
_DIGIT_SCALE_SUFFIXES: dict[str, int] = _T["digit_scales"]["suffixes"]
_BOUNDS_BEFORE: dict[str, str] = {k.lower(): v for k, v in _T["bounds"]["before"].items()}
_PREPOSITIONAL = frozenset(w.lower() for w in _T["bounds"]["prepositional"]["words"])
_BOUNDS_AFTER: dict[str, str] = {k.lower(): v for k, v in _T["bounds"]["after"].items()}
_VAGUE: dict[str, dict] = {e["phrase"].lower(): e for e in _T["vague"]}
_COMPOUND_Q: dict[str, dict] = {k.lower(): v for k, v in _T["compound"]["quantifiers"].items()}
_COMPOUND_UNITS: dict[str, int] = _T["compound"]["units"]
_PERSONS = _T["persons"]
_YEARS = _T["years"]
_YEAR_LOW, _YEAR_HIGH = _YEARS["range"]
_YEAR_CUES = frozenset(w.lower() for w in _YEARS["cues_before"])
_YEAR_FOLLOWERS = frozenset(w.lower() for w in _YEARS["followers"])

#: Quantifiers that say "none" ("no one was killed"); never returned by find_quantities.
NEGATIVE_QUANTIFIERS: frozenset[str] = frozenset(_T["negation"]["quantifiers"])


# --- regex building (once, at import) ---------------------------------------------------


def _phrase(words: str) -> str:
    """A literal phrase whose internal spaces match any run of white space."""
    return r"\s+".join(re.escape(w) for w in words.split())


def _alt(phrases: Iterable[str], fold: bool = True) -> str:
    """Alternation of literal phrases as a character trie ("seven(?:teen)?"): the regex
    engine then tests one branch per character instead of every phrase in turn, and the
    longer phrase is tried first. ``fold=False`` keeps the case (month names)."""
    trie: dict = {}
    for phrase in {" ".join(p.split()) for p in phrases if p.strip()}:
        node = trie
        for ch in phrase.lower() if fold else phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [
        (r"\s+" if ch == " " else re.escape(ch)) + _trie_pattern(child)
        for ch, child in sorted(node.items())
        if ch
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a phrase may end here: the longer continuation is optional
        return f"(?:{body})?"
    return body


def _words(phrases: Iterable[str]) -> str:
    """Alternation of phrases that must start and end at word edges."""
    return rf"(?<!\w)(?:{_alt(phrases)})(?!\w)"


_MONTH = rf"(?-i:(?:{_alt(_MONTHS, fold=False)})\b\.?)"
_NUM_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+|\d+)(?:\.\d+)?"
_DIGIT_SCALE = (
    rf"(?:\s*(?:{_alt(_DIGIT_SCALE_WORDS)})(?!\w)|(?:{_alt(_DIGIT_SCALE_SUFFIXES)})(?!\w))"
)
_CURRENCY_WORD = _words(_T["money"]["currency_words"])
_CURRENCY_BEFORE = (
    rf"(?:(?:{_alt(_T['money']['currency_symbols'])})"
    rf"|(?-i:(?:{_alt(_T['money']['currency_codes_before'], fold=False)}))\s?)"
)
_PERCENT = rf"(?:{_alt(_T['percent']['words'])})"
_CLOCK = rf"(?:{_alt(_T['clock']['words'])})(?!\w)"

# After a number in digits: not a decimal part, not glued to letters, not a date, clock
# time, percentage or amount of money.
_DIGIT_GUARD = (
    rf"(?![\w%]|[.,:/]\d|['’]s\b|\s*{_PERCENT}|\s*{_CURRENCY_WORD}|\s*{_CLOCK}|\s+{_MONTH}"
    rf"|\s+of\s+{_MONTH})"
)
_DIGIT_ATOM = rf"{_NUM_DIGITS}{_DIGIT_SCALE}?{_DIGIT_GUARD}"

_UNIT_WORD = rf"(?:{_alt(_UNITS)})(?!\w)"
_SCALE_WORD = rf"(?:{_alt(_SCALES)})(?!\w)"
_NW_TOKEN = rf"(?:{_alt(list(_UNITS) + list(_SCALES))})(?!\w)"
_AFTER_SCALE = "".join(f"(?<={re.escape(s)})" + "|" for s in _SCALES).rstrip("|")
# At most 12 words: "one hundred and twenty-three thousand four hundred and fifty-six".
# (The bound also keeps "one one one ..." from costing quadratic time.)
_NW_SEQ = (
    rf"(?:(?:a|an|one)\s+{_SCALE_WORD}|{_UNIT_WORD})"
    rf"(?:(?:\s*-\s*|\s+){_NW_TOKEN}|(?:{_AFTER_SCALE})\s+and\s+{_UNIT_WORD}){{0,11}}"
)
_FIXED_ATOM = _words(_FIXED)

_VAGUE_ATOM = "|".join(
    _phrase(p) + (r"(?=\s+of\b)" if _VAGUE[p].get("needs_of") else "") + r"(?!\w)"
    for p in sorted(_VAGUE, key=lambda p: (-len(p), p))
)
_COMPOUND_ATOM = rf"(?:{_alt(_COMPOUND_Q)})\s+(?:{_alt(_COMPOUND_UNITS)})s?(?!\w)"

_PERSON_MODIFIER = (
    rf"(?:(?-i:[A-Z][\w'’.-]*)|\d{{1,3}}-year-old|{_alt(_UNITS)}-year-old"
    rf"|(?:{_alt(_PERSONS['modifiers'])}))"
)
_PERSON_ATOM = (
    rf"(?:{_alt(_PERSONS['determiners'])})\s+(?:{_PERSON_MODIFIER}\s+){{0,2}}"
    rf"(?:{_alt(_PERSONS['nouns'])})(?![\w-])"
)

# Longest forms first: at one position the first alternative that matches wins.
_ATOM = rf"(?:{_COMPOUND_ATOM}|{_VAGUE_ATOM}|{_PERSON_ATOM}|{_FIXED_ATOM}|{_NW_SEQ}|{_DIGIT_ATOM})"
_BOUND_BEFORE = rf"(?:{_alt(_BOUNDS_BEFORE)})"
_BOUND_AFTER = r"(?:\s+(?:or\s+more|and\s+more|or\s+so)(?!\w)|-plus(?!\w)|\+)"
_RANGE_SEP = r"(?:\s*[-–—]\s*|\s+to\s+|\s+or\s+)"

_QUANTITY = (
    rf"(?:(?P<btw>between)\s+(?P<ba>{_ATOM})\s+and\s+(?P<bb>{_ATOM})"
    rf"|(?:(?P<pre>{_BOUND_BEFORE})\s+)?(?P<a>{_ATOM})"
    rf"(?:(?P<sep>{_RANGE_SEP})(?P<b>{_ATOM}))?(?P<post>{_BOUND_AFTER})?)"
)

# Spans that are skipped whole: phrases that are not quantities, dates, year spans,
# clock times, money, percentages.
_SKIP = "|".join(
    [
        _words(_T["skip"]["not_quantities"]),
        rf"(?:{_alt([*_UNITS, 'a', 'an'])})[\s-]+(?:{_alt(_T['skip']['fractions'])})(?!\w)",
        r"(?-i:No|Nos)\.\s?\d+",
        rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?(?!\d)",
        rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?(?!\d)",
        r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}(?!\d)",
        r"(?:18|19|20)\d\d\s*[-–/]\s*(?:(?:18|19|20)\d\d|\d\d)(?![\d,])",
        r"\d{1,2}(?:[:.]\d{2}){1,2}(?:\s*" + _CLOCK + r")?(?![\d,])",
        rf"\d{{1,2}}\s*{_CLOCK}",
        rf"{_CURRENCY_BEFORE}\s?{_NUM_DIGITS}{_DIGIT_SCALE}?",
        rf"{_NUM_DIGITS}{_DIGIT_SCALE}?\s*(?:{_PERCENT}|{_CURRENCY_WORD})",
    ]
)

_MASTER = re.compile(
    rf"(?<![\w$€£¥₹₽.,:/#'’-])(?:(?P<skip>{_SKIP})|(?P<q>{_QUANTITY}))", re.IGNORECASE
)
_SKIP_AT = re.compile(_SKIP, re.IGNORECASE)
_BLOB = re.compile(rf"[\d.,]+{_DIGIT_SCALE}?|\w+")
_DIGIT_PARTS = re.compile(
    rf"(?P<num>{_NUM_DIGITS})(?:\s*(?P<word>{_alt(_DIGIT_SCALE_WORDS)})|(?P<suf>"
    rf"{_alt(_DIGIT_SCALE_SUFFIXES)}))?",
    re.IGNORECASE,
)
_COMPOUND_PARTS = re.compile(
    rf"(?P<q>{_alt(_COMPOUND_Q)})\s+(?P<u>{_alt(_COMPOUND_UNITS)})s?", re.IGNORECASE
)
_PERSON_FULL = re.compile(_PERSON_ATOM, re.IGNORECASE)
_NW_TOKENS = re.compile(r"[^\s-]+")
_WORD_RANGE_DASH = re.compile(r"\s*[-–]\s*")
_PREV_WORD = re.compile(r"([\w©.]+-?)\W*$")
_NEXT_WORD = re.compile(r"\s+(\w+)")

# Scanning only tries the master pattern where a quantity (or a span to skip) can start:
# at a digit, a currency sign or the first word of a phrase in the tables.
_TOKEN = re.compile(r"[^\W_]+|[$€£¥₹₽₴₺₦]")


def _first_word(phrase: str) -> str:
    return re.split(r"[\s$-]+", phrase.strip().lower())[0] or phrase.strip()


_STARTS: frozenset[str] = frozenset(
    _first_word(p)
    for p in [
        *_BOUNDS_BEFORE,
        "between",
        *_UNITS,
        *_FIXED,
        *_VAGUE,
        *_COMPOUND_Q,
        *_PERSONS["determiners"],
        *_T["skip"]["not_quantities"],
        *_T["money"]["currency_symbols"],
        *_T["money"]["currency_codes_before"],
        "a",
        "an",
        "one",
    ]
)
_MONTH_STARTS: frozenset[str] = frozenset(_MONTHS)


def _key_word(phrase: str) -> str:
    return max(re.split(r"[^\w$€£¥₹₽₴₺₦]+", phrase.lower()), key=len)


# Every quantity contains its key word (its longest word), a digit, a currency sign or a
# month name, fewer than _LOOKBACK characters after its start: scanning looks for keys (in
# C, one regex) and tries the master pattern only at the few tokens before them. (Skipped
# phrases such as "the one" need no key of their own: they matter only around a key.)
_KEYS: frozenset[str] = frozenset(
    _key_word(p)
    for p in [
        *_UNITS,
        *_SCALES,
        *_FIXED,
        *_VAGUE,
        *_COMPOUND_Q,
        *_COMPOUND_UNITS,
        *_PERSONS["nouns"],
        *_T["money"]["currency_codes_before"],
    ]
)
# Digits cover dates, money and clock times (their skip patterns start at most a month
# name or a currency sign before the digit). The key regex runs on the lower-cased text,
# which is much faster than IGNORECASE; _KEY_ANY_CASE serves texts whose length changes
# when lower-cased (rare Unicode).
_KEY_SOURCE = rf"\b(?:\d+|(?:{_alt(_KEYS)})\b)"
_KEY = re.compile(_KEY_SOURCE)
_KEY_ANY_CASE = re.compile(_KEY_SOURCE, re.IGNORECASE)
_LOOKBACK = 64

#: Fast pre-check: matches when a text may hold a quantity (a digit, a number word, a
#: vague word or a person noun). No match -> find_quantities(text) is empty.
QUANTITY_HINT: re.Pattern[str] = re.compile(
    r"\d|\b(?:"
    + _alt(
        list(_UNITS)
        + list(_SCALES)
        + list(_FIXED)
        + [p.split()[-1] for p in _VAGUE]
        + [p.split()[-1] for p in _COMPOUND_Q]
        + [n.split()[-1] for n in _PERSONS["nouns"]]
    )
    + r")",
    re.IGNORECASE,
)


# --- parsing an atom ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Atom:
    value: int
    low: int | None
    high: int | None
    bound: str
    kind: str
    end: int  # length of the atom text actually used (number words may stop early)
    exact: bool  # a stated number (not vague): bounds shift it by one


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _exact(value: int, kind: str, end: int) -> _Atom:
    return _Atom(value, value, value, "=", kind, end, True)


def _parse_digits(text: str, scale_hint: int | None = None) -> _Atom | None:
    m = _DIGIT_PARTS.fullmatch(text)
    if m is None:
        return None
    raw = m["num"].replace(",", "").replace("\u00a0", "").replace("\u202f", "")
    raw = raw.replace("\u2009", "")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return None
    if m["word"]:
        number *= _DIGIT_SCALE_WORDS[m["word"].lower()]
    elif m["suf"]:
        number *= _DIGIT_SCALE_SUFFIXES[m["suf"].lower()]
    elif scale_hint and "." in raw:
        number *= scale_hint  # "1.5 to 2 million": the low end borrows the scale
    elif "." in raw:
        return None  # "7.8", "2.0": a measurement or version, not a count
    if number != number.to_integral_value():
        return None  # "7.8", "2.5 km": not a count
    return _exact(int(number), "number", len(text))


def _parse_number_words(text: str) -> _Atom | None:
    """Value of "two hundred and five", "twenty-three", "a dozen"; stops at the first token
    that cannot continue the number ("five six" -> five)."""
    total = group = 0
    prev = ""  # kind of the previous token: unit | ten | teen | hundred | scale
    used = 0
    value: int | None = None
    for tok in _NW_TOKENS.finditer(text):
        word = tok[0].lower()
        if word == "and" and prev == "hundred" or word == "and" and prev == "scale":
            continue
        if word in ("a", "an") and not prev:
            group, prev = 1, "a"
            continue
        if word in _UNITS:
            v = _UNITS[word]
            kind = "ten" if v >= 20 else ("teen" if v >= 10 else "unit")
            if prev in ("unit", "teen") or (prev == "ten" and kind != "unit") or prev == "a":
                break
            group += v
        elif word == "hundred":
            if prev not in ("unit", "teen", "ten", "a") or group >= 100:
                break
            group *= 100
            kind = "hundred"
        elif word in _SCALES:
            if prev not in ("unit", "teen", "ten", "a", "hundred"):
                break
            total += group * _SCALES[word]
            group = 0
            kind = "scale"
        else:
            break
        prev = kind
        used = tok.end()
        value = total + group
    if value is None:
        return None
    return _exact(value, "word", used)


def _parse_atom(text: str, scale_hint: int | None = None) -> _Atom | None:
    key = _norm(text)
    if key in _FIXED:
        return _exact(_FIXED[key], "word", len(text))
    entry = _VAGUE.get(key)
    if entry is not None:
        return _Atom(
            entry["value"],
            entry.get("low"),
            entry.get("high"),
            entry["bound"],
            "vague",
            len(text),
            False,
        )
    m = _COMPOUND_PARTS.fullmatch(text)
    if m is not None:
        q, unit = _COMPOUND_Q[_norm(m["q"])], _COMPOUND_UNITS[m["u"].lower()]
        high = (q["high"] + 1) * unit - 1 if "high" in q else None
        return _Atom(
            q["value"] * unit, q["low"] * unit, high, q["bound"], "vague", len(text), False
        )
    if text[:1].isdigit():
        return _parse_digits(text, scale_hint)
    if _PERSON_FULL.fullmatch(text):
        return _Atom(1, 1, 1, "=", "person", len(text), True)
    return _parse_number_words(text)


def _scale_of(text: str) -> int | None:
    """The scale a range's upper end ends with ("three hundred" -> 100, "2m" -> 10**6)."""
    last = _norm(text).rsplit(" ", 1)[-1].rsplit("-", 1)[-1]
    if last in _SCALES:
        return _SCALES[last]
    if last in _DIGIT_SCALE_WORDS:
        return _DIGIT_SCALE_WORDS[last]
    m = re.fullmatch(r"[\d.,]+([a-z]+)", last)
    if m and m[1] in _DIGIT_SCALE_SUFFIXES:
        return _DIGIT_SCALE_SUFFIXES[m[1]]
    return None


def _apply_bound(atom: _Atom, bound: str | None) -> Quantity:
    """Quantity of an atom under a bound word (None = the atom's own relation)."""
    v, low, high = atom.value, atom.low, atom.high
    if bound is None:
        return Quantity("", v, low, high, atom.bound)
    if bound == ">=":
        return Quantity("", v, low, None, bound)
    if bound == ">":
        return Quantity("", v, None if low is None else low + 1, None, bound)
    if bound == "<=":
        return Quantity("", v, None, v if atom.exact else high, bound)
    if bound == "<":
        return Quantity("", v, None, v - 1 if atom.exact else high, bound)
    # "~": a stated number becomes open both ways; a vague amount keeps its interval.
    if atom.exact:
        return Quantity("", v, None, None, bound)
    return Quantity("", v, low, high, bound)


def _is_year(text: str, start: int, end: int, digits: str) -> bool:
    """A bare four-digit number read as a year (rules in data/quantities.toml [years]);
    the caller has checked that no bound word precedes it."""
    if len(digits) != 4 or not digits.isdigit() or not _YEAR_LOW <= int(digits) <= _YEAR_HIGH:
        return False
    prev = _PREV_WORD.search(text, max(0, start - 24), start)
    if prev and prev[1].lower().rstrip(".") in _YEAR_CUES:
        return True
    nxt = _NEXT_WORD.match(text, end)
    return not (nxt and nxt[1][0].islower() and nxt[1] not in _YEAR_FOLLOWERS)


# --- the finder ------------------------------------------------------------------------


def _blob_end(text: str, pos: int) -> int:
    m = _BLOB.match(text, pos)
    return m.end() if m else pos + 1


def _make(text: str, start: int, end: int, q: Quantity, kind: str) -> QuantityMatch:
    q.text = text[start:end]
    return QuantityMatch(start, end, q, kind)


def _read(text: str, m: re.Match[str]) -> tuple[QuantityMatch | None, int]:
    """The quantity of a master match (or None) and where scanning resumes."""
    if m["btw"] is not None:
        a_text, b_text, pre, sep, post = m["ba"], m["bb"], None, " and ", None
        a_start, a_end, b_end = m.start("ba"), m.end("ba"), m.end("bb")
    else:
        a_text, b_text, pre, sep, post = m["a"], m["b"], m["pre"], m["sep"], m["post"]
        a_start, a_end = m.start("a"), m.end("a")
        b_end = m.end("b") if b_text is not None else a_end
    start = m.start()
    bound = _BOUNDS_BEFORE[_norm(pre)] if pre else None
    if pre and _norm(pre) in _PREPOSITIONAL and m["btw"] is None:
        head = _parse_atom(a_text)
        if head is not None and head.kind in ("vague", "person"):
            start, pre, bound = a_start, None, None  # "about many people": a preposition

    if a_start != start:  # after a bound word: "nearly one-fifth", "at least one of"
        skip = _SKIP_AT.match(text, a_start)
        if skip is not None:
            return None, max(skip.end(), a_start + 1)
    if a_text[:1].isdigit() and pre is None and _is_year(text, a_start, a_end, a_text):
        return None, a_end

    a = _parse_atom(a_text, _scale_of(b_text) if b_text else None)
    if a is None:
        return None, _blob_end(text, a_start)
    if a.end < len(a_text):  # number words stopped early: "one-two" (a range), "five six"
        dash = _WORD_RANGE_DASH.match(a_text, a.end)
        b = _parse_number_words(a_text[dash.end() :]) if dash else None
        if dash and b is not None and dash.end() + b.end == len(a_text) and a.value < b.value:
            q = Quantity("", a.value, a.low, b.value, ">=")
            return _make(text, start, a_end, q, "range"), a_end
        return _make(text, start, a_start + a.end, _apply_bound(a, bound), a.kind), a_start + a.end

    if b_text is not None:
        b = _parse_atom(b_text)
        scale = _scale_of(b_text)
        if b is not None and a.exact and scale and a.value < scale and a.value * scale < b.value:
            a = _exact(a.value * scale, a.kind, a.end)  # "two to three hundred"
        a_plain = _parse_atom(a_text) if a_text[:1].isdigit() else a
        from_before = _PREV_WORD.search(text, max(0, start - 8), start)
        is_change = from_before is not None and from_before[1].lower() == "from"
        if (
            b is not None
            and b.end == len(b_text)
            and a.kind != "person"
            and b.kind != "person"
            and a.value < b.value
            and not is_change
        ):
            high = b.high if b.high is not None else b.value
            q = Quantity("", a.value, a.low, high, ">=")
            if bound is not None and m["btw"] is None:
                q = Quantity("", a.value, a.low if bound != "<=" else None, high, bound)
            return _make(text, start, b_end, q, "range"), b_end
        if sep is not None and sep.strip() in ("-", "–", "—") and b is not None and a_plain:
            return None, b_end  # "3-0", "5-4": a score, not a range
        if m["btw"] is not None:
            return None, a_start
        a = a_plain or a
        if a is None:
            return None, _blob_end(text, a_start)
        return _make(text, start, a_end, _apply_bound(a, bound), a.kind), a_end

    if post and bound is None:
        bound = _BOUNDS_AFTER.get(_norm(post)) or _BOUNDS_AFTER.get(post.strip().lower())
        return _make(text, start, m.end(), _apply_bound(a, bound), a.kind), m.end()
    return _make(text, start, a_end, _apply_bound(a, bound), a.kind), a_end


def find_quantities(text: str) -> list[QuantityMatch]:
    """Every quantity expression of ``text``, left to right, non-overlapping, longest
    first; the span includes bound words ("up to 200") and person nouns ("a man")."""
    found: list[QuantityMatch] = []
    starts, months = _STARTS, _MONTH_STARTS
    match_at, tokens = _MASTER.match, _TOKEN.finditer
    pos = 0
    tried = -1  # tokens up to here were tried already (a match depends only on position)
    lower = text.lower()
    keys = _KEY.finditer(lower) if len(lower) == len(text) else _KEY_ANY_CASE.finditer(text)
    for key in keys:
        if key.start() < pos:
            continue
        # Try the tokens that may start a phrase containing this key, earliest first.
        for tok in tokens(text, max(pos, key.start() - _LOOKBACK), key.end()):
            at = tok.start()
            word = tok[0]
            if at < pos or at <= tried:
                continue
            tried = at
            if not (word[0].isdigit() or word.lower() in starts or word in months):
                continue
            m = match_at(text, at)
            if m is None:
                continue
            if m["skip"] is not None:
                pos = m.end()
                continue
            match, resume = _read(text, m)
            if match is not None:
                found.append(match)
            pos = max(resume, at + 1)
    return found


def parse_quantity(text: str) -> Quantity | None:
    """The Quantity of one expression ("up to 200", "several dozen", "a man"), or None
    when ``text`` (stripped) is not exactly one quantity expression."""
    stripped = text.strip()
    found = find_quantities(stripped)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(stripped):
        return None
    return found[0].quantity
