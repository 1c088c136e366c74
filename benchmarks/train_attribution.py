"""Train the learned attribution tagger (issue 6) on PolNeAR train.

    .venv/bin/python benchmarks/train_attribution.py [--cache DIR] [--no-final]

What the model is: a linear-chain CRF (python-crfsuite, L-BFGS with L1 and L2
regularisation) that tags every token of an article's parsed sentences as source, cue,
content (BIO) or nothing; its features are the token's spaCy parse, the cluster of its
spaCy token vector (and of its head, governing verb and cue word), its place (quotes,
sentence and paragraph starts, what the neighbouring sentences hold) and the rule
system's own output (see ``src/newstally/attribution/tagger.py``). The model file holds
feature weights (single words and lemmas, tags, dependency labels, cluster ids, rule
marks) and the clusters file ``src/newstally/data/attribution_clusters.npy`` 576
centroids of 96 floats (means of many thousand token vectors): no article passage.

What it is trained on: ../shared/data/polnear-train.jsonl (840 articles; skipped with a
message when absent), gold labels from the hand-annotated source / cue / content spans.
Dev is never read here.

How it is checked: the articles are split 4/5 : 1/5 by position (every fifth article is
held out). The token vectors of the 4/5 are clustered (spherical k-means, 64 and 512
clusters, fixed seeds) and the centroids written to the clusters file, used by both
models; a model trained on the 4/5 is scored on the held-out 1/5 with the same matching
as benchmarks/attribution.py (rules alone vs rules plus tagger, through
``tagger.combine`` itself). Then the final model is trained on all 840 articles and
written to ``src/newstally/data/attribution_tagger.crfsuite`` (``--out`` elsewhere).

How to regenerate it: run the command above (parsing the 840 articles about 4 min,
clustering 15 s, features 1.5 min, the held-out training about 5 min and the final one
about 6 min of CPU on this machine; ``--cache DIR`` keeps the parses and their token
vectors between runs). Training is deterministic (k-means from fixed seeds, L-BFGS,
fixed order, no sampling).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
MODEL = ROOT / "src" / "newstally" / "data" / "attribution_tagger.crfsuite"
CLUSTERS = ROOT / "src" / "newstally" / "data" / "attribution_clusters.npy"
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
    ctx: object  # newstally.nlp.ArticleContext, every sentence parsed
    entries: list  # the rule entries (statements.rule_entries)
    rules: list  # bench Attribution, rule predictions
    seqs: list  # tagger.Sequence
    labels: list[list[str]]  # gold labels per sequence token


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


def parse(records: list[dict], cache: Path | None) -> list:
    """Every article's context with every sentence parsed; with ``cache``, the parses and
    their token vectors (``doc.tensor``, which a DocBin does not keep) are stored there
    and read back on the next run."""
    import numpy as np
    from spacy.tokens import DocBin

    from newstally.nlp import ArticleContext, load_nlp

    nlp = load_nlp()
    docs_path = cache / "docs.spacy" if cache else None
    vecs_path = cache / "tensors.npy" if cache else None
    stored: list | None = None
    vectors = None
    if docs_path and vecs_path and docs_path.exists() and vecs_path.exists():
        stored = list(DocBin().from_disk(docs_path).get_docs(nlp.vocab))
        vectors = np.load(vecs_path)
    out = []
    bin_out = DocBin(store_user_data=False)
    tensors = []
    k = row = 0
    for record in records:
        ctx = ArticleContext(record["text"].replace("\xa0", " "), nlp=nlp)
        n = len(ctx.sentences)
        if stored is not None and vectors is not None:
            for i in range(n):
                doc = stored[k]
                doc.tensor = vectors[row : row + len(doc)]
                row += len(doc)
                ctx.add(i, doc)
                k += 1
        else:
            ctx.parse(list(range(n)))
            for i in range(n):
                bin_out.add(ctx.doc(i))
                tensors.append(ctx.doc(i).tensor)
        out.append(ctx)
    if docs_path and vecs_path and stored is None:
        bin_out.to_disk(docs_path)
        np.save(vecs_path, np.concatenate(tensors).astype(np.float32))
    return out


def _kmeans(x, k: int, iterations: int, seed: int):
    """Spherical k-means (unit vectors, cosine) with k-means++ seeding from a fixed seed:
    the same vectors give the same centroids."""
    import numpy as np

    rng = np.random.default_rng(seed)
    centres = [x[rng.integers(len(x))]]
    best = 1.0 - x @ centres[0]
    for _ in range(1, k):
        p = np.maximum(best, 0) ** 2
        centres.append(x[rng.choice(len(x), p=p / p.sum())])
        best = np.minimum(best, 1.0 - x @ centres[-1])
    c = np.stack(centres)
    for _ in range(iterations):
        assign = (x @ c.T).argmax(axis=1)
        for j in range(k):
            members = x[assign == j]
            if len(members):
                mean = members.sum(axis=0)
                c[j] = mean / max(float(np.linalg.norm(mean)), 1e-6)
    return c


def fit_clusters(ctxs: list, path: Path, sample: int = 60_000) -> None:
    """Cluster the token vectors of the given parsed articles at each level of
    ``tagger.CLUSTER_SIZES`` and write the centroids (unit rows, float16) to ``path``."""
    import numpy as np

    from newstally.attribution import tagger

    vecs = np.concatenate(
        [
            ctx.doc(i).tensor[[t.i for t in ctx.doc(i) if not t.is_space]]
            for ctx in ctxs
            for i in range(len(ctx.sentences))
        ]
    ).astype(np.float64)
    vecs = vecs[:: max(1, len(vecs) // sample)]
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-6)
    rows = [_kmeans(vecs, k, 20, seed=k) for k in tagger.CLUSTER_SIZES]
    np.save(path, np.concatenate(rows).astype(np.float16))
    tagger._centroids.cache_clear()


def prepare(records: list[dict], ctxs: list) -> list[Article]:
    """Run the rules on every parsed article and build the tagger's sequences with gold
    labels."""
    from newstally.attribution.statements import rule_entries
    from newstally.attribution.tagger import sequences

    bench = _bench()
    out: list[Article] = []
    for record, ctx in zip(records, ctxs, strict=True):
        entries = rule_entries(ctx)
        seqs = sequences(ctx, entries)
        out.append(
            Article(
                text=record["text"],
                gold=bench._gold(record),
                ctx=ctx,
                entries=entries,
                rules=_attributions(ctx, entries, bench),
                seqs=seqs,
                labels=[gold_labels(record, seq.toks) for seq in seqs],
            )
        )
    return out


def _attributions(ctx, entries: list, bench) -> list:
    """Entries as the benchmark sees them: `find_statements`' statements, scored."""
    from newstally.attribution.statements import _statement, with_continued_quotes

    entries = with_continued_quotes(ctx, entries)
    return bench.attributions(_statement(ctx, "x", *entry) for entry in entries)


