"""HTML pages (``.html``, ``.htm``): main text and metadata through trafilatura."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Article, Failure
from ..settings import Settings
from .common import build_article, id_name_for
from .htmltext import Page, decode_html, extract_page
from .outlets import outlet_from_title
from .registry import Input, InputProblem, Reader, read_all, register
from .text import read_meta

# Start of an HTML document after an optional BOM, XML declaration, comments, doctype.
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])",
    re.I | re.S,
)


def is_html(head: bytes) -> bool:
    return bool(_HTML_START.match(head))


def page_article(
    page: Page,
    *,
    origin: str,
    id_name: str,
    settings: Settings,
    given: dict[str, str] | None = None,
    fallback_url: str | None = None,
    fallback_published: object = None,
) -> Article:
    """An Article from an extracted page. ``given`` metadata (from a meta.json or a JSONL
    record) wins over what the page says; the fallbacks (a WARC record's target URI and
    date) are used only when the page says nothing."""
    given = given or {}
    return build_article(
        origin=origin,
        id_name=id_name,
        text=page.text,
        settings=settings,
        own_id=given.get("id"),
        title=given.get("title") or page.title,
        outlet=given.get("outlet") or page.site_name or outlet_from_title_tail(page),
        url=given.get("url") or page.url or fallback_url,
        published=given.get("published") or page.published or fallback_published,
        language=given.get("language") or page.language,
    )


def outlet_from_title_tail(page: Page) -> str | None:
    """A known outlet named in the page title ("Headline - BBC News"); None otherwise."""
    from .outlets import canonical_outlet

    name = outlet_from_title(page.title)
    return name if canonical_outlet(name) else None


def read_html(source: Input, settings: Settings) -> Iterator[Article | Failure]:
    data = read_all(source, settings)
    if not data.strip():
        raise InputProblem("empty file")
    page = extract_page(decode_html(data))
    if page is None:
        raise InputProblem("no article text found")
    meta, meta_failure = read_meta(source)
    if meta_failure:
        yield meta_failure
    yield page_article(
        page, origin=source.label, id_name=id_name_for(source.name), settings=settings, given=meta
    )


register(
    Reader(name="html", suffixes=(".html", ".htm", ".xhtml"), read=read_html, signature=is_html)
)
