"""The learned attribution layer (issue 6): a linear-chain CRF over the tokens of an article.

The model (``data/attribution_tagger.crfsuite``, python-crfsuite) tags every token of the
parsed sentences of an article as part of a source, a cue or a content (BIO: ``B-SRC``,
``I-SRC``, ``B-CUE``, ``I-CUE``, ``B-CON``, ``I-CON``) or nothing (``O``). Its features are
the token's parse (lemma, tag, dependency, head, the nearest cue word of
``data/attribution.toml`` above it), the cluster of its spaCy token vector
(``doc.tensor``) and of the vectors of its head, governing verb and cue word (centroids
in ``data/attribution_clusters.npy``; without them, or without the parse's vectors,
those features are absent), its place (inside quotation marks, sentence and paragraph
starts, what the sentences before and after hold) and the rule system's own output
(token inside a rule content, cue or speaker, and the rule claim's class), so it learns
where the rules are right and what they miss. It holds feature weights only (single
lower-cased words and lemmas seen at least twice in training, tags, dependency labels,
cluster ids), no passage of any article.
``benchmarks/train_attribution.py`` trains it on PolNeAR train and says how to
regenerate it.

`combine` keeps every rule claim and changes two things (measured on a held-out fifth of
PolNeAR train, see docs/benchmarks.md):

- a rule claim whose speaker the tagger does not tag as a source (or that has none)
  takes the tagged source of its cue's sentence, preferring the one that holds the
  cue's subject (`better_speaker`);
- a content the tagger finds that overlaps no rule content is added when the tagger is
  confident enough (`MIN_CONFIDENCE`), its cue is not a rule claim's cue (then it is a
  piece of that claim), and its speaker is a tagged source (`ADD_SPEAKERS`). Its cue is
  the tagged cue above it in the parse, else the nearest tagged cue of its own or an
  adjacent sentence.

Only sentences already parsed are tagged: an unparsed sentence is skipped. Without the
model file the rules stand alone (logged once). Rule claims are never dropped: those
the tagger rejects still match PolNeAR 0.6 of the time, above the F1 bar.
"""

from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from .claims import Claim, Entry, lemma_of, speaker_range, subject_of
from .lexicon import CueLexicon, lexicon
from .quotes import article_quotes
from .resolve import claims_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..nlp import ArticleContext

log = logging.getLogger(__name__)

MODEL_FILE = "attribution_tagger.crfsuite"
# Centroids of the spaCy pipeline's token vectors (``doc.tensor``), clustered by
# benchmarks/train_attribution.py on PolNeAR train: rows of the coarse clustering, then
# of the fine one (unit vectors, float16). A token's cluster ids are features: words
# the parser sees alike (an unseen stance verb like a seen one) share them.
CLUSTER_FILE = "attribution_clusters.npy"
CLUSTER_SIZES = (64, 512)
LABELS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")
# A content found by the tagger alone is kept when the mean marginal probability of its
# tokens' content labels reaches this (chosen on held-out PolNeAR train articles).
MIN_CONFIDENCE = 0.5
# A content found by the tagger alone is kept only when its speaker is a tagged source:
# the one holding the cue's subject ("subject") or the nearest one in the cue's sentence
# ("near"); with the cue's untagged subject or no speaker, too few of their speakers
# are right (held-out train: 0.56 and 0) to keep source accuracy.
ADD_SPEAKERS = ("subject", "near")
# How many tokens of cue and speaker a tagged content may skip and still continue
# ('"...," she said, "..."' is one content in PolNeAR).
_MAX_GAP = 12


@dataclass(slots=True)
class Sequence:
    """Consecutive parsed sentences of an article, as the tagger sees them."""

    toks: list[tuple[int, int, int, int]] = field(default_factory=list)  # sent, i, start, end
    feats: list[list[str]] = field(default_factory=list)
    # Per token: the speaker range and head of its grammatical subject, when it has one
    # (`sequences` gives `Subjects`, found when read).
    subj: list[tuple[int, int, int] | None] | Subjects = field(default_factory=list)
    heads: list[int] = field(default_factory=list)  # token index of the head, in its sentence
    _positions: dict[tuple[int, int], int] | None = field(default=None, repr=False, compare=False)

    def positions(self) -> dict[tuple[int, int], int]:
        """(sentence, token index) -> position in the sequence, built once when first
        asked (the tokens are all in by then)."""
        if self._positions is None:
            self._positions = {(s, i): k for k, (s, i, _, _) in enumerate(self.toks)}
        return self._positions


