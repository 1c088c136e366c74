"""Train the learned attribution tagger (issue 6) on PolNeAR train.

    .venv/bin/python benchmarks/train_attribution.py [--cache DIR] [--no-final]

What the model is: a linear-chain CRF (python-crfsuite, L-BFGS with L1 and L2
regularisation) that tags every token of an article's parsed sentences as source, cue,
content (BIO) or nothing; its features are the token's spaCy parse, its place (quotes,
sentence and paragraph starts) and the rule system's own output (see
``src/newstally/attribution/tagger.py``). The model file holds feature weights (single
words and lemmas, tags, dependency labels, rule marks): no article passage.

What it is trained on: ../shared/data/polnear-train.jsonl (840 articles; skipped with a
message when absent), gold labels from the hand-annotated source / cue / content spans.
Dev is never read here.

How it is checked: the articles are split 4/5 : 1/5 by position (every fifth article is
held out); a model trained on the 4/5 is scored on the held-out 1/5 with the same
matching as benchmarks/attribution.py (rules alone vs rules plus tagger, combined as
``tagger.combine`` does). Then the final model is trained on all 840 articles and
written to ``src/newstally/data/attribution_tagger.crfsuite`` (``--out`` elsewhere).

How to regenerate it: run the command above (10 min 50 s on this machine: parsing the
840 articles about 4 min, each of the two trainings about 3 min; ``--cache DIR`` keeps
the parses and features between runs). Training is deterministic (L-BFGS, fixed order,
no sampling): a second run wrote a byte-identical model.
"""

from __future__ import annotations

import argparse
import importlib.util
import pickle
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
MODEL = ROOT / "src" / "newstally" / "data" / "attribution_tagger.crfsuite"
Span = tuple[int, int]

# CRF settings (chosen on the held-out fifth of train).
PARAMS = {
    "c1": 3.0,
    "c2": 0.01,
    "max_iterations": 120,
    "feature.possible_transitions": True,
    "feature.minfreq": 2,
}
HELD_OUT = 5  # every fifth article is held out


def _bench():
    spec = importlib.util.spec_from_file_location(
        "bench_attribution", ROOT / "benchmarks" / "attribution.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_attribution"] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class Article:
    text: str
    gold: list  # bench Attribution
    rules: list  # bench Attribution, rule predictions
    rule_contents: list[Span]
    seqs: list  # tagger.Sequence
    labels: list[list[str]]  # gold labels per sequence token
    chars: dict[tuple[int, int], Span]  # (sent, token) -> character span


def gold_labels(record: dict, toks: list[tuple[int, int, int, int]]) -> list[str]:
    """Per token: B-/I- of the part (source, cue, content) its characters fall in."""
    kinds = {"source": "SRC", "cue": "CUE", "content": "CON"}
    owner: dict[int, tuple[str, int, bool]] = {}
    for n, att in enumerate(record["attributions"]):
        for part in ("source", "cue", "content"):
            if att[part] is None:
                continue
            first = True
            for a, b in att[part]["spans"]:
                for t, (_, _, start, end) in enumerate(toks):
                    if start < b and a < end:
                        if t not in owner or (part == "content" and owner[t][0] != "CON"):
                            owner[t] = (kinds[part], n, first)
                        first = False
    labels = []
    for t in range(len(toks)):
        if t not in owner:
            labels.append("O")
            continue
        kind, n, first = owner[t]
        prev = owner.get(t - 1)
        begin = first or prev is None or prev[:2] != (kind, n) and kind != "CON"
        labels.append(("B-" if begin else "I-") + kind)
    return labels


def prepare(records: list[dict], cache: Path | None) -> list[Article]:
    """Parse (or load the cached parses of) every article, run the rules, and build the
    tagger's sequences with gold labels."""
    from spacy.tokens import DocBin

    from newstally.attribution.statements import _statement, rule_entries
    from newstally.attribution.tagger import sequences
    from newstally.nlp import ArticleContext, load_nlp

    bench = _bench()
    nlp = load_nlp()
    docs_path = cache / "docs.spacy" if cache else None
    stored: list | None = None
    if docs_path and docs_path.exists():
        stored = list(DocBin().from_disk(docs_path).get_docs(nlp.vocab))
    out: list[Article] = []
    bin_out = DocBin(store_user_data=False)
    k = 0
    for record in records:
        text = record["text"]
        ctx = ArticleContext(text.replace("\xa0", " "), nlp=nlp)
        n = len(ctx.sentences)
        if stored is not None:
            for i in range(n):
                ctx.add(i, stored[k])
                k += 1
        else:
            ctx.parse(list(range(n)))
            for i in range(n):
                bin_out.add(ctx.doc(i))
        entries = rule_entries(ctx)
        rules = []
        for sent, claim, content in entries:
            st = _statement(ctx, "x", sent, claim, content)
            rules.append(
                bench.Attribution(
                    content=[st.content.span],
                    source=[st.source.span] if st.source.span else [],
                    cue=[st.cue.span] if st.cue and st.cue.span else [],
                )
            )
        seqs = sequences(ctx, entries)
        for seq in seqs:  # the same feature strings recur: share them (smaller cache)
            seq.feats = [[sys.intern(x) for x in feats] for feats in seq.feats]
        chars = {(s, i): (a, b) for seq in seqs for s, i, a, b in seq.toks}
        out.append(
            Article(
                text=text,
                gold=bench._gold(record),
                rules=rules,
                rule_contents=[c for _, _, c in entries],
                seqs=seqs,
                labels=[gold_labels(record, seq.toks) for seq in seqs],
                chars=chars,
            )
        )
    if docs_path and stored is None:
        bin_out.to_disk(docs_path)
    return out


