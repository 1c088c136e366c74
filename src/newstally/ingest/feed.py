"""RSS and Atom feeds (``.xml``, ``.rss``, ``.atom``): one article per item."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from ..model import Article, Failure
from ..settings import Settings
from .common import build_article, id_name_for
from .htmltext import fragment_text
from .outlets import canonical_outlet, outlet_for_url, outlet_from_title
from .registry import Input, InputProblem, Reader, read_all, register

# Root element of a feed after an optional BOM, XML declaration, comments and
# processing instructions (stylesheets).
_FEED_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:(?:<\?[^>]*\?>|<!--.*?-->)\s*)*<(?:rss|feed|rdf:RDF)[\s>]",
    re.I | re.S,
)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def is_feed(head: bytes) -> bool:
    return bool(_FEED_START.match(head))


def read_feed(
    source: Input, settings: Settings, *, first_number: int = 1
) -> Iterator[Article | Failure]:
    """The feed's items as articles (``path#N``, N from ``first_number``: a slice of a
    larger feed, `item_spans`, numbers its items as the whole file does)."""
    import feedparser

    data = read_all(source, settings)
    if not data.strip():
        raise InputProblem("empty file")
    # A stream, never a string: feedparser fetches strings that look like URLs.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    if not parsed.version and not parsed.entries:
        raise InputProblem("not an RSS or Atom feed")
    if not parsed.entries:
        reason = "feed has no items"
        if parsed.bozo:
            reason += f" (malformed: {' '.join(str(parsed.bozo_exception).split())})"
        raise InputProblem(reason)
    channel = parsed.feed
    feed_outlet = outlet_from_title(channel.get("title"))
    feed_language = channel.get("language")
    id_name = id_name_for(source.name)
    for number, entry in enumerate(parsed.entries, start=first_number):
        origin = f"{source.label}#{number}"
        text = _entry_text(entry)
        if not text:
            yield Failure(origin, "no text in feed item")
            continue
        link = entry.get("link")
        try:
            yield build_article(
                origin=origin,
                id_name=f"{id_name}-{number}",
                text=text,
                settings=settings,
                title=entry.get("title"),
                outlet=_outlet(feed_outlet, link, channel.get("link")),
                url=link,
                published=entry.get("published_parsed") or entry.get("updated_parsed"),
                language=_content_language(entry) or feed_language,
            )
        except InputProblem as problem:
            yield Failure(origin, problem.reason)


_ITEMS = frozenset({"item", "entry"})


def item_spans(data: bytes) -> list[tuple[int, int]] | None:
    """The byte spans of a feed's items (RSS ``item``, Atom ``entry``), in order, when the
    feed can be read in slices exactly: a well-formed document whose items are siblings
    with nothing else between them. A slice is then the bytes before the first item, some
    consecutive items and the bytes after the last one: the same channel (title,
    language, link) and the same items. None when it cannot be cut so (read it whole)."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    spans: list[tuple[int, int]] = []
    depth = 0
    level: int | None = None  # the depth of the items
    parent = 0  # which element holds the items (its start offset)
    opened: list[int] = []
    inside = 0  # items open (nested items: not cut)
    mixed = False  # items at two depths or under two parents, or nested
    others: list[int] = []  # other elements beside the items, after the first

    def start(name: str, _attributes: object) -> None:
        nonlocal depth, level, parent, inside, mixed
        depth += 1
        at = parser.CurrentByteIndex
        opened.append(at)
        is_item = name.rpartition(":")[2] in _ITEMS
        if is_item and inside:
            mixed = True
        if is_item and not inside:
            if level is None:
                level, parent = depth, opened[-2] if len(opened) > 1 else -1
            elif depth != level or (opened[-2] if len(opened) > 1 else -1) != parent:
                mixed = True
            spans.append((at, -1))
        elif level is not None and depth == level and not inside:
            others.append(at)
        if is_item:
            inside += 1

    def end(name: str) -> None:
        nonlocal depth, inside
        opened.pop()
        if name.rpartition(":")[2] in _ITEMS and inside:
            inside -= 1
            if not inside and depth == level:
                close = data.find(b">", parser.CurrentByteIndex)
                spans[-1] = (spans[-1][0], close + 1)
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except expat.ExpatError:
        return None
    if mixed or not spans or any(b <= a for a, b in spans):
        return None
    # Elements after the last item are fine (every slice carries the tail); between
    # items, they would belong to one slice only.
    if any(at < spans[-1][0] for at in others):
        return None
    return spans


def _outlet(feed_title_name: str | None, link: str | None, feed_link: str | None) -> str | None:
    """A known outlet from the feed title, else from the item's or the feed's domain, else
    the publication-like name in the feed title."""
    return (
        canonical_outlet(feed_title_name)
        or outlet_for_url(link)
        or outlet_for_url(feed_link)
        or feed_title_name
    )


def _entry_text(entry: Any) -> str:
    """The item's full content (content:encoded, Atom content), else its summary."""
    candidates = [c for c in entry.get("content", []) if c.get("value", "").strip()]
    if candidates:
        chosen = max(candidates, key=lambda c: len(c["value"]))
        return _as_text(chosen["value"], chosen.get("type", ""))
    detail = entry.get("summary_detail") or {}
    return _as_text(entry.get("summary", ""), detail.get("type", "text/html"))


def _as_text(value: str, content_type: str) -> str:
    if content_type.lower().startswith(_HTML_TYPES) or "<" in value:
        return fragment_text(value)
    return value


def _content_language(entry: Any) -> str | None:
    for content in entry.get("content", []):
        if content.get("language"):
            return content["language"]
    return None


register(Reader(name="feed", suffixes=(".rss", ".atom", ".xml"), read=read_feed, signature=is_feed))
