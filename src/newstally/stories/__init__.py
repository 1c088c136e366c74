"""Stories: group reports of one event into stories, online (issue 4).

`group_stories` turns a batch of cleaned articles into stories; `StoryGrouper` does the
same for a stream, one article at a time, keeping only the stories still open (within
``Settings.window_days`` of the newest date seen); `similarity` scores two reports.

How two reports are compared (weights in ``data/stories.toml``, which documents each):

* one TF-IDF vector per report over content words (lowercased, lemmatised with spaCy's
  English lemma tables, stop words out) and names; document frequencies are learned
  online from every report seen (BM25 idf with a prior of 2 empty documents, bounded
  vocabulary), so words every attack report shares ("gunmen", "killed", "province")
  weigh little once a stream has a few of them, and a town's name weighs a lot;
* names come from a cheap proxy, not from spaCy's NER: capitalised tokens that the
  article never writes in lower case (clause-initial ones, and words of a Headline Style
  Run, only when also capitalised mid-sentence elsewhere), weighted by where they stand
  (title 3, lead 2, body 1) and keyed by lemma like words ("Democrats" meets "Democrat",
  and a name meets the same word in a Headline Style title). On the SemEval benchmark
  (benchmarks/stories.py, 2 shared cores) the proxy runs at 600-900 articles/s, spaCy NER
  over the first three sentences at ~25 articles/s, for no better F1. So the proxy is used;
  an acronym of the alias table (``[aliases]``; "U.N." read as "UN") counts as the words of
  the name it stands for, so "NK" meets "North Korea";
* headline coverage: each report's headline terms (title, else first sentence) are
  looked up in the other report, weighted by idf; the better-told direction is blended
  into the cosine (geometric mean, weight ``headline_weight``): the headline says what
  the story is, while the body adds background;
* the salient names of each report (a title or lead name that the report gives
  prominence: in the title, or named again; a name met once in the lead is often a photo
  credit or a site's name) are looked up in the other: the score shrinks with their
  disagreement, and by ``disjoint_weight`` when they share none at all (names of wide
  areas such as "Dunmore province" or the possessive "Veloria's" do not count for that
  test, since two events in one province both name it);
* time scales the score down linearly up to ``time_weight`` at the window's edge; reports
  farther apart than the window never join; a missing date gives no time evidence;
* casualty categories present on both sides (``article.figures``) scale it up a little;
* near-identical copies (a wire story reprinted) are found with MinHash over word
  3-shingles and MinHashLSH (datasketch); a copy joins its original's story and is listed
  in ``Story.duplicates`` (copy id -> original id) so that its figures count once.

A report joins the open story holding its most similar report (within the window) when
that similarity reaches ``threshold``; otherwise it starts a story. Reports read out of
date order (file order: a week's feed first, then each day's pages) first pass a bounded
reorder buffer (``[grouper].reorder_buffer`` reports) that releases the oldest date
first; a report still older than the clock joins an open story if it fits one, else its
story is closed at once (see `StoryGrouper`). Story ids are
``s-`` + 8 hex digits of the SHA-1 of the story's first article id (stable across runs for
the same input); the title is the headline of the most central non-copy report (ties: the
earliest); ``outlets`` are distinct, in order of first appearance; ``start``/``end`` are the
earliest and latest publication dates (YYYY-MM-DD). ``slots``, ``totals``, ``statements``
and ``brief`` are left empty for reconciliation.
"""

from __future__ import annotations

from ..model import Article
from ..settings import Settings
from .features import ArticleFeatures, extract_features
from .grouper import ClosedStory, StoryGrouper, group_stories, headline, story_id
from .scoring import DocumentFrequencies, pair_score, vectorize

__all__ = [
    "ArticleFeatures",
    "ClosedStory",
    "DocumentFrequencies",
    "StoryGrouper",
    "extract_features",
    "group_stories",
    "headline",
    "similarity",
    "story_id",
]


def similarity(
    a: Article,
    b: Article,
    *,
    settings: Settings | None = None,
    stats: DocumentFrequencies | None = None,
) -> float:
    """How likely two reports tell the same story, 0..1 (symmetric).

    The grouper joins reports at ``data/stories.toml``'s ``threshold``. Without ``stats``
    (document frequencies, e.g. ``StoryGrouper.stats``) every term weighs alike.
    """
    settings = settings or Settings()
    fa = extract_features(a, model=settings.model)
    fb = extract_features(b, model=settings.model)
    va, vb = vectorize(fa, stats), vectorize(fb, stats)
    return pair_score(fa, fb, va, vb, settings.window_days, stats=stats)
