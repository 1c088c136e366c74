"""Figures: every reported casualty figure of an article, and the article's totals.

`extract(text)` returns the figures of one text (`Figure` records of OUTPUT.md,
figures.jsonl); `extract_article(article, nlp)` sets ``article.figures`` and
``article.totals``; `extract_many(items, nlp)` does the same over a stream, parsing the
gated sentences of many articles in one ``nlp.pipe`` batch (`analyse_many` also yields
each `Extraction`); `totals(figures)` is the per-category estimate for the article's main
event and `coverage(figures)` what each total covers (incidents, the part stated for
several incidents together; `Figure.incidents`, `Figure.part_of`).

Modules: `gate` (which sentences are parsed), `roles` (which counts are casualty figures
and of which category), `describe` (group, hedges, scope, time, place), `totals`,
`extract` (orchestration); `quantities` and `when` read number and time expressions.
"""

from __future__ import annotations

from .extract import Extraction, analyse, analyse_many, extract, extract_article, extract_many
from .gate import passes as gate_passes
from .totals import Coverage, FigureLinks, coverage, totals

__all__ = [
    "Coverage",
    "Extraction",
    "FigureLinks",
    "analyse",
    "analyse_many",
    "coverage",
    "extract",
    "extract_article",
    "extract_many",
    "gate_passes",
    "totals",
]
