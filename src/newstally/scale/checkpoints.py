"""Checkpoints: each finished chunk's results under ``OUT/checkpoints/``, so that a run
killed at any moment and started again does not redo them.

A chunk leaves two files: ``read-KEY.pkl`` (its records read and cleaned on a worker, the
per-article part) and ``done-KEY.pkl`` (its articles analysed). A read key names the
chunk's files, byte ranges, sizes and modification times; a done key is the digest of the
chunk's cleaned articles themselves, so that a change anywhere upstream (an edited input,
other settings) makes new keys rather than stale results. Both also name the newstally
version and the settings. Files are written under a temporary name and renamed, so a
process killed mid-write leaves no partial checkpoint.

Checkpoints are pickles written by this run: resume only from a directory you trust.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from dataclasses import asdict
from hashlib import blake2b
from pathlib import Path
from typing import Any

import orjson

from ..files import replaced
from ..model import Article
from ..settings import Settings
from ..version import __version__
from .partition import Chunk

DIRECTORY = "checkpoints"


def settings_fingerprint(settings: Settings) -> bytes:
    """What in the settings changes results (the worker count does not)."""
    values = {k: v for k, v in asdict(settings).items() if k != "jobs"}
    return orjson.dumps(
        {"version": __version__, "settings": values},
        option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS,
        default=str,
    )


class Checkpoints:
    def __init__(self, out_dir: Path, settings: Settings) -> None:
        self.directory = out_dir / DIRECTORY
        self.directory.mkdir(parents=True, exist_ok=True)
        self._fingerprint = settings_fingerprint(settings)
        self._ledger = (self.directory / "ledger.jsonl").open("wb", buffering=0)

    def read_key(self, chunk: Chunk) -> str:
        described = repr((chunk.files, chunk.piece, chunk.stamps))
        return self._digest([described.encode("utf-8")])

    def done_key(self, articles: list[Article]) -> str:
        return self._digest(orjson.dumps(a.to_record(), default=str) for a in articles)

    def _digest(self, parts: Iterable[bytes]) -> str:
        digest = blake2b(self._fingerprint, digest_size=16)
        for part in parts:
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        return digest.hexdigest()

    def path(self, stage: str, key: str) -> Path:
        return self.directory / f"{stage}-{key}.pkl"

    def has(self, stage: str, key: str) -> bool:
        return self.path(stage, key).is_file()

    def load(self, stage: str, key: str) -> Any:
        with self.path(stage, key).open("rb") as fh:
            return pickle.load(fh)

    def save(self, stage: str, key: str, value: Any) -> None:
        with replaced(self.path(stage, key)) as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)

    def note(self, chunk: int, stage: str, source: str) -> None:
        """One line per chunk stage of this run: where its result came from (``worker``
        or ``checkpoint``); tests and users read it to see what a resumed run redid."""
        self._ledger.write(orjson.dumps({"chunk": chunk, "stage": stage, "from": source}) + b"\n")

    def note_stage(self, stage: str, source: str, **details: Any) -> None:
        """One line for a stage of the whole run (grouping: ``cluster`` or ``client``)."""
        record = {"stage": stage, "from": source, **details}
        self._ledger.write(orjson.dumps(record) + b"\n")

    def close(self) -> None:
        self._ledger.close()
