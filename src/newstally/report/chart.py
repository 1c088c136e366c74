"""A chart per story: each slot's figures as ranges, one row per source.

A figure is drawn from the lowest to the highest number its words state ("between 10
and 20"), with a dot at its value; an open bound ("at least 30", "more than 100") runs to
the edge of the panel and ends in an arrow, an upper bound alone ("up to 45") fades in
from zero. Superseded figures are grey and hollow, hedged ones lighter. The shaded band
is the slot's low..high and the dashed line its best estimate.

Output is an SVG string for inlining in report.html: text stays text (no embedded
fonts), ids are prefixed per chart so several charts can share a page, and the XML
prologue, metadata and namespace URLs are dropped (an HTML parser needs none of them).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Article, Figure, Slot, Story
from ..reconcile.config import load_config
from ..reconcile.policy import LOWER_BOUNDS, UPPER_BOUNDS
from .brief import estimate_text, figure_index, slot_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes

INK = "#1f2933"
ACCENT = "#c2410c"
BAND = "#fde7d9"
CURRENT = "#1d4ed8"
HEDGED = "#7aa0f0"
OLD = "#9aa5b1"
MAX_LABEL = 38


@dataclass(frozen=True, slots=True)
class Bar:
    lower: int | None  # stated lower end (None = open)
    upper: int | None
    value: int | None
    superseded: bool
    hedged: bool


def bar(figure: Figure, superseded: bool) -> Bar:
    q = figure.quantity
    if figure.negated:
        return Bar(0, 0, 0, superseded, bool(figure.hedges))
    lower = upper = None
    if q.bound in LOWER_BOUNDS:
        lower = q.low if q.low is not None else q.value
        if lower is not None and q.bound == ">" and q.low is None:
            lower += 1
    if q.bound in UPPER_BOUNDS:
        upper = q.high if q.high is not None else q.value
        if upper is not None and q.bound == "<" and q.high is None:
            upper -= 1
    return Bar(lower, upper, q.value, superseded, bool(figure.hedges))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "\u2026"


def _plain(text: str) -> str:
    """Text for matplotlib without mathtext ("$5" would start a formula)."""
    return text.replace("\\", "\\\\").replace("$", r"\$")


def _rows(
    slot: Slot, figures: Mapping[str, tuple[Figure, Article]], max_rows: int
) -> list[tuple[str, list[Bar]]]:
    superseded = {e.figure for e in slot.timeline if e.superseded}
    shown = slot.sources[:max_rows]
    # Unnamed sources of different articles ("witnesses" in two reports) are separate
    # sources with the same words; their rows say whose report they come from.
    repeated = {k for k, n in Counter(s.text.casefold() for s in shown).items() if n > 1}
    rows = []
    for source in shown:
        bars = [bar(figures[f][0], f in superseded) for f in source.figures if f in figures]
        bars = list(dict.fromkeys(bars))
        if not bars:
            continue
        label = source.text
        if source.text.casefold() in repeated:
            outlets = sorted(
                {figures[f][1].outlet for f in source.figures if f in figures} - {None}
            )
            if outlets:
                label = f"{source.text} ({', '.join(outlets)})"
        rows.append((label, bars))
    return rows


def story_chart_svg(story: Story, articles: Mapping[str, Article], prefix: str) -> str | None:
    """The story's chart as inline SVG, or None when it has no slot to draw."""
    config = load_config().brief
    figures = figure_index({a: articles[a] for a in story.articles if a in articles})
    panels = [
        (slot, _rows(slot, figures, config.chart_max_rows))
        for slot in story.slots[: config.chart_max_slots]
    ]
    panels = [(slot, rows) for slot, rows in panels if rows]
    if not panels:
        return None
    return _render(panels, prefix)


