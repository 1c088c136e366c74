"""The online story grouper: reports in, closed stories out, bounded memory."""

from __future__ import annotations

import hashlib
import heapq
import logging
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from datasketch import MinHash

from ..model import Article, Story
from ..nlp import split_sentences
from ..settings import Settings
from .config import StoriesConfig, load_config
from .duplicates import DuplicateIndex
from .features import ArticleFeatures, extract_features, parse_day
from .scoring import DocumentFrequencies, Vectors, cosine, days_apart, pair_score, vectorize

log = logging.getLogger("newstally.stories")

# A member's cached vector is recomputed once the document count has grown by this factor
# (idf changes slowly; recomputing on every arrival would cost O(open articles)).
_REFRESH_GROWTH = 1.1


@dataclass(slots=True)
class _Member:
    key: int  # arrival number, unique in the grouper
    article: Article
    features: ArticleFeatures
    clock: float | None  # its date in days, or the stream's clock when it came, undated
    vectors: Vectors
    vectors_documents: int


@dataclass(slots=True)
class _OpenStory:
    members: list[_Member] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)  # copy id -> original id
    last_clock: float | None = None  # the latest clock of its members
    last_arrival: int = 0


ClosedStory = tuple[Story, list[Article]]


class StoryGrouper:
    """Group reports into stories online, in date order.

    `add` one article at a time; it returns the stories that the arrival closed: a story
    closes when its latest report is more than ``Settings.window_days`` older than the
    newest date seen (the stream's clock). `close_all` returns the rest. Only open stories
    are kept, so memory follows the window, not the stream; past
    ``[grouper].max_open_stories`` open stories (possible only when dates do not advance)
    the story idle longest is closed. Document frequencies are learned from every report
    (bounded vocabulary).

    Out-of-order reports: reports first pass a bounded reorder buffer (``reorder``
    reports, ``[grouper].reorder_buffer`` by default) that releases the oldest date
    first, so inputs read in file order (a feed of a whole week, then each day's pages)
    are placed in date order as long as the disorder fits the buffer; `add` then
    returns stories closed by earlier reports. A report still older than the clock when
    placed joins an open story when it fits one (its date within the window of a member
    and similar enough); otherwise it starts a story that, being already older than the
    window, is closed and returned at once. An undated report is compared with every
    open story (no time evidence) and takes the stream's clock for closing purposes.
    """

    def __init__(self, settings: Settings | None = None, *, reorder: int | None = None) -> None:
        self.settings = settings or Settings()
        self.config: StoriesConfig = load_config()
        self.reorder = self.config.reorder_buffer if reorder is None else max(0, reorder)
        # Reports waiting to be placed, oldest date first: (date key, arrival, article).
        self._pending: list[tuple[float, int, Article]] = []
        self._last_dated = -math.inf
        self._received = 0
        self.stats = DocumentFrequencies()
        self.duplicates = DuplicateIndex(self.config)
        self.clock: float | None = None
        self._open: list[_OpenStory] = []
        self._story_of: dict[int, _OpenStory] = {}
        self._members: dict[int, _Member] = {}
        # term -> keys of the open reports that contain it: only reports sharing one of a
        # newcomer's heaviest terms are scored against it.
        self._postings: dict[str, set[int]] = {}
        self._arrivals = 0

    @property
    def open_count(self) -> int:
        """How many stories are open (held in memory)."""
        return len(self._open)

    @property
    def open_articles(self) -> int:
        return sum(len(story.members) for story in self._open)

    @property
    def pending_count(self) -> int:
        """How many reports wait in the reorder buffer."""
        return len(self._pending)

    def add(self, article: Article) -> list[ClosedStory]:
        """Take ``article``; return the stories that closed meanwhile.

        The report waits in the reorder buffer (``reorder`` reports at most, oldest date
        out first; an undated report takes the date of the dated report received before
        it), then is placed in a story.
        """
        day, _ = parse_day(article.published)
        if day is not None:
            self._last_dated = day
        self._received += 1
        heapq.heappush(self._pending, (self._last_dated, self._received, article))
        closed: list[ClosedStory] = []
        while len(self._pending) > self.reorder:
            closed += self._place(heapq.heappop(self._pending)[2])
        return closed

    def _place(self, article: Article) -> list[ClosedStory]:
        """Place ``article`` in a story; return the stories closed by its arrival."""
        self._arrivals += 1
        features = self._features(article)
        self.stats.add(features.terms())
        if features.day is not None and (self.clock is None or features.day > self.clock):
            self.clock = features.day
        member = _Member(
            key=self._arrivals,
            article=article,
            features=features,
            clock=features.day if features.day is not None else self.clock,
            vectors=vectorize(features, self.stats, self.config),
            vectors_documents=self.stats.documents,
        )
        signature = self._signature(article)
        story = self._attach_copy(member, signature) if signature is not None else None
        if story is None:
            story = self._best_story(member)
        if story is None:
            story = _OpenStory()
            self._open.append(story)
        story.members.append(member)
        story.last_arrival = member.key
        if member.clock is not None and (
            story.last_clock is None or member.clock > story.last_clock
        ):
            story.last_clock = member.clock
        self._story_of[member.key] = story
        self._members[member.key] = member
        for term in member.vectors.terms:
            self._postings.setdefault(term, set()).add(member.key)
        if signature is not None:
            self.duplicates.add(member.key, signature)
        return self._close_stale()

    def close_all(self) -> list[ClosedStory]:
        """Place the buffered reports, close every open story (end of the stream) and
        return them, oldest first."""
        closed: list[ClosedStory] = []
        while self._pending:
            closed += self._place(heapq.heappop(self._pending)[2])
        stories, self._open = self._open, []
        return closed + [self._finish(story) for story in stories]

    # --- placing a report ---------------------------------------------------------------

    def _features(self, article: Article) -> ArticleFeatures:
        try:
            return extract_features(article, model=self.settings.model, config=self.config)
        except Exception as exc:  # noqa: BLE001 - one bad article never stops a batch
            log.warning("%s: cannot read for story grouping (%s)", article.id, exc)
            day, date = parse_day(article.published)
            empty: frozenset[str] = frozenset()
            return ArticleFeatures(article.id, {}, {}, empty, empty, day, date, empty)

    def _signature(self, article: Article) -> MinHash | None:
        try:
            return self.duplicates.signature(article.text)
        except Exception as exc:  # noqa: BLE001 - no copy detection for this one article
            log.warning("%s: cannot fingerprint for copy detection (%s)", article.id, exc)
            return None

    def _attach_copy(self, member: _Member, signature: MinHash) -> _OpenStory | None:
        """If ``member`` is a near copy of an open report, join that report's story.

        The earliest report (by date, then arrival) is the original; a copy that arrives
        before its original (out of order) becomes the original once the older one comes.
        """
        matched = [
            (self._story_of[key], key)
            for key, _ in self.duplicates.matches(signature)
            if key in self._story_of
        ]
        if not matched:
            return None
        story, _ = max(matched, key=lambda item: len(item[0].members))
        by_key = {m.key: m for m in story.members}
        candidates = [by_key[key] for s, key in matched if s is story and key in by_key]
        originals = {story.duplicates.get(m.article.id, m.article.id) for m in candidates}
        by_id = {m.article.id: m for m in story.members}
        original = min((by_id[i] for i in originals if i in by_id), key=_age_order)
        if original.article.id == member.article.id:
            return story
        if _age_order(member) < _age_order(original):
            old_id, new_id = original.article.id, member.article.id
            for copy, source in list(story.duplicates.items()):
                if source == old_id:
                    story.duplicates[copy] = new_id
            story.duplicates[old_id] = new_id
        else:
            story.duplicates[member.article.id] = original.article.id
        return story

    def _best_story(self, member: _Member) -> _OpenStory | None:
        """The open story most similar to ``member``, if any reaches the threshold.

        Candidates are the open reports holding one of the newcomer's
        ``[grouper].candidate_terms`` heaviest terms among those any open report holds (a
        report sharing none of them can hardly reach the threshold); copies are skipped,
        their original speaks for them.
        """
        window = self.settings.window_days
        heaviest = sorted(member.vectors.terms.items(), key=lambda item: -item[1])
        candidates: set[int] = set()
        used = 0
        for term, _ in heaviest:
            keys = self._postings.get(term)
            if keys:
                candidates |= keys
                used += 1
                if used >= self.config.candidate_terms:
                    break
        best_by_story: dict[int, tuple[float, _OpenStory]] = {}
        for key in sorted(candidates):
            other = self._members[key]
            story = self._story_of[key]
            if other.article.id in story.duplicates:
                continue
            apart = days_apart(member.features, other.features)
            if apart is not None and apart > window:
                continue
            score = self._score(member, other)
            if score > best_by_story.get(id(story), (-1.0, story))[0]:
                best_by_story[id(story)] = (score, story)
        best: tuple[float, _OpenStory] | None = None
        for story in self._open:  # in opening order, so ties go to the older story
            found = best_by_story.get(id(story))
            if not found or found[0] < self.config.threshold:
                continue
            if best is None or found[0] > best[0]:
                best = found
        return best[1] if best else None

    def _score(self, a: _Member, b: _Member) -> float:
        return pair_score(
            a.features,
            b.features,
            self._vectors(a),
            self._vectors(b),
            self.settings.window_days,
            self.config,
            self.stats,
        )

    def _vectors(self, member: _Member) -> Vectors:
        if self.stats.documents >= member.vectors_documents * _REFRESH_GROWTH + 1:
            member.vectors = vectorize(member.features, self.stats, self.config)
            member.vectors_documents = self.stats.documents
        return member.vectors

    # --- closing stories ----------------------------------------------------------------

    def _close_stale(self) -> list[ClosedStory]:
        stale: list[_OpenStory] = []
        if self.clock is not None:
            horizon = self.clock - self.settings.window_days
            for story in self._open:
                if story.last_clock is None:
                    story.last_clock = self.clock  # undated until now: idle from now on
                if story.last_clock < horizon:
                    stale.append(story)
        excess = len(self._open) - len(stale) - self.config.max_open_stories
        if excess > 0:
            idle = sorted((s for s in self._open if s not in stale), key=lambda s: s.last_arrival)
            stale.extend(idle[:excess])
        if not stale:
            return []
        closing = {id(story) for story in stale}
        self._open = [story for story in self._open if id(story) not in closing]
        return [self._finish(story) for story in stale]

    def _finish(self, story: _OpenStory) -> ClosedStory:
        """Forget the story's reports and turn it into a `Story`."""
        for member in story.members:
            self.duplicates.remove(member.key)
            self._story_of.pop(member.key, None)
            self._members.pop(member.key, None)
            for term in member.vectors.terms:
                keys = self._postings.get(term)
                if keys is not None:
                    keys.discard(member.key)
                    if not keys:
                        del self._postings[term]
        founder = story.members[0]
        members = sorted(story.members, key=_age_order)
        outlets = list(dict.fromkeys(m.article.outlet for m in members if m.article.outlet))
        dates = [m.features.date for m in members if m.features.date]
        result = Story(
            id=story_id(founder.article.id),
            title=self._title(members, story.duplicates),
            articles=[m.article.id for m in members],
            duplicates=dict(story.duplicates),
            outlets=outlets,
            start=min(dates) if dates else None,
            end=max(dates) if dates else None,
        )
        return result, [m.article for m in members]

    def _title(self, members: list[_Member], duplicates: dict[str, str]) -> str:
        """The headline of the most central report (ties: the earliest)."""
        originals = [m for m in members if m.article.id not in duplicates]
        pool = (originals or members)[: self.config.max_centrality_articles]
        titled = [m for m in pool if (m.article.title or "").strip()] or pool
        best, best_score = titled[0], -math.inf
        for m in titled:
            score = sum(cosine(self._vectors(m), self._vectors(o)) for o in pool if o is not m)
            if score > best_score + 1e-9:
                best, best_score = m, score
        return headline(best.article, self.config.max_title_chars)


