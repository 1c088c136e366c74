"""Attribution extraction on PolNeAR (hand-annotated source / cue / content), in one run.

    .venv/bin/python benchmarks/attribution.py [--split dev|train|both] [--limit N] [--errors N]

Data: ../shared/data/polnear-<split>.jsonl (84 dev, 840 train articles; skipped when
absent). Rules are tuned on train only (the cue classes of data/attribution.toml carry
their train precision); dev is the held-out check. ``--split both`` prints both in one
run, one table row per split.
A predicted attribution matches a gold one when their content spans overlap (gold spans
may be discontinuous, and so may predicted ones: statements sharing a cue, a quote
continued after '"...," she said.', are one attribution); matching is one-to-one,
greedily by overlap size. Reported:
precision, recall and F1 of matched attributions, and within matched pairs the source
span overlap accuracy and exact match (pairs whose gold source is annotated), and cue
overlap accuracy.

Rows: "newstally find_statements (rules + tagger)" is the system measured (the rules
plus the learned tagger of issue 6, every sentence parsed); "newstally rules only" is
the rules alone, as before the tagger; "cue sentences parsed only" is find_statements
as `statements_for_article` runs it, where only sentences with a cue word are parsed and
the tagger skips the rest; "claim sentences only" is a narrower gate (measured, not
kept; docs/benchmarks.md, session 10): of the cue sentences, only those whose parse
holds a rule claim count as parsed for the tagger. The tagger was trained on train (benchmarks/
train_attribution.py), so its train rows are not held out; dev is.

Compared in the same run with a baseline that finds only direct quotes next to a
"said"-type verb and takes the adjacent words as the speaker (the classic quote
heuristic). Published quote extractors report about 0.83-0.84 content-overlap F1 and
86-87% speaker accuracy (numbers quoted from their papers, not re-run here).

Texts are parsed with non-breaking spaces read as spaces (same length, so spans are
unchanged); the cleaning stage does the same for real input.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"

Span = tuple[int, int]


@dataclass(slots=True)
class Attribution:
    content: list[Span]
    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Tally:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    with_source: int = 0
    source_overlap: int = 0
    source_exact: int = 0
    cue_overlap: int = 0
    seconds: float = 0.0

    def row(self, name: str) -> str:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        so = self.source_overlap / self.with_source if self.with_source else 0.0
        se = self.source_exact / self.with_source if self.with_source else 0.0
        cue = self.cue_overlap / self.matched if self.matched else 0.0
        return (
            f"| {name} | {self.gold} | {self.predicted} | {p:.3f} | {r:.3f} | {f:.3f} "
            f"| {so:.3f} | {se:.3f} | {cue:.3f} | {self.seconds:.1f} |"
        )


def _overlap(a: list[Span], b: list[Span]) -> int:
    return sum(max(0, min(x[1], y[1]) - max(x[0], y[0])) for x in a for y in b)


def _gold(record: dict) -> list[Attribution]:
    out = []
    for att in record["attributions"]:
        if att["content"] is None:
            continue
        out.append(
            Attribution(
                content=[tuple(s) for s in att["content"]["spans"]],
                source=[tuple(s) for s in att["source"]["spans"]] if att["source"] else [],
                cue=[tuple(s) for s in att["cue"]["spans"]] if att["cue"] else [],
            )
        )
    return out


def _match(gold: list[Attribution], pred: list[Attribution]) -> list[tuple[int, int]]:
    pairs = [
        (_overlap(g.content, p.content), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
    ]
    pairs = sorted((x for x in pairs if x[0] > 0), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def score(
    tally: Tally, gold: list[Attribution], pred: list[Attribution], text: str, errors: list[str]
) -> None:
    tally.gold += len(gold)
    tally.predicted += len(pred)
    matches = _match(gold, pred)
    tally.matched += len(matches)
    for gi, pi in matches:
        g, p = gold[gi], pred[pi]
        if g.source:
            tally.with_source += 1
            ok = _overlap(g.source, p.source) > 0
            tally.source_overlap += ok
            gtext = " ".join(text[a:b] for a, b in g.source).strip()
            ptext = " ".join(text[a:b] for a, b in p.source).strip()
            tally.source_exact += gtext == ptext
            if not ok:
                errors.append(f"SOURCE gold={gtext!r} pred={ptext!r} :: {_show(text, g.content)}")
        if g.cue and _overlap(g.cue, p.cue) > 0:
            tally.cue_overlap += 1
    matched_g = {gi for gi, _ in matches}
    matched_p = {pi for _, pi in matches}
    for gi, g in enumerate(gold):
        if gi not in matched_g:
            cue = " ".join(text[a:b] for a, b in g.cue)
            src = " ".join(text[a:b] for a, b in g.source)
            errors.append(f"MISS [{src} | {cue}] {_show(text, g.content)}")
    for pi, p in enumerate(pred):
        if pi not in matched_p:
            cue = " ".join(text[a:b] for a, b in p.cue)
            src = " ".join(text[a:b] for a, b in p.source)
            errors.append(f"EXTRA [{src} | {cue}] {_show(text, p.content)}")


def _show(text: str, spans: list[Span]) -> str:
    return " ... ".join(text[a:b] for a, b in spans)[:160].replace("\n", " ")


_OPENING = ("\u201c", '"')


def _direct(attributions: list[Attribution], text: str) -> list[Attribution]:
    """The attributions whose content opens with a quote mark (direct quotes)."""
    return [a for a in attributions if a.content and text[a.content[0][0]] in _OPENING]


class Parses:
    """The parsed sentences of the last article, shared by the newstally rows: each row
    gets a fresh context holding the same parses, and parsing is timed apart."""

    def __init__(self, nlp) -> None:
        self.nlp = nlp
        self.text: str | None = None
        self.docs: list = []
        self.seconds = 0.0

    def context(self, text: str, *, cue_sentences_only: bool = False, gate: bool = False):
        """A fresh context with every sentence parsed or, with ``cue_sentences_only``,
        only those with a cue word (what find_statements parses on its own); with
        ``gate`` too, only those of them that hold a rule claim (a narrower statement
        gate, measured and not kept: the others count as holding no claim and are
        parsed only when a stage reads them, e.g. for a pronoun's antecedent)."""
        from newstally.attribution.claims import sentence_claims
        from newstally.attribution.lexicon import lexicon
        from newstally.attribution.resolve import state
        from newstally.nlp import ArticleContext

        ctx = ArticleContext(text.replace("\xa0", " "), nlp=self.nlp)
        if text != self.text:
            start = time.perf_counter()
            fresh = ArticleContext(ctx.text, nlp=self.nlp)
            fresh.parse(list(range(len(fresh.sentences))))
            self.docs = [fresh.doc(i) for i in range(len(fresh.sentences))]
            self.text = text
            self.seconds += time.perf_counter() - start
        surface = lexicon().surface
        for i, doc in enumerate(self.docs):
            if not cue_sentences_only or surface.search(ctx.sentence_text(i)):
                if gate and not sentence_claims(doc):
                    state(ctx).claims[i] = []  # what `claims_of` would find, unparsed
                else:
                    ctx.add(i, doc)
        return ctx


def newstally_predict(
    parses: Parses,
    *,
    rules_only: bool = False,
    cue_sentences_only: bool = False,
    gate: bool = False,
) -> Callable[[str], list[Attribution]]:
    """``find_statements`` (rules plus the learned tagger) on the fully parsed article;
    with ``rules_only``, the rule claims alone (what find_statements gave before the
    tagger); with ``cue_sentences_only``, only the sentences with a cue word parsed, as
    in `statements_for_article` (the tagger skips the others)."""
    from newstally.attribution import find_statements
    from newstally.attribution.statements import _statement, rule_entries, with_continued_quotes

    def rules(ctx, article_id: str):
        entries = with_continued_quotes(ctx, rule_entries(ctx))
        return [_statement(ctx, article_id, *entry) for entry in entries]

    find = rules if rules_only else find_statements

    def predict(text: str) -> list[Attribution]:
        ctx = parses.context(text, cue_sentences_only=cue_sentences_only, gate=gate)
        start = time.perf_counter()
        out = attributions(find(ctx, "x"))
        predict.seconds += time.perf_counter() - start  # type: ignore[attr-defined]
        return out

    predict.seconds = 0.0  # type: ignore[attr-defined]
    return predict


def attributions(statements) -> list[Attribution]:
    """Statements as PolNeAR attributions: statements sharing a cue (a quote continued
    after '"...," she said.', `find_statements` gives each piece with the same speaker
    and cue) are one attribution whose content has several spans, as PolNeAR marks it."""
    by_cue: dict[tuple[int, int], Attribution] = {}
    out = []
    for st in statements:
        content = [st.content.span] if st.content.span else []
        cue = st.cue.span if st.cue and st.cue.span else None
        if cue is not None and cue in by_cue:
            by_cue[cue].content.extend(content)
            continue
        att = Attribution(
            content=content,
            source=[st.source.span] if st.source.span else [],
            cue=[cue] if cue else [],
        )
        if cue is not None:
            by_cue[cue] = att
        out.append(att)
    return out


_QUOTE = re.compile(r"[“\"]([^”\"]{12,}?)[”\"]")
_AFTER = re.compile(
    r"^\s*,?\s*((?:[A-Z][\w.’'-]*\s?){1,4}|he|she|they|it|we|I)\s+"
    r"(said|says|told|added|asked|wrote|tweeted|explained)\b"
)
_AFTER_INV = re.compile(
    r"^\s*,?\s*(said|says|added|asked|wrote)\s+((?:[A-Z][\w.’'-]*\s?){1,4}|he|she)"
)
_BEFORE = re.compile(
    r"((?:[A-Z][\w.’'-]*\s?){1,4}|[Hh]e|[Ss]he|They|It)\s+(said|says|told \w+|added|wrote)"
    r"\s*[:,]\s*$"
)


def baseline_predict(text: str) -> list[Attribution]:
    """Direct quotes with a reporting verb and a name or pronoun right next to them."""
    out = []
    for m in _QUOTE.finditer(text):
        after = text[m.end() : m.end() + 60]
        before = text[max(0, m.start() - 60) : m.start()]
        content = [(m.start(), m.end())]
        if a := _AFTER.match(after):
            base = m.end()
            out.append(
                Attribution(
                    content,
                    [(base + a.start(1), base + a.end(1))],
                    [(base + a.start(2), base + a.end(2))],
                )
            )
        elif a := _AFTER_INV.match(after):
            base = m.end()
            out.append(
                Attribution(
                    content,
                    [(base + a.start(2), base + a.end(2))],
                    [(base + a.start(1), base + a.end(1))],
                )
            )
        elif b := _BEFORE.search(before):
            base = m.start() - len(before)
            out.append(
                Attribution(
                    content,
                    [(base + b.start(1), base + b.end(1))],
                    [(base + b.start(2), base + b.end(2))],
                )
            )
    return out


def _records(split: str, limit: int) -> list[dict] | None:
    path = DATA / f"polnear-{split}.jsonl"
    if not path.exists():
        print(f"skipped: ../shared/data/{path.name} not found")
        return None
    with path.open("rb") as fh:
        records = [orjson.loads(line) for line in fh if line.strip()]
    return records[:limit] if limit else records


def _run(
    records: list[dict], systems: list[tuple[str, Callable[[str], list[Attribution]]]]
) -> tuple[dict[str, Tally], dict[str, Tally], list[str]]:
    """Every system on every article. The seconds of a newstally row are its own time
    (``predict.seconds``: parsing excluded, it is shared and timed apart); the
    baseline's are wall time."""
    tallies = {name: Tally() for name, _ in systems}
    quote_tallies = {name: Tally() for name, _ in systems}
    errors: list[str] = []
    for record in records:
        text = record["text"]
        gold = _gold(record)
        for name, predict in systems:
            start = time.perf_counter()
            pred = predict(text)
            tallies[name].seconds += time.perf_counter() - start
            keep = errors if name == "newstally find_statements (rules + tagger)" else []
            score(tallies[name], gold, pred, text, keep)
            score(quote_tallies[name], _direct(gold, text), _direct(pred, text), text, [])
    for name, predict in systems:
        own = getattr(predict, "seconds", None)
        if own is not None:
            tallies[name].seconds = own
        quote_tallies[name].seconds = tallies[name].seconds
    return tallies, quote_tallies, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train", "both"])
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--errors", type=int, default=0, help="print N error lines")
    args = parser.parse_args()
    splits = ["dev", "train"] if args.split == "both" else [args.split]
    data = {split: _records(split, args.limit) for split in splits}
    data = {split: records for split, records in data.items() if records is not None}
    if not data:
        return 0

    from newstally.nlp import load_nlp, single_threaded_blas

    single_threaded_blas()  # as the CLI runs: one core, numpy's BLAS included
    nlp = load_nlp()
    results = {}
    parse_seconds = {}
    for split, records in data.items():
        parses = Parses(nlp)
        systems: list[tuple[str, Callable[[str], list[Attribution]]]] = [
            ("baseline: quotes next to said/told", baseline_predict),
            ("newstally rules only", newstally_predict(parses, rules_only=True)),
            ("newstally find_statements (rules + tagger)", newstally_predict(parses)),
            (
                "newstally find_statements, cue sentences parsed only",
                newstally_predict(parses, cue_sentences_only=True),
            ),
            (
                "newstally find_statements, claim sentences only (narrower gate)",
                newstally_predict(parses, cue_sentences_only=True, gate=True),
            ),
        ]
        results[split] = _run(records, systems)
        parse_seconds[split] = parses.seconds
    sizes = ", ".join(f"{split} {len(records)} articles" for split, records in data.items())
    print(f"Attribution on PolNeAR ({sizes}), content match = overlapping spans, one-to-one\n")
    header = (
        "| split | system | gold | predicted | P | R | F1 | source overlap | source exact "
        "| cue overlap | seconds |"
    )
    rule = "|---|---|---|---|---|---|---|---|---|---|---|"
    print(header)
    print(rule)
    for split, (tallies, _, _) in results.items():
        for name, tally in tallies.items():
            print(tally.row(f"{split} | {name}"))
    print(
        "| | published quote extractors (reported, not re-run) | | | | | ~0.83-0.84 "
        "| 0.86-0.87 | | | |"
    )
    for split, seconds in parse_seconds.items():
        print(
            f"\n{split}: parsing every sentence took {seconds:.1f} s, shared by the newstally "
            "rows (their seconds exclude it)"
        )
    print(
        "\nDirect quotes only (gold and predicted contents that open with a quote mark), "
        "the setting of the published quote extractors:\n"
    )
    print(header)
    print(rule)
    for split, (_, quote_tallies, _) in results.items():
        for name, tally in quote_tallies.items():
            print(tally.row(f"{split} | {name}"))
    if args.errors:
        for split, (_, _, errors) in results.items():
            print(f"\n{split} errors:")
            for line in errors[: args.errors]:
                print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
