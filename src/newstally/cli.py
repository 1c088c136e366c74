"""The `newstally` command line.

Exit codes, the same for every command whatever the order of the inputs: 0 when every
input was read, 1 when some failed (outputs are still written and the manifest lists each
failure with its reason), 2 for usage errors (a bad option, an --out that cannot be
written) or when nothing could be read, 130 when interrupted (SIGINT or SIGTERM; the
manifest and the complete lines written so far are kept).

Text from inputs (file names, titles, failure reasons) is stripped of terminal control
sequences and rich markup before it is printed.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from . import __version__
from .errors import NewstallyError
from .model import Story
from .nlp import keep_freed_memory, single_threaded_blas
from .pipeline import RunStats
from .settings import DEFAULT_MODEL, Settings

app = typer.Typer(
    help="Reconcile the casualty figures that different news outlets report about the same events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# soft_wrap: a message stays on one line however narrow the terminal or log is.
stderr = Console(stderr=True, soft_wrap=True)

InputsArg = Annotated[
    list[str],
    typer.Argument(
        help="Files, directories (read recursively), glob patterns, or - for JSONL on stdin.",
        show_default=False,
    ),
]
ModelOpt = Annotated[
    str, typer.Option("--model", help="spaCy pipeline: an installed package name or a path.")
]
JobsOpt = Annotated[
    int, typer.Option("--jobs", "-j", min=0, help="Worker processes; 0 = the machine's cores.")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]
WindowOpt = Annotated[
    float, typer.Option("--window", min=0.0, help="Days apart that one story may span.")
]
PolicyOpt = Annotated[
    str, typer.Option("--policy", help="Reconciliation policy (docs/reconciliation.md).")
]
GateOpt = Annotated[
    bool,
    typer.Option("--gate/--no-gate", help="Parse only sentences that can hold a figure (fast)."),
]


def _settings(model: str, jobs: int, gate: bool = True, **extra: object) -> Settings:
    settings = Settings(model=model, jobs=jobs, gate=gate)
    for key, value in extra.items():
        setattr(settings, key, value)
    return settings


@contextmanager
def _progress(quiet: bool, what: str) -> Iterator[Callable[[int], None] | None]:
    if quiet or not stderr.is_terminal:
        yield None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn(f"[bold]{what}[/bold]"),
        BarColumn(bar_width=None),
        TextColumn("{task.completed} inputs"),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
    ) as bar:
        task = bar.add_task(what, total=None)
        yield lambda done: bar.update(task, completed=done)


def _fail(message: str, code: int = 2) -> typer.Exit:
    stderr.print(f"[red]newstally:[/red] {_safe(message)}", markup=True, highlight=False)
    return typer.Exit(code)


def _safe(text: object) -> str:
    """Text from inputs as it may reach a terminal: one line, no control sequences, no
    rich markup."""
    from .ingest.common import sanitize

    return escape(" ".join(sanitize(str(text))[0].split()))


def _check_out(out: Path, *, directory: bool) -> None:
    """Fail with one line when --out cannot be written: an existing file where a directory
    is wanted (or the reverse), a path under a file, a read-only or virtual directory."""
    if str(out) == "-":
        return
    try:
        if directory:
            if out.exists() and not out.is_dir():
                raise _fail(f"--out {out}: exists and is not a directory")
            out.mkdir(parents=True, exist_ok=True)
            folder = out
        else:
            if out.is_dir():
                raise _fail(f"--out {out}: is a directory, not a file")
            out.parent.mkdir(parents=True, exist_ok=True)
            folder = out.parent
        probe = folder / f".newstally-{os.getpid()}.probe"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise _fail(f"--out {out}: cannot write there ({_os_reason(exc)})") from None


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _interrupt_on_sigterm() -> None:
    """SIGTERM ends a command as Ctrl-C does: the manifest and outputs so far are kept."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def _exit_code(stats: RunStats) -> int:
    if stats.articles == 0:
        return 2
    return 1 if stats.failures else 0


def _summary(stats: RunStats, out: Path, stories: list[Story] | None = None) -> None:
    stderr.print(
        f"[bold]newstally[/bold] read {stats.articles} article(s) from "
        f"{len(stats.inputs)} input(s): {stats.figures} figure(s), "
        f"{stats.statements} statement(s), {stats.stories} story(ies) -> {_safe(out)}",
        highlight=False,
    )
    for failure in stats.failures[:10]:
        stderr.print(f"  [yellow]failed[/yellow] {_safe(failure)}", highlight=False, markup=True)
    if len(stats.failures) > 10:
        stderr.print(f"  ... and {len(stats.failures) - 10} more (see the manifest)")
    from .report import SUMMARY_COLUMNS, story_summary_rows

    for story in (stories or [])[:8]:
        if not story.slots:
            continue
        title = _safe(f"{story.title}  ({', '.join(story.outlets)})")
        table = Table(title=title, title_justify="left")
        for column in SUMMARY_COLUMNS:
            table.add_column(column)
        for row in story_summary_rows(story):
            table.add_row(*(_safe(cell) for cell in row))
        stderr.print(table)
    if stories and len(stories) > 8:
        stderr.print(f"  ... and {len(stories) - 8} more stories (see report.html)")


