"""Gzip-compressed inputs other than WARC (``report.txt.gz``, ``feed.xml.gz``, ...).

The input is unpacked in memory (bounded by ``settings.max_input_bytes``) and read by
the reader that its inner name and content call for. Whatever decompresses is kept: after
corrupt or truncated data or trailing bytes that are not gzip, the text unpacked so far is
read and the rest is reported as a Failure of the input. ``.warc.gz`` files never get here:
the WARC reader's signature claims them first and streams them record by record.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator

from ..model import Article, Failure
from ..settings import Settings
from .registry import (
    HEAD_BYTES,
    Input,
    InputProblem,
    Reader,
    choose_reader,
    read_all,
    register,
)
from .warc import is_warc

_GZIP_MAGIC = b"\x1f\x8b"
_GZIP_MEMBER = b"\x1f\x8b\x08"
_CHUNK = 1 << 16


def is_gzip(head: bytes) -> bool:
    return head.startswith(_GZIP_MAGIC) and not is_warc(head)


def read_gzip(source: Input, settings: Settings) -> Iterator[Article | Failure]:
    data, problem = gunzip(read_all(source, settings), settings.max_input_bytes)
    if not data.strip():
        raise InputProblem("empty file")
    name = source.name
    inner = Input(
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
    if problem:
        yield Failure(source.label, problem)


def gunzip(data: bytes, limit: int) -> tuple[bytes, str | None]:
    """The bytes that decompress from every gzip member of ``data``, and what went wrong
    after them (corrupt or truncated data, trailing bytes that are not gzip), if anything.
    Raises `InputProblem` when nothing decompresses or the result passes ``limit``."""
    out = bytearray()
    position = 0
    while position < len(data):
        if not data.startswith(_GZIP_MEMBER, position):
            rest = len(data) - position
            if not out:
                raise InputProblem("not a valid gzip file")
            if data[position:].strip(b"\0 \t\r\n"):
                return bytes(out), f"{rest} bytes after the gzip data are not gzip, ignored"
            break
        decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
        read_to = position
        try:
            while not decompressor.eof and read_to < len(data):
                chunk = data[read_to : read_to + _CHUNK]
                read_to += len(chunk)
                while chunk and not decompressor.eof:
                    out += decompressor.decompress(chunk, _CHUNK)
                    if len(out) > limit:
                        raise InputProblem(f"file too large (more than {limit} bytes unpacked)")
                    chunk = decompressor.unconsumed_tail
        except zlib.error as exc:
            if not out:
                raise InputProblem(f"not a valid gzip file ({exc})") from exc
            return bytes(out), f"corrupt gzip data ({exc}); the {len(out)} bytes before it kept"
        if not decompressor.eof:
            if not out:
                raise InputProblem("truncated gzip stream")
            return bytes(out), f"truncated gzip stream; the {len(out)} bytes that decompress kept"
        position = read_to - len(decompressor.unused_data)
    return bytes(out), None


register(Reader(name="gzip", suffixes=(".gz",), read=read_gzip, signature=is_gzip))
