"""Web archives (``.warc``, ``.warc.gz``): one article per HTML response record."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..model import Article, Failure
from ..settings import Settings
from .common import id_name_for
from .html import page_article
from .htmltext import decode_html, extract_page
from .registry import InputProblem, Reader, Source, register

_GZIP_MAGIC = b"\x1f\x8b"
_WARC_MAGIC = b"WARC/"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


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


class _CheckedArchiveIterator(ArchiveIterator):
    """Remembers whether the last gzip member ended properly: warcio itself stops
    silently at a truncated gzip stream."""

    gzip_complete: bool | None = None

    def close(self) -> None:
        reader = self.reader
        if reader is not None and reader.decompressor is not None:
            self.gzip_complete = bool(reader.decompressor.eof)
        super().close()


def read_warc(source: Source, settings: Settings) -> Iterator[Article | Failure]:
    if not is_warc(source.head):
        raise InputProblem("not a WARC file (no WARC/ header)")
    id_name = id_name_for(source.name)
    limit = settings.max_input_bytes
    html_records = 0
    with source.open() as stream:
        records = _CheckedArchiveIterator(stream)
        try:
            for record in records:
                if not _is_html_response(record):
                    continue
                html_records += 1
                body = record.content_stream().read(limit + 1)
                # Asking for the offset reads the record to its end (warcio).
                origin = f"{source.label}@{records.get_record_offset()}"
                if len(body) > limit:
                    yield Failure(origin, f"record too large (more than {limit} bytes)")
                    continue
                if getattr(record.raw_stream, "limit", 0):
                    yield Failure(origin, "truncated record")
                    continue
                yield from _record_article(record, body, origin, id_name, settings)
        except (ArchiveLoadFailed, zlib.error, EOFError, ValueError) as exc:
            yield Failure(source.label, f"unreadable WARC ({' '.join(str(exc).split())})")
            return
    if records.gzip_complete is False:
        yield Failure(source.label, "truncated gzip stream")
    elif html_records == 0:
        yield Failure(source.label, "no HTML response records")


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
