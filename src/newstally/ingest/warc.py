"""Web archives (``.warc``, ``.warc.gz``): one article per HTML response record.

The archive is cut into records by this module, not by warcio, so that one corrupt record
costs only itself: a gzip member that does not decompress, or bytes between records that
are no record, become a Failure at their offset and reading goes on at the next gzip member
(``.warc.gz``) or the next ``WARC/1.x`` line (``.warc``). warcio then parses each record on
its own. Memory is bounded by ``settings.max_input_bytes`` per record.
"""

from __future__ import annotations

import contextlib
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from ..model import Article, Failure
from ..settings import Settings
from .common import id_name_for
from .html import page_article
from .htmltext import decode_html, extract_page
from .registry import Input, InputProblem, Reader, register

_GZIP_MAGIC = b"\x1f\x8b"
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/"
_WARC_START = re.compile(rb"WARC/1\.[01]\r?\n")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1 << 16
# Decompressed bytes of an over-large record kept to read its headers.
_HEADER_BYTES = 1 << 16
_MAX_HEADER_LINES = 256
NO_HTML_RECORDS = "no HTML response records"


def is_warc(head: bytes) -> bool:
    if head.startswith(_WARC_MAGIC):
        return True
    if not head.startswith(_GZIP_MAGIC):
        return False
    try:
        inner = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, len(_WARC_MAGIC))
    except zlib.error:
        return False
    return inner.startswith(_WARC_MAGIC)


@dataclass(slots=True)
class _Piece:
    """A stretch of the archive: a record's bytes (``data``), or a problem at ``offset``."""

    offset: int
    data: bytes = b""
    problem: str | None = None
    too_large: bool = False  # data holds only the record's first bytes


def read_warc(
    source: Input, settings: Settings, *, base_offset: int = 0, whole_file: bool = True
) -> Iterator[Article | Failure]:
    """The articles of an archive's HTML response records. ``base_offset`` and
    ``whole_file=False`` read a slice of a larger file (`newstally.scale`): origins keep
    the offsets in the file, and a slice without HTML records is no failure of its own."""
    if not is_warc(source.head):
        raise InputProblem("not a WARC file (no WARC/ header)")
    id_name = id_name_for(source.name)
    limit = settings.max_input_bytes
    html_records = 0
    problems = 0
    with source.open() as stream:
        pieces = (
            _gzip_members(stream, limit)
            if source.head.startswith(_GZIP_MAGIC)
            else _plain_records(stream, limit)
        )
        for piece in pieces:
            origin = f"{source.label}@{base_offset + piece.offset}"
            if piece.problem:
                problems += 1
                yield Failure(origin, piece.problem)
                continue
            for record, body in _html_responses(piece.data, limit):
                html_records += 1
                if piece.too_large:
                    yield Failure(origin, f"record too large (more than {limit} bytes)")
                elif body is None:
                    yield Failure(origin, "truncated record")
                else:
                    yield from _record_article(record, body, origin, id_name, settings)
    if whole_file and html_records == 0 and problems == 0:
        yield Failure(source.label, NO_HTML_RECORDS)


def record_starts(stream: BinaryIO, gzipped: bool) -> Iterator[tuple[int, bool]]:
    """(offset, readable) of each record (gzip member, or plain record) of an archive in
    the order `read_warc` cuts them; a slice from one readable record up to the next gives
    `read_warc` the records, offsets and failures the whole file gives there."""
    # Only the headers are kept (the cuts do not depend on the limit beyond them).
    pieces = _gzip_members(stream, 0) if gzipped else _plain_records(stream, _HEADER_BYTES)
    for piece in pieces:
        yield piece.offset, piece.problem is None


def _gzip_members(stream: BinaryIO, limit: int) -> Iterator[_Piece]:
    """Each gzip member's bytes; a member that does not decompress is a problem, and
    reading resumes at the next gzip header after it."""
    offset = 0
    while True:
        stream.seek(offset)
        decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
        data = bytearray()
        size = 0
        try:
            while not decompressor.eof:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                while chunk and not decompressor.eof:
                    part = decompressor.decompress(chunk, _CHUNK)
                    size += len(part)
                    if size <= limit:
                        data += part
                    elif len(data) < _HEADER_BYTES:
                        data += part[: _HEADER_BYTES - len(data)]
                    chunk = decompressor.unconsumed_tail
        except zlib.error as exc:
            problem: str | None = f"corrupt gzip member ({exc}"
        else:
            # The data ran out before the member ended: a cut file, or a corrupt member
            # that read on into the next ones.
            problem = None if decompressor.eof else "truncated gzip stream"
        if problem is not None:
            following = _find(stream, _GZIP_MEMBER, offset + 1)
            if following is None and problem == "truncated gzip stream":
                yield _Piece(offset, problem=problem)
                return
            skipped = (following if following is not None else _end(stream)) - offset
            if problem == "truncated gzip stream":
                problem = "corrupt gzip member (no end"
            yield _Piece(offset, problem=f"{problem}; {skipped} bytes skipped)")
            if following is None:
                return
            offset = following
            continue
        yield _Piece(offset, bytes(data), too_large=size > limit)
        offset = stream.tell() - len(decompressor.unused_data)
        rest = decompressor.unused_data + stream.read(len(_GZIP_MEMBER))
        if not rest.strip(b"\0 \r\n\t") and not stream.read(1):
            return
        if not rest.startswith(_GZIP_MEMBER[: len(rest)]):
            following = _find(stream, _GZIP_MEMBER, offset)
            skipped = (following if following is not None else _end(stream)) - offset
            yield _Piece(offset, problem=f"not gzip data ({skipped} bytes skipped)")
            if following is None:
                return
            offset = following


