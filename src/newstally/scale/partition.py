"""Partitioning: the inputs of a run as an ordered list of bounded chunks, and reading one.

The client lists the inputs exactly as `newstally.ingest.read_inputs` walks them
(directories recursively in sorted order, globs sorted, each file once) and cuts the list
into chunks: runs of whole files, and slices of large JSON Lines files (by records, at
line boundaries, each slice knowing the number of its first line so that origins and ids
are those a single machine gives). A chunk is read on a worker; its articles come back in
record order, so the chunks in order are the single-machine stream.

Inputs may be local paths or fsspec URLs (``s3://``, ``gs://``, ``file://`` ...), so that
a cluster reads shared storage; a URL names a file or a glob of files.
"""

from __future__ import annotations

import glob
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from ..ingest import listed, printable, read_inputs, read_source, warc
from ..ingest import registry as ingest_registry
from ..model import Article, Failure
from ..settings import Settings

# Walks web archives to cut: (name, chunk records, chunk bytes) each -> each one's slices.
WalkArchives = Callable[[list[tuple[str, int, int]]], list[list["FileSlice"]]]

# A chunk ends at whichever bound it reaches first.
DEFAULT_CHUNK_RECORDS = 128  # the local mode's chunk (pipeline.CHUNK_SIZE)
DEFAULT_CHUNK_BYTES = 16 << 20
_BLOCK = 1 << 20  # bytes read at a time while counting lines
_GLOB_CHARS = frozenset("*?[")
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_WARC_SUFFIXES = (".warc", ".warc.gz")
_FEED_SUFFIXES = (".rss", ".atom", ".xml")


@dataclass(frozen=True, slots=True)
class FileSlice:
    """Bytes ``start``..``end`` of a large file: lines ``first_line``.. of a JSON Lines
    file, whole records of a web archive (``kind`` "warc"; ``last``: the file's last
    slice), or items ``first_line``.. of a feed (``kind`` "feed", read between the
    file's bytes before ``head`` and from ``tail`` on: its channel)."""

    path: str
    start: int
    end: int
    first_line: int
    kind: str = "jsonl"
    last: bool = False
    head: int = 0
    tail: int = 0


@dataclass(frozen=True, slots=True)
class Chunk:
    """One unit of work: whole files read in order, or one slice of a large JSONL file.
    A listed Failure (a glob matching nothing, an unreadable directory) keeps its place."""

    index: int
    files: tuple[str | Failure, ...] = ()
    piece: FileSlice | None = None
    stamps: tuple[tuple[str, int, int], ...] = field(default=())  # (path, size, mtime_ns)

    def describe(self) -> str:
        if self.piece is not None:
            unit = {"jsonl": "lines", "feed": "items"}.get(self.piece.kind, "bytes")
            first = self.piece.first_line if unit != "bytes" else self.piece.start
            return f"{self.piece.path} {unit} {first}+"
        return str(self.files[0]) if len(self.files) == 1 else f"{len(self.files)} files"


def is_url(given: str) -> bool:
    return "://" in given


# --- listing (client) --------------------------------------------------------------------


def list_inputs(inputs: list[str]) -> Iterator[str | Failure]:
    """Every file that `read_inputs` would read, in its order (a path that is no readable
    file is passed on: reading it gives the same Failure as on one machine)."""
    seen: set[str] = set()
    for given in inputs:
        for name in _files_of(str(given)):
            if isinstance(name, Failure) or is_url(name):
                yield name
                continue
            real = os.path.realpath(name) if os.path.isfile(name) else None
            if real is not None:
                if real in seen:
                    continue
                seen.add(real)
            yield name


def _files_of(given: str) -> Iterator[str | Failure]:
    if given == "-":
        raise ValueError("standard input (-) cannot be read by a cluster; write it to a file")
    if is_url(given):
        yield from _url_files(given)
    elif os.path.isdir(given):
        yield from _walk(given)
    elif os.path.lexists(given) or not (_GLOB_CHARS & set(given)):
        yield given
    else:
        matches = sorted(glob.glob(given, recursive=True))
        if not matches:
            yield Failure(given, "no files match this pattern")
        for match in matches:
            if os.path.isdir(match):
                yield from _walk(match)
            elif listed(match):
                yield match


