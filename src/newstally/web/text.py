"""An article's text as HTML: escaped, each figure's words marked, and one figure's
sentence highlighted (the target of a provenance link, ``id="hl"``)."""

from __future__ import annotations

from html import escape
from typing import Any


def sentence_range(text: str, figure: dict[str, Any]) -> tuple[int, int]:
    """Where the figure's sentence stands in ``text`` (the occurrence holding its span),
    else the span itself."""
    start, end = figure["span"]
    sentence = figure.get("sentence") or ""
    if sentence:
        at = text.rfind(sentence, 0, end)
        while at != -1:
            if at <= start and at + len(sentence) >= end:
                return at, at + len(sentence)
            at = text.rfind(sentence, 0, at)
    return start, end


def highlighted_text(text: str, figures: list[dict[str, Any]], chosen: str | None) -> str:
    """``text`` escaped, with ``<mark class="fig">`` on every figure's words and
    ``<mark class="hl">`` over the chosen figure's sentence (the first piece ``id="hl"``)."""
    spans = [
        (f["span"][0], f["span"][1], f["id"])
        for f in figures
        if 0 <= f["span"][0] < f["span"][1] <= len(text)
    ]
    highlight: tuple[int, int] | None = None
    for f in figures:
        if f["id"] == chosen:
            highlight = sentence_range(text, f)
    cuts = {0, len(text)}
    for start, end, _ in spans:
        cuts |= {start, end}
    if highlight:
        cuts |= set(highlight)
    points = sorted(cuts)
    out: list[str] = []
    anchored = False
    for a, b in zip(points, points[1:], strict=False):
        piece = escape(text[a:b], quote=True)
        figure = next((fid for s, e, fid in spans if s <= a and b <= e), None)
        if figure is not None:
            current = " current" if figure == chosen else ""
            piece = f'<mark class="fig{current}" title="{escape(figure)}">{piece}</mark>'
        if highlight and highlight[0] <= a and b <= highlight[1]:
            anchor = "" if anchored else ' id="hl"'
            anchored = True
            piece = f'<mark class="hl"{anchor}>{piece}</mark>'
        out.append(piece)
    return "".join(out)
