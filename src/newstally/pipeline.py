"""The pipeline: ingest -> clean -> figures (+ statements) -> stories -> reconcile -> reports.

Readers yield articles, per-article work runs in worker processes (`--jobs`) in a stable
order and per-article outputs are written as they go; stories are grouped once every
article is analysed, because they are a function of the whole set of articles (any order,
any batching gives the same stories: `stories.group_articles`).
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import orjson

from .clean import CLEANING_FAILED
from .files import replaced
from .model import SCHEMA, Article, Failure, Story
from .settings import Settings
from .version import __version__

if TYPE_CHECKING:
    from spacy.language import Language

    from .scale import ScaleOptions

# Articles handed to a worker process at a time: large enough to amortise pickling and
# to let spaCy batch sentences, small enough to keep output flowing.
CHUNK_SIZE = 128


@dataclass(frozen=True, slots=True)
class ExtractedLine:
    """One analysed article as `newstally extract` writes it: its figure count (for the
    run's statistics) and its output line."""

    figures: int
    line: bytes


@dataclass(slots=True)
class RunStats:
    """What a run did; written to manifest.json and shown in the terminal summary."""

    inputs: list[str]
    started: float = field(default_factory=time.time)
    articles: int = 0
    figures: int = 0
    statements: int = 0
    stories: int = 0
    failures: list[Failure] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    stage_seconds: Counter[str] = field(default_factory=Counter)
    # What ingest changed in an article that was kept (characters replaced, text cut).
    notes: list[Failure] = field(default_factory=list)
    # "complete", or why the run stopped early ("interrupted", "failed: ...").
    status: str = "complete"
    # `add` only: stored articles cleaned again (and analysed again) because the articles
    # added since changed their cleaning (`store.cleaning`).
    recleaned: int = 0

    def manifest(self, settings: Settings) -> dict[str, Any]:
        finished = time.time()
        return {
            "schema": SCHEMA,
            "version": __version__,
            "started": _iso(self.started),
            "finished": _iso(finished),
            "seconds": round(finished - self.started, 3),
            "inputs": self.inputs,
            "settings": {k: v for k, v in asdict(settings).items() if k != "extra"},
            "counts": {
                "articles": self.articles,
                "failed": len(self.failures),
                "figures": self.figures,
                "statements": self.statements,
                "stories": self.stories,
                **({"recleaned": self.recleaned} if self.recleaned else {}),
            },
            "failures": [{"input": f.input, "reason": f.reason} for f in self.failures],
            "notes": [{"input": n.input, "note": n.reason} for n in self.notes],
            "status": self.status,
            "outputs": self.outputs,
            # Where the time went (seconds per stage; the per-article stages are counted
            # when they run in this process, i.e. with one job).
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
        }


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


def dumps(record: Any, option: int = 0) -> bytes:
    """JSON bytes; a string that is not valid Unicode (a lone surrogate that got past
    ingest) is written with the surrogate replaced rather than losing the record."""
    option |= orjson.OPT_NON_STR_KEYS
    try:
        return orjson.dumps(record, option=option)
    except TypeError:
        return orjson.dumps(_valid_unicode(record), option=option)


def _valid_unicode(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {_valid_unicode(k): _valid_unicode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_valid_unicode(v) for v in value]
    return value


def write_json(path: Path, record: Any) -> None:
    """Write JSON through a temporary file renamed into place (`replaced`)."""
    with replaced(path) as fh:
        fh.write(dumps(record, orjson.OPT_INDENT_2))


# --- per-article work, run in worker processes ------------------------------------------

_WORKER_SETTINGS: Settings | None = None
# Seconds of the per-article stages spent in this process (`run` reports them with one job).
_ANALYSIS_SECONDS: Counter[str] = Counter()


class _Stage:
    """Add the seconds a ``with`` block takes to ``seconds[name]``."""

    def __init__(self, seconds: Counter[str], name: str) -> None:
        self.seconds, self.name = seconds, name

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.seconds[self.name] += time.perf_counter() - self.start


def _timed(items: Iterable[Any], seconds: Counter[str], name: str) -> Iterator[Any]:
    """``items``, adding the time spent producing each one to ``seconds[name]``."""
    it = iter(items)
    while True:
        with _Stage(seconds, name):
            item = next(it, _END)
        if item is _END:
            return
        yield item


_END = object()


def _init_worker(settings: Settings) -> None:
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings


def _init_pool_worker(settings: Settings, parent: int) -> None:
    """A worker process dies with its parent (however the parent ends) and leaves
    interrupts to it: Ctrl-C reaches the whole process group, and the parent stops the
    pool."""
    import signal

    _init_worker(settings)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent ends (prctl PR_SET_PDEATHSIG)."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown still applies
        pass
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)


def stage_failure(origin: str, stage: str, exc: BaseException) -> Failure:
    """The Failure of one article in one stage: the stage, the error type, one line."""
    message = " ".join(str(exc).split())[:200]
    return Failure(origin, f"{stage} failed ({type(exc).__name__}: {message})")


def extract_line(article: Article) -> ExtractedLine:
    """The `newstally extract` output line of an analysed article (made in the worker, so
    that the parent process only writes bytes)."""
    record = {
        "id": article.id,
        "figures": [f.to_record() for f in article.figures],
        "totals": {k: asdict(v) for k, v in article.totals.items()},
    }
    return ExtractedLine(len(article.figures), dumps(record) + b"\n")


def _load_model(settings: Settings) -> Language:
    """The spaCy pipeline of ``settings`` (loaded once per process)."""
    with _Stage(_ANALYSIS_SECONDS, "load model"):
        from .nlp import load_nlp

        return load_nlp(settings.model)


def _analyse_chunk(
    chunk: list[Article],
    with_statements: bool,
    finish: Callable[[Article], Any] | None = None,
) -> list[Any]:
    """Figures (and statements) for a chunk of articles; a failing article becomes a
    Failure and never stops the others. With ``finish``, each analysed article is handed
    back as ``finish(article)`` (a module-level function, for the worker processes)."""
    from .figures import extract_article, extract_many

    settings = _WORKER_SETTINGS or Settings()
    nlp = _load_model(settings)
    if not with_statements:
        # Figures alone: the gated sentences of the whole chunk go through one parse batch;
        # should the batch itself fail, each article is analysed alone.
        try:
            batch = list(
                extract_many(chunk, nlp, batch_size=max(1, len(chunk)), gate=settings.gate)
            )
        except Exception:  # noqa: BLE001 - one bad article never stops a batch
            batch = [
                _guarded(extract_article, "figures", a, nlp, gate=settings.gate) for a in chunk
            ]
        return _finished(batch, finish)
    with _Stage(_ANALYSIS_SECONDS, "load model"):
        from .attribution import statement_sentences, statements_for_article
        from .figures import analyse_many
        from .nlp import ArticleContext, prefetch_many

    # One context per article for both stages. The sentences that can hold a statement
    # are parsed first, for the whole chunk in one batch; the figures take them as drafts
    # and for their sources, and the statements take every full parse the figures made.
    contexts = [ArticleContext(a.text, published=a.published, nlp=nlp) for a in chunk]
    # Should a batch fail, each article parses its own sentences below, guarded.
    with contextlib.suppress(Exception), _Stage(_ANALYSIS_SECONDS, "parse statement sentences"):
        prefetch_many([(ctx, statement_sentences(ctx)) for ctx in contexts])
    try:
        with _Stage(_ANALYSIS_SECONDS, "figures"):
            analysed: list[Any] = list(
                analyse_many(chunk, nlp, max(1, len(chunk)), gate=settings.gate, contexts=contexts)
            )
    except Exception:  # noqa: BLE001 - one bad article never stops a batch
        analysed = [None] * len(chunk)
    done: list[Article | Failure] = []
    for article, ctx, result in zip(chunk, contexts, analysed, strict=True):
        item: Article | Failure = article
        if not isinstance(result, tuple):  # the article alone, for its failure's words
            item = _guarded(extract_article, "figures", article, nlp, gate=settings.gate)
        if isinstance(item, Article):
            try:
                with _Stage(_ANALYSIS_SECONDS, "statements"):
                    article.statements = statements_for_article(article, nlp, shared=ctx)
            except Exception as exc:  # noqa: BLE001 - one bad article never stops a batch
                item = stage_failure(article.origin, "statements", exc)
        done.append(item)
    return _finished(done, finish)


def analyse_articles(articles: list[Article], settings: Settings) -> list[Article | Failure]:
    """Figures and statements of a chunk of cleaned articles: the per-chunk work that
    `newstally.scale` runs on Dask workers (the model loads once per worker process)."""
    _init_worker(settings)
    return _analyse_chunk(articles, True)


def _guarded(
    work: Callable[..., Any], stage: str, article: Article, *args: Any, **kwargs: Any
) -> Article | Failure:
    """``work(article, ...)``, or the article's Failure in ``stage`` when it raises."""
    try:
        work(article, *args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - one bad article never stops a batch
        return stage_failure(article.origin, stage, exc)
    return article


def _finished(
    items: Iterable[Article | Failure], finish: Callable[[Article], Any] | None
) -> list[Any]:
    """The analysed articles as handed back: themselves, or ``finish(article)``."""
    if finish is None:
        return list(items)
    return [x if isinstance(x, Failure) else finish(x) for x in items]


def _chunks(items: Iterable[Article | Failure], size: int) -> Iterator[list[Article | Failure]]:
    chunk: list[Article | Failure] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _split(chunk: list[Article | Failure]) -> tuple[list[Article], list[int]]:
    """The articles of a chunk, and their positions in it."""
    articles = [x for x in chunk if isinstance(x, Article)]
    return articles, [i for i, x in enumerate(chunk) if isinstance(x, Article)]


def _merge(
    chunk: list[Article | Failure], positions: list[int], results: list[Any]
) -> Iterator[Any]:
    """The chunk in its order, each article replaced by its result."""
    merged: list[Any] = list(chunk)
    for pos, result in zip(positions, results, strict=True):
        merged[pos] = result
    yield from merged


def analyse(
    items: Iterable[Article | Failure],
    settings: Settings,
    *,
    with_statements: bool = False,
    finish: Callable[[Article], Any] | None = None,
) -> Iterator[Any]:
    """Run the per-article stages over a stream, in order, on ``settings.jobs`` processes.

    Failures from earlier stages pass through in their place in the stream. Each analysed
    article comes back as itself or, with ``finish``, as ``finish(article)`` computed in
    the worker (smaller results cost the parent less to receive).
    """
    jobs = settings.worker_count()
    if jobs <= 1:
        _init_worker(settings)
        with contextlib.ExitStack() as on:
            settled = False
            for chunk in _chunks(items, CHUNK_SIZE):
                articles, positions = _split(chunk)
                if articles and not settled:
                    # the model first: it is part of what the collector may leave alone
                    _load_model(settings)
                    on.enter_context(_settled_collector())
                    settled = True
                yield from _merge(
                    chunk, positions, _analyse_chunk(articles, with_statements, finish)
                )
        return

    # Workers are forked after the parent loaded the model, so they share its pages.
    from .nlp import load_nlp

    load_nlp(settings.model)
    # The collector writes to every object it scans, which would copy the model's shared
    # pages into each worker; objects that exist before the fork are left out of its scans.
    gc.freeze()
    try:
        yield from _analyse_in_pool(items, settings, jobs, with_statements, finish)
    finally:
        gc.unfreeze()


# Young-generation threshold of the cyclic collector while articles are analysed in this
# process (Python's default is 700).
_YOUNG_THRESHOLD = 20_000


@contextlib.contextmanager
def _settled_collector() -> Iterator[None]:
    """The cyclic garbage collector's settings for analysing a stream in this process.

    What exists once the model is loaded (the model, its vocabulary, the lexicons, every
    imported module) lives as long as the process, yet each full collection scanned all
    of it again: 0.45 s of CPU in 7 full passes on 300 GV-dev articles. Frozen, those
    objects are left out of the scans; and with a larger young generation the many
    short-lived objects of a parse (tokens, spans, feature lists) mostly die before a
    collection looks at them. Together about 0.65 -> 0.2 s of CPU. Only when unreachable
    cycles are freed changes, not what the stages compute."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(_YOUNG_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _analyse_in_pool(
    items: Iterable[Article | Failure],
    settings: Settings,
    jobs: int,
    with_statements: bool,
    finish: Callable[[Article], Any] | None,
) -> Iterator[Any]:
    ctx = get_context("fork")
    pending: list[tuple[list[Article | Failure], list[int], Any]] = []
    pool = ctx.Pool(jobs, initializer=_init_pool_worker, initargs=(settings, os.getpid()))
    try:
        for chunk in _chunks(items, CHUNK_SIZE):
            articles, positions = _split(chunk)
            pending.append(
                (
                    chunk,
                    positions,
                    pool.apply_async(_analyse_chunk, (articles, with_statements, finish)),
                )
            )
            # Bounded read-ahead keeps memory flat while both workers stay busy.
            while len(pending) > 2 * jobs:
                chunk0, positions0, result0 = pending.pop(0)
                yield from _merge(chunk0, positions0, result0.get())
        for chunk0, positions0, result0 in pending:
            yield from _merge(chunk0, positions0, result0.get())
    except BaseException:
        _abandon(pool)
        raise
    pool.terminate()


def _abandon(pool: Any) -> None:
    """Stop a pool at once on an interrupt or error, without ``Pool.terminate()``: that
    joins the thread feeding tasks to the workers, which may be blocked writing a large
    chunk into a pipe that no worker reads any more (a run hung for good on SIGTERM). The
    workers are killed; the pool's handler threads are daemons and end with the process."""
    from multiprocessing import pool as mp_pool

    pool._worker_handler._state = mp_pool.TERMINATE  # no new workers in place of the dead
    pool._state = mp_pool.TERMINATE
    for worker in pool._pool:
        worker.kill()
    for worker in pool._pool:
        worker.join(timeout=5)
    pool._terminate.cancel()  # its finaliser would run terminate() at exit


# --- the stages in the parent process ------------------------------------------------------


def ingest(
    inputs: list[str], settings: Settings, *, clean: bool = True
) -> Iterator[Article | Failure]:
    """Read (and clean) every input; failures are yielded in place."""
    from .clean import clean_articles
    from .ingest import read_inputs

    items = read_inputs(inputs, settings)
    if not clean:
        yield from items
        return
    failures: list[Failure] = []

    def articles_only() -> Iterator[Article]:
        for item in items:
            if isinstance(item, Failure):
                failures.append(item)
            else:
                yield item

    # Cleaning reads the whole set before its first article (lines an outlet repeats are
    # found over all of them), so failures are released with the cleaned articles.
    for article in clean_articles(articles_only(), settings):
        while failures:
            yield failures.pop(0)
        yield article
    yield from failures


def count(stats: RunStats, items: Iterable[Article | Failure]) -> Iterator[Article]:
    """Record failures in ``stats`` and pass the articles on."""
    for item in items:
        if isinstance(item, Failure):
            stats.failures.append(item)
        else:
            stats.articles += 1
            stats.notes.extend(
                Failure(item.origin, r.text) for r in item.removed if r.reason in _NOTE_REASONS
            )
            yield item


# Removed-text reasons that ingest or cleaning give when they changed (or failed to
# change) an article they kept.
_NOTE_REASONS = frozenset({"truncated", "invalid-characters", CLEANING_FAILED})


Progress = Callable[[int], None]
# The stories of a set of articles, as `stories.group_articles` gives them.
GroupArticles = Callable[[list[Article], Settings], list[tuple[Story, list[Article]]]]


def run(
    inputs: list[str],
    out_dir: Path,
    settings: Settings,
    *,
    progress: Progress | None = None,
    scale: ScaleOptions | None = None,
) -> tuple[RunStats, Sequence[Story]]:
    """The whole pipeline over ``inputs``, writing every output file into ``out_dir``;
    with ``scale``, the per-article stages run on a Dask cluster (`newstally.scale`).

    Memory stays near flat in the number of articles: each analysed article is written
    out, then kept on disk (`_Spill`, an unnamed temporary file in ``out_dir``) with only
    its `GroupingRecord` (metadata and grouping features) in memory. Stories are grouped
    from the records; each story reads its articles back to be reconciled and briefed,
    and is spilled in turn; stories.json and the reports are written a story at a time.
    The stories come back as a sequence that reads each one from its spill."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stats = RunStats(inputs=list(inputs))
    stories = SpilledStories(out_dir, [])
    try:
        _run(inputs, out_dir, settings, stats, stories, progress, scale)
    except BaseException:
        stories.close()
        raise
    return stats, stories


def _run(
    inputs: list[str],
    out_dir: Path,
    settings: Settings,
    stats: RunStats,
    stories: SpilledStories,
    progress: Progress | None,
    scale: ScaleOptions | None,
) -> None:
    from .report import story_record

    # Stories are a function of the whole set of articles (any order, any batching), so
    # they are grouped once every article is analysed.
    with (
        _manifest_always(stats, settings, out_dir / "manifest.json"),
        contextlib.ExitStack() as on,
    ):
        spill = on.enter_context(_Spill(out_dir))
        records: list[Any] | _SpilledRecords = []  # spilled unless the cluster groups
        at: dict[str, int] = {}  # article id -> where it is spilled (for the cluster)
        group: Callable[[list[Any], Settings], list[tuple[Story, list[Article]]]] | None = None
        unprepared: Exception | None = None  # why an article could not be prepared
        with (
            _JsonLines(out_dir / "articles.jsonl", stats) as articles_out,
            _JsonLines(out_dir / "figures.jsonl", stats) as figures_out,
        ):
            seconds = stats.stage_seconds
            analysed_before = Counter(_ANALYSIS_SECONDS)
            if scale is None:
                read = _timed(ingest(inputs, settings), seconds, "read and clean")
                stream = _timed(analyse(read, settings, with_statements=True), seconds, "analysis")
            else:
                from .scale import cluster_run

                cluster = on.enter_context(
                    cluster_run(inputs, settings, out_dir, scale, analyse_articles)
                )
                stream = _timed(cluster.stream(), seconds, "analysis")

                def group(records: list[Any], settings: Settings) -> list[Any]:
                    return cluster.group(records, settings, lambda r: spill.get(at[r.article.id]))

            prepare = _grouping_recorder(settings, features=scale is None)
            if scale is None:
                records = _SpilledRecords(spill)
            for article in count(stats, stream):
                with _Stage(seconds, "write articles and figures"):
                    articles_out.write(article.to_record())
                    figures_out.write_many(figure.to_record() for figure in article.figures)
                stats.figures += len(article.figures)
                stats.statements += len(article.statements)
                with _Stage(seconds, "spill articles"):
                    where = spill.put(article)
                    if scale is not None:
                        at[article.id] = where
                if unprepared is None:
                    try:
                        with _Stage(seconds, "group stories"):
                            made = prepare(article)
                            if isinstance(records, _SpilledRecords):
                                records.append(made, where)
                            else:
                                records.append(made)
                    except Exception as exc:  # noqa: BLE001 - grouping fails, not the run
                        unprepared = exc
                        records.clear()
                del article
                if progress:
                    progress(stats.articles + len(stats.failures))
            _split_analysis(seconds, _ANALYSIS_SECONDS - analysed_before)
        # What the stories are grouped from (the model, the records) stays to the end.
        on.enter_context(_settled_collector())
        try:
            if unprepared is not None:
                raise unprepared
            _spilled_stories(
                records, spill, at, settings, stories, stats.failures, stats.stage_seconds, group
            )
        except Exception as exc:  # noqa: BLE001 - the articles are written already
            stats.failures.append(stage_failure("stories", "grouping", exc))
            stories.clear()
        del records
        stories.sort()
        stats.stories = len(stories)
        with _Stage(stats.stage_seconds, "write stories.json"):
            _write_guarded(
                stats,
                "stories.json",
                lambda: _write_stories_json(
                    out_dir / "stories.json", (story_record(s) for s in stories)
                ),
            )
        with _Stage(stats.stage_seconds, "write reports"):
            _write_guarded(
                stats,
                "report.md",
                lambda: _write_reports(stories, spill, out_dir, settings.full_stories),
                also=("report.html",),
            )


def _grouping_recorder(settings: Settings, *, features: bool) -> Callable[[Article], Any]:
    """The `GroupingRecord` of an analysed article (with its features unless the cluster
    prepares them)."""
    from .stories.batch import grouping_record
    from .stories.config import load_config
    from .stories.duplicates import DuplicateIndex

    config = load_config()
    index = DuplicateIndex(config) if features else None

    def record(article: Article) -> Any:
        return grouping_record(article, settings, prepared=features, config=config, index=index)

    return record


class _SpilledRecords(Sequence[Any]):
    """A run's grouping records in its spill, in the order they came, with the analysed
    article each belongs to: in memory only where each is (16 bytes an article, where a
    record held in memory took about 6 KB; issue 19, memory flat in the number of
    articles). Indexing reads a record back (`stories.group_positions` reads each a few
    times)."""

    def __init__(self, spill: _Spill) -> None:
        from array import array

        self._spill = spill
        self._records = array("q")
        self.articles = array("q")  # where each record's article is spilled

    def append(self, record: Any, article: int) -> None:
        self._records.append(self._spill.put(record))
        self.articles.append(article)

    def clear(self) -> None:
        del self._records[:]
        del self.articles[:]

    def __len__(self) -> int:
        return len(self._records)

    def __getitem__(self, n: Any) -> Any:
        if isinstance(n, slice):
            return [self[i] for i in range(*n.indices(len(self)))]
        return self._spill.get(self._records[n])


def _spilled_stories(
    records: list[Any] | _SpilledRecords,
    spill: _Spill,
    at: dict[str, int],
    settings: Settings,
    stories: SpilledStories,
    failures: list[Failure],
    seconds: Counter[str],
    group: Callable[[list[Any], Settings], list[tuple[Story, list[Article]]]] | None,
) -> None:
    """`stories_for` over the grouping records of spilled articles (``records`` is
    emptied once they are grouped; spilled records say where their articles are, the
    others through ``at``, by id): each story's articles are read back to reconcile and
    brief it, and the story goes to ``stories``."""
    from .stories.batch import group_positions

    with _Stage(seconds, "group stories"):
        if isinstance(records, _SpilledRecords):
            article_at = records.articles
            groups = [
                (story, [article_at[n] for n in members])
                for story, members in group_positions(records, settings)
            ]
        else:
            assert group is not None
            groups = [
                (story, [at[m.id] for m in members]) for story, members in group(records, settings)
            ]
    records.clear()  # the grouping features are not needed any more
    # Each story is let go of once spilled: reconciling gives a new story, and the one
    # grouped holds every statement of its articles.
    groups.reverse()
    with _Stage(seconds, "reconcile and brief"):
        while groups:
            story, where = groups.pop()
            articles = [spill.get(w) for w in where]
            done = _reconciled(story, articles, settings, failures)
            if done is not None:
                stories.add(*done, where)


def _reconciled(
    story: Story,
    members: list[Article],
    settings: Settings,
    failures: list[Failure] | None,
    *,
    brief: bool = True,
) -> tuple[Story, Any] | None:
    """The story reconciled from its ``members``, and its brief (with ``brief``); None (a
    failure noted) when reconciling fails."""
    from .reconcile import reconcile_story
    from .report import add_brief

    by_id = {a.id: a for a in members}
    story.statements = [s for a in members for s in a.statements]
    try:
        reconciled = reconcile_story(story, by_id, settings)
        return reconciled, add_brief(reconciled, by_id) if brief else None
    except Exception as exc:  # one bad story never stops the run
        if failures is not None:
            failures.append(
                Failure(f"story {story.id}", f"reconcile failed: {type(exc).__name__}: {exc}")
            )
        return None


class _Spill:
    """Objects pickled one after another into an unnamed temporary file in ``where``:
    `put` gives where each one is, `get` reads it back. The file has no name (it is
    unlinked as it is made), so it goes when closed or when the process ends, however it
    ends: a killed run leaves nothing behind."""

    def __init__(self, where: Path | None) -> None:
        import tempfile

        self.fh: IO[bytes] | None = tempfile.TemporaryFile(  # noqa: SIM115 - closed by close()
            prefix=".newstally-spill-", dir=where
        )
        self.end = 0

    def __enter__(self) -> _Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def put(self, value: Any) -> int:
        import pickle

        assert self.fh is not None
        where = self.end
        self.fh.seek(where)
        pickle.dump(value, self.fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.end = self.fh.tell()
        return where

    def get(self, where: int) -> Any:
        import pickle

        assert self.fh is not None
        self.fh.seek(where)
        # Our own objects, written by this process to its unnamed temporary file.
        return pickle.load(self.fh)  # noqa: S301

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None


class SpilledStories(Sequence[Story]):
    """The reconciled stories of a run, kept on disk (a `_Spill`) with their briefs; in
    memory only each one's sort key, counts and where it and its articles are. Reading a
    story (indexing, iterating) unpickles it; the file goes when this is closed or
    collected."""

    def __init__(self, where: Path | None, stories: list[Story]) -> None:
        self._spill: _Spill | None = None if where is None else _Spill(where)
        self._entries: list[tuple[tuple[str, str], int, list[int]]] = []
        self._articles = 0
        self._outlets: set[str] = set()
        for story in stories:
            self.add(story, None, [])

    def add(self, story: Story, brief: Any, members: list[int]) -> None:
        """Keep ``story`` (its ``brief`` beside it; ``members``: where its articles are)."""
        if self._spill is None:
            self._spill = _Spill(None)
        where = self._spill.put((story, brief))
        self._entries.append(((story.start or "", story.id), where, members))
        self._articles += len(story.articles)
        self._outlets.update(story.outlets)

    def sort(self) -> None:
        """By start date, then id (stories.json's order)."""
        self._entries.sort(key=lambda entry: entry[0])

    def clear(self) -> None:
        """No stories (the spill's file stays until closed)."""
        self._entries.clear()
        self._articles = 0
        self._outlets.clear()

    def articles_where(self) -> dict[str, list[int]]:
        """Story id -> where its articles are (as given to `add`)."""
        return {key[1]: members for key, _, members in self._entries}

    def counts(self) -> tuple[int, int, int]:
        """Stories, articles and distinct outlets (`report.report_counts`)."""
        return len(self._entries), self._articles, len(self._outlets)

    def with_briefs(self) -> Iterator[tuple[Story, Any, list[int]]]:
        """Each story with its brief and where its articles are."""
        for _, where, members in self._entries:
            assert self._spill is not None
            story, brief = self._spill.get(where)
            yield story, brief, members

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        _, where, _ = self._entries[index]
        assert self._spill is not None
        return self._spill.get(where)[0]

    def __iter__(self) -> Iterator[Story]:
        for story, _, _ in self.with_briefs():
            yield story

    def close(self) -> None:
        if self._spill is not None:
            self._spill.close()


def _write_stories_json(path: Path, records: Iterable[dict[str, Any]]) -> None:
    """stories.json, ``{"schema": ..., "stories": [...]}`` as `write_json` writes it (two
    spaces of indent), a story at a time, through a temporary file renamed into place."""
    with replaced(path) as fh:
        head = dumps({"schema": SCHEMA, "stories": []}, orjson.OPT_INDENT_2)
        opening, _, closing = head.rpartition(b"[]")
        fh.write(opening)
        separator = b"[\n    "
        for record in records:
            fh.write(separator)
            fh.write(dumps(record, orjson.OPT_INDENT_2).replace(b"\n", b"\n    "))
            separator = b",\n    "
        fh.write(b"[]" if separator.startswith(b"[") else b"\n  ]")
        fh.write(closing)


def _write_reports(
    stories: SpilledStories, spill: _Spill, out_dir: Path, full_stories: int
) -> None:
    """report.md and report.html (`report.write_reports`), a story at a time: the
    articles of the stories given in full (for their charts) are read back."""
    from .report import build_brief_data, write_report_html, write_report_markdown

    where_of = stories.articles_where()

    def articles_of(story: Story) -> dict[str, Article]:
        read = {a.id: a for a in map(spill.get, where_of.get(story.id, []))}
        return {a: read[a] for a in story.articles if a in read}

    def entries() -> Iterator[tuple[Story, Any]]:
        for story, brief, _ in stories.with_briefs():
            yield story, brief if brief is not None else build_brief_data(story, articles_of(story))

    for name, write in (
        ("report.md", lambda fh: write_report_markdown(fh, entries(), stories.counts())),
        (
            "report.html",
            lambda fh: write_report_html(
                fh, entries(), stories.counts(), articles_of, full_stories
            ),
        ),
    ):
        with replaced(out_dir / name, "w") as fh:
            write(fh)


def _split_analysis(seconds: Counter[str], parts: Counter[str]) -> None:
    """Split the "analysis" seconds (which include reading the input, pulled through it)
    into its parts, when they ran in this process."""
    seconds["analysis"] -= seconds["read and clean"]
    _split_analysis_parts(seconds, parts)


def _split_analysis_parts(seconds: Counter[str], parts: Counter[str]) -> None:
    if parts and sum(parts.values()) <= seconds["analysis"] * 1.05:
        seconds["analysis (other)"] = max(0.0, seconds.pop("analysis") - sum(parts.values()))
        seconds.update(parts)


class _JsonLines:
    """A JSON Lines output that is valid at every moment: each line is written whole and
    flushed, so an interrupted or killed run leaves complete lines only."""

    def __init__(self, path: Path, stats: RunStats | None = None) -> None:
        self.path = path
        self.stats = stats
        self.fh: IO[bytes] | None = None

    def __enter__(self) -> _JsonLines:
        self.fh = self.path.open("wb")
        if self.stats is not None:
            self.stats.outputs.append(self.path.name)
        return self

    def write(self, record: Any) -> None:
        assert self.fh is not None
        self.fh.write(dumps(record) + b"\n")
        self.fh.flush()

    def write_many(self, records: Iterable[Any]) -> None:
        assert self.fh is not None
        data = b"".join(dumps(r) + b"\n" for r in records)
        if data:
            self.fh.write(data)
            self.fh.flush()

    def __exit__(self, *exc: object) -> None:
        assert self.fh is not None
        self.fh.close()


def _write_guarded(
    stats: RunStats, name: str, write: Callable[[], Any], also: tuple[str, ...] = ()
) -> None:
    """Write one whole-run output; a failure is listed and the run's other outputs and
    manifest are still written."""
    try:
        write()
    except OSError:
        raise  # the output directory itself is the problem: the user must hear of it
    except Exception as exc:  # noqa: BLE001 - the manifest must still be written
        stats.failures.append(stage_failure(name, "writing", exc))
        return
    stats.outputs.extend((name, *also))


class _manifest_always:
    """Write the manifest when the block ends, however it ends: complete, interrupted
    (SIGINT, or SIGTERM turned into KeyboardInterrupt by the command line) or failed."""

    def __init__(self, stats: RunStats, settings: Settings, path: Path | None) -> None:
        self.stats = stats
        self.settings = settings
        self.path = path

    def __enter__(self) -> RunStats:
        return self.stats

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, _: Any) -> None:
        if kind is not None:
            interrupted = issubclass(kind, KeyboardInterrupt)
            self.stats.status = "interrupted" if interrupted else f"failed ({kind.__name__})"
        if self.path is None:
            return
        if self.path.name not in self.stats.outputs:
            self.stats.outputs.append(self.path.name)
        try:
            write_json(self.path, self.stats.manifest(self.settings))
        except OSError:
            if kind is None:
                raise


def stories_for(
    articles: Iterable[Article],
    settings: Settings,
    *,
    failures: list[Failure] | None = None,
    briefs: dict[str, Any] | None = None,
    seconds: Counter[str] | None = None,
    group: GroupArticles | None = None,
) -> list[Story]:
    """The reconciled stories of a set of analysed articles, as stories.json lists them
    (by start date, then id). The grouping is a function of the set (any order, any
    batching gives the same stories); a story whose reconciliation fails is left out and
    recorded in ``failures``; with ``briefs``, each story's report account is built too;
    with ``seconds``, the time of grouping and of reconciling is added to it; ``group``
    stands in for `stories.group_articles` (the same stories, computed elsewhere)."""
    from .stories import group_articles

    stories: list[Story] = []
    seconds = Counter() if seconds is None else seconds
    with _Stage(seconds, "group stories"):
        groups = list((group or group_articles)(list(articles), settings))
    with _Stage(seconds, "reconcile and brief"):
        for story, members in groups:
            done = _reconciled(story, members, settings, failures, brief=briefs is not None)
            if done is None:
                continue
            if briefs is not None:
                briefs[done[0].id] = done[1]
            stories.append(done[0])
    stories.sort(key=lambda s: (s.start or "", s.id))
    return stories


def ingest_to_file(
    inputs: list[str], out: Path, settings: Settings, *, progress: Progress | None = None
) -> RunStats:
    """`newstally ingest`: cleaned articles to one JSONL file (manifest beside it)."""
    stats = RunStats(inputs=list(inputs))
    with _manifest_always(stats, settings, _side_manifest(out)), _open_out(out, stats) as fh:
        for article in count(stats, ingest(inputs, settings)):
            fh.write(dumps(article.to_record()) + b"\n")
            if progress:
                progress(stats.articles + len(stats.failures))
    return stats


def extract_to_file(
    inputs: list[str],
    out: Path,
    settings: Settings,
    *,
    clean: bool = False,
    progress: Progress | None = None,
) -> RunStats:
    """`newstally extract`: one line per input record, ``{"id", "figures", "totals"}``.

    A record that fails still gets its line (``{"id", "error"}``) so that output lines
    stay aligned with input records.
    """
    stats = RunStats(inputs=list(inputs))
    with _manifest_always(stats, settings, _side_manifest(out)), _open_out(out, stats) as fh:
        lines = analyse(ingest(inputs, settings, clean=clean), settings, finish=extract_line)
        for item in lines:
            if isinstance(item, Failure):
                stats.failures.append(item)
                fh.write(dumps({"id": None, "input": item.input, "error": item.reason}) + b"\n")
            else:
                stats.articles += 1
                stats.figures += item.figures
                fh.write(item.line)
            if progress:
                progress(stats.articles + len(stats.failures))
    return stats


def statements_to_file(
    inputs: list[str], out: Path, settings: Settings, *, progress: Progress | None = None
) -> RunStats:
    """`newstally statements`: one attributed statement per line."""
    from .attribution import statements_for_article
    from .nlp import load_nlp

    stats = RunStats(inputs=list(inputs))
    nlp = load_nlp(settings.model)
    with _manifest_always(stats, settings, _side_manifest(out)), _open_out(out, stats) as fh:
        for article in count(stats, ingest(inputs, settings)):
            try:
                statements = statements_for_article(article, nlp)
            except Exception as exc:  # noqa: BLE001 - one bad article never stops a batch
                stats.failures.append(stage_failure(article.origin, "statements", exc))
                continue
            stats.statements += len(statements)
            fh.write(b"".join(dumps(st.to_record()) + b"\n" for st in statements))
            if progress:
                progress(stats.articles + len(stats.failures))
    return stats


class _FlushedLines:
    """A binary output whose every write (whole lines) is flushed at once, so that an
    interrupted or killed command leaves complete lines only."""

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh = fh

    def write(self, data: bytes) -> None:
        if data:
            self._fh.write(data)
            self._fh.flush()


class _open_out:
    """Open an output file for binary writing; '-' is standard output."""

    def __init__(self, path: Path, stats: RunStats | None = None) -> None:
        self.path = path
        self.stats = stats
        self.fh: IO[bytes] | None = None

    def __enter__(self) -> _FlushedLines:
        import sys

        if str(self.path) == "-":
            self.fh = sys.stdout.buffer
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.fh = self.path.open("wb")
            if self.stats is not None:
                self.stats.outputs.append(self.path.name)
        return _FlushedLines(self.fh)

    def __exit__(self, *exc: object) -> None:
        assert self.fh is not None
        if str(self.path) == "-":
            self.fh.flush()
        else:
            self.fh.close()


def _side_manifest(out: Path) -> Path | None:
    """The manifest beside a one-file output (none for standard output)."""
    return None if str(out) == "-" else out.with_name(out.name + ".manifest.json")


def _write_side_manifest(out: Path, stats: RunStats, settings: Settings) -> None:
    """Write the manifest beside a one-file output (the store's `add`)."""
    path = _side_manifest(out)
    if path is None:
        return
    stats.outputs = [out.name]
    write_json(path, stats.manifest(settings))


def peak_rss_mb() -> float:
    """Peak resident memory of this process and its finished children, in MB."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024.0 if os.name == "posix" else 0.0


# --- the store (issue 20): add, export; `serve` lives in newstally.web ---------------------


def add_to_store(
    inputs: list[str],
    db: Path,
    settings: Settings,
    *,
    progress: Progress | None = None,
    batch: int = CHUNK_SIZE,
) -> tuple[RunStats, int]:
    """`newstally add`: analyse the articles of ``inputs`` not stored yet, store them in
    transactions of ``batch`` articles, then recompute the stories. The stats (articles =
    newly stored) and how many inputs were stored already.

    Cleaning's corpus step (lines an outlet repeats) is replayed over the stored articles
    then the new ones (`store.cleaning`), as one `run` over all of them reads them; stored
    articles that clean differently now are analysed again and replaced."""
    from collections import deque

    from .clean import start_cleaning
    from .store import Store, content_hash, identity
    from .store.cleaning import cleaned_differently, cleaning_state, replay, started_from_state

    stats = RunStats(inputs=list(inputs))
    known = 0
    stats.outputs.append(db.name)
    with _manifest_always(stats, settings, _side_manifest(db)), Store(db) as store:
        seen: set[tuple[str, str]] = set()
        failures: list[Failure] = []  # input failures, released in the analysis stream

        def counted() -> None:
            if progress:
                progress(stats.articles + len(stats.failures) + known)

        def new_inputs() -> Iterator[tuple[Any, Any]]:
            """The inputs not stored yet, begun cleaning (identity and hash as read)."""
            nonlocal known
            for item in ingest(inputs, settings, clean=False):
                if isinstance(item, Failure):
                    failures.append(item)
                    continue
                key = (identity(item), content_hash(item))
                if key in seen or store.is_stored(*key):
                    known += 1
                    counted()
                    continue
                seen.add(key)
                started = start_cleaning(item, settings)
                yield ("new", key[1], cleaning_state(started)), started

        def stored_inputs() -> Iterator[tuple[Any, Any]]:
            for seq, record, state in store.cleaning_states():
                yield ("stored", seq, record), started_from_state(record, state)

        seconds = stats.stage_seconds
        fresh = _timed(new_inputs(), seconds, "read and clean")
        first = next(fresh, None)
        read_first = seconds["read and clean"]  # read before the replay began
        if first is None and store.cleaning_settled(settings):
            cleaned: Iterator[tuple[Any, Article]] = iter(())  # nothing new, nothing to redo
        else:
            fresh = itertools.chain([first] if first else [], fresh)
            # The replay's own time (stored articles and the corpus step) less reading.
            cleaned = _timed(replay(stored_inputs(), fresh, settings), seconds, "replay cleaning")

        tags: deque[Any] = deque()  # what each item handed to analysis is, in order

        def to_analyse() -> Iterator[Article | Failure]:
            for tag, article in cleaned:
                while failures:
                    tags.append(None)
                    yield failures.pop(0)
                if tag[0] == "stored":
                    if not cleaned_differently(article, tag[2]):
                        continue
                    tag = ("stored", tag[1])
                tags.append(tag)
                yield article
            while failures:
                tags.append(None)
                yield failures.pop(0)

        new: list[Article] = []
        raw: list[tuple[str, bytes]] = []
        redone: list[tuple[int, Article]] = []

        def write() -> None:
            with _Stage(seconds, "write store"):
                stats.recleaned += store.add_articles(new, raw, redone).recleaned
            new.clear()
            raw.clear()
            redone.clear()

        analysed_before = Counter(_ANALYSIS_SECONDS)
        stream = _timed(analyse(to_analyse(), settings, with_statements=True), seconds, "analysis")
        for item in stream:
            tag = tags.popleft()
            if isinstance(item, Failure):
                stats.failures.append(item)
            elif tag[0] == "stored":
                redone.append((tag[1], item))
            else:
                for article in count(stats, [item]):
                    stats.figures += len(article.figures)
                    stats.statements += len(article.statements)
                    new.append(article)
                    raw.append(tag[1:])
            if len(new) + len(redone) >= batch:
                write()
            counted()
        write()
        # Each timed stream includes the streams it pulls from: keep each stage's own time.
        replayed = seconds["replay cleaning"]
        seconds["replay cleaning"] = max(0.0, replayed - (seconds["read and clean"] - read_first))
        seconds["analysis"] = max(0.0, seconds["analysis"] - replayed)
        _split_analysis_parts(seconds, _ANALYSIS_SECONDS - analysed_before)
        store.settle_cleaning(settings)
        with _Stage(seconds, "stories (regroup, reconcile, store)"):
            stats.stories = store.update_stories(settings, on_failure=stats.failures.append)
    return stats, known


def export_from_store(
    db: Path, what: str, fmt: str, out: Path, filters: dict[str, str | None]
) -> int:
    """`newstally export`: the stored records of one kind, filtered, to ``out``."""
    from .store import StoryFilter, connect
    from .store.export import export

    flt = StoryFilter.parse(filters)
    conn = connect(db)
    try:
        return export(conn, what, fmt, out, flt)
    finally:
        conn.close()


def serve_store(db: Path, host: str, port: int) -> None:
    """`newstally serve`: the web app over the store until interrupted."""
    from .web import serve

    serve(db, host=host, port=port)
