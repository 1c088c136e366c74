"""Stories: group reports of one event into stories (issues 4 and 16).

`group_articles` (and `group_stories`, its generator form) turns a SET of cleaned
articles into stories: the result depends on the articles only, never on their order or
on how they were batched (see `newstally.stories.batch`); `similarity` scores two
reports.

How two reports are compared (weights in ``data/stories.toml``, which documents each):

* one TF-IDF vector per report over content words (lowercased, lemmatised with spaCy's
  English lemma tables, stop words out) and names; document frequencies are counted over
  the whole set (BM25 idf with a prior of 2 empty documents, bounded vocabulary), so
  words every attack report shares ("gunmen", "killed", "province") weigh little and a
  town's name weighs a lot;
* names come from a cheap proxy, not from spaCy's NER: capitalised tokens that the
  article never writes in lower case (clause-initial ones, and words of a Headline Style
  Run, only when also capitalised mid-sentence elsewhere), weighted by where they stand
  (title 3, lead 2, body 1) and keyed by lemma like words. On the SemEval benchmark
  (benchmarks/stories.py) the proxy runs at 600-900 articles/s, spaCy NER over the first
  three sentences at ~25 articles/s, for no better F1. Broadcast call letters ("KXYZ")
  and the words of the site's host name are not names; an acronym of the alias table
  (``[aliases]``) counts as the words of the name it stands for;
* headline coverage: each report's headline terms (title, else first sentence) are
  looked up in the other report, weighted by idf, blended into the cosine;
* the salient names of each report (title or lead names given prominence) are looked up
  in the other: the score shrinks with their disagreement, and by ``disjoint_weight``
  when they share none at all (wide areas such as "Dunmore province" aside);
* time is evidence, not a wall: the score shrinks linearly up to ``time_weight`` at
  ``Settings.window_days`` apart, then slowly (logarithmically) beyond, so a trial or a
  death in hospital months later still joins on strong content; a missing date gives no
  time evidence;
* particulars (`particulars`): a report's year (publication year, else the latest year
  its text writes), the calendar days an undated report writes and the ages of the
  people it names tell look-alike events apart, and a report that writes the day another
  was published ("the June 21 shooting") is its follow-up; a publication date later than
  a web archive's capture of the page is a crawl date and counts as unknown;
* casualty categories present on both sides (``article.figures``) scale it up a little;
* near-identical copies (a wire story reprinted) are found with MinHash over word
  3-shingles and MinHashLSH (datasketch); a copy joins its original's story and is listed
  in ``Story.duplicates`` (copy id -> original id) so that its figures count once.

Stories are clusters of the average-link clustering of the scored pairs at
``threshold``. Story ids are ``s-`` + 8 hex digits of the SHA-1 of the story's
canonically first article id (by date, then id); the title is the headline of the most
central non-copy report; ``outlets`` are distinct, in canonical order; ``start``/``end``
are the earliest and latest publication dates (YYYY-MM-DD). ``slots``, ``totals``,
``statements`` and ``brief`` are left empty for reconciliation.
"""

from __future__ import annotations

from ..model import Article
from ..settings import Settings
from .batch import canonical_key, group_articles, group_stories
from .features import ArticleFeatures, extract_features
from .grouper import ClosedStory, headline, story_id
from .scoring import DocumentFrequencies, pair_score, vectorize

__all__ = [
    "ArticleFeatures",
    "ClosedStory",
    "DocumentFrequencies",
    "canonical_key",
    "extract_features",
    "group_articles",
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
    (document frequencies, e.g. ``DocumentFrequencies.of``) every term weighs alike.
    """
    settings = settings or Settings()
    fa = extract_features(a, model=settings.model)
    fb = extract_features(b, model=settings.model)
    va, vb = vectorize(fa, stats), vectorize(fb, stats)
    return pair_score(fa, fb, va, vb, settings.window_days, stats=stats)
