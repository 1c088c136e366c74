"""Grouping into stories on a Dask cluster against grouping on the client (issue 21).

    .venv/bin/python benchmarks/scale_grouping.py [--data ../shared/data/gv-incidents-dev.jsonl]
    .venv/bin/python benchmarks/scale_grouping.py --full

By default: the GV-dev articles read and cleaned (no analysis: no figures, so no figure
categories in the features), then grouped by `stories.group_articles` in this process and
by `scale.grouping` on a LocalCluster of 2 (chunks of 128 articles, in input order); it
prints the CPU seconds of this process (the client; a LocalCluster's scheduler runs in it
too) and of the workers for each, and whether the stories (ids, titles, members, copies,
outlets, dates) are the same.

With --full: writes the GV-dev articles out as JSONL files, runs `newstally run --jobs 1` (the
reference), then in this process `pipeline.run` with ``--scheduler local:2`` three times
in one output directory: grouping as Dask tasks, grouping on the client (the analysis
comes from the first run's checkpoints), and as tasks again from the checkpoints. For
each it prints the client process's CPU seconds of grouping (with a LocalCluster the
scheduler runs in this process too), the "group stories" wall seconds of the manifest, and
whether articles.jsonl, figures.jsonl and stories.json are byte-identical to `--jobs 1`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).parent))
from scale_gv import COMPARED, DATA, timed_run, write_articles  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--files", type=int, default=6)
    ap.add_argument("--scheduler", default="local:2")
    ap.add_argument("--chunk-size", type=int, default=128)
    ap.add_argument("--full", action="store_true", help="whole runs, against --jobs 1")
    args = ap.parse_args()
    if not args.data.exists():
        print(f"skipped: {args.data} not found (../shared/data is absent)")
        return 0
    if not args.full:
        return grouping_only(args.data, args.chunk_size)
    from newstally.pipeline import run
    from newstally.scale import GroupingStats, ScaleOptions
    from newstally.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "gv"
        inputs.mkdir()
        n = write_articles(args.data, inputs, args.files)
        reference = Path(tmp) / "jobs1"
        seconds = timed_run(inputs, reference, "--jobs", "1")
        manifest = orjson.loads((reference / "manifest.json").read_bytes())
        print(f"{n} GV-dev articles in {args.files} JSONL files; load average {os.getloadavg()}")
        print(
            f"--jobs 1: {seconds:.1f} s; group stories "
            f"{manifest['stage_seconds'].get('group stories', 0):.1f} s wall"
        )
        print(
            "| grouping | analysis from | client CPU s | group stories wall s | pairs | "
            "scoring tasks | clustering tasks | identical to --jobs 1 |"
        )
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
        out = Path(tmp) / "dask"
        same = True
        runs = ((True, "workers"), (False, "checkpoints"), (True, "checkpoints"))
        for on_cluster, source in runs:
            found: list[GroupingStats] = []
            options = ScaleOptions(
                args.scheduler,
                args.chunk_size,
                cluster_grouping=on_cluster,
                on_grouped=found.append,
            )
            started = time.perf_counter()
            run([str(inputs)], out, Settings(jobs=1), scale=options)
            wall = time.perf_counter() - started
            stage = orjson.loads((out / "manifest.json").read_bytes())["stage_seconds"]
            equal = all(
                (reference / name).read_bytes() == (out / name).read_bytes() for name in COMPARED
            )
            same &= equal
            stats = found[0]
            print(
                f"| {stats.where} | {source} | {stats.client_cpu_seconds:.2f} | "
                f"{stage.get('group stories', 0):.2f} | {stats.pairs} | {stats.blocks} | "
                f"{stats.component_tasks} | {'yes' if equal else 'NO'} ({wall:.0f} s run) |"
            )
            if stats.steps:
                steps = ", ".join(f"{k} {v:.2f}" for k, v in stats.steps.items())
                print(f"  client CPU by step: {steps}")
    return 0 if same else 1


def grouping_only(data: Path, chunk: int) -> int:
    import logging

    from distributed import Client, LocalCluster

    from newstally.model import Article
    from newstally.pipeline import ingest
    from newstally.scale.grouping import ClusterGrouping
    from newstally.settings import Settings
    from newstally.stories import group_articles

    settings = Settings(jobs=1)
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "gv"
        inputs.mkdir()
        write_articles(data, inputs, 6)
        articles = [a for a in ingest([str(inputs)], settings) if isinstance(a, Article)]

    def records(stories: list) -> list:
        return [
            (s.id, s.title, s.articles, s.duplicates, s.outlets, s.start, s.end) for s, _ in stories
        ]

    print(f"{len(articles)} GV-dev articles, read and cleaned; load average {os.getloadavg()}")
    _warm()  # the model's lemma tables, as a run has them loaded before it groups
    started = time.process_time()
    expected = group_articles(articles, settings)
    local_cpu = time.process_time() - started
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, dashboard_address=":0", silence_logs=logging.ERROR
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(_warm)  # the workers' imports and model, as a run's analysis leaves them

        def workers_cpu() -> float:
            return sum(client.run(time.process_time).values())

        before_workers = workers_cpu()
        started = time.process_time()
        work = ClusterGrouping(client, settings)
        for start in range(0, len(articles), chunk):
            work.add(articles[start : start + chunk])
        got = work.group(articles, settings)
        client_cpu = time.process_time() - started
        worker_cpu = workers_cpu() - before_workers
    stats = work.stats
    same = records(got) == records(expected)
    print("| grouping | client CPU s | its grouping thread | workers CPU s | stories | identical |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    print(f"| `group_articles`, one process | {local_cpu:.2f} | - | - | {len(expected)} | |")
    print(
        f"| `scale.grouping`, local:2 | {client_cpu:.2f} | {stats.client_thread_seconds:.2f} | "
        f"{worker_cpu:.2f} | {len(got)} | {'yes' if same else 'NO'} |"
    )
    print(
        f"chunks {stats.chunks}, candidate pairs {stats.pairs}, scored {stats.scored}, "
        f"scoring tasks {stats.blocks}, components {stats.components}, "
        f"clustering tasks {stats.component_tasks}"
    )
    print("client CPU by step: " + ", ".join(f"{k} {v:.2f}" for k, v in stats.steps.items()))
    return 0 if same else 1


def _warm() -> None:
    from newstally.nlp import load_nlp
    from newstally.settings import Settings
    from newstally.stories.features import lemmatizer

    lemmatizer(Settings().model)
    load_nlp(Settings().model)


if __name__ == "__main__":
    sys.exit(main())
