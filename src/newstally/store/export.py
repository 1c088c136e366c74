"""`newstally export`: stored records as JSONL, CSV or Parquet.

A JSONL line is the record `newstally run` writes (an articles.jsonl or figures.jsonl
row, a statement, a story of stories.json, one of its slots). CSV and Parquet flatten it
into the fixed columns of `COLUMNS` (documented in docs/store.md): nested objects become
``parent_child`` columns, lists and the objects left whole become JSON text.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from ..errors import NewstallyError
from ..files import replaced
from ..model import CATEGORIES
from .query import StoryFilter, export_records

FORMATS = ("jsonl", "csv", "parquet")

# Each category's total and its victims (attackers left out), as in docs/output.md.
_TOTALS = [
    f"totals_{c}_{part}{b}"
    for c in CATEGORIES
    for part in ("", "victims_")
    for b in ("low", "best", "high")
]
_QUANTITY = ["quantity_text", "quantity_value", "quantity_low", "quantity_high", "quantity_bound"]
_GROUP = ["group_text", "group_head", "group_affiliation"]
_WHEN = ["when_text", "when_start", "when_end"]

COLUMNS: dict[str, list[str]] = {
    "articles": [
        "id",
        "origin",
        "outlet",
        "outlet_inferred",
        "title",
        "url",
        "language",
        "published",
        "text",
        "removed",
        *_TOTALS,
    ],
    "figures": [
        "id",
        "article",
        "category",
        *_QUANTITY,
        *_GROUP,
        "source_text",
        "source_kind",
        "source_written",
        "cue",
        "hedges",
        "negated",
        "scope",
        *_WHEN,
        "where",
        "incidents",
        "part_of",
        "sentence",
        "span",
    ],
    "statements": [
        "article",
        "source_text",
        "source_resolved",
        "source_kind",
        "source_span",
        "cue_text",
        "cue_span",
        "content_text",
        "content_span",
    ],
    # A story's slots and statements are exports of their own (--what slots|statements).
    "stories": [
        "id",
        "title",
        "articles",
        "duplicates",
        "outlets",
        "start",
        "end",
        *_TOTALS,
        "brief",
    ],
    "slots": [
        "id",
        "category",
        "scope",
        "low",
        "best",
        "high",
        "agreement",
        *_GROUP,
        *_WHEN,
        "where",
        "figures",
        "sources",
        "outlets",
        "notes",
        "timeline",
        "incidents",
    ],
}
# Objects kept whole (as JSON text) rather than spread over columns.
_WHOLE = {"duplicates"}


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"quantity": {"text": ...}}`` -> ``{"quantity_text": ...}``; lists -> JSON text."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and name not in _WHOLE:
            flat.update(flatten(value, f"{name}_"))
        elif isinstance(value, list | dict):
            flat[name] = orjson.dumps(value).decode("utf-8")
        else:
            flat[name] = value
    return flat


def flat_rows(what: str, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    columns = COLUMNS[what]
    for record in records:
        flat = flatten(record)
        yield {c: flat.get(c) for c in columns}


def export(
    conn: sqlite3.Connection, what: str, fmt: str, out: Path, flt: StoryFilter | None = None
) -> int:
    """Write the records of ``what`` selected by ``flt`` to ``out``; the row count. The
    file appears whole or not at all (written beside it, then renamed)."""
    if fmt not in FORMATS:
        raise NewstallyError(f"--format {fmt}: unknown format (choose from {', '.join(FORMATS)})")
    records = export_records(conn, what, flt)
    if fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise NewstallyError(
                'Parquet export needs pyarrow: pip install "newstally[parquet]"'
            ) from None
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    if fmt == "jsonl":
        with replaced(out) as fh:
            for record in records:
                fh.write(orjson.dumps(record, option=orjson.OPT_NON_STR_KEYS) + b"\n")
                count += 1
    elif fmt == "csv":
        with replaced(out, "w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS[what])
            writer.writeheader()
            for row in flat_rows(what, records):
                writer.writerow(row)
                count += 1
    else:
        rows = list(flat_rows(what, records))
        count = len(rows)
        table = pa.Table.from_pylist(rows, schema=_arrow_schema(pa, what, rows))
        with replaced(out) as fh:
            pq.write_table(table, fh)
    return count


def _arrow_schema(pa: Any, what: str, rows: list[dict[str, Any]]) -> Any:
    """Column types: int64 for numbers, bool for flags, string for the rest (so that an
    empty or all-null column still has its documented type)."""
    types = {}
    for column in COLUMNS[what]:
        seen = {type(r[column]) for r in rows if r[column] is not None}
        if seen == {bool}:
            types[column] = pa.bool_()
        elif seen and seen <= {int}:
            types[column] = pa.int64()
        elif column in ("outlet_inferred", "negated"):
            types[column] = pa.bool_()
        elif column in ("low", "best", "high", "incidents") or column.endswith(
            ("_low", "_best", "_high", "_value")
        ):
            types[column] = pa.int64()
        else:
            types[column] = pa.string()
    return pa.schema([(c, types[c]) for c in COLUMNS[what]])