class Subjects:
    """`_subject_span` of each token of a sequence, found when first read: only the cue
    words' subjects are read (`_cue_subject`), a few tokens of each sequence."""

    __slots__ = ("_toks", "_docs", "_found")

    def __init__(self, toks: list[tuple[int, int, int, int]], docs: dict[int, Doc]) -> None:
        self._toks = toks  # the sequence's own list: (sentence, token index, start, end)
        self._docs = docs  # sentence -> its parse
        self._found: dict[int, tuple[int, int, int] | None] = {}

    def __len__(self) -> int:
        return len(self._toks)

    def __getitem__(self, k: int) -> tuple[int, int, int] | None:
        if k not in self._found:
            sent, i, _, _ = self._toks[k]
            self._found[k] = _subject_span(self._docs[sent][i])
        return self._found[k]


@dataclass(frozen=True, slots=True)
class Found:
    """A content the tagger found: its cue and speaker are token ranges of ``sent``."""

    sent: int
    cue: tuple[int, int]
    speaker: tuple[int, int] | None
    speaker_head: int | None
    content: tuple[int, int]  # character span
    content_tokens: tuple[int, int]  # token range of the content inside ``sent``
    confidence: float = 0.0  # mean marginal of the content's labels
    cue_how: str = ""  # "parse": the tagged cue above the content; "near": the nearest
    speaker_how: str = ""  # "subject": tagged source holding the cue's subject; "near";
    # "parse": the cue's subject, untagged; "": none
    cue_confidence: float = 0.0
    speaker_confidence: float = 0.0


# ---------------------------------------------------------------------------------------
# Features


def _cue_kind(t: Token, lex: CueLexicon, lemma: str | None = None) -> str | None:
    """Which kind of cue word of the rule table a token is, if any (``lemma``: its
    `lemma_of`, when the caller has it)."""
    if lemma is None:
        lemma = lemma_of(t, lex)
    if t.pos_ in ("VERB", "AUX"):
        if lemma in lex.cue_verbs:
            return "stance" if lemma in lex.stance else "verb"
        if lemma in lex.quote_only:
            return "quote"
    if t.pos_ == "NOUN" and lemma in lex.nouns:
        return "noun"
    if t.pos_ == "NOUN" and lemma in lex.unowned_nouns:
        return "unowned"
    if t.pos_ == "ADJ" and lemma in lex.adjectives:
        return "adj"
    if t.lower_ in ("according", "citing", "quoting"):
        return "prep"
    return None


def _bucket(n: int) -> str:
    if n <= 2:
        return str(n)
    if n <= 5:
        return "3-5"
    if n <= 10:
        return "6-10"
    return "11+"


def _shape(t: Token) -> str:
    if t.is_title:
        return "X"
    if t.is_upper and len(t) > 1:
        return "U"
    return "d" if t.like_num else "x"


def _claim_class(claim: Claim) -> str:
    if claim.quoted:
        return "quoted"
    if claim.colon:
        return "colon"
    if claim.stance:
        return "stance"
    if claim.hole is not None:
        return "hole"
    return "plain"


def _subject_span(t: Token) -> tuple[int, int, int] | None:
    if t.pos_ not in ("VERB", "AUX"):
        return None
    subject = subject_of(t)
    if subject is None:
        return None
    a, b = speaker_range(t.doc, subject)
    return (a, b, subject.i) if a < b else None


