"""Acceptance check of the cleaning stage on the two seed reports in ../shared/seeds.

The seeds are read at run time; which lines are junk is decided here by structural
oracles independent of the cleaner (the seed text is never copied into the project):

* the donation box at the top of the appeal seed: the lines before its first blank line;
* its appeal letter: from the "A Message from <outlet>:" line through "Remind me later";
* "Read more" lines; photo credits ("<name> / Flickr (CC ...)", "AGENCY ... AGENCY");
* "Map showing ..." captions; a caption printed twice (two adjacent lines sharing most
  words, neither ending like a sentence).

Everything else that ends like a sentence, every short question (sub-heading) and the
headline must survive. Prints one PASS/FAIL line per check; exit status 1 on any FAIL.

    .venv/bin/python benchmarks/seeds_cleaning.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"""[.!?…]["'”’)\]]*$""")


def _words(line: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(line)}


def _raw_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n")]


def junk_oracle(text: str) -> set[str]:
    """The junk lines of a seed, found without the cleaner."""
    lines = _raw_lines(text)
    junk: set[str] = set()
    if any(re.match(r"^A Message from .+:$", line) for line in lines):
        first_blank = lines.index("")
        junk.update(line for line in lines[:first_blank] if line)
        start = next(i for i, line in enumerate(lines) if re.match(r"^A Message from .+:$", line))
        end = next(i for i, line in enumerate(lines) if line.startswith("Remind me later"))
        junk.update(line for line in lines[start : end + 1] if line)
    nonblank = [line for line in lines if line]
    for i, line in enumerate(nonblank):
        if line == "Read more":
            junk.add(line)
        if re.search(r"/ Flickr \(CC", line) or re.match(r"^(AFP|Reuters|EPA)\b.*\1$", line):
            junk.add(line)
        if line.startswith("Map showing"):
            junk.add(line)
        if i + 1 < len(nonblank):
            a, b = line, nonblank[i + 1]
            shared = len(_words(a) & _words(b)) / max(1, len(_words(a) | _words(b)))
            if shared >= 0.7 and not _SENTENCE_END.search(a) and not _SENTENCE_END.search(b):
                junk.update((a, b))
    return junk


def main() -> int:
    if not SEEDS.exists():
        print("skipped: ../shared/seeds not found")
        return 0
    from newstally.clean import clean_articles
    from newstally.model import Article

    paths = sorted(SEEDS.glob("*.txt"))
    raws = {p.stem: p.read_text(encoding="utf-8") for p in paths}
    articles = [Article(id=p.stem, origin=str(p), text=raws[p.stem]) for p in paths]
    cleaned = {a.id: a for a in clean_articles(articles)}
    failures = 0

    def check(name: str, ok: bool, detail: str = "") -> None:
        nonlocal failures
        failures += not ok
        print(f"{'PASS' if ok else 'FAIL'} {name}{'' if ok else ': ' + detail}")

    for seed_id, raw in raws.items():
        article = cleaned[seed_id]
        kept = set(_raw_lines(article.text)) - {""}
        raw_lines = [line for line in _raw_lines(raw) if line]
        junk = junk_oracle(raw)
        removed = {r.text: r.reason for r in article.removed}
        appeal_seed = any(line.startswith("A Message from") for line in raw_lines)
        expected_outlet = "The Moscow Times" if appeal_seed else "BBC News"

        left = sorted(junk & kept)
        check(f"{seed_id}: {len(junk)} junk lines removed", not left, f"still there: {left}")
        body = [
            line
            for line in raw_lines
            if line not in junk and (_SENTENCE_END.search(line) and len(_WORD.findall(line)) >= 6)
        ]
        questions = [
            line
            for line in raw_lines
            if line not in junk and line.endswith("?") and len(_WORD.findall(line)) <= 10
        ]
        lost = [line for line in body + questions if line not in kept]
        check(
            f"{seed_id}: {len(body)} body sentences and {len(questions)} sub-headings kept",
            not lost,
            f"lost: {lost}",
        )
        headline = next(line for line in raw_lines if line not in junk)
        check(
            f"{seed_id}: headline kept and used as title",
            headline in kept and article.title == headline,
            f"title={article.title!r}",
        )
        accounted = all(line in kept or removed.get(line) for line in raw_lines)
        check(f"{seed_id}: every line kept or removed with a reason", accounted)
        check(
            f"{seed_id}: outlet {expected_outlet!r} inferred from text",
            (article.outlet, article.outlet_inferred) == (expected_outlet, True),
            f"got ({article.outlet!r}, {article.outlet_inferred})",
        )
        if appeal_seed:
            check(
                f"{seed_id}: published stays None (boilerplate dates ignored)",
                article.published is None,
                f"got {article.published!r}",
            )
    print(f"\n{'all checks passed' if not failures else f'{failures} check(s) failed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