def _plain_records(stream: BinaryIO, limit: int) -> Iterator[_Piece]:
    """Each uncompressed record's bytes (headers and the Content-Length bytes of its block);
    bytes that start no record are a problem, and reading resumes at the next line
    ``WARC/1.0`` or ``WARC/1.1``."""
    offset = 0
    while True:
        stream.seek(offset)
        line = stream.readline(_CHUNK)
        while line and not line.strip():
            offset += len(line)
            line = stream.readline(_CHUNK)
        if not line:
            return
        headers = _record_headers(stream, line) if _WARC_START.fullmatch(line) else None
        length = _content_length(headers) if headers is not None else None
        if headers is None or length is None:
            # From the line's second byte on: junk may run into a record's first line.
            following = _next_warc_line(stream, offset + 1, False)
            skipped = (following if following is not None else _end(stream)) - offset
            yield _Piece(offset, problem=f"not a WARC record ({skipped} bytes skipped)")
            if following is None:
                return
            offset = following
            continue
        start = offset + len(headers)
        keep = length if length <= limit else max(0, _HEADER_BYTES - len(headers))
        block = stream.read(keep)
        if len(block) < keep or (length > limit and _end(stream) < start + length):
            yield _Piece(offset, problem="truncated record")
            return
        yield _Piece(offset, headers + block, too_large=length > limit)
        offset = start + length


def _record_headers(stream: BinaryIO, first: bytes) -> bytes | None:
    lines = [first]
    for _ in range(_MAX_HEADER_LINES):
        line = stream.readline(_CHUNK)
        if not line:
            return None
        lines.append(line)
        if not line.strip():
            return b"".join(lines)
    return None


def _content_length(headers: bytes) -> int | None:
    match = re.search(rb"(?im)^content-length:[ \t]*(\d{1,15})[ \t]*\r?$", headers)
    return int(match.group(1)) if match else None


def _next_warc_line(stream: BinaryIO, position: int, at_line_start: bool) -> int | None:
    """The offset of the next record start at or after ``position`` (``at_line_start``
    says whether it begins a line): a ``WARC/1.x`` line, or one that ends a line whose
    start is junk (damage that ran over the line break before it)."""
    stream.seek(position)
    offset = position
    while True:
        line = stream.readline(_CHUNK)
        if not line:
            return None
        found = _WARC_START.search(line)
        if found and found.end() == len(line) and (found.start() > 0 or at_line_start):
            return offset + found.start()
        at_line_start = line.endswith(b"\n")
        offset += len(line)


def _find(stream: BinaryIO, needle: bytes, position: int) -> int | None:
    """The offset of the next ``needle`` at or after ``position``, reading in chunks."""
    stream.seek(position)
    carry = b""
    base = position
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            return None
        window = carry + chunk
        found = window.find(needle)
        if found >= 0:
            return base + found
        carry = window[-(len(needle) - 1) :]
        base += len(window) - len(carry)


def _end(stream: BinaryIO) -> int:
    return stream.seek(0, io.SEEK_END)


def _html_responses(data: bytes, limit: int) -> Iterator[tuple[Any, bytes | None]]:
    """(record, body) of each HTML response in a record's bytes (a gzip member may hold
    more than one); body is None when the record is cut short."""
    # Imported here: warcio (and the requests stack it loads) took about 0.07 s of every
    # run's start-up, WARC input or not.
    from warcio.archiveiterator import ArchiveIterator

    found: list[tuple[Any, bytes | None]] = []
    # warcio writes warnings about malformed records to stderr; they are ours to report.
    with contextlib.redirect_stderr(io.StringIO()):
        try:
            for record in ArchiveIterator(io.BytesIO(data)):
                if not _is_html_response(record):
                    continue
                body = record.content_stream().read(limit + 1)
                truncated = getattr(record.raw_stream, "limit", 0)
                found.append((record, None if truncated else body))
        except Exception:  # noqa: BLE001, S110 - what parsed before the damage is kept
            pass
    yield from found


def _is_html_response(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return content_type.startswith(_HTML_TYPES)


def _record_article(
    record: Any, body: bytes, origin: str, id_name: str, settings: Settings
) -> Iterator[Article | Failure]:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    try:
        markup = decode_html(body, record.http_headers.get_header("Content-Type"))
    except InputProblem as problem:
        yield Failure(origin, problem.reason)
        return
    page = extract_page(markup, url=uri)
    if page is None:
        yield Failure(origin, "no article text found")
        return
    try:
        yield page_article(
            page,
            origin=origin,
            id_name=_id_name_for_uri(uri) or id_name,
            settings=settings,
            given={"url": uri} if uri else None,
            fallback_published=record.rec_headers.get_header("WARC-Date"),
        )
    except InputProblem as problem:
        yield Failure(origin, problem.reason)


def _id_name_for_uri(uri: str | None) -> str | None:
    """The last path segment of a URL, without extension ("https://x/a/toll.html" -> "toll")."""
    if not uri:
        return None
    path = urlsplit(uri).path.rstrip("/")
    segment = path.rsplit("/", 1)[-1].split(".", 1)[0]
    return segment or None


register(Reader(name="warc", suffixes=(".warc", ".warc.gz"), read=read_warc, signature=is_warc))