def _token_features(
    doc: Doc,
    marks: list[dict[str, str]],
    quoted: list[bool],
    para_start: bool,
    lex: CueLexicon,
    clusters: list[tuple[int, ...]] | None = None,
    context: list[str] | None = None,
) -> list[list[str]]:
    # About fifty feature strings a token, 4.5 million for 300 GV-dev articles: each
    # token's own strings are built straight into its list, and the values its
    # neighbours read are kept in flat lists, not in a dict per token.
    toks = list(doc)
    n = len(toks)
    lemmas = [lemma_of(t, lex) for t in toks]
    kinds = [_cue_kind(t, lex, lemma) for t, lemma in zip(toks, lemmas, strict=True)]
    heads = [t.head.i for t in toks]
    deps = [t.dep_ for t in toks]
    pos = [t.pos_ for t in toks]
    fine = [str(c[1]) for c in clusters] if clusters is not None else None
    coarse = [str(c[0]) for c in clusters] if clusters is not None else None
    cue_at = [i for i, k in enumerate(kinds) if k is not None]
    rule = [m.get("r", "O") for m in marks]
    own: list[list[str]] = []
    for i, t in enumerate(toks):
        head = heads[i]
        p = pos[i]
        q = "1" if quoted[i] else "0"
        feats = [
            "w=" + t.lower_,
            "l=" + lemmas[i],
            "p=" + p,
            "t=" + t.tag_,
            "d=" + deps[i],
            "hl=" + lemmas[head],
            "hd=" + deps[head],
            "hp=" + pos[head],
            "s=" + _shape(t),
            "q=" + q,
            "e=" + (t.ent_type_ or "-"),
        ]
        kind = kinds[i]
        if kind:
            feats.append("k=" + kind)
        if fine is not None:
            feats += ["c0=" + coarse[i], "c1=" + fine[i], "hc=" + fine[head]]  # type: ignore[index]
        # The nearest cue word above the token in the parse, and how the token hangs from it
        # (the root, its own head, counts itself).
        node, child, depth = head, i, 1
        while True:
            if kinds[node] is not None:
                feats += ["ak=" + kinds[node], "al=" + lemmas[node]]  # type: ignore[operator]
                if fine is not None:
                    feats.append("ac=" + fine[node])
                feats += ["ad=" + deps[child], "an=" + _bucket(depth)]
                break
            if heads[node] == node or depth > 8:
                break
            node, child, depth = heads[node], node, depth + 1
        # The verb that governs the token's clause, whatever its lemma.
        node, child = head, i
        for _ in range(8):
            if pos[node] == "VERB":
                feats += ["gl=" + lemmas[node], "gd=" + deps[child]]
                if fine is not None:
                    feats.append("gc=" + fine[node])
                break
            if heads[node] == node:
                break
            node, child = heads[node], node
        k, j = bisect_left(cue_at, i), bisect_right(cue_at, i)
        feats.append("cl=" + _bucket(i - cue_at[k - 1]) if k > 0 else "cl=-")
        feats.append("cr=" + _bucket(cue_at[j] - i) if j < len(cue_at) else "cr=-")
        feats += [f"{key}={value}" for key, value in marks[i].items()]
        feats += ["r.p=" + rule[i] + "|" + p, "q.p=" + q + "|" + p]
        own.append(feats)
    # What a token's neighbours contribute: lemma, part of speech and rule content for
    # two tokens each side, dependency, cue kind, coarse cluster and rule speaker|cue
    # for the adjacent ones.
    # (Each string is built with one concatenation: its prefix and the token's value
    # are made once, not per neighbour.)
    near: dict[int, list[list[str]]] = {}
    said = [m.get("rs", "-") + "|" + m.get("rc", "-") for m in marks]
    for off in (-2, -1, 1, 2):
        tag = str(off)
        l_, p_, r_ = tag + "l=", tag + "p=", tag + "r="
        if off in (-2, 2):
            near[off] = [[l_ + lemmas[g], p_ + pos[g], r_ + rule[g]] for g in range(n)]
            continue
        d_, k_, c_, rs_ = tag + "d=", tag + "k=", tag + "c=", tag + "rs="
        rows = []
        for g in range(n):
            row = [l_ + lemmas[g], p_ + pos[g], r_ + rule[g], d_ + deps[g], k_ + (kinds[g] or "-")]
            if coarse is not None:
                row.append(c_ + coarse[g])
            row.append(rs_ + said[g])
            rows.append(row)
        near[off] = rows
    bound = {off: [f"{off}=BOUND"] for off in (-2, -1, 1, 2)}
    in_context = {q: (context or []) + [f"{x}|q{q}" for x in context or []] for q in ("0", "1")}
    out: list[list[str]] = []
    for i in range(n):
        feats = own[i]
        for off in (-2, -1, 1, 2):
            j = i + off
            feats += near[off][j] if 0 <= j < n else bound[off]
        if i == 0:
            feats.append("BOS")
            if para_start:
                feats.append("PARA")
        if i == n - 1:
            feats.append("EOS")
        feats.append("pos=" + _bucket(i))
        if context:
            feats += in_context["1" if quoted[i] else "0"]
        out.append(feats)
    return out


