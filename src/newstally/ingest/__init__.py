"""Ingest: read every common news input into `Article`s.

`read_inputs` takes what a user names on the command line (files, directories, glob
patterns, ``-`` for JSON Lines on standard input) and yields an `Article` per readable
document and a `Failure` per unreadable input, record or line, as it goes. It never
raises for a bad input.

Readers live in one module each and register themselves in `READERS`; a reader is
chosen by the input's content signature (gzip, WARC, feed, HTML) and else by its name.

``Article.origin`` is the path as given, plus ``:LINE`` for a JSON Lines record (from 1),
``@OFFSET`` for a WARC record (byte offset of the record in the file, compressed) and
``#ITEM`` for a feed item (from 1). Directories are read recursively in sorted order,
taking only files of a known format and skipping hidden files and ``*.meta.json``.
"""

from __future__ import annotations

import glob
import io
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..model import Article, Failure
from ..settings import Settings

# Importing the reader modules registers them.
from . import feed, gzipped, html, jsonl, text, warc  # noqa: F401
from .common import display_name, looks_binary, sanitize
from .registry import HEAD_BYTES, READERS, Input, InputProblem, Reader, choose_reader, known_suffix
from .text import META_SUFFIX

__all__ = ["READERS", "listed", "printable", "read_inputs", "read_path", "read_source"]

_GLOB_CHARS = frozenset("*?[")


def read_inputs(
    inputs: Iterable[str], settings: Settings | None = None
) -> Iterator[Article | Failure]:
    """Yield an Article per readable document and a Failure per unreadable input."""
    settings = settings or Settings()
    files_read: dict[str, str] = {}
    first_origin: dict[str, str] = {}
    for given in inputs:
        for item in _read_given(str(given), settings, files_read):
            item = printable(item)
            if isinstance(item, Article):
                if item.id in first_origin:
                    yield Failure(
                        item.origin,
                        f"duplicate article id {item.id!r} (first read from "
                        f"{first_origin[item.id]})",
                    )
                    continue
                first_origin[item.id] = item.origin
            yield item


def printable(item: Article | Failure) -> Article | Failure:
    """The item with its input named in valid UTF-8 (file names that are not UTF-8 are
    escaped) and a failure reason without control characters."""
    if isinstance(item, Failure):
        return Failure(display_name(item.input), sanitize(display_name(item.reason))[0])
    item.origin = display_name(item.origin)
    return item


def read_path(path: str | Path, settings: Settings | None = None) -> Iterator[Article | Failure]:
    """Read one file, directory or glob pattern (``-``: JSON Lines on standard input)."""
    return read_inputs([str(path)], settings)


def _read_given(
    given: str, settings: Settings, files_read: dict[str, str]
) -> Iterator[Article | Failure]:
    if given == "-":
        yield from read_source(_stdin_source(), settings, READERS["jsonl"])
        return
    if os.path.isdir(given):
        yield from _read_directory(given, settings, files_read)
        return
    if os.path.lexists(given) or not (_GLOB_CHARS & set(given)):
        yield from _read_file(given, settings, files_read)
        return
    matches = sorted(glob.glob(given, recursive=True))
    if not matches:
        yield Failure(given, "no files match this pattern")
        return
    for match in matches:
        if os.path.isdir(match):
            yield from _read_directory(match, settings, files_read)
        elif listed(match):
            yield from _read_file(match, settings, files_read)


def _read_directory(
    directory: str, settings: Settings, files_read: dict[str, str]
) -> Iterator[Article | Failure]:
    """Every input file under ``directory``, recursively, in sorted order."""
    unreadable: list[OSError] = []
    for root, dirs, files in os.walk(directory, onerror=unreadable.append):
        for error in unreadable:
            yield Failure(error.filename or root, _os_reason(error))
        unreadable.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if listed(name):
                yield from _read_file(os.path.join(root, name), settings, files_read)
    for error in unreadable:
        yield Failure(error.filename or directory, _os_reason(error))


def listed(file_path: str) -> bool:
    """Whether a file found by walking a directory or a glob is an input: a known format,
    not hidden, not the metadata of another file."""
    name = os.path.basename(file_path)
    if name.startswith(".") or name.lower().endswith(META_SUFFIX):
        return False
    return known_suffix(name) is not None


def _read_file(
    label: str, settings: Settings, files_read: dict[str, str]
) -> Iterator[Article | Failure]:
    try:
        info = os.stat(label)
    except FileNotFoundError:
        yield Failure(label, "no such file or directory")
        return
    except OSError as exc:
        yield Failure(label, _os_reason(exc))
        return
    if not stat.S_ISREG(info.st_mode):
        yield Failure(label, f"{_special_kind(info.st_mode)}, skipped (not a regular file)")
        return
    real = os.path.realpath(label)
    if real in files_read:
        # The same path named twice (a file and its directory) is one input; another name
        # of a file already read (a link) is a dropped input and listed.
        if os.path.abspath(label) != os.path.abspath(files_read[real]):
            yield Failure(label, f"same file as {files_read[real]}, read once")
        return
    files_read[real] = label
    if info.st_size == 0:
        yield Failure(label, "empty file")
        return
    try:
        with open(label, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        yield Failure(label, _os_reason(exc))
        return
    source = Input(
        label=label,
        open=lambda: open(label, "rb"),  # noqa: SIM115 - readers close it
        head=head,
        size=info.st_size,
        path=Path(label),
    )
    reader = choose_reader(source.name, head)
    if reader is None:
        reason = "binary data, not text" if looks_binary(head) else _unknown_type()
        yield Failure(label, reason)
        return
    yield from read_source(source, settings, reader)


def read_source(source: Input, settings: Settings, reader: Reader) -> Iterator[Article | Failure]:
    """Run a reader, turning whatever goes wrong into a Failure naming the input."""
    try:
        yield from reader.read(source, settings)
    except InputProblem as problem:
        yield Failure(source.label, problem.reason)
    except OSError as exc:
        yield Failure(source.label, _os_reason(exc))
    except Exception as exc:  # noqa: BLE001 - one bad input never stops a batch
        message = " ".join(str(exc).split())[:200]
        yield Failure(source.label, f"could not read ({type(exc).__name__}: {message})")


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def _unknown_type() -> str:
    suffixes = sorted({s for r in READERS.values() for s in r.suffixes})
    return f"unknown type (readable: {' '.join(suffixes)})"


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


class _KeepOpen(io.RawIOBase):
    """Standard input as a binary stream that readers may close without closing stdin;
    a text stream (a replaced ``sys.stdin``) is encoded as UTF-8."""

    def __init__(self, stream: BinaryIO | io.TextIOBase) -> None:
        self._stream = stream
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> bytes:
        if self._pending:
            return self._take_pending_line(size)
        line = self._stream.readline(-1 if size is None else size)
        if isinstance(line, str):
            self._pending = line.encode("utf-8")
            return self._take_pending_line(size)
        return line

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if not self._pending:
            data = self._stream.read(len(buffer))
            self._pending = data.encode("utf-8") if isinstance(data, str) else data
        chunk, self._pending = self._pending[: len(buffer)], self._pending[len(buffer) :]
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def _take_pending_line(self, size: int | None) -> bytes:
        end = self._pending.find(b"\n") + 1 or len(self._pending)
        if size is not None and size >= 0:
            end = min(end, size)
        line, self._pending = self._pending[:end], self._pending[end:]
        return line


def _stdin_source() -> Input:
    stdin = sys.stdin
    stream = getattr(stdin, "buffer", None) or stdin
    return Input(label="-", open=lambda: _KeepOpen(stream), head=b"", size=None)
