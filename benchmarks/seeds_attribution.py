"""Acceptance check of attribution on the two seed reports (issue 6).

    .venv/bin/python benchmarks/seeds_attribution.py

Reads ../shared/seeds/*.txt at run time (skips when absent), runs `find_statements`
on each and prints PASS/FAIL for the statements the issue requires:
  * the Foreign Ministry's online statement, with its "it added" quotes and "the
    ministry repeated" resolved to the ministry's full name;
  * the US account of the strikes ("it says", resolved to the US);
  * the Syrian government's "massacre";
  * the pensioner telling the BBC.
Exit status 1 when any check fails.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"

FULL_NAME = "russia's foreign ministry"


def _norm(text: str) -> str:
    return text.replace("\u2019", "'").replace("\xa0", " ").strip().lower()


def main() -> int:
    paths = sorted(SEEDS.glob("*.txt"))
    if not paths:
        print("skipped: ../shared/seeds not found")
        return 0

    from newstally.attribution import find_statements
    from newstally.model import Statement
    from newstally.nlp import ArticleContext, load_nlp

    nlp = load_nlp()
    statements: list[Statement] = []
    for path in paths:
        text = path.read_text(encoding="utf-8").replace("\xa0", " ")
        statements.extend(find_statements(ArticleContext(text, nlp=nlp), path.stem))

    def cue(st: Statement) -> str:
        return _norm(st.cue.text) if st.cue else ""

    def resolved(st: Statement) -> str:
        return _norm(st.source.resolved)

    checks: list[tuple[str, Callable[[], bool]]] = [
        (
            "Foreign Ministry's online statement resolved to the full name",
            lambda: any(
                "online statement" in cue(s) and resolved(s) == FULL_NAME for s in statements
            ),
        ),
        (
            "every 'it added' after it resolved to the full name",
            lambda: (
                len(
                    adds := [
                        s for s in statements if cue(s) == "added" and s.article.startswith("000")
                    ]
                )
                >= 2
                and all(resolved(s) == FULL_NAME and s.source.text == "it" for s in adds)
            ),
        ),
        (
            "'the ministry repeated' resolved to the full name",
            lambda: any(cue(s) == "repeated" and resolved(s) == FULL_NAME for s in statements),
        ),
        (
            "US account of the strikes ('it says' -> the US, with the number)",
            lambda: any(
                s.source.text == "it"
                and resolved(s) == "the us"
                and cue(s) == "says"
                and any(ch.isdigit() for ch in s.content.text)
                for s in statements
            ),
        ),
        (
            "Syrian government's 'massacre'",
            lambda: any(
                resolved(s) == "the syrian government"
                and "massacre" in s.content.text
                and s.source.kind == "official"
                for s in statements
            ),
        ),
        (
            "Nina Atyusheva telling the BBC",
            lambda: any(
                resolved(s) == "nina atyusheva"
                and cue(s).startswith("told")
                and "bbc" in cue(s)
                and s.source.kind == "person"
                for s in statements
            ),
        ),
    ]
    failed = 0
    for name, check in checks:
        ok = check()
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    print(
        f"\n{len(checks) - failed}/{len(checks)} passed; {len(statements)} statements "
        f"in {len(paths)} seeds"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
