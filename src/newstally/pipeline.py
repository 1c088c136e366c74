"""The pipeline: ingest -> clean -> figures (+ statements) -> stories -> reconcile -> reports.

Everything streams: readers yield articles, per-article work runs in worker processes
(`--jobs`) in a stable order, outputs are written as they go, and only open stories (those
within the time window of the newest report) are held in memory.
"""

from __future__ import annotations

import gc
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import orjson

from . import __version__
from .model import SCHEMA, Article, Failure, Story
from .settings import Settings

if TYPE_CHECKING:
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
            },
            "failures": [{"input": f.input, "reason": f.reason} for f in self.failures],
            "outputs": self.outputs,
        }


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


def dumps(record: Any) -> bytes:
    return orjson.dumps(record, option=orjson.OPT_NON_STR_KEYS)


def write_json(path: Path, record: Any) -> None:
    path.write_bytes(orjson.dumps(record, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS))


# --- per-article work, run in worker processes ------------------------------------------

_WORKER_SETTINGS: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings


def extract_line(article: Article) -> ExtractedLine:
    """The `newstally extract` output line of an analysed article (made in the worker, so
    that the parent process only writes bytes)."""
    record = {
        "id": article.id,
        "figures": [f.to_record() for f in article.figures],
        "totals": {k: asdict(v) for k, v in article.totals.items()},
    }
    return ExtractedLine(len(article.figures), dumps(record) + b"\n")


def _analyse_chunk(
    chunk: list[Article],
    with_statements: bool,
    finish: Callable[[Article], Any] | None = None,
) -> list[Any]:
    """Figures (and statements) for a chunk of articles; a failing article becomes a
    Failure and never stops the others. With ``finish``, each analysed article is handed
    back as ``finish(article)`` (a module-level function, for the worker processes)."""
    from .figures import extract_article, extract_many
    from .nlp import load_nlp

    settings = _WORKER_SETTINGS or Settings()
    nlp = load_nlp(settings.model)
    if not with_statements:
        # Figures alone: the gated sentences of the whole chunk go through one parse batch.
        return _finished(
            extract_many(chunk, nlp, batch_size=max(1, len(chunk)), gate=settings.gate), finish
        )
    from .attribution import statements_for_article

    done: list[Article | Failure] = []
    for article in chunk:
        try:
            extract_article(article, nlp, gate=settings.gate)
            article.statements = statements_for_article(article, nlp)
            done.append(article)
        except Exception as exc:  # one bad article never stops a batch
            done.append(Failure(article.origin, f"analysis failed: {type(exc).__name__}: {exc}"))
    return _finished(done, finish)


def analyse_articles(articles: list[Article], settings: Settings) -> list[Article | Failure]:
    """Figures and statements of a chunk of cleaned articles: the per-chunk work that
    `newstally.scale` runs on Dask workers (the model loads once per worker process)."""
    _init_worker(settings)
    return _analyse_chunk(articles, True)


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
        for chunk in _chunks(items, CHUNK_SIZE):
            articles, positions = _split(chunk)
            yield from _merge(chunk, positions, _analyse_chunk(articles, with_statements, finish))
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


def _analyse_in_pool(
    items: Iterable[Article | Failure],
    settings: Settings,
    jobs: int,
    with_statements: bool,
    finish: Callable[[Article], Any] | None,
) -> Iterator[Any]:
    ctx = get_context("fork")
    pending: list[tuple[list[Article | Failure], list[int], Any]] = []
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(settings,)) as pool:
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

    # Cleaning may buffer a bounded batch (repeated lines across one outlet's articles), so
    # failures are released as soon as the cleaner hands back the next article.
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
            yield item


Progress = Callable[[int], None]