@cache
def _centroids():  # -> numpy.ndarray | None
    path = resources.files("newstally") / "data" / CLUSTER_FILE
    if not path.is_file():
        return None
    import numpy as np

    with resources.as_file(path) as real:
        return np.load(real).astype(np.float32)


def token_clusters(doc: Doc, centroids=None) -> list[tuple[int, ...]] | None:
    """Per token, its cluster at each level of `CLUSTER_SIZES` (nearest centroid by
    cosine); None without the centroids or the parse's token vectors."""
    return clusters_of([doc], centroids)[0]


def clusters_of(docs: list[Doc], centroids=None) -> list[list[tuple[int, ...]] | None]:
    """`token_clusters` of several parses in one product with the centroids (one per
    sentence cost twice as much; each token's row is computed alike, so the clusters
    are the same: checked on 159,547 GV-dev and PolNeAR tokens)."""
    if centroids is None:
        centroids = _centroids()
    if centroids is None:
        return [None] * len(docs)
    import numpy as np

    width = centroids.shape[1]
    usable = [
        d.tensor is not None and d.tensor.ndim == 2 and d.tensor.shape == (len(d), width)
        for d in docs
    ]
    tensors = [d.tensor for d, ok in zip(docs, usable, strict=True) if ok]
    if not tensors:
        return [None] * len(docs)
    vecs = np.concatenate(tensors) if len(tensors) > 1 else tensors[0]
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    sims = (vecs / np.maximum(norms, 1e-6)) @ centroids.T
    levels = []
    start = 0
    for size in CLUSTER_SIZES:
        levels.append(sims[:, start : start + size].argmax(axis=1).tolist())
        start += size
    rows = list(zip(*levels, strict=True))
    out: list[list[tuple[int, ...]] | None] = []
    at = 0
    for doc, ok in zip(docs, usable, strict=True):
        if ok:
            out.append(rows[at : at + len(doc)])
            at += len(doc)
        else:
            out.append(None)
    return out


def _marks(
    ctx: ArticleContext, sent: int, doc: Doc, kept: list[Entry], dropped: list[Claim]
) -> list[dict[str, str]]:
    """Per token, what the rules say about it: inside a kept claim's content (``r``),
    cue (``rc``) or speaker (``rs``), the kept claim's class (``rk``), inside a claim
    the rules found but left out (``dr``, ``dc``)."""
    offset = ctx.offset(sent)
    marks: list[dict[str, str]] = [{} for _ in range(len(doc))]
    words = [(t.i, offset + t.idx) for t in doc if not t.is_space] if kept else []
    for s, claim, (a, b) in kept:
        first = True
        for i, start in words:
            if a <= start < b:
                marks[i]["r"] = "B" if first else "I"
                marks[i]["rk"] = _claim_class(claim)
                first = False
        if s != sent:
            continue
        for i in range(*claim.cue):
            marks[i]["rc"] = _claim_class(claim)
        if claim.speaker is not None:
            for i in range(*claim.speaker):
                marks[i]["rs"] = "1"
    for claim in dropped:
        for i in range(*claim.content):
            marks[i].setdefault("dr", _claim_class(claim))
        for i in range(*claim.cue):
            marks[i].setdefault("dc", _claim_class(claim))
    return marks