def train(articles: list[Article], path: Path, params: dict) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for art in articles:
        for seq, labels in zip(art.seqs, art.labels, strict=True):
            trainer.append(seq.feats, labels)
    trainer.set_params(params)
    trainer.train(str(path))


def predictions(art: Article, tagger, bench) -> list:
    """Rules plus tagger on one prepared article, as ``tagger.combine`` does it."""
    from newstally.attribution.tagger import decide, tag

    rules = list(art.rules)
    rule_cues = [span for rule in art.rules for span in rule.cue]
    added = []
    for seq in art.seqs:
        labels, probs = tag(tagger, seq)
        words = []
        for rule in art.rules:
            cue = [k for k, t in enumerate(seq.toks) for a, b in rule.cue if a <= t[2] < b]
            said = [k for k, t in enumerate(seq.toks) for a, b in rule.source if a <= t[2] < b]
            words.append((cue, said))
        fixes, found = decide(seq, labels, probs, art.rule_contents, rule_cues, words)
        for n, src in fixes.items():
            span = (seq.toks[src[0]][2], seq.toks[src[-1]][3])
            rules[n] = bench.Attribution(content=rules[n].content, source=[span], cue=rules[n].cue)
        for f in found:
            cue = _chars(art, f.sent, f.cue)
            source = [_chars(art, f.sent, f.speaker)] if f.speaker else []
            added.append(bench.Attribution(content=[f.content], source=source, cue=[cue]))
    return rules + added


def _chars(art: Article, sent: int, rng: tuple[int, int]) -> Span:
    a = next(art.chars[(sent, i)] for i in range(rng[0], rng[1]) if (sent, i) in art.chars)
    b = next(art.chars[(sent, i)] for i in reversed(range(*rng)) if (sent, i) in art.chars)
    return a[0], b[1]


def evaluate(articles: list[Article], tagger, bench) -> None:
    rows = {"rules only": bench.Tally(), "rules + tagger": bench.Tally()}
    for art in articles:
        bench.score(rows["rules only"], art.gold, art.rules, art.text, [])
        bench.score(rows["rules + tagger"], art.gold, predictions(art, tagger, bench), art.text, [])
    print("| system | gold | predicted | P | R | F1 | source overlap | source exact | cue | s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, tally in rows.items():
        print(tally.row(name))
    # Token accuracy of the tagger on the held-out articles.
    correct = total = 0
    for art in articles:
        for seq, gold in zip(art.seqs, art.labels, strict=True):
            labels = tagger.tag(seq.feats)
            correct += sum(a == b for a, b in zip(labels, gold, strict=True))
            total += len(gold)
    print(f"\ntoken accuracy (7 labels) on held-out: {correct / total:.3f} over {total} tokens")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=None, help="keep parses/features here")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--no-final", action="store_true", help="skip the final model")
    parser.add_argument("--no-heldout", action="store_true", help="skip the held-out check")
    parser.add_argument("--out", type=Path, default=MODEL, help="where to write the model")
    args = parser.parse_args()
    path = DATA / "polnear-train.jsonl"
    if not path.exists():
        print(f"skipped: ../shared/data/{path.name} not found")
        return 0
    with path.open("rb") as fh:
        records = [orjson.loads(line) for line in fh if line.strip()]
    if args.limit:
        records = records[: args.limit]
    import pycrfsuite  # fail early when missing

    start = time.perf_counter()
    feats_path = args.cache / "articles.pickle" if args.cache else None
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    if feats_path and feats_path.exists():
        with feats_path.open("rb") as fh:
            articles = pickle.load(fh)
    else:
        articles = prepare(records, args.cache)
        if feats_path:
            with feats_path.open("wb") as fh:
                pickle.dump(articles, fh, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"prepared {len(articles)} articles in {time.perf_counter() - start:.0f} s")
    bench = _bench()
    if not args.no_heldout:
        fit = [a for i, a in enumerate(articles) if i % HELD_OUT]
        held = [a for i, a in enumerate(articles) if not i % HELD_OUT]
        tmp = (args.cache or Path("/tmp")) / "heldout.crfsuite"
        t0 = time.perf_counter()
        train(fit, tmp, PARAMS)
        print(f"held-out model: trained on {len(fit)} articles in {time.perf_counter() - t0:.0f} s")
        tagger = pycrfsuite.Tagger()
        tagger.open(str(tmp))
        print(f"\nHeld-out fifth of PolNeAR train ({len(held)} articles):\n")
        evaluate(held, tagger, bench)
    if not args.no_final:
        t0 = time.perf_counter()
        train(articles, args.out, PARAMS)
        size = args.out.stat().st_size / 1e6
        print(
            f"\nfinal model: {len(articles)} articles, {time.perf_counter() - t0:.0f} s, "
            f"{args.out} ({size:.1f} MB)"
        )
    print(f"total {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
