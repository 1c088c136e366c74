"""Clean: remove scraper junk from article text, infer outlet, title and date (issue 2).

* `clean_text` cleans one text (pure): appeal blocks, junk-table line rules, captions
  printed twice, and -- for all the visible text of a web page -- everything outside the
  article body. Every removed line is returned with its reason.
* `clean_articles` streams articles: cleans each in place, infers outlet (from metadata,
  URL or text evidence), removes lines an outlet repeats across many of its stories
  (over the whole set, in any order the same), then fills a missing title and date and
  puts a headline given apart from the text at its head.
* `infer_outlet` and `infer_published` are the inference steps on their own.

The junk wording lives in ``data/junk.toml``; see docs/cleaning.md.
"""

from __future__ import annotations

import logging
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from urllib.parse import urlsplit

from ..ingest.outlets import original_url
from ..model import Article, Removed
from ..settings import Settings
from .core import MODES, clean_lines, clean_text, find_headline, reads_as_headline
from .corpus import LineSummary, mark_repeated, repeated_lines
from .dates import infer_published
from .junk import JunkRules, JunkTableError, compile_rules, default_rules
from .lines import Line, assemble
from .outlet import OutletDirectory, default_directory, infer_outlet

__all__ = [
    "CleanOptions",
    "JunkRules",
    "JunkTableError",
    "OutletDirectory",
    "clean_article",
    "clean_articles",
    "clean_lines",
    "clean_text",
    "finish_cleaning",
    "start_cleaning",
    "compile_rules",
    "default_rules",
    "find_headline",
    "infer_outlet",
    "infer_published",
    "reads_as_headline",
]

log = logging.getLogger("newstally.clean")

# The reason of the `Removed` note an article gets when its cleaning failed: the article
# is kept as read (nothing is lost) and the run's manifest lists the note.
CLEANING_FAILED = "cleaning-failed"


def _failed(article: Article, exc: Exception) -> None:
    log.warning("%s: cleaning failed (%s)", article.origin or article.id, exc)
    note = f"[cleaning failed ({type(exc).__name__}: {exc}); the text is kept as read]"
    article.removed.append(Removed(text=note, reason=CLEANING_FAILED))


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """Knobs of the cleaning stage; read from ``Settings.extra`` keys ``clean.<name>``."""

    mode: str = "auto"  # auto | article | page
    repeat_min_stories: int = 3  # a line in this many stories of one outlet is boilerplate
    repeat_max_stories: int = 512  # recent stories of an outlet an article is compared with

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"clean.mode must be one of {MODES}, not {self.mode!r}")
        if self.repeat_min_stories < 2:
            raise ValueError("clean.repeat_min_stories must be at least 2")
        if self.repeat_max_stories < 1:
            raise ValueError("clean.repeat_max_stories must be at least 1")

    @classmethod
    def from_settings(cls, settings: Settings | None) -> CleanOptions:
        extra = settings.extra if settings is not None else {}
        values: dict[str, object] = {}
        for spec in fields(cls):
            key = f"clean.{spec.name}"
            if key in extra:
                values[spec.name] = type(spec.default)(extra[key])
        return cls(**values)  # type: ignore[arg-type]


def clean_article(article: Article, *, mode: str = "auto", rules: JunkRules | None = None) -> None:
    """Clean one article in place (text, removed, title, outlet, published), without the
    corpus-level repeated-line step."""
    prior = list(article.removed)
    lines, _ = clean_lines(article.text or "", mode=mode, rules=rules)
    _finish(article, lines, prior)
    _infer_outlet_into(article, rules)
    _fill_title_and_date(article, rules)


def _finish(article: Article, lines: list[Line], prior: list[Removed]) -> None:
    """Text and removed lines from the classified lines; ``prior`` are removed entries
    the article already had (from ingest), kept first."""
    text, removed = assemble(lines)
    article.text = text
    article.removed = [*prior, *removed]


def _infer_outlet_into(article: Article, rules: JunkRules | None) -> None:
    outlet, inferred = infer_outlet(article, default_directory(), rules)
    if outlet:
        article.outlet, article.outlet_inferred = outlet, inferred


def _fill_title_and_date(article: Article, rules: JunkRules | None) -> None:
    if not article.title:
        article.title = find_headline(article.text)
    if not article.published:
        article.published = infer_published(article, rules)
    _lead_with_headline(article)


# A longer "title" is no headline (a scraper's whole summary): it is not put into the text.
HEADLINE_MAX_CHARS = 300
# How far into the text a headline given apart is looked for before it is put first.
HEADLINE_SEARCH_CHARS = 300


def _lead_with_headline(article: Article) -> None:
    """Put a headline given apart from the text (a JSONL record's or a feed item's
    ``title``) at the head of the text, as a page's text and a text file carry theirs:
    the headline is part of the report ("Two dead, six hurt in Elm Street shooting"), and
    every figure read from it keeps a span in ``text``. A text that already holds its
    headline near its start (lower case and spacing aside) is left as it is."""
    title, text = article.title, article.text or ""
    if not title or len(title) > HEADLINE_MAX_CHARS or not text.strip():
        return
    head = " ".join(text[: len(title) + HEADLINE_SEARCH_CHARS].split()).casefold()
    if title.casefold() in head:
        return
    article.text = f"{title}\n\n{text}"