def _check_inputs(inputs: list[str]) -> None:
    if not inputs:
        raise _fail("no input given (files, directories, globs, or - for stdin)")


def _execute(
    what: str,
    quiet: bool,
    out: Path,
    job: Callable[[Callable[[int], None] | None], RunStats | tuple[RunStats, list[Story]]],
    *,
    parses: bool = True,
    bar: bool = True,
) -> None:
    """Run one command's job with a progress bar, print its summary, exit with its code.
    A job that ``parses`` runs with one BLAS thread per process (see `single_threaded_blas`)
    and keeps the memory it frees for its next batches (`keep_freed_memory`); `ingest`
    never loads the model, so it skips that set-up. Without ``bar`` the job shows its own
    progress."""
    if parses:
        single_threaded_blas()
        keep_freed_memory()
    _check_out(out, directory=what == "run")
    _interrupt_on_sigterm()
    try:
        with _progress(quiet or not bar, f"newstally {what}") as progress:
            result = job(progress)
    except NewstallyError as exc:
        raise _fail(str(exc)) from exc
    except KeyboardInterrupt:
        raise _fail(
            f"interrupted; the outputs so far and the manifest are kept ({out})", 130
        ) from None
    except OSError as exc:
        where = exc.filename if exc.filename else out
        raise _fail(f"--out {where}: cannot write ({_os_reason(exc)})") from None
    stats, stories = result if isinstance(result, tuple) else (result, None)
    if not quiet:
        _summary(stats, out, stories)
    raise typer.Exit(_exit_code(stats))


@app.command()
def run(
    inputs: InputsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = Path("out"),
    model: ModelOpt = DEFAULT_MODEL,
    jobs: JobsOpt = 0,
    window: WindowOpt = 3.0,
    policy: PolicyOpt = "ucdp",
    gate: GateOpt = True,
    full_stories: Annotated[
        int,
        typer.Option(
            "--full-stories",
            min=0,
            help="Stories given in full in report.html; the rest are listed in one table.",
        ),
    ] = 50,
    quiet: QuietOpt = False,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Run on Dask: local:N (N worker processes here) or a scheduler address "
            'tcp://host:8786 (needs pip install "newstally[dask]"; see docs/scale.md).',
        ),
    ] = None,
    chunk_size: Annotated[
        int, typer.Option("--chunk-size", min=1, help="With --scheduler: records per chunk.")
    ] = 128,  # the local mode's chunk (pipeline.CHUNK_SIZE)
) -> None:
    """Run the whole pipeline: articles, figures, stories, statements and reports in OUT."""
    from .pipeline import run as run_pipeline
    from .reconcile import POLICIES

    _check_inputs(inputs)
    if policy not in POLICIES:
        raise _fail(f"--policy {policy}: unknown policy (choose from {', '.join(POLICIES)})")
    settings = _settings(
        model, jobs, gate, window_days=window, policy=policy, full_stories=full_stories
    )
    if scheduler is None:
        _execute(
            "run",
            quiet,
            out,
            lambda progress: run_pipeline(inputs, out, settings, progress=progress),
        )
        return
    from .scale import ScaleOptions

    def on_cluster(progress: Callable[[int], None] | None) -> tuple[RunStats, list[Story]]:
        with _chunk_progress(quiet) as on_chunk:
            options = ScaleOptions(scheduler, chunk_size, on_chunk, None if quiet else _note)
            return run_pipeline(inputs, out, settings, scale=options)

    _execute("run", quiet, out, on_cluster, bar=False)


def _note(message: str) -> None:
    stderr.print(message, highlight=False, markup=False)


@contextmanager
def _chunk_progress(quiet: bool) -> Iterator[Callable[[int, int, int], None] | None]:
    """The progress bar of a run on a cluster: chunks and articles done, rate, ETA."""
    if quiet or not stderr.is_terminal:
        yield None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]newstally run[/bold]"),
        BarColumn(bar_width=None),
        TextColumn("{task.completed}/{task.total} chunks, {task.fields[items]} inputs"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=stderr,
        transient=True,
    ) as bar:
        task = bar.add_task("run", total=None, items=0, rate="")
        started = time.monotonic()

        def update(chunks: int, total: int, items: int) -> None:
            rate = items / max(time.monotonic() - started, 1e-9)
            bar.update(task, completed=chunks, total=total, items=items, rate=f"{rate:.0f}/s")

        yield update


@app.command()
def ingest(
    inputs: InputsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output JSONL file, or -.")] = Path(
        "articles.jsonl"
    ),
    quiet: QuietOpt = False,
) -> None:
    """Read and clean INPUTs; write one cleaned article per line."""
    from .pipeline import ingest_to_file

    _check_inputs(inputs)
    _execute(
        "ingest",
        quiet,
        out,
        lambda progress: ingest_to_file(inputs, out, Settings(), progress=progress),
        parses=False,
    )


