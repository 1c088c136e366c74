"""JSON Lines (``.jsonl``, ``-`` for standard input): one article per line.

A record is an object with ``text`` or ``html`` and optionally ``id``, ``title``,
``outlet``, ``url``, ``published`` and ``language``. A bad line becomes a Failure
"path:LINE: reason" and the other lines go on. Lines are read with a bounded
``readline`` so that one huge line never has to fit in memory.

Limits reject one record with a reason and never cost the lines around it: a line longer
than ``settings.max_input_bytes``, nesting deeper than ``MAX_NESTING``, a metadata field
longer than ``MAX_FIELD_CHARS``; any other error in one record fails that record alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import BinaryIO

from ..model import Article, Failure
from ..settings import Settings
from .common import build_article, decode_text, id_name_for
from .html import page_article
from .htmltext import extract_page
from .registry import Input, InputProblem, Reader, register

# Bytes read at a time while skipping the rest of an over-long line.
_SKIP_CHUNK = 1 << 20
_STRING_FIELDS = ("id", "title", "outlet", "url", "published", "language")
# A record is a flat object; a few levels allow producers that wrap values.
MAX_NESTING = 32
# Metadata fields (id, title, outlet, url, published, language); text and html are
# bounded by the line length and cut to ``settings.max_article_chars``.
MAX_FIELD_CHARS = 10_000


def read_jsonl(
    source: Input, settings: Settings, *, first_line: int = 1
) -> Iterator[Article | Failure]:
    """The records of a JSONL input; ``first_line`` > 1 reads a slice of a larger file
    that starts at that line (newstally.scale), numbering lines as the whole file does."""
    id_name = id_name_for(source.name)
    seen_any = False
    with source.open() as stream:
        for number, line in _bounded_lines(stream, settings.max_input_bytes, first_line):
            origin = f"{source.label}:{number}"
            if line is None:
                yield Failure(origin, f"line too long (more than {settings.max_input_bytes} bytes)")
                seen_any = True
                continue
            if not line.strip():
                continue
            seen_any = True
            try:
                yield _record_article(line, origin, f"{id_name}-{number}", settings)
            except InputProblem as problem:
                yield Failure(origin, problem.reason)
            except Exception as exc:  # noqa: BLE001 - one bad record never costs the others
                message = " ".join(str(exc).split())[:200]
                yield Failure(origin, f"could not read record ({type(exc).__name__}: {message})")
    if not seen_any and first_line == 1:
        raise InputProblem("empty file")


def _bounded_lines(
    stream: BinaryIO, limit: int, first: int = 1
) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs, from ``first``; an over-long line gives None and is
    skipped unread."""
    number = first - 1
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit:
            while not line.endswith(b"\n"):
                line = stream.readline(_SKIP_CHUNK)
                if not line:
                    break
            yield number, None
            continue
        yield number, line


def _record_article(line: bytes, origin: str, id_name: str, settings: Settings) -> Article:
    text = decode_text(line)
    if _nesting(text) > MAX_NESTING:
        raise InputProblem(f"nested too deeply (more than {MAX_NESTING} levels)")
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputProblem(f"invalid JSON ({exc.msg} at column {exc.colno})") from exc
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise InputProblem(f"invalid JSON ({' '.join(str(exc).split())[:120]})") from exc
    if not isinstance(record, dict):
        raise InputProblem(f"not a JSON object (got {type(record).__name__})")
    given: dict[str, str] = {}
    for name in _STRING_FIELDS:
        value = record.get(name)
        if value is None:
            continue
        if name == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise InputProblem(f"field {name!r} is not a string")
        if len(value) > MAX_FIELD_CHARS:
            raise InputProblem(
                f"field {name!r} too large ({len(value)} characters > {MAX_FIELD_CHARS})"
            )
        given[name] = value
    text, markup = record.get("text"), record.get("html")
    for name, value in (("text", text), ("html", markup)):
        if value is not None and not isinstance(value, str):
            raise InputProblem(f"field {name!r} is not a string")
    if isinstance(text, str) and text.strip():
        return build_article(
            origin=origin,
            id_name=id_name,
            text=text,
            settings=settings,
            own_id=given.get("id"),
            title=given.get("title"),
            outlet=given.get("outlet"),
            url=given.get("url"),
            published=given.get("published"),
            language=given.get("language"),
        )
    if isinstance(markup, str) and markup.strip():
        page = extract_page(markup, url=given.get("url"))
        if page is None:
            raise InputProblem("no article text found in 'html'")
        return page_article(page, origin=origin, id_name=id_name, settings=settings, given=given)
    raise InputProblem("no 'text' or 'html' field")


def _nesting(text: str) -> int:
    """How deep brackets nest in a JSON text, counted outside strings. Strings are removed
    by a regular expression first, so the count runs over structure only (C speed)."""
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return 0
    structure = _JSON_STRING.sub("", text)
    depth = deepest = 0
    for match in _BRACKET.finditer(structure):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
        if deepest > MAX_NESTING:
            break
    return deepest


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


register(Reader(name="jsonl", suffixes=(".jsonl", ".ndjson"), read=read_jsonl))