def _walk(directory: str) -> Iterator[str | Failure]:
    unreadable: list[OSError] = []
    for root, dirs, files in os.walk(directory, onerror=unreadable.append):
        for error in unreadable:
            yield Failure(error.filename or root, (error.strerror or str(error)).lower())
        unreadable.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if listed(name):
                yield os.path.join(root, name)
    for error in unreadable:
        yield Failure(error.filename or directory, (error.strerror or str(error)).lower())


def _url_files(url: str) -> Iterator[str | Failure]:
    import fsspec

    fs, path = fsspec.core.url_to_fs(url)
    protocol = url.split("://", 1)[0]
    if _GLOB_CHARS & set(path):
        matches = sorted(fs.glob(path))
        if not matches:
            yield Failure(url, "no files match this pattern")
        for match in matches:
            if listed(match):
                yield f"{protocol}://{match.removeprefix(protocol + '://')}"
        return
    if fs.isdir(path):
        for match in _url_walk(fs, path):
            yield f"{protocol}://{match.removeprefix(protocol + '://')}"
        return
    yield url


def _url_walk(fs: Any, directory: str) -> Iterator[str]:
    """The listed files under a directory of a filesystem in the order `_walk` gives on
    a local disk: a directory's files sorted, then its subdirectories, hidden ones left
    out."""
    entries = sorted(fs.ls(directory, detail=True), key=lambda entry: entry["name"])
    folders = []
    for entry in entries:
        name = entry["name"].rstrip("/")
        if entry.get("type") == "directory":
            if not os.path.basename(name).startswith("."):
                folders.append(name)
        elif listed(name):
            yield name
    for folder in folders:
        yield from _url_walk(fs, folder)


# --- chunking (client) -------------------------------------------------------------------


def partition(
    inputs: list[str],
    *,
    chunk_records: int = DEFAULT_CHUNK_RECORDS,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    max_input_bytes: int | None = None,
    walk: WalkArchives | None = None,
) -> list[Chunk]:
    """The inputs as chunks of at most ``chunk_records`` files or records (JSONL lines,
    web archive records, feed items) and about ``chunk_bytes`` bytes (one larger file that
    cannot be cut by records is one chunk). A feed over ``max_input_bytes`` (the
    settings' bound; default: its default) is left whole, to fail as it does whole.

    Cutting a web archive means walking its records (decompressing it); ``walk`` does that
    for all the archives to cut at once (on the workers: `warc_slices` as tasks); without
    it, or if it fails, the walks run here."""
    if max_input_bytes is None:
        max_input_bytes = Settings().max_input_bytes
    listed = [(n, None if isinstance(n, Failure) else _stamp(n)) for n in list_inputs(inputs)]
    archives = [
        n
        for n, stamp in listed
        if stamp is not None
        and n.lower().endswith(_WARC_SUFFIXES)
        and _splittable(n, stamp[1], chunk_records, chunk_bytes)
    ]
    walked: dict[str, list[FileSlice]] = {}
    if walk is not None and archives:
        try:
            found = walk([(n, chunk_records, chunk_bytes) for n in archives])
            walked = dict(zip(archives, found, strict=True))
        except Exception:  # noqa: BLE001 - the walks can still run here
            walked = {}
    chunks: list[Chunk] = []
    files: list[str | Failure] = []
    stamps: list[tuple[str, int, int]] = []
    size = 0

    def close() -> None:
        nonlocal size
        if files:
            chunks.append(Chunk(len(chunks), tuple(files), None, tuple(stamps)))
        files.clear()
        stamps.clear()
        size = 0

    for name, stamp in listed:
        if isinstance(name, Failure) or stamp is None:
            files.append(name)
            continue
        if _splittable(name, stamp[1], chunk_records, chunk_bytes):
            lower = name.lower()
            if lower.endswith(_WARC_SUFFIXES):
                slices = walked.get(name) or warc_slices(name, chunk_records, chunk_bytes)
            elif lower.endswith(_FEED_SUFFIXES):
                fits = stamp[1] <= max_input_bytes
                slices = list(_feed_slices(name, chunk_records, chunk_bytes)) if fits else []
            else:
                slices = list(_jsonl_slices(name, chunk_records, chunk_bytes))
            if len(slices) > 1:
                close()
                for piece in slices:
                    chunks.append(Chunk(len(chunks), (), piece, (stamp,)))
                continue
        if files and (len(files) >= chunk_records or size + stamp[1] > chunk_bytes):
            close()
        files.append(name)
        stamps.append(stamp)
        size += stamp[1]
    close()
    return chunks


