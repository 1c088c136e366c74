"""A chart per story: each slot's figures as ranges, one row per source.

A figure is drawn from the lowest to the highest number its words state ("between 10
and 20"), with a dot at its value; an open bound ("at least 30", "more than 100") runs to
the edge of the panel and ends in an arrow, an upper bound alone ("up to 45") fades in
from zero. Superseded figures are grey and hollow, hedged ones lighter. The shaded band
is the slot's low..high and the dashed line its best estimate.

The SVG is written directly (a matplotlib figure cost about 0.7 s a chart, most of a
run's time; this costs well under a millisecond). Text stays text, every piece of it
escaped; the chart carries a title and a description for screen readers, each row a
tooltip, and `story_chart_table` gives the same data as an HTML table. Text widths are
estimated from character classes (no font metrics), which is enough to size the label
column: labels are cut to `MAX_LABEL` characters and right-aligned against the panel.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from ..model import Article, Figure, Slot, Story
from ..reconcile.config import load_config
from ..reconcile.policy import LOWER_BOUNDS, UPPER_BOUNDS
from .brief import estimate_text, figure_index, slot_label

INK = "#1f2933"
MUTED = "#52606d"
AXIS = "#cbd2d9"
ACCENT = "#c2410c"
BAND = "#fde7d9"
CURRENT = "#1d4ed8"
HEDGED = "#7aa0f0"
OLD = "#9aa5b1"
MAX_LABEL = 38
MAX_TITLE = 110

# Layout, in SVG user units (the chart scales to the page's width).
WIDTH = 860
FONT = 12
PAD = 10
TITLE_HEIGHT = 24
ROW_HEIGHT = 22  # a source with one figure; each further figure adds BAR_STEP
BAR_STEP = 10
AXIS_HEIGHT = 26
PANEL_GAP = 14
LEGEND_HEIGHT = 26
FADE_STEPS = 8


@dataclass(frozen=True, slots=True)
class Bar:
    lower: int | None  # stated lower end (None = open)
    upper: int | None
    value: int | None
    superseded: bool
    hedged: bool


Row = tuple[str, list[Bar]]
Panel = tuple[Slot, list[Row]]


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


def describe(b: Bar) -> str:
    """A bar in words, for tooltips and the table: "between 4 and 6, best 5 (hedged)"."""
    if b.lower is not None and b.upper is not None:
        span = f"{b.lower:,}" if b.lower == b.upper else f"between {b.lower:,} and {b.upper:,}"
    elif b.lower is not None:
        span = f"at least {b.lower:,}"
    elif b.upper is not None:
        span = f"up to {b.upper:,}"
    else:
        span = "no number"
    if b.value is not None and f"{b.value:,}" != span:
        span += f", at {b.value:,}"
    marks = [m for m, on in (("hedged", b.hedged), ("superseded", b.superseded)) if on]
    return span + (f" ({', '.join(marks)})" if marks else "")


def _short(text: str, limit: int = MAX_LABEL) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _rows(slot: Slot, figures: Mapping[str, tuple[Figure, Article]], max_rows: int) -> list[Row]:
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


def chart_panels(story: Story, articles: Mapping[str, Article]) -> list[Panel]:
    """The slots the story's chart draws, each with its rows (one per source)."""
    config = load_config().brief
    figures = figure_index({a: articles[a] for a in story.articles if a in articles})
    panels = [
        (slot, _rows(slot, figures, config.chart_max_rows))
        for slot in story.slots[: config.chart_max_slots]
    ]
    return [(slot, rows) for slot, rows in panels if rows]


def story_chart_svg(story: Story, articles: Mapping[str, Article], prefix: str) -> str | None:
    """The story's chart as inline SVG, or None when it has no slot to draw."""
    panels = chart_panels(story, articles)
    return render_svg(panels, prefix) if panels else None


def story_chart_table(panels: Sequence[Panel]) -> str:
    """The chart's data as an HTML table (its text alternative), every cell escaped."""
    out = [
        "<table><thead><tr><th>Slot</th><th>Source</th><th>Figure drawn</th></tr></thead><tbody>"
    ]
    for slot, rows in panels:
        for i, (label, bars) in enumerate(rows):
            first = _x(slot_label(slot)) if i == 0 else ""
            drawn = "; ".join(describe(b) for b in bars)
            out.append(f"<tr><td>{first}</td><td>{_x(label)}</td><td>{_x(drawn)}</td></tr>")
    out.append("</tbody></table>")
    return "".join(out)


