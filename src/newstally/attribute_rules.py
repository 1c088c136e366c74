"""An indexed drop-in for spaCy's `attribute_ruler`, with the same rules and the same output.

spaCy's English pipelines end their tagging with an `AttributeRuler`: some 180 token
patterns (the tag map from fine tags to POS and morphology, word-specific exceptions) run
through the general `Matcher` and applied one `Span` at a time. On the short sentences
newstally parses, that costs about as much as the dependency parser itself. Every pattern
of the English pipelines is one or two tokens with plain equality, IN / NOT_IN or REGEX tests on
TAG, LOWER, DEP or IS_SPACE, so a lookup by the first token's tag or lower-case form finds
each token's candidate rules directly.

`IndexedAttributeRuler` is built from a loaded `AttributeRuler` (its patterns, its
attribute values, its indices) and writes them with spaCy's own `set_token_attrs`, in the
ruler's order (later rules win), after matching against the tokens as they were. If a
pipeline's ruler uses anything else (operators, other attributes), `index_rules`
returns None and the original ruler stays in place. The test suite checks the two give
identical tokens.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc

PIPE_NAME = "attribute_ruler"
FACTORY = "newstally_indexed_attribute_ruler"

# Token attributes a pattern may test: spaCy attribute names, read with Doc.to_array as
# hashes (IS_SPACE as 0 / 1), in this column order.
_COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")
# Attributes the index is keyed on (tried in this order on a pattern's first token).
_INDEX_KEYS = ("LOWER", "TAG")  # the word first: it is the more selective

# Distinct token rows remembered with their starting rules (cleared when full).
_MEMO_SIZE = 200_000

Test = tuple[int, str, Any]  # (column, "eq" | "in" | "not_in" | "regex", value)


def _hash(value: str | bool) -> int:
    from spacy.strings import get_string_id

    return int(value) if isinstance(value, bool) else get_string_id(value)


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern of the ruler: the token tests, which token gets the attributes, and the
    rule's position (later positions take precedence)."""

    order: int
    tests: tuple[tuple[Test, ...], ...]  # one tuple of tests per pattern token
    index: int
    attrs: dict[int, int]

    def passes(self, row: list[int], offset: int, text: Callable[[int], str]) -> bool:
        """Whether a token (its `_COLUMNS` row) passes the tests of pattern token ``offset``."""
        for column, op, value in self.tests[offset]:
            got = row[column]
            if op == "eq":
                if got != value:
                    return False
            elif op == "in":
                if got not in value:
                    return False
            elif op == "regex":
                if not value.search(text(got)):
                    return False
            elif got in value:  # not_in
                return False
        return True


def _compile_token(spec: dict[str, Any]) -> tuple[Test, ...] | None:
    tests: list[Test] = []
    for attr, value in spec.items():
        if attr not in _COLUMNS:
            return None
        column = _COLUMNS.index(attr)
        if isinstance(value, dict):
            if len(value) != 1:
                return None
            ((op, items),) = value.items()
            if op == "REGEX" and isinstance(items, str):  # the Matcher uses re.search
                tests.append((column, "regex", re.compile(items)))
                continue
            if op not in ("IN", "NOT_IN") or not isinstance(items, list):
                return None
            tests.append((column, op.lower(), frozenset(_hash(v) for v in items)))
        elif isinstance(value, str | bool):
            tests.append((column, "eq", _hash(value)))
        else:
            return None
    return tuple(tests)


def index_rules(ruler: AttributeRuler) -> IndexedAttributeRuler | None:
    """The indexed equivalent of ``ruler``, or None when a pattern uses anything beyond the
    supported one-or-two-token equality / IN / NOT_IN / REGEX tests."""
    rules: list[tuple[Rule, dict[str, Any]]] = []
    for order, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices, strict=True)):
        found = ruler.matcher.get(str(order))
        if found is None:
            return None
        for pattern in found[1]:
            compiled = tuple(_compile_token(spec) for spec in pattern)
            if not compiled or any(tests is None for tests in compiled):
                return None
            if not -len(compiled) <= index < len(compiled):
                return None
            rule = Rule(order, compiled, index % len(compiled), dict(attrs))  # type: ignore[arg-type]
            rules.append((rule, pattern[0]))
    return IndexedAttributeRuler(rules)