def run(
    inputs: list[str],
    out_dir: Path,
    settings: Settings,
    *,
    progress: Progress | None = None,
    scale: ScaleOptions | None = None,
) -> tuple[RunStats, list[Story]]:
    """The whole pipeline over ``inputs``, writing every output file into ``out_dir``;
    with ``scale``, the per-article stages run on a Dask cluster (`newstally.scale`)."""
    from .reconcile import reconcile_story
    from .report import BriefData, build_brief_data, write_reports
    from .stories import StoryGrouper

    out_dir.mkdir(parents=True, exist_ok=True)
    stats = RunStats(inputs=list(inputs))
    grouper = StoryGrouper(settings)
    stories: list[Story] = []

    def finish(closed: list[tuple[Story, list[Article]]]) -> None:
        for story, members in closed:
            by_id = {a.id: a for a in members}
            story.statements = [s for a in members for s in a.statements]
            try:
                reconciled = reconcile_story(story, by_id, settings)
                # The report's account needs the article texts: build it now, while they
                # are at hand, so that only metadata and figures outlive the story.
                briefs[reconciled.id] = build_brief_data(reconciled, by_id)
            except Exception as exc:  # one bad story never stops the run
                stats.failures.append(
                    Failure(f"story {story.id}", f"reconcile failed: {type(exc).__name__}: {exc}")
                )
                continue
            stories.append(reconciled)
            for a in members:
                report_articles[a.id] = _summary_copy(a)

    report_articles: dict[str, Article] = {}
    briefs: dict[str, BriefData] = {}
    articles_path = out_dir / "articles.jsonl"
    figures_path = out_dir / "figures.jsonl"
    with articles_path.open("wb") as articles_out, figures_path.open("wb") as figures_out:
        if scale is None:
            stream = analyse(ingest(inputs, settings), settings, with_statements=True)
        else:
            from .scale import analysed_stream

            stream = analysed_stream(inputs, settings, out_dir, scale, analyse_articles)
        for article in count(stats, stream):
            _write_article(article, articles_out, figures_out)
            stats.figures += len(article.figures)
            stats.statements += len(article.statements)
            finish(grouper.add(article))
            if progress:
                progress(stats.articles + len(stats.failures))
        finish(grouper.close_all())

    stories.sort(key=lambda s: (s.start or "", s.id))
    stats.stories = len(stories)
    write_json(
        out_dir / "stories.json",
        {"schema": SCHEMA, "stories": [s.to_record() for s in stories]},
    )
    write_reports(stories, report_articles, out_dir, briefs)
    stats.outputs = [
        "articles.jsonl",
        "figures.jsonl",
        "stories.json",
        "report.md",
        "report.html",
        "manifest.json",
    ]
    write_json(out_dir / "manifest.json", stats.manifest(settings))
    return stats, stories


def _summary_copy(article: Article) -> Article:
    """The parts of an article that reports use after its story is closed (its account is
    built already, so the text is not kept)."""
    return Article(
        id=article.id,
        origin=article.origin,
        text="",
        title=article.title,
        outlet=article.outlet,
        outlet_inferred=article.outlet_inferred,
        url=article.url,
        published=article.published,
        figures=article.figures,
    )


def _write_article(article: Article, articles_out: IO[bytes], figures_out: IO[bytes]) -> None:
    articles_out.write(dumps(article.to_record()) + b"\n")
    for figure in article.figures:
        figures_out.write(dumps(figure.to_record()) + b"\n")


def ingest_to_file(
    inputs: list[str], out: Path, settings: Settings, *, progress: Progress | None = None
) -> RunStats:
    """`newstally ingest`: cleaned articles to one JSONL file (manifest beside it)."""
    stats = RunStats(inputs=list(inputs))
    with _open_out(out) as fh:
        for article in count(stats, ingest(inputs, settings)):
            fh.write(dumps(article.to_record()) + b"\n")
            if progress:
                progress(stats.articles + len(stats.failures))
    _write_side_manifest(out, stats, settings)
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
    with _open_out(out) as fh:
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
    _write_side_manifest(out, stats, settings)
    return stats


def statements_to_file(
    inputs: list[str], out: Path, settings: Settings, *, progress: Progress | None = None
) -> RunStats:
    """`newstally statements`: one attributed statement per line."""
    from .attribution import statements_for_article
    from .nlp import load_nlp

    stats = RunStats(inputs=list(inputs))
    nlp = load_nlp(settings.model)
    with _open_out(out) as fh:
        for article in count(stats, ingest(inputs, settings)):
            try:
                statements = statements_for_article(article, nlp)
            except Exception as exc:  # one bad article never stops a batch
                stats.failures.append(Failure(article.origin, f"attribution failed: {exc}"))
                continue
            stats.statements += len(statements)
            for statement in statements:
                fh.write(dumps(statement.to_record()) + b"\n")
            if progress:
                progress(stats.articles + len(stats.failures))
    _write_side_manifest(out, stats, settings)
    return stats


class _open_out:
    """Open an output file for binary writing; '-' is standard output."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fh: IO[bytes] | None = None

    def __enter__(self) -> IO[bytes]:
        import sys

        if str(self.path) == "-":
            self.fh = sys.stdout.buffer
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.fh = self.path.open("wb")
        return self.fh

    def __exit__(self, *exc: object) -> None:
        assert self.fh is not None
        if str(self.path) == "-":
            self.fh.flush()
        else:
            self.fh.close()


def _write_side_manifest(out: Path, stats: RunStats, settings: Settings) -> None:
    if str(out) == "-":
        return
    stats.outputs = [out.name]
    write_json(out.with_name(out.name + ".manifest.json"), stats.manifest(settings))


def peak_rss_mb() -> float:
    """Peak resident memory of this process and its finished children, in MB."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024.0 if os.name == "posix" else 0.0
