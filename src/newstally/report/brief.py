"""Brief: per story a short account written only from its articles, then its figures.

The account is 3-6 sentences copied verbatim from the story's articles, picked across
outlets by maximal marginal relevance: central to the story (TF-IDF similarity to the
centroid of all candidate sentences, with a bonus for leads) and not redundant with the
sentences already picked. Each sentence cites the outlet(s) that printed it; a sentence
repeated by several outlets (near-identical wording) cites them all. Nothing is written
except the fixed headings and labels: the tables, notes and timelines come from the
reconciled slots.

`build_brief_data` gathers everything once; `render_markdown` writes it as Markdown and
`report.html` renders the same data as HTML.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from ..model import Article, Figure, Slot, Statement, Story
from ..nlp import split_sentences
from ..reconcile.common import article_date, outlet_name
from ..reconcile.config import BriefConfig, ReconcileConfig, load_config
from .notes import CONFLICT_KINDS, REVISION_KINDS, render_note

_TOKEN = re.compile(r"[a-z0-9][a-z0-9'\-]*")
_ENDS_SENTENCE = re.compile(r"[.!][\"'\u201d\u2019)\]]*$")
# Markdown's special characters, each backslash-escaped (and a leading "#", in `md`)
_MD_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~"})
_LEADING_THAT = re.compile(r"^that\s+(?=\S)")  # reported speech: "said that ..."
MAX_SENTENCE_CHARS = 600  # untrusted text: a "sentence" longer than this is not one


@dataclass(frozen=True, slots=True)
class BriefSentence:
    text: str  # verbatim from ``article``
    outlets: tuple[str, ...]  # every outlet that printed it
    article: str


@dataclass(frozen=True, slots=True)
class FigureRow:
    slot: str  # slot id
    slot_label: str
    figure: str  # the quantity as written
    category: str
    who: str  # source (kind)
    outlets: tuple[str, ...]
    hedges: tuple[str, ...]
    superseded: bool
    estimate: str  # on the first row of a slot only


@dataclass(frozen=True, slots=True)
class NoteLine:
    slot_label: str
    text: str


@dataclass(frozen=True, slots=True)
class RevisionStep:
    quantity: str
    category: str
    outlet: str
    date: str | None
    superseded: bool


@dataclass(frozen=True, slots=True)
class RevisionLine:
    slot_label: str
    source: str
    steps: tuple[RevisionStep, ...]


@dataclass(frozen=True, slots=True)
class StatementLine:
    content: str
    source: str
    outlet: str


@dataclass(frozen=True, slots=True)
class CoverageRow:
    outlet: str
    title: str
    published: str | None
    figures: int
    copy_of: str | None  # outlet of the article this one copies


@dataclass(frozen=True, slots=True)
class BriefData:
    story_id: str
    title: str
    sentences: tuple[BriefSentence, ...]
    rows: tuple[FigureRow, ...]
    conflicts: tuple[NoteLine, ...]
    revisions: tuple[RevisionLine, ...]
    revision_notes: tuple[NoteLine, ...]
    notes: tuple[NoteLine, ...]
    statements: tuple[StatementLine, ...]
    coverage: tuple[CoverageRow, ...]


# --- sentences ------------------------------------------------------------------------


@cache
def _stopwords() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _tokens(text: str) -> list[str]:
    stop = _stopwords()
    return [t for t in _TOKEN.findall(text.lower()) if t not in stop and len(t) > 1]


def _usable(sentence: str, article: Article, config: BriefConfig) -> bool:
    if len(sentence) > MAX_SENTENCE_CHARS or "\n" in sentence:
        return False
    if not _ENDS_SENTENCE.search(sentence):
        return False  # questions, headings, captions, credits
    first = sentence.lstrip("\"'\u201c\u2018(")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if article.title and sentence.strip() == article.title.strip():
        return False
    return config.min_words <= len(sentence.split()) <= config.max_words


@dataclass(slots=True)
class _Candidate:
    text: str
    article: str
    outlet: str
    article_index: int
    position: int
    published: str
    tokens: frozenset[str]
    outlets: list[str]
    copy_only: bool  # printed only by copies (Story.duplicates)


def _candidates(
    story: Story, articles: Mapping[str, Article], config: BriefConfig
) -> list[_Candidate]:
    found: list[_Candidate] = []
    for index, article_id in enumerate(story.articles[: config.max_articles]):
        article = articles.get(article_id)
        if article is None:
            continue
        is_copy = article_id in story.duplicates
        spans = split_sentences(article.text)[: config.max_article_sentences]
        for position, (a, b) in enumerate(spans):
            text = article.text[a:b]
            if not _usable(text, article, config):
                continue
            tokens = frozenset(_tokens(text))
            if not tokens:
                continue
            outlet = outlet_name(article)
            twin = next(
                (c for c in found if _jaccard(c.tokens, tokens) >= config.repeat_jaccard), None
            )
            if twin is not None:
                if outlet not in twin.outlets:
                    twin.outlets.append(outlet)
                twin.copy_only = twin.copy_only and is_copy
                continue
            found.append(
                _Candidate(
                    text=text,
                    article=article.id,
                    outlet=outlet,
                    article_index=index,
                    position=position,
                    published=article.published or "",
                    tokens=tokens,
                    outlets=[outlet],
                    copy_only=is_copy,
                )
            )
    return [c for c in found if not c.copy_only]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _vectors(candidates: Sequence[_Candidate]) -> list[dict[str, float]]:
    df = Counter(t for c in candidates for t in c.tokens)
    n = len(candidates)
    vectors = []
    for c in candidates:
        # Sorted: a frozenset's order follows the process's string hashes, and float sums
        # in another order can break a near-tie the other way (same input, same brief).
        v = {t: math.log((1 + n) / (1 + df[t])) + 1.0 for t in sorted(c.tokens)}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({t: x / norm for t, x in v.items()})
    return vectors


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def pick_sentences(
    story: Story, articles: Mapping[str, Article], config: BriefConfig | None = None
) -> list[BriefSentence]:
    """The account's sentences, verbatim, in reading order (by date, article, position)."""
    config = config or load_config().brief
    candidates = _candidates(story, articles, config)
    if not candidates:
        return []
    vectors = _vectors(candidates)
    centroid: dict[str, float] = Counter()
    for v in vectors:
        centroid.update(v)
    norm = math.sqrt(sum(x * x for x in centroid.values())) or 1.0
    centroid = {t: x / norm for t, x in centroid.items()}
    centrality = [
        _cosine(v, centroid) + (config.lead_bonus if c.position < config.lead_sentences else 0)
        for c, v in zip(candidates, vectors, strict=True)
    ]
    outlets = {o for c in candidates for o in c.outlets}
    target = max(config.min_sentences, min(config.max_sentences, 2 + len(outlets)))
    picked: list[int] = []
    per_outlet: Counter[str] = Counter()
    while len(picked) < min(target, len(candidates)):

        def score(i: int) -> float:
            redundancy = max((_cosine(vectors[i], vectors[j]) for j in picked), default=0.0)
            seen = min(per_outlet[o] for o in candidates[i].outlets)
            return (
                config.mmr_lambda * centrality[i]
                - (1 - config.mmr_lambda) * redundancy
                - config.outlet_penalty * seen
            )

        best = max((i for i in range(len(candidates)) if i not in picked), key=score)
        picked.append(best)
        per_outlet.update(candidates[best].outlets)
    chosen = sorted(
        (candidates[i] for i in picked), key=lambda c: (c.published, c.article_index, c.position)
    )
    return [BriefSentence(c.text, tuple(c.outlets), c.article) for c in chosen]


