"""The reader registry: one `Reader` per input format, chosen by content, then by name.

Each reader module registers itself on import (``register(Reader(...))``). A reader
declares the file-name suffixes it reads and, optionally, a content signature test run
on the first bytes of the input; a matching signature wins over the name, so an HTML
page saved as ``.txt`` or a feed saved without an extension still reads correctly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..model import Article, Failure
from ..settings import Settings

# Bytes of an input that signature tests see.
HEAD_BYTES = 4096


class InputProblem(Exception):  # noqa: N818 - a reason, not a crash
    """A whole input cannot be read; becomes ``Failure(label, reason)``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Input:
    """One input to read: a file, standard input or data unpacked from another input."""

    label: str  # the path as given; origins and failures name it
    open: Callable[[], BinaryIO]  # a fresh binary stream from the start
    head: bytes  # the first HEAD_BYTES bytes, for signature tests
    size: int | None  # bytes, when known before reading
    path: Path | None = None  # on disk, when it is a file
    inner_name: str | None = None  # the name of unpacked data ("a.txt" inside "a.txt.gz")

    @property
    def name(self) -> str:
        """The file name used to pick a reader by suffix and to derive article ids."""
        return self.inner_name or Path(self.label).name


ReadFunction = Callable[[Input, Settings], Iterator[Article | Failure]]


@dataclass(frozen=True, slots=True)
class Reader:
    name: str
    suffixes: tuple[str, ...]  # lower case, with the dot: ".html", ".warc.gz"
    read: ReadFunction
    signature: Callable[[bytes], bool] | None = None


READERS: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    READERS[reader.name] = reader
    return reader


def known_suffix(file_name: str) -> str | None:
    """The longest registered suffix that ``file_name`` ends with, if any."""
    lowered = file_name.lower()
    matches = [s for r in READERS.values() for s in r.suffixes if lowered.endswith(s)]
    return max(matches, key=len) if matches else None


def choose_reader(file_name: str, head: bytes) -> Reader | None:
    """The reader whose content signature matches ``head``, else the one for the suffix."""
    for reader in READERS.values():
        if reader.signature is not None and reader.signature(head):
            return reader
    suffix = known_suffix(file_name)
    if suffix is None:
        return None
    return next(r for r in READERS.values() if suffix in r.suffixes)


def read_all(source: Input, settings: Settings) -> bytes:
    """The whole input, refusing inputs over ``settings.max_input_bytes``."""
    limit = settings.max_input_bytes
    if source.size is not None and source.size > limit:
        raise InputProblem(f"file too large ({source.size} bytes > {limit})")
    with source.open() as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputProblem(f"file too large (more than {limit} bytes)")
    return data