def _summary(marks: list[dict[str, str]], quoted: list[bool]) -> str:
    """What a neighbouring sentence holds, for the tokens of this one: a rule cue (its
    claim's class), a rule content at its end, and whether it ends inside a quote."""
    cue = next((m["rc"] for m in marks if "rc" in m), "-")
    r = "r" if any("r" in m for m in marks[-3:]) else "-"
    q = "q" if any(quoted[-3:]) else "-"
    return f"{cue}{r}{q}"


def sequences(ctx: ArticleContext, kept: list[Entry]) -> list[Sequence]:
    """The tagger's input: features of every token of the parsed sentences, one sequence
    per run of consecutive parsed sentences."""
    lex = lexicon()
    quotes = article_quotes(ctx)
    kept_keys = {(s, c.cue) for s, c, _ in kept}
    parsed = [sent for sent in range(len(ctx.sentences)) if ctx.is_parsed(sent)]
    info: dict[int, tuple[list[dict[str, str]], list[bool]]] = {}
    for sent in parsed:
        doc = ctx.doc(sent)
        offset = ctx.offset(sent)
        dropped = [c for c in claims_of(ctx, sent) if (sent, c.cue) not in kept_keys]
        end = ctx.sentences[sent][1]
        near = [e for e in kept if e[2][0] < end and offset < e[2][1]]
        near += [e for e in kept if e[0] == sent and e not in near]
        marks = _marks(ctx, sent, doc, near, dropped)
        local = [(a, b) for a, b in quotes if a < end and offset < b]
        quoted = (
            [any(a < offset + t.idx < b for a, b in local) for t in doc]
            if local
            else [False] * len(doc)  # most sentences lie outside every quote
        )
        info[sent] = (marks, quoted)
    docs = {sent: ctx.doc(sent) for sent in info}
    clusters_at = dict(zip(info, clusters_of(list(docs.values())), strict=True))
    out: list[Sequence] = []
    seq: Sequence | None = None
    for sent in range(len(ctx.sentences)):
        if sent not in info:
            seq = None
            continue
        if seq is None:
            seq = Sequence()
            seq.subj = Subjects(seq.toks, docs)
            out.append(seq)
        doc = ctx.doc(sent)
        offset = ctx.offset(sent)
        marks, quoted = info[sent]
        gap = ctx.text[ctx.sentences[sent - 1][1] : offset] if sent else "\n"
        context = [f"ps={_summary(*info[sent - 1])}" if sent - 1 in info else "ps=-"]
        context.append(f"ns={_summary(*info[sent + 1])}" if sent + 1 in info else "ns=-")
        feats = _token_features(doc, marks, quoted, "\n" in gap, lex, clusters_at[sent], context)
        for t, f in zip(doc, feats, strict=True):
            if t.is_space:
                continue
            seq.toks.append((sent, t.i, offset + t.idx, offset + t.idx + len(t.text)))
            seq.feats.append(f)
            seq.heads.append(t.head.i)
    return [s for s in out if s.toks]


# ---------------------------------------------------------------------------------------
# Model


@cache
def _tagger():  # -> pycrfsuite.Tagger | None
    path = resources.files("newstally") / "data" / MODEL_FILE
    if not path.is_file():
        log.warning(
            "attribution tagger model %s not found: statements come from the rules alone "
            "(regenerate it with benchmarks/train_attribution.py)",
            MODEL_FILE,
        )
        return None
    try:
        import pycrfsuite
    except ImportError:
        log.warning("python-crfsuite is not installed: statements come from the rules alone")
        return None
    tagger = pycrfsuite.Tagger()
    with resources.as_file(path) as real:
        tagger.open(str(real))
    return tagger


def model_available() -> bool:
    return _tagger() is not None