def train(articles: list[Article], path: Path, params: dict) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for art in articles:
        for seq, labels in zip(art.seqs, art.labels, strict=True):
            trainer.append(seq.feats, labels)
    trainer.set_params(params)
    trainer.train(str(path))


def predictions(art: Article, tagger, bench) -> list:
    """Rules plus tagger on one prepared article: ``tagger.combine`` with this model."""
    from newstally.attribution.tagger import combine

    return _attributions(art.ctx, combine(art.ctx, art.entries, tagger), bench)


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
    parser.add_argument("--cache", type=Path, default=None, help="cache parses + vectors")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--no-final", action="store_true", help="skip the final model")
    parser.add_argument("--no-heldout", action="store_true", help="skip the held-out check")
    parser.add_argument("--out", type=Path, default=MODEL, help="where to write the model")
    parser.add_argument(
        "--keep-clusters",
        action="store_true",
        help="use the clusters file as it is (its token-vector clusters are features)",
    )
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
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    ctxs = parse(records, args.cache)
    print(f"parsed {len(ctxs)} articles in {time.perf_counter() - start:.0f} s")
    # The clusters are fitted on the articles the held-out model is trained on (never on
    # the held-out fifth), and serve the final model too.
    if not args.keep_clusters:
        t0 = time.perf_counter()
        fit_clusters([c for i, c in enumerate(ctxs) if i % HELD_OUT], CLUSTERS)
        print(f"clustered token vectors in {time.perf_counter() - t0:.0f} s: {CLUSTERS}")
    articles = prepare(records, ctxs)
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