@app.command()
def extract(
    inputs: InputsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output JSONL file, or -.")] = Path(
        "figures.jsonl"
    ),
    model: ModelOpt = DEFAULT_MODEL,
    jobs: JobsOpt = 0,
    clean: Annotated[
        bool, typer.Option("--clean/--no-clean", help="Clean scraper junk first.")
    ] = False,
    gate: GateOpt = True,
    quiet: QuietOpt = False,
) -> None:
    """Extract figures: one output line per input record, {"id", "figures", "totals"}."""
    from .pipeline import extract_to_file

    _check_inputs(inputs)
    settings = _settings(model, jobs, gate)
    _execute(
        "extract",
        quiet,
        out,
        lambda progress: extract_to_file(inputs, out, settings, clean=clean, progress=progress),
    )


@app.command()
def statements(
    inputs: InputsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output JSONL file, or -.")] = Path(
        "statements.jsonl"
    ),
    model: ModelOpt = DEFAULT_MODEL,
    quiet: QuietOpt = False,
) -> None:
    """Attributed statements (who said what) of every article, one per line."""
    from .pipeline import statements_to_file

    _check_inputs(inputs)
    settings = _settings(model, 1)
    _execute(
        "statements",
        quiet,
        out,
        lambda progress: statements_to_file(inputs, out, settings, progress=progress),
    )


DbOpt = Annotated[Path, typer.Option("--db", help="The store: one SQLite file.")]


@app.command()
def add(
    inputs: InputsArg,
    db: DbOpt = Path("newstally.db"),
    model: ModelOpt = DEFAULT_MODEL,
    jobs: JobsOpt = 0,
    window: WindowOpt = 3.0,
    policy: PolicyOpt = "ucdp",
    batch: Annotated[
        int, typer.Option("--batch", min=1, help="Articles stored per transaction.")
    ] = 128,
    gate: GateOpt = True,
    quiet: QuietOpt = False,
) -> None:
    """Add INPUTs to the store: only articles not stored yet are analysed; stories are
    brought up to date (docs/store.md)."""
    from .pipeline import add_to_store
    from .reconcile import POLICIES

    _check_inputs(inputs)
    if policy not in POLICIES:
        raise _fail(f"--policy {policy}: unknown policy (choose from {', '.join(POLICIES)})")
    settings = _settings(model, jobs, gate, window_days=window, policy=policy)
    single_threaded_blas()
    keep_freed_memory()
    _interrupt_on_sigterm()
    try:
        with _progress(quiet, "newstally add") as progress:
            stats, known = add_to_store(inputs, db, settings, progress=progress, batch=batch)
    except NewstallyError as exc:
        raise _fail(str(exc)) from exc
    except KeyboardInterrupt:
        raise _fail(f"interrupted; the articles stored so far are kept ({db})", 130) from None
    if not quiet:
        stderr.print(f"[bold]newstally[/bold] {known} article(s) already stored", highlight=False)
        if stats.recleaned:
            stderr.print(
                f"[bold]newstally[/bold] {stats.recleaned} stored article(s) cleaned again "
                "(lines now repeated across an outlet's stories)",
                highlight=False,
            )
        _summary(stats, db)
    if stats.articles == 0 and known == 0:
        raise typer.Exit(2)
    raise typer.Exit(1 if stats.failures else 0)


@app.command()
def serve(
    db: DbOpt = Path("newstally.db"),
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")] = 8000,
) -> None:
    """Serve the store as a web app with a JSON API (docs/api.md)."""
    from .pipeline import serve_store

    try:
        serve_store(db, host, port)
    except NewstallyError as exc:
        raise _fail(str(exc)) from exc


@app.command()
def export(
    db: DbOpt = Path("newstally.db"),
    what: Annotated[
        str, typer.Option("--what", help="articles, figures, statements, stories or slots.")
    ] = "stories",
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file.")] = Path("export.jsonl"),
    q: Annotated[str | None, typer.Option("--q", help="Full-text search (FTS5).")] = None,
    category: Annotated[str | None, typer.Option("--category")] = None,
    since: Annotated[str | None, typer.Option("--since", help="YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option("--until", help="YYYY-MM-DD")] = None,
    place: Annotated[str | None, typer.Option("--place")] = None,
    outlet: Annotated[str | None, typer.Option("--outlet")] = None,
) -> None:
    """Export stored records, with the web list's filters, as JSONL, CSV or Parquet."""
    from .pipeline import export_from_store
    from .store import QueryError

    filters = {
        "q": q,
        "category": category,
        "since": since,
        "until": until,
        "place": place,
        "outlet": outlet,
    }
    try:
        n = export_from_store(db, what, fmt, out, filters)
    except (NewstallyError, QueryError) as exc:
        raise _fail(str(exc)) from exc
    stderr.print(f"[bold]newstally[/bold] exported {n} {what} -> {out}", highlight=False)


@app.command()
def version() -> None:
    """Print the newstally version."""
    typer.echo(__version__)


def main() -> None:
    try:
        app()
    except BrokenPipeError:  # e.g. `newstally extract ... --out - | head`
        sys.exit(0)


if __name__ == "__main__":
    main()