class Marginals:
    """Per position of the sequence last tagged, the marginal probability of its label,
    asked of the tagger when first read: `assemble` reads those of tagged contents, cues
    and speakers, a few positions of most sequences. Read them before the tagger tags
    another sequence (its marginals are of the sequence it holds)."""

    __slots__ = ("_tagger", "_labels", "_read")

    def __init__(self, tagger, labels: list[str]) -> None:
        self._tagger = tagger
        self._labels = labels
        self._read: dict[int, float] = {}

    def __len__(self) -> int:
        return len(self._labels)

    def __getitem__(self, i: int) -> float:
        p = self._read.get(i)
        if p is None:
            p = self._read[i] = self._tagger.marginal(self._labels[i], i)
        return p


def tag(tagger, seq: Sequence) -> tuple[list[str], Marginals]:
    """Labels of a sequence and, per token, the marginal probability of its label (read
    from ``tagger`` on demand, so before it tags another sequence)."""
    labels = tagger.tag(seq.feats)
    return labels, Marginals(tagger, labels)


# ---------------------------------------------------------------------------------------
# From labels to attributions


def _runs(labels: list[str], kind: str) -> list[list[int]]:
    """Runs of one kind of label (positions), a run breaking at each B-."""
    runs: list[list[int]] = []
    prev = False
    for i, y in enumerate(labels):
        if y.endswith(kind):
            if y.startswith("B-") or not prev:
                runs.append([i])
            else:
                runs[-1].append(i)
            prev = True
        else:
            prev = False
    return runs


def content_units(labels: list[str]) -> list[list[int]]:
    """Tagged contents: a B-CON opens one; an I-CON after a stretch of cue or speaker
    labels (at most `_MAX_GAP` tokens) continues the content before it."""
    units: list[list[int]] = []
    last = -_MAX_GAP - 1
    for i, y in enumerate(labels):
        if y not in ("B-CON", "I-CON"):
            continue
        between = labels[last + 1 : i]
        if (
            y == "I-CON"
            and units
            and i - last <= _MAX_GAP
            and all(x != "O" and not x.endswith("CON") for x in between)
        ):
            units[-1].append(i)
        else:
            units.append([i])
        last = i
    return units


def assemble(
    seq: Sequence,
    labels: list[str],
    probs: Marginals | list[float],
    rule_contents: list[tuple[int, int]],
    min_confidence: float = MIN_CONFIDENCE,
    rule_cues: list[tuple[int, int]] | None = None,
) -> list[Found]:
    """The contents the tagger finds in one sequence that overlap no rule content, each
    with a cue and a speaker. The cue: a tagged cue above the content in the parse, else
    the nearest tagged cue of the same or the next sentence (a content whose cue is
    a rule claim's cue is a piece of that claim, not a new one). The speaker: the tagged
    source that holds the cue's subject, else the nearest tagged source of the cue's
    sentence, else the cue's subject."""
    cues = _tagged(seq, labels, "CUE")
    sources = _tagged(seq, labels, "SRC")
    at = seq.positions()
    cue_of = {k: c for c in cues for k in c}
    found: list[Found] = []
    for unit in content_units(labels):
        start, end = seq.toks[unit[0]][2], seq.toks[unit[-1]][3]
        if any(a < end and start < b for a, b in rule_contents):
            continue
        confidence = sum(probs[i] for i in unit) / len(unit)
        if confidence < min_confidence:
            continue
        cue = _governing_cue(seq, unit, at, cue_of)
        cue_how = "parse"
        if cue is None:
            cue_how = "near"
            sents = {seq.toks[i][0] for i in unit}
            near = [
                c
                for c in cues
                if min(sents) - 1 <= seq.toks[c[0]][0] <= max(sents) + 1
                and not unit[0] <= c[0] <= unit[-1]
            ]
            if near:
                cue = min(near, key=lambda c: _distance(c, unit))
        if cue is None:
            continue
        cue_start, cue_end = seq.toks[cue[0]][2], seq.toks[cue[-1]][3]
        if rule_cues and any(a < cue_end and cue_start < b for a, b in rule_cues):
            continue
        sent = seq.toks[cue[0]][0]
        speaker, speaker_how = _speaker(seq, cue, sent, sources)
        speaker_probs = [
            probs[k]
            for k, (s, i, _, _) in enumerate(seq.toks)
            if speaker and s == sent and speaker[0] <= i < speaker[1]
        ]
        inside = [seq.toks[i][1] for i in unit if seq.toks[i][0] == sent]
        cue_toks = (seq.toks[cue[0]][1], seq.toks[cue[-1]][1] + 1)
        found.append(
            Found(
                sent=sent,
                cue=cue_toks,
                speaker=speaker[:2] if speaker else None,
                speaker_head=speaker[2] if speaker else None,
                content=(start, end),
                content_tokens=(min(inside), max(inside) + 1) if inside else (cue_toks[1],) * 2,
                confidence=confidence,
                cue_how=cue_how,
                speaker_how=speaker_how,
                cue_confidence=sum(probs[i] for i in cue) / len(cue),
                speaker_confidence=(
                    sum(speaker_probs) / len(speaker_probs) if speaker_probs else 0.0
                ),
            )
        )
    return found