def _render(panels: Sequence[tuple[Slot, list[tuple[str, list[Bar]]]]], prefix: str) -> str:
    import matplotlib
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.lines import Line2D

    heights = [1.0 + 0.2 * sum(1 + len(bars) for _, bars in rows) for _, rows in panels]
    with matplotlib.rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "newstally",
            "font.size": 9,
            "font.family": "sans-serif",
            "axes.edgecolor": "#cbd2d9",
            "axes.labelcolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
        }
    ):
        fig = MplFigure(figsize=(8.6, sum(heights) + 0.5), layout="constrained")
        axes = fig.subplots(len(panels), 1, squeeze=False, height_ratios=heights)[:, 0]
        for ax, (slot, rows) in zip(axes, panels, strict=True):
            _panel(ax, slot, rows)
        handles = [
            Line2D([], [], color=CURRENT, marker="o", lw=2, label="figure (range it states)"),
            Line2D([], [], color=HEDGED, marker="o", lw=2, label="hedged"),
            Line2D([], [], color=OLD, marker="o", mfc="white", lw=2, label="superseded"),
            Line2D([], [], color=ACCENT, ls="--", lw=1.5, label="best estimate"),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=4, frameon=False)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return _clean_svg(buffer.getvalue(), prefix)


def _panel(ax: Axes, slot: Slot, rows: list[tuple[str, list[Bar]]]) -> None:
    numbers = [
        n for _, bars in rows for b in bars for n in (b.lower, b.upper, b.value) if n is not None
    ]
    numbers += [n for n in (slot.low, slot.high, slot.best) if n is not None]
    top = max(numbers, default=1)
    right = top * 1.25 + 1
    ax.set_xlim(0, right)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    if slot.low is not None and slot.high is not None:
        ax.axvspan(slot.low, slot.high, color=BAND, zorder=0)
    if slot.best is not None:
        ax.axvline(slot.best, color=ACCENT, ls="--", lw=1.5, zorder=1)
    for y, (_, bars) in enumerate(reversed(rows)):
        # Several figures of one source share its row, side by side.
        spread = 0.5 if len(bars) > 1 else 0.0
        for i, b in enumerate(bars):
            offset = spread * (i / (len(bars) - 1) - 0.5) if len(bars) > 1 else 0.0
            _draw_bar(ax, b, y - offset, right)
    labels = [_plain(_short(name)) for name, _ in reversed(rows)]
    ax.set_yticks(range(len(rows)), labels)
    title = f"{slot_label(slot)}  \u2014  {estimate_text(slot)}"
    ax.set_title(_plain(_short_title(title)), loc="left", fontsize=9.5, color=INK)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="y", length=0)


def _short_title(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= 110 else title[:109] + "\u2026"


def _draw_bar(ax: Axes, b: Bar, y: float, right: float) -> None:
    color = OLD if b.superseded else HEDGED if b.hedged else CURRENT
    face = "white" if b.superseded else color
    lower, upper = b.lower, b.upper
    if lower is not None and upper is not None:
        if upper > lower:
            ax.plot([lower, upper], [y, y], color=color, lw=3, solid_capstyle="butt")
        ax.plot([lower, upper], [y, y], ls="none", marker="|", ms=9, color=color)
    elif lower is not None:
        # Open above ("at least", "more than"): an arrow to the panel's edge.
        ax.annotate(
            "",
            xy=(right, y),
            xytext=(lower, y),
            arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2, "shrinkA": 0, "shrinkB": 0},
        )
        ax.plot([lower], [y], ls="none", marker="|", ms=9, color=color)
    elif upper is not None:
        # Open below ("up to"): a line fading in from zero.
        steps = 8
        for i in range(steps):
            a, c = upper * i / steps, upper * (i + 1) / steps
            ax.plot([a, c], [y, y], color=color, lw=3, alpha=(i + 1) / steps, solid_capstyle="butt")
        ax.plot([upper], [y], ls="none", marker="|", ms=9, color=color)
    if b.value is not None:
        ax.plot([b.value], [y], ls="none", marker="o", ms=6, color=color, mfc=face, zorder=3)


_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^)"]+)')


def _clean_svg(svg: str, prefix: str) -> str:
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    svg = re.sub(
        r'<svg\s+width="[^"]*"\s+height="[^"]*"', '<svg class="chart" role="img"', svg, count=1
    )
    return svg.strip()