@dataclass(slots=True)
class CleaningStarted:
    """An article whose per-article cleaning is done, waiting for the corpus step."""

    article: Article
    lines: list[Line] | None  # None when cleaning failed: passed through unchanged
    key: str | None
    prior: list[Removed]
    done: bool = False


def _outlet_key(article: Article) -> str | None:
    """Articles of one outlet share boilerplate. The outlet from metadata or URL comes
    first, then the URL host (of the archived page, for a web archive's copy: the archive
    serves every outlet), then an outlet inferred from the text (weaker: an interview
    "told the BBC" does not make two sites one)."""
    if article.outlet and not article.outlet_inferred:
        return article.outlet
    if article.url:
        try:
            host = urlsplit(original_url(article.url)).hostname
        except ValueError:
            host = None
        if host:
            return host.lower().removeprefix("www.")
    return article.outlet


def clean_articles(
    articles: Iterable[Article], settings: Settings | None = None
) -> Iterator[Article]:
    """Clean each article in place and yield it, in input order.

    Lines an outlet repeats across its stories are found over the whole set of articles
    (`finish_cleaning`), so the first article is yielded once the last one is read, and
    the result does not depend on the order of the input. An article that cannot be
    cleaned is logged and passed through unchanged.
    """
    options = CleanOptions.from_settings(settings)
    rules = default_rules()
    return finish_cleaning((_start(a, options, rules) for a in articles), settings)


def start_cleaning(article: Article, settings: Settings | None = None) -> CleaningStarted:
    """The per-article part of `clean_articles` (cleaning rules, outlet): independent of
    every other article, so it may run anywhere (newstally.scale runs it on workers)."""
    return _start(article, CleanOptions.from_settings(settings), default_rules())


def finish_cleaning(
    started: Iterable[CleaningStarted], settings: Settings | None = None
) -> Iterator[Article]:
    """The corpus part of `clean_articles` over articles begun with `start_cleaning`, in
    input order: lines repeated across an outlet's stories, then title and date.

    Two passes: the first keeps a small `LineSummary` of each article and spools its
    text and lines to a temporary file; the repeated lines of every outlet are then
    known, and the second pass reads them back, marks the lines and yields the articles
    (the same objects, cleaned in place). Memory grows by the summaries and the articles'
    bare metadata only."""
    options = CleanOptions.from_settings(settings)
    rules = default_rules()
    summaries: list[LineSummary] = []
    waiting: list[CleaningStarted] = []
    with tempfile.TemporaryFile(prefix="newstally-clean-") as spool:
        for pending in started:
            article = pending.article
            if pending.key is not None and pending.lines is not None:
                try:
                    summaries.append(LineSummary.of(pending.key, article.id, pending.lines))
                except Exception as exc:  # one bad article must not stop the run
                    log.warning("%s: repeated-line summary failed (%s)", article.id, exc)
            heavy = (article.text, article.removed, pending.lines, pending.prior)
            pickle.dump(heavy, spool, protocol=pickle.HIGHEST_PROTOCOL)
            article.text, article.removed, pending.lines, pending.prior = "", [], None, []
            waiting.append(pending)
        repeated = repeated_lines(
            summaries,
            min_stories=options.repeat_min_stories,
            max_stories=options.repeat_max_stories,
        )
        del summaries
        spool.seek(0)
        # Each article is let go of once yielded: the stages after cleaning add its
        # figures and statements, and `run` keeps it on disk, not here.
        waiting.reverse()
        while waiting:
            pending = waiting.pop()
            # Our own objects, written by this process to its private temporary file.
            article = pending.article
            article.text, article.removed, pending.lines, pending.prior = pickle.load(spool)  # noqa: S301
            if pending.key is not None and pending.lines is not None:
                try:
                    mark_repeated(pending.lines, repeated.get(pending.key, frozenset()))
                except Exception as exc:  # one bad article must not stop the run
                    log.warning("%s: repeated-line removal failed (%s)", pending.key, exc)
            _complete(pending, rules)
            del pending
            yield article


def _start(article: Article, options: CleanOptions, rules: JunkRules) -> CleaningStarted:
    prior = list(article.removed)
    try:
        lines, _ = clean_lines(article.text or "", mode=options.mode, rules=rules)
        _finish(article, lines, prior)
        _infer_outlet_into(article, rules)
    except Exception as exc:  # untrusted input: report and pass through
        _failed(article, exc)
        return CleaningStarted(article, None, None, prior, done=True)
    return CleaningStarted(article, lines, _outlet_key(article), prior)


def _complete(pending: CleaningStarted, rules: JunkRules) -> None:
    if pending.done:
        return
    try:
        if pending.lines is not None:
            _finish(pending.article, pending.lines, pending.prior)
        _fill_title_and_date(pending.article, rules)
    except Exception as exc:  # untrusted input: report and pass through
        _failed(pending.article, exc)
    pending.done = True
    pending.lines = None  # free the line objects as soon as the article is final
