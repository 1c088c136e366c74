"""Plain-text reports (``.txt``), with optional ``NAME.meta.json`` metadata beside them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..model import Article, Failure
from ..settings import Settings
from .common import build_article, decode_text, headline_of, id_name_for, normalize_text
from .registry import Input, InputProblem, Reader, read_all, register

META_SUFFIX = ".meta.json"
# Fields a meta.json file may give; others are ignored.
_META_FIELDS = ("id", "title", "outlet", "url", "published", "language")
_META_MAX_BYTES = 65_536


def meta_path_for(path: Path) -> Path:
    """``dir/NAME.txt`` -> ``dir/NAME.meta.json``."""
    return path.with_name(id_name_for(path.name) + META_SUFFIX)


def read_meta(source: Input) -> tuple[dict[str, str], Failure | None]:
    """Metadata from the meta.json beside ``source``; a bad file is reported, not fatal."""
    if source.path is None:
        return {}, None
    meta_path = meta_path_for(source.path)
    if not meta_path.is_file():
        return {}, None
    label = str(Path(source.label).with_name(meta_path.name))
    try:
        with meta_path.open("rb") as fh:
            raw = fh.read(_META_MAX_BYTES + 1)
        if len(raw) > _META_MAX_BYTES:
            return {}, Failure(label, f"metadata file too large (> {_META_MAX_BYTES} bytes)")
        data = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, Failure(label, f"invalid metadata, ignored ({_one_line(exc)})")
    if not isinstance(data, dict):
        return {}, Failure(label, "invalid metadata, ignored (not a JSON object)")
    return {k: v for k, v in data.items() if k in _META_FIELDS and isinstance(v, str)}, None


def read_text(source: Input, settings: Settings) -> Iterator[Article | Failure]:
    data = read_all(source, settings)
    if not data.strip():
        raise InputProblem("empty file")
    decoded = decode_text(data)
    text = normalize_text(decoded)
    if not text:
        raise InputProblem("empty file")
    meta, meta_failure = read_meta(source)
    if meta_failure:
        yield meta_failure
    yield build_article(
        origin=source.label,
        id_name=id_name_for(source.name),
        text=decoded,  # build_article cleans it again, noting removed characters
        settings=settings,
        own_id=meta.get("id"),
        title=meta.get("title") or headline_of(text),
        outlet=meta.get("outlet"),
        url=meta.get("url"),
        published=meta.get("published"),
        language=meta.get("language"),
    )


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


register(Reader(name="text", suffixes=(".txt", ".text"), read=read_text))
