"""JSON Lines (``.jsonl``, ``-`` for standard input): one article per line.

A record is an object with ``text`` or ``html`` and optionally ``id``, ``title``,
``outlet``, ``url``, ``published`` and ``language``. A bad line becomes a Failure
"path:LINE: reason" and the other lines go on. Lines are read with a bounded
``readline`` so that one huge line never has to fit in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from ..model import Article, Failure
from ..settings import Settings
from .common import build_article, decode_text, id_name_for
from .html import page_article
from .htmltext import extract_page
from .registry import InputProblem, Reader, Source, register

# Bytes read at a time while skipping the rest of an over-long line.
_SKIP_CHUNK = 1 << 20
_STRING_FIELDS = ("id", "title", "outlet", "url", "published", "language")


def read_jsonl(source: Source, settings: Settings) -> Iterator[Article | Failure]:
    id_name = id_name_for(source.name)
    seen_any = False
    with source.open() as stream:
        for number, line in _bounded_lines(stream, settings.max_input_bytes):
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
    if not seen_any:
        raise InputProblem("empty file")


def _bounded_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs; an over-long line gives None and is skipped unread."""
    number = 0
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
    try:
        record = json.loads(decode_text(line))
    except json.JSONDecodeError as exc:
        raise InputProblem(f"invalid JSON ({exc.msg} at column {exc.colno})") from exc
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


register(Reader(name="jsonl", suffixes=(".jsonl", ".ndjson"), read=read_jsonl))