# --- figures, notes, revisions ----------------------------------------------------------


def fmt(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"


def slot_label(slot: Slot, config: ReconcileConfig | None = None) -> str:
    """ "killed, Tarnian volunteers" / "killed, Tarnians (period: in 2017)"."""
    config = config or load_config()
    parts = [config.label(slot.category)]
    if slot.group is not None and slot.group.text:
        parts.append(" ".join(slot.group.text.split()))
    label = ", ".join(parts)
    if slot.scope != "event":
        when = f": {' '.join(slot.when.text.split())}" if slot.when and slot.when.text else ""
        label += f" ({slot.scope}{when})"
    if slot.incidents:
        label += f" ({slot.incidents} incidents together)"
    return label


def estimate_text(slot: Slot) -> str:
    return f"{fmt(slot.low)} to {fmt(slot.high)}, best {fmt(slot.best)}; {slot.agreement}"


def figure_index(articles: Mapping[str, Article]) -> dict[str, tuple[Figure, Article]]:
    return {f.id: (f, a) for a in articles.values() for f in a.figures}


def _rows(slot: Slot, figures: Mapping[str, tuple[Figure, Article]], label: str) -> list[FigureRow]:
    superseded = {e.figure for e in slot.timeline if e.superseded}
    grouped: dict[tuple[str, str, bool], list[tuple[Figure, Article, str, str]]] = {}
    for source in slot.sources:
        for figure_id in source.figures:
            if figure_id not in figures:
                continue
            figure, article = figures[figure_id]
            key = (
                source.text,
                " ".join(figure.quantity.text.lower().split()),
                figure_id in superseded,
            )
            who = f"{source.text} ({source.kind})"
            grouped.setdefault(key, []).append((figure, article, who, figure_id))
    rows: list[FigureRow] = []
    for (_, _, is_superseded), items in grouped.items():
        figure, _, who, _ = items[0]
        rows.append(
            FigureRow(
                slot=slot.id,
                slot_label=label,
                figure=" ".join(figure.quantity.text.split()),
                category=figure.category,
                who=who,
                outlets=tuple(dict.fromkeys(outlet_name(a) for _, a, _, _ in items)),
                hedges=tuple(dict.fromkeys(h for f, _, _, _ in items for h in f.hedges)),
                superseded=is_superseded,
                estimate="" if rows else estimate_text(slot),
            )
        )
    return rows


def _revisions(
    slot: Slot, figures: Mapping[str, tuple[Figure, Article]], label: str
) -> list[RevisionLine]:
    by_source: dict[str, list[RevisionStep]] = {}
    for entry in slot.timeline:
        article = figures[entry.figure][1] if entry.figure in figures else None
        by_source.setdefault(entry.source, []).append(
            RevisionStep(
                quantity=" ".join(entry.quantity.split()),
                category=entry.category,
                outlet=outlet_name(article) if article else "",
                date=entry.date,
                superseded=entry.superseded,
            )
        )
    return [RevisionLine(label, source, tuple(steps)) for source, steps in by_source.items()]


# --- statements and coverage ------------------------------------------------------------


@cache
def _casualty_word() -> re.Pattern[str]:
    """Any casualty word of the categories, as a whole word: one alternation finds a match
    exactly where one word's own whole-word search would (searching the words one by one
    took about 2% of a run's time)."""
    words = {w for ws in load_config().category_words.values() for w in ws}
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words)) + r")\b")


