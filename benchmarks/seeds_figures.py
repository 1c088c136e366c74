"""Figures read from the two seed reports, checked against what a careful coder records.

    .venv/bin/python benchmarks/seeds_figures.py [--show]

Data: ../shared/seeds/*.txt (two scraped reports of one February 2018 event; skipped when
absent). The raw text is used as it is, scraper junk included (`newstally.clean` is used
when it can clean a plain text, see `_clean`), so the checks also cover "no figure from
donation appeals or captions". Prints PASS/FAIL per expectation and a markdown summary;
exits 1 when any expectation fails. The expectations name words, not the seed's
sentences: the reports' text stays in ../shared.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT / "src"))

from newstally.model import Article, Figure  # noqa: E402


@dataclass(slots=True)
class Expectation:
    seed: str  # file name prefix
    text: str
    check: Callable[[list[Figure], Article], bool]


def _fig(figures: list[Figure], category: str, words: str) -> list[Figure]:
    return [f for f in figures if f.category == category and f.quantity.text.lower() == words]


def _src(f: Figure, *needles: str) -> bool:
    return any(n.lower() in f.source.text.lower() for n in needles)


def _no_figure_near(figures: list[Figure], article: Article, needle: str) -> bool:
    """No figure whose sentence contains ``needle``."""
    return not any(needle.lower() in f.sentence.lower() for f in figures)


MT, BBC = "000_", "003_"
EXPECTATIONS = [
    Expectation(
        MT,
        'vague count injured ("several dozens"), source: the foreign ministry',
        lambda fs, a: any(_src(f, "ministry") for f in _fig(fs, "injured", "several dozens")),
    ),
    Expectation(
        MT,
        "the same count restated in a quote closed by a pronoun cue: the ministry again",
        lambda fs, a: sum(_src(f, "ministry") for f in _fig(fs, "injured", "several dozens")) >= 2,
    ),
    Expectation(
        MT,
        "killed 5 counted by a casualty noun (no group), source: the ministry",
        lambda fs, a: any(
            _src(f, "ministry") and f.group is None for f in _fig(fs, "killed", "five")
        ),
    ),
    Expectation(
        MT,
        'killed 5 with hedge "presumably", source: the ministry',
        lambda fs, a: any(
            "presumably" in f.hedges and _src(f, "ministry") for f in _fig(fs, "killed", "five")
        ),
    ),
    Expectation(
        MT,
        'killed <= 200 ("up to"), group head mercenary / affiliation Russian, source: outlets',
        lambda fs, a: any(
            f.quantity.bound == "<="
            and f.quantity.high == 200
            and f.group is not None
            and f.group.head == "mercenary"
            and f.group.affiliation == "Russian"
            and _src(f, "outlets")
            for f in _fig(fs, "killed", "up to 200")
        ),
    ),
    Expectation(
        MT,
        "no figure from money amounts or the donation appeal",
        lambda fs, a: (
            _no_figure_near(fs, a, "$")
            and not any(f.quantity.value in (10000, 10_000, 2) for f in fs)
        ),
    ),
    Expectation(
        MT,
        "totals: killed best 5, injured best 36 (the vague count's value)",
        lambda fs, a: (
            a.totals.get("killed") is not None
            and a.totals["killed"].best == 5
            and a.totals.get("injured") is not None
            and a.totals["injured"].best == 36
        ),
    ),
    Expectation(
        BBC,
        '"killed or wounded" vague count as casualties, twice, source: the ministry',
        lambda fs, a: (
            sum(_src(f, "ministry") for f in _fig(fs, "casualties", "several dozen")) >= 2
        ),
    ),
    Expectation(
        BBC,
        'killed 5 with hedge "probably", source: the government',
        lambda fs, a: any(
            "probably" in f.hedges and _src(f, "government") for f in _fig(fs, "killed", "five")
        ),
    ),
    Expectation(
        BBC,
        'killed > 100 ("more than"), group head mercenary, source kind unnamed',
        lambda fs, a: any(
            f.quantity.bound == ">"
            and f.source.kind == "unnamed"
            and f.group is not None
            and f.group.head == "mercenary"
            for f in _fig(fs, "killed", "more than 100")
        ),
    ),
    Expectation(
        BBC,
        "killed 100, group head militia, source: the US",
        lambda fs, a: any(
            _src(f, "US") and f.group is not None and f.group.head == "militia"
            for f in _fig(fs, "killed", "100")
        ),
    ),
    Expectation(
        BBC,
        "present-perfect running total: scope cumulative, source: the defence ministry",
        lambda fs, a: any(
            _src(f, "defence ministry") and f.scope == "cumulative"
            for f in _fig(fs, "killed", "44")
        ),
    ),
    Expectation(
        BBC,
        'killed >= ("at least") over part of a year: scope period, source: Reuters',
        lambda fs, a: any(
            _src(f, "Reuters") and f.scope == "period" and f.quantity.bound == ">="
            for f in _fig(fs, "killed", "at least 131")
        ),
    ),
    Expectation(
        BBC,
        'no figure from a negated non-casualty clause ("no ... forces" involved)',
        lambda fs, a: not any(f.group is not None and f.group.head == "force" for f in fs),
    ),
    Expectation(
        BBC,
        "no figure from dates or years",
        lambda fs, a: not any(f.quantity.value in (7, 2017, 2018, 9) for f in fs),
    ),
    Expectation(
        BBC,
        "totals leave out period and cumulative figures (killed high < 131)",
        lambda fs, a: "killed" in a.totals and (a.totals["killed"].high or 0) < 131,
    ),
]


def _clean(article: Article) -> None:
    try:
        from newstally.clean import clean_article
    except ImportError:
        return
    try:
        clean_article(article)
    except Exception as exc:  # the seeds must run even if cleaning is unfinished
        print(f"note: cleaning failed ({type(exc).__name__}: {exc}); using raw text")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every figure found")
    parser.add_argument("--raw", action="store_true", help="skip newstally.clean")
    args = parser.parse_args(argv)
    paths = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not paths:
        print("skipped: ../shared/seeds/*.txt not found")
        return 0
    from newstally.figures import extract_article
    from newstally.nlp import load_nlp

    nlp = load_nlp()
    results: list[tuple[str, str, bool]] = []
    for path in paths:
        article = Article(id=path.stem, origin=path.name, text=path.read_text(encoding="utf-8"))
        if not args.raw:
            _clean(article)
        extract_article(article, nlp)
        if args.show:
            print(f"== {path.name}")
            for f in article.figures:
                print(
                    f"  {f.category:10} {f.quantity.text!r:18} {f.source.text!r} ({f.source.kind}) "
                    f"hedges={f.hedges} scope={f.scope} group={f.group and f.group.text!r}"
                )
            print(f"  totals: {article.totals}")
        for exp in EXPECTATIONS:
            if path.name.startswith(exp.seed):
                ok = bool(exp.check(article.figures, article))
                results.append((path.name, exp.text, ok))
                print(f"{'PASS' if ok else 'FAIL'}  {path.name[:4]}  {exp.text}")
    passed = sum(ok for _, _, ok in results)
    print(
        "\n| seeds | expectations | passed |\n|---|---:|---:|\n"
        f"| {len(paths)} | {len(results)} | {passed} |"
    )
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