def _stamp(name: str) -> tuple[str, int, int]:
    """What identifies a file's content for the checkpoints: (name, size, mtime_ns)."""
    try:
        if is_url(name):
            import fsspec

            fs, path = fsspec.core.url_to_fs(name)
            info = fs.info(path)
            return (name, int(info.get("size") or 0), int(float(info.get("mtime") or 0) * 1e9))
        info_ = os.stat(name)
        return (name, info_.st_size, info_.st_mtime_ns)
    except (OSError, ValueError):
        return (name, -1, -1)


def _splittable(name: str, size: int, chunk_records: int, chunk_bytes: int) -> bool:
    if not name.lower().endswith(_JSONL_SUFFIXES + _WARC_SUFFIXES + _FEED_SUFFIXES) or size <= 0:
        return False
    if size > chunk_bytes:
        return True
    # A small file may still hold many short records; counting its lines is cheap.
    return size > 64 * chunk_records


def _jsonl_slices(name: str, chunk_records: int, chunk_bytes: int) -> Iterator[FileSlice]:
    """Slices of a JSONL file ending at line ends, each of at most ``chunk_records`` lines
    and (unless one line is longer) ``chunk_bytes`` bytes. The file is read once, here."""
    with open_binary(name) as stream:
        head = stream.read(ingest_registry.HEAD_BYTES)
    # A file whose content says it is something else (a WARC named .jsonl) is read whole.
    reader = ingest_registry.choose_reader(os.path.basename(name), head)
    if reader is None or reader.name != "jsonl":
        return
    start = offset = 0
    first_line = line = 1
    lines_in_slice = 0
    with open_binary(name) as stream:
        while block := stream.read(_BLOCK):
            at = 0
            while (newline := block.find(b"\n", at)) >= 0:
                at = newline + 1
                lines_in_slice += 1
                line += 1
                end = offset + at
                if lines_in_slice >= chunk_records or end - start >= chunk_bytes:
                    yield FileSlice(name, start, end, first_line)
                    start, first_line, lines_in_slice = end, line, 0
            offset += len(block)
    if offset > start:
        yield FileSlice(name, start, offset, first_line)


def warc_slices(name: str, chunk_records: int, chunk_bytes: int) -> list[FileSlice]:
    """The slices of a web archive (`_warc_slices`); a task on a worker, or run here."""
    return list(_warc_slices(name, chunk_records, chunk_bytes))


def _warc_slices(name: str, chunk_records: int, chunk_bytes: int) -> Iterator[FileSlice]:
    """Slices of a web archive of at most ``chunk_records`` records and (unless one record
    is larger) ``chunk_bytes`` bytes, cut only between two readable records, so that each
    slice read alone gives what the whole file gives there. The client decompresses the
    file once, here, to find them."""
    with open_binary(name) as stream:
        head = stream.read(ingest_registry.HEAD_BYTES)
    reader = ingest_registry.choose_reader(os.path.basename(name), head)
    if reader is None or reader.name != "warc":
        return
    with open_binary(name) as stream:
        starts = list(warc.record_starts(stream, head.startswith(b"\x1f\x8b")))
        size = stream.seek(0, io.SEEK_END)
    start, records = 0, 0
    for n, (offset, readable) in enumerate(starts):
        previous_readable = n > 0 and starts[n - 1][1]
        full = records >= chunk_records or offset - start >= chunk_bytes
        if full and readable and previous_readable:
            yield FileSlice(name, start, offset, 0, "warc")
            start, records = offset, 0
        records += 1
    yield FileSlice(name, start, size, 0, "warc", last=True)


def _feed_slices(name: str, chunk_records: int, chunk_bytes: int) -> Iterator[FileSlice]:
    """Slices of an RSS or Atom feed of at most ``chunk_records`` items and (unless one
    item is larger) ``chunk_bytes`` bytes, when `feed.item_spans` can cut it exactly. The
    client reads the file once, here, to find the items (a fast XML scan, no parse of
    their content)."""
    from ..ingest import feed

    with open_binary(name) as stream:
        data = stream.read()
    reader = ingest_registry.choose_reader(
        os.path.basename(name), data[: ingest_registry.HEAD_BYTES]
    )
    if reader is None or reader.name != "feed":
        return
    spans = feed.item_spans(data)
    if not spans:
        return
    head, tail = spans[0][0], spans[-1][1]
    first = 0
    for n in range(1, len(spans) + 1):
        at_end = n == len(spans)
        full = n - first >= chunk_records or (
            not at_end and spans[n][0] - spans[first][0] >= chunk_bytes
        )
        if at_end or full:
            end = tail if at_end else spans[n][0]
            yield FileSlice(name, spans[first][0], end, first + 1, "feed", at_end, head, tail)
            first = n