def better_speaker(
    seq: Sequence,
    labels: list[str],
    cue: list[int],
    speaker: list[int],
    sources: list[list[int]] | None = None,
) -> list[int] | None:
    """For a rule claim (positions of its cue and speaker words in ``seq``): a tagged
    source of the cue's sentence to use instead, when the rules have no speaker or the
    tagger tags none of its words as a source; else None (keep the rules' speaker).
    ``sources``: the sequence's tagged sources, when the caller has them already."""
    if any(labels[i].endswith("SRC") for i in speaker):
        return None
    if sources is None:
        sources = _tagged(seq, labels, "SRC")
    chosen = _tagged_source(seq, cue, seq.toks[cue[0]][0], sources, _cue_subject(seq, cue))
    return chosen[0] if chosen else None


def _roots(seq: Sequence, unit: list[int], at: dict[tuple[int, int], int]) -> list[int]:
    """Tokens of the content whose head lies outside it."""
    inside = set(unit)
    return [k for k in unit if at.get((seq.toks[k][0], seq.heads[k])) not in inside]


def _governing_cue(
    seq: Sequence, unit: list[int], at: dict[tuple[int, int], int], cue_of: dict[int, list[int]]
) -> list[int] | None:
    """The tagged cue found walking up the parse from the content's top tokens."""
    for k in _roots(seq, unit, at):
        sent, node = seq.toks[k][0], k
        for _ in range(6):
            head = at.get((sent, seq.heads[node]))
            if head is None or head == node:
                break
            if head in cue_of:
                return cue_of[head]
            node = head
    return None


def _tagged(seq: Sequence, labels: list[str], kind: str) -> list[list[int]]:
    """The tagged spans of one kind (positions), none running over a sentence end."""
    return [c for run in _runs(labels, kind) for c in _split_by_sentence(seq, run)]


def _cue_subject(seq: Sequence, cue: list[int]) -> tuple[int, int, int] | None:
    return next((seq.subj[i] for i in cue if seq.subj[i] is not None), None)


def _tagged_source(
    seq: Sequence,
    cue: list[int],
    sent: int,
    sources: list[list[int]],
    subject: tuple[int, int, int] | None,
) -> tuple[list[int], str] | None:
    """The tagged source of ``sent`` that holds the cue's ``subject`` ("subject"), else
    the one nearest the cue ("near"); None when the sentence has none."""
    in_sent = [s for s in sources if seq.toks[s[0]][0] == sent]
    if not in_sent:
        return None
    if subject is not None:
        for src in in_sent:
            if any(subject[2] == seq.toks[i][1] for i in src):
                return src, "subject"
    return min(in_sent, key=lambda s: _distance(s, cue)), "near"


def _speaker_words(seq: Sequence, src: list[int]) -> tuple[int, int, int]:
    """Token range of a tagged source in its sentence, and its head (the word whose
    head lies outside it; the last word when none does)."""
    words = {seq.toks[i][1] for i in src}
    last = seq.toks[src[-1]][1]
    head = next((seq.toks[i][1] for i in src if seq.heads[i] not in words), last)
    return seq.toks[src[0]][1], last + 1, head