class IndexedAttributeRuler:
    """Applies an `AttributeRuler`'s rules through a first-token index (see module doc)."""

    def __init__(self, rules: Iterable[tuple[Rule, dict[str, Any]]]) -> None:
        index: dict[int, dict[int, list[Rule]]] = {
            _COLUMNS.index(k): defaultdict(list) for k in _INDEX_KEYS
        }
        self.unindexed: list[Rule] = []
        for rule, first in rules:
            for key in _INDEX_KEYS:
                value = first.get(key)
                column = index[_COLUMNS.index(key)]
                if isinstance(value, str):
                    column[_hash(value)].append(rule)
                    break
                if isinstance(value, dict) and list(value) == ["IN"]:
                    for item in value["IN"]:
                        column[_hash(item)].append(rule)
                    break
            else:
                self.unindexed.append(rule)
        self.by_column = [(c, dict(rules_by_value)) for c, rules_by_value in index.items()]
        self._memo: dict[tuple[int, ...], tuple[Rule, ...]] = {}

    def _starting(self, row: list[int], text: Callable[[int], str]) -> tuple[Rule, ...]:
        """The rules whose first pattern token this token (its row) passes; memoised by
        row, since a corpus repeats the same (tag, word, dep) combinations endlessly."""
        key = tuple(row)
        hit = self._memo.get(key)
        if hit is None:
            candidates = [r for c, by_value in self.by_column for r in by_value.get(row[c], ())]
            hit = tuple(r for r in candidates + self.unindexed if r.passes(row, 0, text))
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = hit
        return hit

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens._retokenize import set_token_attrs

        if not len(doc):
            return doc
        rows = doc.to_array(list(_COLUMNS)).tolist()
        text = doc.vocab.strings.__getitem__
        found: list[tuple[int, int, Rule]] = []
        for start, row in enumerate(rows):
            for rule in self._starting(row, text):
                width = len(rule.tests)
                if width == 1 or (
                    start + width <= len(rows)
                    and all(rule.passes(rows[start + k], k, text) for k in range(1, width))
                ):
                    found.append((rule.order, start, rule))
        # All matching first, on the tokens as they were; then later rules overwrite
        # earlier ones, attribute by attribute, and each token is written once.
        found.sort(key=lambda m: (m[0], m[1]))
        final: dict[int, dict[int, int]] = {}
        for _, start, rule in found:
            final.setdefault(start + rule.index, {}).update(rule.attrs)
        for i, attrs in final.items():
            set_token_attrs(doc[i], attrs)
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)


def _register() -> None:
    from spacy.language import Language

    if Language.has_factory(FACTORY):
        return

    def make(nlp: Language, name: str) -> IndexedAttributeRuler:
        indexed = index_rules(nlp.get_pipe(PIPE_NAME))
        if indexed is None:  # checked by install() before it adds the pipe
            raise ValueError(f"{PIPE_NAME}: patterns the indexed ruler does not support")
        return indexed

    # spaCy validates a factory's arguments against its annotations (through pydantic);
    # this module's annotations are strings, and "Language" is a name local to this
    # function that the validator cannot resolve, so it gets the objects themselves.
    make.__annotations__ = {"nlp": Language, "name": str, "return": IndexedAttributeRuler}
    Language.factory(FACTORY)(make)


def install(nlp: Language) -> bool:
    """Swap ``nlp``'s `attribute_ruler` for the indexed equivalent, in place. Returns False
    (and changes nothing) when there is none or its patterns are not supported."""
    if PIPE_NAME not in nlp.pipe_names:
        return False
    if index_rules(nlp.get_pipe(PIPE_NAME)) is None:
        return False
    _register()
    staged = f"{PIPE_NAME}_indexed"
    nlp.add_pipe(FACTORY, name=staged, before=PIPE_NAME)
    nlp.remove_pipe(PIPE_NAME)
    nlp.rename_pipe(staged, PIPE_NAME)
    return True
