"""Files written whole: every output newstally writes appears complete or not at all.

A writer that dies half-way (an error, a full disk, SIGKILL) leaves the file it was
replacing as it was, so a re-run, a reader or a resumed crawl never meets a torn file.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


@contextlib.contextmanager
def replaced(path: Path, mode: str = "wb", newline: str | None = None) -> Iterator[IO[Any]]:
    """A file to write ``path`` through: a temporary file beside it (same directory, so
    the rename stays on one file system), renamed into place when the block ends without
    error, so that ``path`` holds either its old content or the whole new one, never a
    part. Text modes write UTF-8; ``newline`` is `open`'s (the csv module wants "")."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    text = "b" not in mode
    try:
        with temporary.open(
            mode, encoding="utf-8" if text else None, newline=newline if text else None
        ) as fh:
            yield fh
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
