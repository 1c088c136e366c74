"""Outlet names from metadata and URLs, through the ``data/outlets.toml`` table."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from urllib.parse import urlsplit

from ..rules import load_table

# A value that is a bare host name ("dailykestrel.example") is not a publication name.
_HOST_LIKE = re.compile(r"^[\w-]+(\.[\w-]+)+$")
_WORDS = re.compile(r"[^\W_]+")
# A web archive's copy of a page: the original URL follows the capture stamp
# ("https://web.archive.org/web/20151114163750/http://www.example.com/x"; the stamp may
# carry a mode suffix such as "id_").
_ARCHIVED = re.compile(
    r"^(?:https?://)?(?:web\.)?archive\.org/web/(?P<stamp>\d{1,14})[a-z_]*/(?P<original>.+)$",
    re.IGNORECASE,
)


def original_url(url: str) -> str:
    """The URL of the page itself: a web archive's copy gives the URL it archived."""
    found = _ARCHIVED.match(url.strip())
    if not found:
        return url
    original = found.group("original")
    return original if "://" in original else "http://" + original


def capture_date(url: str | None) -> str | None:
    """The day (YYYY-MM-DD) a web archive captured its copy of a page, from the capture
    stamp of its URL; None for any other URL or a stamp shorter than a day."""
    found = _ARCHIVED.match(url.strip()) if url else None
    if not found or len(found.group("stamp")) < 8:
        return None
    stamp = found.group("stamp")
    return f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"


@cache
def _domains() -> dict[str, str]:
    return {
        domain.lower(): name
        for name, entry in load_table("outlets")["outlets"].items()
        for domain in entry.get("domains", [])
    }


@cache
def _names() -> dict[str, str]:
    """Canonical names and aliases, case-folded, to the canonical name."""
    names: dict[str, str] = {}
    for name, entry in load_table("outlets")["outlets"].items():
        names[name.casefold()] = name
        for alias in entry.get("aliases", []):
            names.setdefault(alias.casefold(), name)
    return names


def outlet_for_url(url: str | None, domains: Mapping[str, str] | None = None) -> str | None:
    """The outlet whose domain (or a parent domain) serves ``url``
    ("https://www.bbc.co.uk/news/x" -> "BBC News"); a web archive's copy counts as the
    page it archived; ``domains`` defaults to the table's."""
    if not url:
        return None
    try:
        host = (urlsplit(original_url(url)).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if domains is None:
        domains = _domains()
    labels = host.split(".")
    for start in range(len(labels) - 1):
        name = domains.get(".".join(labels[start:]))
        if name:
            return name
    return None


def canonical_outlet(name: str | None) -> str | None:
    """The canonical name for a known outlet name or alias, else None."""
    if not name:
        return None
    return _names().get(" ".join(name.split()).casefold())


def resolve_outlet(given: str | None, url: str | None) -> str | None:
    """The outlet: a name from metadata (canonical when known), else from the URL's domain."""
    if given and not _HOST_LIKE.match(given):
        return canonical_outlet(given) or given
    return outlet_for_url(url)


def outlet_from_title(title: str | None) -> str | None:
    """A publication name in a feed or page title ("Valley Gazette - Latest news").

    A known outlet in any part of the title wins; otherwise a part that is short and not
    only section words ("Latest news", "World") is taken as the name. None if unsure.
    """
    if not title:
        return None
    table = load_table("outlets")["feed_titles"]
    parts = [title]
    for separator in table["separators"]:
        parts = [piece for part in parts for piece in part.split(separator)]
    parts = [" ".join(p.split()) for p in parts if p.strip()]
    for part in parts:
        known = canonical_outlet(part)
        if known:
            return known
    generic = set(table["generic_words"])
    candidates = [
        part
        for part in parts
        if 1 <= len(_WORDS.findall(part)) <= 6
        and not _HOST_LIKE.match(part)
        and any(word.lower() not in generic for word in _WORDS.findall(part))
    ]
    return candidates[0] if len(candidates) == 1 else None