def _statements(story: Story, articles: Mapping[str, Article], limit: int) -> list[StatementLine]:
    """Key statements: those that state figures or casualty words, then those by a source
    of the story's figures (others are left out); one per content, at most ``limit``."""
    slot_sources = {s.text.lower() for slot in story.slots for s in slot.sources}
    casualty_word = _casualty_word()

    def rank(statement: Statement) -> tuple[int, int]:
        content = statement.content.text.lower()
        has_figure = any(ch.isdigit() for ch in content) or bool(casualty_word.search(content))
        known = statement.source.resolved.lower() in slot_sources
        return (0 if has_figure else 1 if known else 2, abs(len(content.split()) - 25))

    usable = [
        s
        for s in story.statements
        if s.article not in story.duplicates
        and s.article in articles
        and 3 <= len(s.content.text.split()) <= 80
    ]
    lines: list[StatementLine] = []
    seen: list[frozenset[str]] = []
    ranks = [rank(s) for s in usable]
    for i in sorted(range(len(usable)), key=ranks.__getitem__):
        if ranks[i][0] > 1:
            break
        statement = usable[i]
        tokens = frozenset(_tokens(statement.content.text))
        if any(_jaccard(tokens, t) >= 0.6 for t in seen):
            continue
        seen.append(tokens)
        lines.append(
            StatementLine(
                content=_LEADING_THAT.sub("", " ".join(statement.content.text.split())),
                source=" ".join((statement.source.resolved or statement.source.text).split()),
                outlet=outlet_name(articles[statement.article]),
            )
        )
        if len(lines) >= limit:
            break
    return lines