def _speaker(
    seq: Sequence, cue: list[int], sent: int, sources: list[list[int]]
) -> tuple[tuple[int, int, int] | None, str]:
    """The speaker's token range and head in ``sent``, and how it was found."""
    subject = _cue_subject(seq, cue)
    chosen = _tagged_source(seq, cue, sent, sources, subject)
    if chosen is None:
        return subject, "parse" if subject else ""
    src, how = chosen
    a, b, head = _speaker_words(seq, src)
    if how == "subject" and subject is not None:
        head = subject[2]  # the subject's own head word, inside the tagged source
    return (a, b, head), how


def _split_by_sentence(seq: Sequence, run: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for i in run:
        if out and seq.toks[out[-1][-1]][0] == seq.toks[i][0]:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def _distance(a: list[int], b: list[int]) -> int:
    if a[-1] < b[0]:
        return b[0] - a[-1]
    if b[-1] < a[0]:
        return a[0] - b[-1]
    return 0


def decide(
    seq: Sequence,
    labels: list[str],
    probs: Marginals | list[float],
    rule_contents: list[tuple[int, int]],
    rule_cues: list[tuple[int, int]],
    rule_words: list[tuple[list[int], list[int]]],
) -> tuple[dict[int, list[int]], list[Found]]:
    """What the tagger changes in one sequence: for rule claim ``n`` (``rule_words[n]``:
    positions of its cue and speaker words in ``seq``, the cue empty when outside it),
    the positions of a tagged speaker to use instead (`better_speaker`); and the
    contents it adds (`assemble`, kept when their speaker is one of `ADD_SPEAKERS`)."""
    fixes: dict[int, list[int]] = {}
    sources = _tagged(seq, labels, "SRC")
    for n, (cue, speaker) in enumerate(rule_words):
        if cue:
            src = better_speaker(seq, labels, cue, speaker, sources)
            if src is not None:
                fixes[n] = src
    found = [
        f
        for f in assemble(seq, labels, probs, rule_contents, rule_cues=rule_cues)
        if f.speaker_how in ADD_SPEAKERS
    ]
    return fixes, found


def combine(ctx: ArticleContext, kept: list[Entry], tagger=None) -> list[Entry]:
    """The rule claims, with a tagged speaker where the rules have none or one the
    tagger does not tag, plus the contents the tagger finds that no rule content
    covers (`decide`). ``tagger``: an open ``pycrfsuite.Tagger``
    (the training script's held-out model); by default the packaged model."""
    if tagger is None:
        tagger = _tagger()
    if tagger is None:
        return kept
    rule_contents = [content for _, _, content in kept]
    rule_cues = [ctx.char_span(sent, *claim.cue) for sent, claim, _ in kept]
    out = list(kept)
    for seq in sequences(ctx, kept):
        labels, probs = tag(tagger, seq)
        at = seq.positions()
        words = []
        for sent, claim, _ in kept:
            cue = [at[(sent, i)] for i in range(*claim.cue) if (sent, i) in at]
            said = range(*claim.speaker) if claim.speaker else range(0)
            words.append((cue, [at[(sent, i)] for i in said if (sent, i) in at]))
        fixes, found = decide(seq, labels, probs, rule_contents, rule_cues, words)
        for n, src in fixes.items():
            sent, claim, content = kept[n]
            a, b, head = _speaker_words(seq, src)
            new = replace(claim, speaker=(a, b), speaker_head=head, antecedent=None)
            out[n] = (sent, new, content)
        for f in found:
            content = _trim(ctx.text, f.content)
            if content is None:
                continue
            claim = Claim(
                cue=f.cue,
                speaker=f.speaker,
                speaker_head=f.speaker_head,
                content=f.content_tokens,
                stance=True,
            )
            out.append((f.sent, claim, content))
    return out


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """A content without the white space and the sentence or clause punctuation at its
    ends (quote marks stay); None when nothing is left."""
    a, b = span
    while a < b and (text[a].isspace() or text[a] in ".,;:"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ".,;:"):
        b -= 1
    return (a, b) if a < b else None
