"""Gzip-compressed inputs other than WARC (``report.txt.gz``, ``feed.xml.gz``, ...).

The input is unpacked in memory (bounded by ``settings.max_input_bytes``) and read by
the reader that its inner name and content call for. ``.warc.gz`` files never get here:
the WARC reader's signature claims them first and streams them record by record.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator

from ..model import Article, Failure
from ..settings import Settings
from .registry import HEAD_BYTES, InputProblem, Reader, Source, choose_reader, register
from .warc import is_warc

_GZIP_MAGIC = b"\x1f\x8b"


def is_gzip(head: bytes) -> bool:
    return head.startswith(_GZIP_MAGIC) and not is_warc(head)


def read_gzip(source: Source, settings: Settings) -> Iterator[Article | Failure]:
    limit = settings.max_input_bytes
    try:
        with source.open() as stream, gzip.GzipFile(fileobj=stream) as unpacked:
            data = unpacked.read(limit + 1)
    except EOFError as exc:
        raise InputProblem("truncated gzip stream") from exc
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise InputProblem(f"not a valid gzip file ({exc})") from exc
    if len(data) > limit:
        raise InputProblem(f"file too large (more than {limit} bytes unpacked)")
    if not data.strip():
        raise InputProblem("empty file")
    name = source.name
    inner = Source(
        label=source.label,
        open=lambda: io.BytesIO(data),
        head=data[:HEAD_BYTES],
        size=len(data),
        inner_name=name[:-3] if name.lower().endswith(".gz") else name,
    )
    reader = choose_reader(inner.name, inner.head)
    if reader is None or reader.read is read_gzip:
        raise InputProblem("unknown type inside gzip")
    yield from reader.read(inner, settings)


register(Reader(name="gzip", suffixes=(".gz",), read=read_gzip, signature=is_gzip))