def open_binary(name: str) -> BinaryIO:
    if is_url(name):
        import fsspec

        return fsspec.open(name, "rb").open()  # type: ignore[no-any-return]
    return open(name, "rb")  # noqa: SIM115 - the caller closes it


# --- reading (worker) --------------------------------------------------------------------


def read_chunk(chunk: Chunk, settings: Settings) -> list[Article | Failure]:
    """The articles and failures of a chunk in record order (duplicate ids across chunks
    are the client's to find)."""
    if chunk.piece is not None:
        return list(_read_slice(chunk.piece, settings))
    items: list[Article | Failure] = []
    for name in chunk.files:
        if isinstance(name, Failure):
            items.append(printable(name))
        elif is_url(name):
            items.extend(_read_url(name, settings))
        else:
            items.extend(read_inputs([name], settings))
    return items


def _read_slice(piece: FileSlice, settings: Settings) -> Iterator[Article | Failure]:
    """The records of a slice through the file's own reader, with the failure handling
    and naming of `read_inputs`: JSONL lines numbered from the slice's first line, WARC
    records at their offsets in the whole file (that a file holds no HTML record at all is
    the client's to say, once it has every slice: `WholeFileFailures`)."""
    from functools import partial

    from ..ingest import jsonl

    try:
        with open_binary(piece.path) as stream:
            if piece.kind == "feed":  # the channel around the items
                channel = stream.read(piece.head)
                stream.seek(piece.start)
                items = stream.read(piece.end - piece.start)
                stream.seek(piece.tail)
                data = channel + items + stream.read()
            else:
                stream.seek(piece.start)
                data = stream.read(piece.end - piece.start)
    except OSError as exc:
        yield printable(Failure(piece.path, (exc.strerror or str(exc)).lower()))
        return
    source = ingest_registry.Input(
        label=piece.path,
        open=lambda: io.BytesIO(data),
        head=data[: ingest_registry.HEAD_BYTES],
        size=len(data),
    )
    if piece.kind == "warc":
        read = partial(warc.read_warc, base_offset=piece.start, whole_file=False)
    elif piece.kind == "feed":
        from ..ingest import feed

        read = partial(feed.read_feed, first_number=piece.first_line)
    else:
        read = partial(jsonl.read_jsonl, first_line=piece.first_line)
    for item in read_source(source, settings, ingest_registry.Reader(piece.kind, (), read)):
        yield printable(item)


class WholeFileFailures:
    """The failure a web archive read in slices owes as a whole: one machine lists a
    file without any HTML response record; its slices, read apart, cannot know. Fed every
    chunk's items in order, it gives the failure after the file's last slice."""

    def __init__(self) -> None:
        self._items: dict[str, int] = {}

    def after(self, chunk: Chunk, items: list[Article | Failure]) -> list[Failure]:
        piece = chunk.piece
        if piece is None or piece.kind != "warc":
            return []
        seen = self._items.pop(piece.path, 0) + len(items)
        if not piece.last:
            self._items[piece.path] = seen
            return []
        return [] if seen else [printable(Failure(piece.path, warc.NO_HTML_RECORDS))]


def _read_url(url: str, settings: Settings) -> Iterator[Article | Failure]:
    """One file named by an fsspec URL, through the reader its content or name selects."""
    try:
        with open_binary(url) as stream:
            head = stream.read(ingest_registry.HEAD_BYTES)
    except (OSError, ValueError) as exc:
        yield Failure(url, " ".join(str(exc).split())[:200] or type(exc).__name__)
        return
    source = ingest_registry.Input(
        label=url, open=lambda: open_binary(url), head=head, size=_stamp(url)[1]
    )
    reader = ingest_registry.choose_reader(source.name, head)
    if reader is None:
        yield Failure(url, "unknown type")
        return
    for item in read_source(source, settings, reader):
        yield printable(item)
