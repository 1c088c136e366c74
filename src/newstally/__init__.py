"""newstally: reconcile what different news outlets report about the same events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .version import __version__

if TYPE_CHECKING:
    from .model import Figure


def extract(text: str, published: str | None = None) -> list[Figure]:
    """Every reported casualty figure in ``text`` (see `newstally.figures.extract`)."""
    from .figures import extract as _extract

    return _extract(text, published=published)


__all__ = ["__version__", "extract"]
