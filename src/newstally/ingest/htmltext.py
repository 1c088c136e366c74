"""Main text and metadata of HTML pages (trafilatura) and plain text of HTML fragments."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from .common import blocks_to_text, decode_text

# trafilatura logs every page it finds too short at ERROR level; the reader reports
# those pages as failures itself.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

# Charset declared in the first bytes of a page: <meta charset=...> or http-equiv.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_CHARSET_PARAM = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.-]+)", re.I)
_HOST_NAME = re.compile(r"^[\w-]+(\.[\w-]+)+$")
# Elements whose boundaries are paragraph breaks in the text of a fragment.
# fmt: off
_BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead", "tr", "ul",
))
# fmt: on
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object")
# Page metadata naming the publication time, in order of trust.
_PUBLISHED_XPATHS = (
    '//meta[@property="article:published_time"]/@content',
    '//meta[@name="article:published_time"]/@content',
    '//meta[@itemprop="datePublished"]/@content',
    '//*[@itemprop="datePublished"]/@datetime',
)


_LANGUAGE_XPATHS = ('//meta[@http-equiv="content-language"]/@content',)


@dataclass(slots=True)
class Page:
    text: str
    title: str | None
    site_name: str | None
    url: str | None
    published: str | None  # as found: ISO datetime from metadata, else trafilatura's date
    language: str | None


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset an HTTP Content-Type or the page's own <meta> declares, if any."""
    if content_type:
        match = _CHARSET_PARAM.search(content_type)
        if match:
            return match.group(1)
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def decode_html(data: bytes, content_type: str | None = None) -> str:
    return decode_text(data, declared_charset(data, content_type))


def extract_page(markup: str, url: str | None = None) -> Page | None:
    """The article of a page, or None when it has no body or no extractable text."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(markup)
    if tree is None or tree.find(".//body") is None:
        return None
    published = _first(tree, _PUBLISHED_XPATHS)
    language = tree.get("lang") or _first(tree, _LANGUAGE_XPATHS)
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
    )
    text = blocks_to_text(document.text.split("\n")) if document and document.text else ""
    if not text:
        text = fragment_text(tree.find(".//body"))
    if not text:
        return None
    return Page(
        text=text,
        title=document.title if document else _first(tree, ("//title/text()",)),
        site_name=_publication_name(document.sitename if document else None),
        url=(document.url if document else None) or url,
        published=published or (document.date if document else None),
        language=language or (document.language if document else None),
    )


def fragment_text(fragment: str | lxml_html.HtmlElement | None) -> str:
    """Plain text of an HTML fragment (feed content): one paragraph per block element."""
    if fragment is None:
        return ""
    if isinstance(fragment, str):
        if not fragment.strip():
            return ""
        try:
            root = lxml_html.fragment_fromstring(fragment, create_parent="div")
        except (etree.ParserError, ValueError):
            return ""
    else:
        root = fragment
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        joined = " ".join("".join(current).split())
        if joined:
            blocks.append(joined)
        current.clear()

    def walk(element: lxml_html.HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _DROP_TAGS:
            current.append(" ")
        else:
            block = tag in _BLOCK_TAGS
            if block:
                flush()
            if tag == "br":
                flush()
            if element.text and tag:
                current.append(element.text)
            for child in element:
                walk(child)
            if block:
                flush()
        if element.tail:
            current.append(element.tail)

    walk(root)
    flush()
    return blocks_to_text(blocks)


def _publication_name(site_name: str | None) -> str | None:
    """trafilatura falls back to the host name ("example.com") when a page names no site."""
    if not site_name or _HOST_NAME.match(site_name.strip()):
        return None
    return site_name


def _first(tree: lxml_html.HtmlElement, xpaths: tuple[str, ...]) -> str | None:
    for xpath in xpaths:
        for value in tree.xpath(xpath):
            value = str(value).strip()
            if value:
                return value
    return None
