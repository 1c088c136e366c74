"""Records <-> the data model, and what makes an article the same article.

The store keeps each article, figure, statement and story as the exact JSON record that
`newstally run` writes, so exports are byte-for-byte those records; the functions here
rebuild articles (with figures and statements) from them for regrouping.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import orjson

from ..model import (
    Article,
    Estimate,
    Figure,
    Group,
    Quantity,
    Removed,
    Source,
    SpeakerRef,
    Statement,
    TextRef,
    Total,
    When,
)

# Query parameters that track a click and never change what a page says.
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid")


def dumps(record: Any) -> str:
    return orjson.dumps(record, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")


def normalise_url(url: str | None) -> str | None:
    """An http(s) URL reduced to what names the page: lower-case host without "www.",
    no fragment, no tracking parameters, no trailing slash; None for anything else."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING)
    ]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, urlencode(sorted(query)), ""))


def identity(article: Article) -> str:
    """What makes two inputs the same article: its normalised URL, else its id (the
    input's own id, or a name plus a hash of its text)."""
    url = normalise_url(article.url)
    return f"url:{url}" if url else f"id:{article.id}"


def content_hash(article: Article) -> str:
    """A hash of what the article says (title and cleaned text): a changed hash under the
    same identity is a revision."""
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update((article.title or "").encode("utf-8"))
    digest.update(b"\x00")
    digest.update(article.text.encode("utf-8"))
    return digest.hexdigest()


def _when(record: dict[str, Any] | None) -> When | None:
    return When(**record) if record else None


def _group(record: dict[str, Any] | None) -> Group | None:
    return Group(**record) if record else None


def figure_from_record(record: dict[str, Any]) -> Figure:
    fields = dict(record)
    fields["quantity"] = Quantity(**record["quantity"])
    fields["source"] = Source(**record["source"])
    fields["group"] = _group(record.get("group"))
    fields["when"] = _when(record.get("when"))
    fields["span"] = tuple(record["span"])
    return Figure(**fields)


def _span(value: list[int] | None) -> tuple[int, int] | None:
    return (value[0], value[1]) if value else None


def statement_from_record(record: dict[str, Any]) -> Statement:
    source = record["source"]
    cue = record.get("cue")
    content = record["content"]
    return Statement(
        article=record["article"],
        source=SpeakerRef(
            text=source["text"],
            resolved=source["resolved"],
            kind=source["kind"],
            span=_span(source.get("span")),
        ),
        cue=TextRef(cue["text"], _span(cue.get("span"))) if cue else None,
        content=TextRef(content["text"], _span(content.get("span"))),
    )


def _total(record: dict[str, Any]) -> Estimate:
    """A total as articles.jsonl holds it: with ``victims`` it is a `Total`."""
    if "victims" not in record:
        return Estimate(**record)
    victims = record["victims"]
    return Total(
        record["low"],
        record["best"],
        record["high"],
        victims=Estimate(**victims) if victims is not None else None,
    )


def _estimates(record: dict[str, Any]) -> dict[str, Estimate]:
    return {k: _total(v) for k, v in record.items()}


def article_from_record(
    record: dict[str, Any],
    figures: list[dict[str, Any]] | None = None,
    statements: list[dict[str, Any]] | None = None,
) -> Article:
    return Article(
        id=record["id"],
        origin=record["origin"],
        text=record["text"],
        title=record.get("title"),
        outlet=record.get("outlet"),
        outlet_inferred=record.get("outlet_inferred", False),
        url=record.get("url"),
        language=record.get("language"),
        published=record.get("published"),
        removed=[Removed(**r) for r in record.get("removed", [])],
        totals=_estimates(record.get("totals", {})),
        figures=[figure_from_record(f) for f in figures or []],
        statements=[statement_from_record(s) for s in statements or []],
    )
