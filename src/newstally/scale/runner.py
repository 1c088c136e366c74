"""The per-article stages of a run on a Dask cluster, as one ordered stream.

For each chunk, in order: a worker reads it and does the per-article part of cleaning
(`read_and_start`); the client runs the corpus part of cleaning (lines an outlet repeats
across stories, which depends on every earlier article) over the chunks in order, exactly
as one machine does; a worker then analyses the chunk's cleaned articles (figures and
statements, with the work function the pipeline passes down). The client yields the
analysed articles and failures in input order, so the cross-article stages downstream
see the stream a single machine sees.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..clean import CleaningStarted, finish_cleaning, start_cleaning
from ..errors import NewstallyError
from ..model import Article, Failure
from ..settings import Settings
from ..stories import group_articles
from ..stories.batch import GroupingRecord, group_records, grouping_record
from ..stories.config import load_config
from ..stories.duplicates import DuplicateIndex
from ..stories.grouper import ClosedStory
from .checkpoints import Checkpoints
from .grouping import ClusterGrouping, GroupingStats
from .partition import (
    DEFAULT_CHUNK_RECORDS,
    Chunk,
    FileSlice,
    WholeFileFailures,
    partition,
    read_chunk,
    warc_slices,
)

INSTALL_HINT = 'pip install "newstally[dask]"'
log = logging.getLogger("newstally.scale")

# The per-chunk analysis the pipeline passes down (figures and statements of articles).
AnalyseChunk = Callable[[list[Article], Settings], list[Article | Failure]]


@dataclass(slots=True)
class ScaleOptions:
    """How `newstally run --scheduler` runs: where, in what chunk size, what it reports."""

    scheduler: str
    chunk_records: int = DEFAULT_CHUNK_RECORDS
    # (chunks done, chunks in all, articles and failures done) after each chunk
    on_chunk: Callable[[int, int, int], None] | None = None
    notify: Callable[[str], None] | None = None  # one-line messages (the dashboard address)
    # Group into stories as Dask tasks (`scale.grouping`); False: on the client, in one
    # process. The stories are the same either way.
    cluster_grouping: bool = True
    on_grouped: Callable[[GroupingStats], None] | None = None  # what the grouping did


# --- on the workers ----------------------------------------------------------------------

_WORKER_READY = False


def read_and_start(chunk: Chunk, settings: Settings) -> list[Failure | CleaningStarted]:
    """Read a chunk and clean each of its articles on its own."""
    return [
        item if isinstance(item, Failure) else start_cleaning(item, settings)
        for item in read_chunk(chunk, settings)
    ]


def analyse_on_worker(
    work: AnalyseChunk, articles: list[Article], settings: Settings
) -> list[Article | Failure]:
    global _WORKER_READY
    if not _WORKER_READY:
        _prepare_worker(settings)
        _WORKER_READY = True
    return work(articles, settings)


def _prepare_worker(settings: Settings) -> None:
    """Once per worker process, as the local mode does before its pool forks: one BLAS
    thread, freed memory kept for the next parse batch (`keep_freed_memory`: the workers
    are spawned, so they do not inherit the client's setting), the model loaded
    (`load_nlp` caches it), and every object that exists by then (the model, Dask's own)
    left out of the collector's full scans."""
    import gc

    from ..nlp import keep_freed_memory, load_nlp, single_threaded_blas

    single_threaded_blas()
    keep_freed_memory()
    load_nlp(settings.model)
    gc.collect()
    gc.freeze()


# --- the cluster -------------------------------------------------------------------------


@contextmanager
def connect(scheduler: str) -> Iterator[Any]:
    """A `distributed.Client` for ``local:N`` (a LocalCluster of N worker processes, started
    and stopped here) or a scheduler address (``tcp://host:8786``)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise NewstallyError(f"--scheduler needs Dask: {INSTALL_HINT}") from exc
    if scheduler.startswith("local:"):
        count = scheduler.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise NewstallyError(f"--scheduler {scheduler}: expected local:N with N >= 1")
        # The workers' statistical profiler samples the task thread's stack every 10 ms
        # (the dashboard's profile page); deep spaCy stacks make that a few percent of a
        # core, so a cluster newstally starts runs without it.
        import dask

        with (
            dask.config.set({"distributed.worker.profile.enabled": False}),
            LocalCluster(
                n_workers=int(count),
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    if "://" not in scheduler:
        raise NewstallyError(
            f"--scheduler {scheduler}: expected local:N or a scheduler address (tcp://host:8786)"
        )
    try:
        client = Client(scheduler, timeout="30s")
    except OSError as exc:
        raise NewstallyError(f"--scheduler {scheduler}: cannot connect ({exc})") from exc
    with client:
        yield client


def worker_version() -> str:
    from ..version import __version__

    return __version__


def check_workers(client: Any, timeout: float = 300.0) -> None:
    """Fail early, in one line, when the cluster has no worker or its workers run another
    newstally (or none): every chunk would fail there."""
    from ..version import __version__

    try:
        client.wait_for_workers(1, timeout=timeout)
        versions = set(client.run(worker_version).values())
    except Exception as exc:  # noqa: BLE001 - whatever the cluster says, in one line
        raise NewstallyError(f"Dask workers unusable: {_reason(exc)}") from exc
    if versions != {__version__}:
        found = ", ".join(sorted(versions))
        raise NewstallyError(f"Dask workers run newstally {found}, this is {__version__}")


def _dashboard(client: Any) -> str:
    """The dashboard's address, or why there is none. The scheduler serves it only when
    bokeh is installed where it runs (for ``local:N``, here), so its own services say."""
    try:
        services = client.scheduler_info().get("services", {})
    except Exception:  # noqa: BLE001 - the address is a courtesy
        services = {}
    if "dashboard" in services and client.dashboard_link:
        return str(client.dashboard_link)
    return "none (the scheduler runs without bokeh: pip install bokeh where it runs)"


# --- the client --------------------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    """One chunk between reading and output."""

    chunk: Chunk
    failures: list[Failure]
    expected: int  # articles it gives to cleaning
    articles: list[Article] = field(default_factory=list)
    key: str = ""
    result: Any = None  # a Future, or the loaded checkpoint

    @property
    def cleaned(self) -> bool:
        return len(self.articles) == self.expected


def analysed_stream(
    inputs: list[str],
    settings: Settings,
    out_dir: Path,
    options: ScaleOptions,
    work: AnalyseChunk,
) -> Iterator[Article | Failure]:
    """Every analysed article and every failure of the run, in input order."""
    with cluster_run(inputs, settings, out_dir, options, work) as run:
        yield from run.stream()


@contextmanager
def cluster_run(
    inputs: list[str],
    settings: Settings,
    out_dir: Path,
    options: ScaleOptions,
    work: AnalyseChunk,
) -> Iterator[ClusterRun]:
    """A run on the cluster, open until the block ends: its `ClusterRun.stream` of analysed
    articles, then `ClusterRun.group` of the articles into stories."""
    with connect(options.scheduler) as client:
        check_workers(client)

        def walk(jobs: list[tuple[str, int, int]]) -> list[list[FileSlice]]:
            """Web archives walked on the workers, one task each, all at once."""
            futures = [client.submit(warc_slices, *job, pure=False) for job in jobs]
            return list(client.gather(futures))

        try:
            chunks = partition(
                inputs,
                chunk_records=options.chunk_records,
                max_input_bytes=settings.max_input_bytes,
                walk=walk,
            )
        except ValueError as exc:
            raise NewstallyError(str(exc)) from exc
        if options.notify:
            options.notify(f"Dask dashboard: {_dashboard(client)}")
        store = Checkpoints(out_dir, settings)
        try:
            yield ClusterRun(_Run(client, chunks, store, settings, work, options), options)
        finally:
            store.close()


class ClusterRun:
    def __init__(self, run: _Run, options: ScaleOptions) -> None:
        self._run = run
        self._options = options

    def stream(self) -> Iterator[Article | Failure]:
        """Every analysed article and every failure of the run, in input order."""
        return self._run.stream()

    def group(
        self,
        articles: list[Article] | list[GroupingRecord],
        settings: Settings,
        load: Callable[[GroupingRecord], Article] | None = None,
    ) -> list[ClosedStory]:
        """The stories of ``articles`` (the stream's, or their `GroupingRecord`s), as
        `stories.group_articles` gives them: on the cluster, or on the client if the
        cluster fails at it (records without features are then prepared again from their
        articles, ``load(record)``)."""
        grouping, store = self._run.grouping, self._run.store
        if grouping is not None:
            try:
                stories = grouping.group(articles, settings)
            except Exception as exc:  # noqa: BLE001 - the client can still do it, identically
                log.warning("grouping on the cluster failed (%s); grouping here", _reason(exc))
                store.note_stage("group", "client", reason=_reason(exc))
            else:
                done = grouping.stats
                store.note_stage(
                    "group",
                    "cluster",
                    pairs=done.pairs,
                    blocks=done.blocks,
                    tasks=done.component_tasks,
                )
                if self._options.on_grouped:
                    self._options.on_grouped(done)
                return stories
        else:
            store.note_stage("group", "client")
        started = time.process_time()
        stories = _group_here(articles, settings, load)
        if self._options.on_grouped:
            spent = time.process_time() - started
            self._options.on_grouped(GroupingStats(where="client", client_cpu_seconds=spent))
        return stories


def _group_here(
    articles: list[Article] | list[GroupingRecord],
    settings: Settings,
    load: Callable[[GroupingRecord], Article] | None,
) -> list[ClosedStory]:
    """`stories.group_articles` in this process, over articles or grouping records."""
    if not any(isinstance(a, GroupingRecord) for a in articles):
        return group_articles(articles, settings)  # type: ignore[arg-type]
    config = load_config()
    index = DuplicateIndex(config)  # one for the records: its permutations, no tables
    records = []
    for record in articles:
        if not isinstance(record, GroupingRecord):
            record = grouping_record(record, settings, config=config, index=index)
        elif record.prepared is None:
            if load is None:
                raise ValueError("grouping records without features, and no articles")
            record = grouping_record(load(record), settings, config=config, index=index)
        records.append(record)
    return group_records(records, settings)


class _Run:
    def __init__(
        self,
        client: Any,
        chunks: list[Chunk],
        store: Checkpoints,
        settings: Settings,
        work: AnalyseChunk,
        options: ScaleOptions,
    ) -> None:
        self.client = client
        self.chunks = chunks
        self.store = store
        self.settings = settings
        self.work = work
        self.options = options
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        # Chunks in flight (being read or analysed): enough to keep every worker busy,
        # few enough to keep the client's memory flat.
        self.window = 2 * workers + 2
        self.reads: deque[tuple[Chunk, str, Any]] = deque()
        self.next_read = 0
        self.blocks: list[_Block] = []
        self.filling = 0  # the first block still taking cleaned articles
        self.analyses: deque[_Block] = deque()
        self.seen: dict[str, str] = {}
        self.whole_files = WholeFileFailures()
        self.done_chunks = 0
        self.done_items = 0
        self.grouping = ClusterGrouping(client, settings) if options.cluster_grouping else None

    def stream(self) -> Iterator[Article | Failure]:
        for article in finish_cleaning(self._started(), self.settings):
            yield from self._complete_cleaned()
            self.blocks[self.filling].articles.append(article)
            yield from self._complete_cleaned()
        yield from self._complete_cleaned()
        while self.analyses:
            yield from self._emit(self.analyses.popleft())

    # reading, in order
    def _in_flight(self) -> int:
        return len(self.reads) + sum(1 for b in self.analyses if not _ready(b.result))

    def _top_up(self) -> None:
        while self.next_read < len(self.chunks) and (
            not self.reads or self._in_flight() < self.window
        ):
            chunk = self.chunks[self.next_read]
            self.next_read += 1
            key = self.store.read_key(chunk)
            future = None
            if not self.store.has("read", key):
                future = self.client.submit(
                    read_and_start, chunk, self.settings, key=f"read-{chunk.index}-{key}"
                )
            self.reads.append((chunk, key, future))

    def _started(self) -> Iterator[CleaningStarted]:
        while True:
            self._top_up()
            if not self.reads:
                return
            chunk, key, future = self.reads.popleft()
            items = self._read_result(chunk, key, future)
            items.extend(self.whole_files.after(chunk, items))
            block = _Block(chunk, [], 0)
            passed: list[CleaningStarted] = []
            for item in items:
                if isinstance(item, Failure):
                    block.failures.append(item)
                    continue
                article = item.article
                first = self.seen.setdefault(article.id, article.origin)
                if first != article.origin:
                    block.failures.append(
                        Failure(
                            article.origin,
                            f"duplicate article id {article.id!r} (first read from {first})",
                        )
                    )
                    continue
                passed.append(item)
            block.expected = len(passed)
            self.blocks.append(block)
            yield from passed

    def _read_result(self, chunk: Chunk, key: str, future: Any) -> list[Any]:
        if future is None:
            self.store.note(chunk.index, "read", "checkpoint")
            return list(self.store.load("read", key))
        try:
            items = future.result()
        except Exception as exc:  # a worker lost too often, or a bug: the chunk fails
            return [Failure(chunk.describe(), f"read failed on the cluster: {_reason(exc)}")]
        self.store.save("read", key, items)
        self.store.note(chunk.index, "read", "worker")
        return list(items)

    # analysis, in order
    def _complete_cleaned(self) -> Iterator[Article | Failure]:
        while self.filling < len(self.blocks) and self.blocks[self.filling].cleaned:
            self._analyse(self.blocks[self.filling])
            self.filling += 1
        while self.analyses and (
            _ready(self.analyses[0].result) or self._in_flight() > self.window
        ):
            yield from self._emit(self.analyses.popleft())

    def _analyse(self, block: _Block) -> None:
        block.key = self.store.done_key(block.articles)
        if not block.articles:
            block.result = []
        elif self.store.has("done", block.key):
            block.result = self.store.load("done", block.key)
            self.store.note(block.chunk.index, "analyse", "checkpoint")
        else:
            block.result = self.client.submit(
                analyse_on_worker,
                self.work,
                block.articles,
                self.settings,
                key=f"analyse-{block.chunk.index}-{block.key}",
                priority=1,  # finish chunks before reading more
            )
        block.articles = []
        self.analyses.append(block)

    def _emit(self, block: _Block) -> Iterator[Article | Failure]:
        result = block.result
        if not isinstance(result, list):
            future = result
            try:
                result = future.result()
            except Exception as exc:
                result = [Failure(block.chunk.describe(), f"analysis failed: {_reason(exc)}")]
            else:
                self.store.save("done", block.key, result)
                self.store.note(block.chunk.index, "analyse", "worker")
                if self.grouping is not None:
                    self.grouping.add(future)  # prepared where the analysed chunk is
        elif result and self.grouping is not None:
            self.grouping.add(result)
        block.result = None
        self.done_chunks += 1
        self.done_items += len(block.failures) + len(result)
        yield from block.failures
        yield from result
        if self.options.on_chunk:
            self.options.on_chunk(self.done_chunks, len(self.chunks), self.done_items)


def _ready(result: Any) -> bool:
    return isinstance(result, list) or result.done()


def _reason(exc: Exception) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