def _age_order(member: _Member) -> tuple[float, int]:
    day = member.features.day
    return (day if day is not None else math.inf, member.key)


def story_id(first_article_id: str) -> str:
    """A stable story id from the id of the story's first article."""
    return "s-" + hashlib.sha1(first_article_id.encode("utf-8")).hexdigest()[:8]


def headline(article: Article, max_chars: int = 120) -> str:
    """The article's title, else its first sentence cut to ``max_chars``."""
    title = " ".join((article.title or "").split())
    if title:
        return title[:max_chars]
    spans = split_sentences(article.text[:5000])
    if not spans:
        return article.id[:max_chars]
    a, b = spans[0]
    first = " ".join(article.text[a:b].split())
    return first if len(first) <= max_chars else first[: max_chars - 1].rstrip() + "…"


def group_stories(
    articles: Iterable[Article], settings: Settings | None = None, *, sort: bool = True
) -> Iterator[ClosedStory]:
    """Group a batch of reports into stories; yield each story with its articles.

    With ``sort`` (the default) the batch is read whole and fed in date order (stable);
    an undated report keeps its place after the dated report that preceded it in the
    input. For an endless stream use `StoryGrouper` directly (or ``sort=False``).
    """
    items = list(articles) if sort else articles
    if sort:
        keyed = []
        last = -math.inf
        for n, article in enumerate(items):  # type: ignore[arg-type]
            day, _ = parse_day(article.published)
            if day is not None:
                last = day
            keyed.append((day if day is not None else last, n, article))
        keyed.sort(key=lambda item: (item[0], item[1]))
        items = [article for _, _, article in keyed]
    grouper = StoryGrouper(settings, reorder=0 if sort else None)
    for article in items:
        yield from grouper.add(article)
    yield from grouper.close_all()