# --- SVG ---------------------------------------------------------------------------------

_NARROW = frozenset("iljtfI.,;:'!|()[] \u2019")
_WIDE = frozenset("mwMW@%")


def text_width(text: str, size: float = FONT) -> float:
    """Estimated width of ``text`` set in a sans-serif face at ``size`` (no font metrics)."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.3
        elif ch in _WIDE:
            em += 0.85
        elif ch.isupper():
            em += 0.68
        else:
            em += 0.55
    return em * size


def _x(text: str) -> str:
    return escape(text, quote=True)


def _n(v: float) -> str:
    """A coordinate: one decimal, no trailing zero (same input, same bytes)."""
    s = f"{v:.1f}"
    return s[:-2] if s.endswith(".0") else s


def _ticks(right: float) -> list[int]:
    """Round, whole-number ticks from 0 to at most ``right``, about five of them."""
    raw = max(right / 5, 1.0)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(int(step), 1)
    return list(range(0, int(right) + 1, step))


def _row_height(bars: Sequence[Bar]) -> float:
    return ROW_HEIGHT + BAR_STEP * (len(bars) - 1)


def render_svg(panels: Sequence[Panel], prefix: str) -> str:
    labels = [_short(label) for _, rows in panels for label, _ in rows]
    left = PAD + min(max((text_width(t) for t in labels), default=0.0), 330.0) + 12
    plot_right = WIDTH - 24
    body: list[str] = []
    top = float(PAD)
    names: list[str] = []
    for slot, rows in panels:
        names.append(slot_label(slot))
        top = _panel(body, slot, rows, top, left, plot_right)
        top += PANEL_GAP
    top = _legend(body, top)
    height = top + PAD
    title = f"Figures by source: {'; '.join(names)}"
    desc = (
        "Each row is one source; its bar spans the numbers its words state, an arrow marks "
        "an open bound, the shaded band is the slot's low to high and the dashed line its "
        "best estimate. The same data follows as a table."
    )
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" font-family="sans-serif" '
        f'font-size="{FONT}" fill="{INK}">'
        f'<title id="{prefix}-title">{_x(title)}</title>'
        f'<desc id="{prefix}-desc">{_x(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _panel(
    out: list[str], slot: Slot, rows: Sequence[Row], top: float, left: float, right_px: float
) -> float:
    """Draw one slot's panel from ``top``; return the y where it ends."""
    numbers = [
        n for _, bars in rows for b in bars for n in (b.lower, b.upper, b.value) if n is not None
    ]
    numbers += [n for n in (slot.low, slot.high, slot.best) if n is not None]
    right = max(numbers, default=1) * 1.25 + 1
    width = right_px - left

    def x(v: float) -> float:
        return left + width * v / right

    title = _short(f"{slot_label(slot)}  \u2014  {estimate_text(slot)}", MAX_TITLE)
    out.append(
        f'<text x="{PAD}" y="{_n(top + 15)}" font-size="13" font-weight="600">{_x(title)}</text>'
    )
    y0 = top + TITLE_HEIGHT
    y1 = y0 + sum(_row_height(bars) for _, bars in rows)
    if slot.low is not None and slot.high is not None:
        out.append(
            f'<rect x="{_n(x(slot.low))}" y="{_n(y0)}" '
            f'width="{_n(max(x(slot.high) - x(slot.low), 1))}" height="{_n(y1 - y0)}" '
            f'fill="{BAND}"/>'
        )
    if slot.best is not None:
        out.append(
            f'<line x1="{_n(x(slot.best))}" x2="{_n(x(slot.best))}" y1="{_n(y0)}" y2="{_n(y1)}" '
            f'stroke="{ACCENT}" stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
    # axes: left and bottom lines, ticks under the panel
    out.append(
        f'<path d="M{_n(left)} {_n(y0)}V{_n(y1)}H{_n(right_px)}" fill="none" stroke="{AXIS}"/>'
    )
    for tick in _ticks(right):
        tx = _n(x(tick))
        out.append(
            f'<line x1="{tx}" x2="{tx}" y1="{_n(y1)}" y2="{_n(y1 + 4)}" stroke="{AXIS}"/>'
            f'<text x="{tx}" y="{_n(y1 + 16)}" text-anchor="middle" font-size="11">{tick:,}</text>'
        )
    y = y0
    for label, bars in rows:
        h = _row_height(bars)
        tip = f"{label}: " + "; ".join(describe(b) for b in bars)
        out.append(f"<g><title>{_x(tip)}</title>")
        out.append(
            f'<text x="{_n(left - 8)}" y="{_n(y + h / 2 + 4)}" text-anchor="end">'
            f"{_x(_short(label))}</text>"
        )
        for i, b in enumerate(bars):
            # Several figures of one source share its row, one under the other.
            _bar(out, b, y + ROW_HEIGHT / 2 + BAR_STEP * i, x, right_px)
        out.append("</g>")
        y += h
    return y1 + AXIS_HEIGHT


def _bar(out: list[str], b: Bar, y: float, x: Callable[[float], float], right_px: float) -> None:
    color = OLD if b.superseded else HEDGED if b.hedged else CURRENT
    yy = _n(y)
    tick = f'<path d="M{{0}} {_n(y - 4.5)}V{_n(y + 4.5)}" stroke="{color}" stroke-width="1.5"/>'
    lower, upper = b.lower, b.upper
    if lower is not None and upper is not None:
        if upper > lower:
            out.append(
                f'<line x1="{_n(x(lower))}" x2="{_n(x(upper))}" y1="{yy}" y2="{yy}" '
                f'stroke="{color}" stroke-width="3"/>'
            )
        out.append(tick.format(_n(x(lower))))
        if upper != lower:
            out.append(tick.format(_n(x(upper))))
    elif lower is not None:
        # Open above ("at least", "more than"): an arrow to the panel's edge.
        out.append(
            f'<line x1="{_n(x(lower))}" x2="{_n(right_px - 8)}" y1="{yy}" y2="{yy}" '
            f'stroke="{color}" stroke-width="2"/>'
            f'<path d="M{_n(right_px)} {yy}l-9 -4.5v9z" fill="{color}"/>'
        )
        out.append(tick.format(_n(x(lower))))
    elif upper is not None:
        # Open below ("up to"): a line fading in from zero.
        for i in range(FADE_STEPS):
            a, c = upper * i / FADE_STEPS, upper * (i + 1) / FADE_STEPS
            out.append(
                f'<line x1="{_n(x(a))}" x2="{_n(x(c))}" y1="{yy}" y2="{yy}" stroke="{color}" '
                f'stroke-width="3" stroke-opacity="{_n((i + 1) / FADE_STEPS * 100)}%"/>'
            )
        out.append(tick.format(_n(x(upper))))
    if b.value is not None:
        face = "white" if b.superseded else color
        out.append(
            f'<circle cx="{_n(x(b.value))}" cy="{yy}" r="4" fill="{face}" stroke="{color}" '
            f'stroke-width="1.5"/>'
        )


_LEGEND = (
    ("figure (range it states)", CURRENT, "dot"),
    ("hedged", HEDGED, "dot"),
    ("superseded", OLD, "hollow"),
    ("best estimate", ACCENT, "dash"),
)


def _legend(out: list[str], top: float) -> float:
    widths = [28 + text_width(label, 11) + 18 for label, _, _ in _LEGEND]
    x = (WIDTH - sum(widths)) / 2
    y = top + LEGEND_HEIGHT / 2
    out.append('<g font-size="11">')
    for (label, color, kind), w in zip(_LEGEND, widths, strict=True):
        if kind == "dash":
            out.append(
                f'<line x1="{_n(x)}" x2="{_n(x + 22)}" y1="{_n(y)}" y2="{_n(y)}" '
                f'stroke="{color}" stroke-width="1.5" stroke-dasharray="5 3"/>'
            )
        else:
            face = "white" if kind == "hollow" else color
            out.append(
                f'<line x1="{_n(x)}" x2="{_n(x + 22)}" y1="{_n(y)}" y2="{_n(y)}" '
                f'stroke="{color}" stroke-width="2"/><circle cx="{_n(x + 11)}" cy="{_n(y)}" '
                f'r="4" fill="{face}" stroke="{color}" stroke-width="1.5"/>'
            )
        out.append(f'<text x="{_n(x + 28)}" y="{_n(y + 4)}">{_x(label)}</text>')
        x += w
    out.append("</g>")
    return top + LEGEND_HEIGHT