def _coverage(story: Story, articles: Mapping[str, Article]) -> list[CoverageRow]:
    rows = []
    for article_id in story.articles:
        article = articles.get(article_id)
        if article is None:
            continue
        original = articles.get(story.duplicates.get(article_id, ""))
        rows.append(
            CoverageRow(
                outlet=outlet_name(article),
                title=" ".join((article.title or article.id).split()),
                published=article_date(article),
                figures=0 if original is not None else len(article.figures),
                copy_of=outlet_name(original) if original is not None else None,
            )
        )
    return rows


def _unique_notes(lines: list[NoteLine]) -> tuple[NoteLine, ...]:
    """A note written in several related slots is listed once (under the first)."""
    seen: set[str] = set()
    kept = []
    for line in lines:
        if line.text not in seen:
            seen.add(line.text)
            kept.append(line)
    return tuple(kept)


def _widest(lines: list[RevisionLine]) -> tuple[RevisionLine, ...]:
    """A timeline contained in another slot's timeline of the same source is left out
    (related slots share entries)."""

    def steps(line: RevisionLine) -> set[RevisionStep]:
        return set(line.steps)

    kept = [
        line
        for i, line in enumerate(lines)
        if not any(
            other.source == line.source
            and steps(line) <= steps(other)
            and (steps(line) < steps(other) or j < i)
            for j, other in enumerate(lines)
            if j != i
        )
    ]
    return tuple(kept)


def build_brief_data(story: Story, articles: Mapping[str, Article]) -> BriefData:
    """Everything a brief shows, from the reconciled story and its articles."""
    config = load_config()
    figures = figure_index({a: articles[a] for a in story.articles if a in articles})
    rows: list[FigureRow] = []
    conflicts: list[NoteLine] = []
    revision_notes: list[NoteLine] = []
    notes: list[NoteLine] = []
    revisions: list[RevisionLine] = []
    for slot in story.slots:
        label = slot_label(slot, config)
        rows += _rows(slot, figures, label)
        revisions += _revisions(slot, figures, label)
        for note in slot.notes:
            line = NoteLine(label, render_note(note, config))
            if note.kind in CONFLICT_KINDS:
                conflicts.append(line)
            elif note.kind in REVISION_KINDS:
                revision_notes.append(line)
            else:
                notes.append(line)
    return BriefData(
        story_id=story.id,
        title=" ".join(story.title.split()),
        sentences=tuple(pick_sentences(story, articles, config.brief)),
        rows=tuple(rows),
        conflicts=_unique_notes(conflicts),
        revisions=_widest(revisions),
        revision_notes=_unique_notes(revision_notes),
        notes=_unique_notes(notes),
        statements=tuple(_statements(story, articles, config.brief.max_statements)),
        coverage=tuple(_coverage(story, articles)),
    )


# --- Markdown ---------------------------------------------------------------------------


