"""The store: one SQLite file (WAL, FTS5) that grows with every `newstally add`.

Layout and columns: docs/store.md. `Store` writes (articles in batches, then stories
recomputed with the functions `run` uses); `query` reads (the web app, exports);
`export` writes JSONL, CSV or Parquet.
"""

from __future__ import annotations

from .query import EXPORTS, QueryError, StoryFilter
from .records import content_hash, identity, normalise_url
from .schema import SCHEMA_VERSION, StoreError, connect
from .writer import AddResult, Store

__all__ = [
    "EXPORTS",
    "SCHEMA_VERSION",
    "AddResult",
    "QueryError",
    "Store",
    "StoreError",
    "StoryFilter",
    "connect",
    "content_hash",
    "identity",
    "normalise_url",
]