def md(text: str) -> str:
    """Text as literal Markdown: special characters backslash-escaped, one line."""
    # One str.translate: several times faster than a regular expression substitution,
    # and called for every cell and sentence of every brief
    out = " ".join(text.split()).translate(_MD_ESCAPES)
    return "\\" + out if out.startswith("#") else out


def citation(outlets: Sequence[str]) -> str:
    """ "[The Valley Post]" / "[Northgate Wire; Daily Kestrel]" (as Markdown)."""
    return "[" + "; ".join(md(o) for o in outlets) + "]"


def _step_text(step: RevisionStep, label: ReconcileConfig) -> str:
    where = ", ".join(x for x in (step.outlet, step.date or "") if x)
    mark = ", superseded" if step.superseded else ""
    return f"'{md(step.quantity)}' {label.label(step.category)} ({md(where)}{mark})"


def grouped_notes(notes: Sequence[NoteLine]) -> list[tuple[str, list[NoteLine]]]:
    """Notes grouped by slot, in slot order."""
    groups: dict[str, list[NoteLine]] = {}
    for note in notes:
        groups.setdefault(note.slot_label, []).append(note)
    return list(groups.items())


def render_markdown(data: BriefData, heading: str = "##") -> str:
    """The brief as Markdown; ``heading`` is the level of the title."""
    config = load_config()
    sub = heading + "#"
    out = [f"{heading} {md(data.title)}", ""]
    if data.sentences:
        out += [f"{md(s.text)} {citation(s.outlets)}" for s in data.sentences]
        out.append("")
    if data.rows:
        out += [
            f"{sub} Figures",
            "",
            "| Slot | Figure | Who says it | Outlets | Hedges | Estimate (low to high, best) |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        previous = None
        for row in data.rows:
            figure = f"'{md(row.figure)}'"
            if row.superseded:
                figure = f"~~{figure}~~ (superseded)"
            out.append(
                "| "
                + " | ".join(
                    [
                        md(row.slot_label) if row.slot != previous else "",
                        figure,
                        md(row.who),
                        md(", ".join(row.outlets)),
                        md(", ".join(row.hedges)),
                        md(row.estimate),
                    ]
                )
                + " |"
            )
            previous = row.slot
        out.append("")
    if data.conflicts:
        out += [f"{sub} Conflicts", ""]
        out += [f"- **{md(n.slot_label)}**: {md(n.text)}" for n in data.conflicts]
        out.append("")
    if data.revisions or data.revision_notes:
        out += [f"{sub} Revisions", ""]
        for line in data.revisions:
            steps = " → ".join(_step_text(s, config) for s in line.steps)
            out.append(f"- **{md(line.slot_label)}**, {md(line.source)}: {steps}")
        out += [f"- **{md(n.slot_label)}**: {md(n.text)}" for n in data.revision_notes]
        out.append("")
    if data.notes:
        out += [f"{sub} Notes", ""]
        for label, lines in grouped_notes(data.notes):
            out += [f"**{md(label)}**", ""]
            out += [f"- {md(n.text)}" for n in lines]
            out.append("")
    if data.statements:
        out += [f"{sub} Statements", ""]
        out += [
            f"- {md(s.content)} — {md(s.source)} {citation([s.outlet])}" for s in data.statements
        ]
        out.append("")
    if data.coverage:
        out += [
            f"{sub} Coverage",
            "",
            "| Outlet | Article | Published | Figures |",
            "| --- | --- | --- | --- |",
        ]
        for row in data.coverage:
            figures = f"copy of {md(row.copy_of)}" if row.copy_of else str(row.figures)
            out.append(
                f"| {md(row.outlet)} | {md(row.title)} | {md(row.published or '?')} | {figures} |"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def build_brief(story: Story, articles: Mapping[str, Article]) -> str:
    """The story's brief as Markdown (``Story.brief``)."""
    return render_markdown(build_brief_data(story, articles))
