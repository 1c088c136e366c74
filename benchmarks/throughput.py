"""Throughput and memory of `newstally extract`, against two baselines, in one run.

    .venv/bin/python benchmarks/throughput.py [--articles 5000] [--large 50000]
    .venv/bin/python benchmarks/throughput.py --run [--articles 300] [--repeats 3]
    .venv/bin/python benchmarks/throughput.py --run --volume 5000,50000 [--jobs 2]

With --run (issue 19): the whole job, `newstally run --jobs 1`, beside `newstally extract
--jobs 1` and a full spaCy parse of the same texts, on GV-dev articles (title and text,
../shared/data/gv-incidents-dev.jsonl) and PolNeAR dev texts. Each is a separate process,
timed whole (start-up and model loading included) by wall clock and by CPU seconds (user +
system, from wait4: steadier than the wall clock on a shared machine); the three run in
turn, in a rotating order, --repeats times, and the medians are reported with the median
of the per-repeat ratios. spaCy's rate is also given for its parse alone (model loaded),
beside run's rate without its start-up (the manifest's "load model" stage taken off).
Where run's time goes is the median of its manifest's stage_seconds. --volume N,M runs
`run` on N and M articles (GV-dev articles repeated, ids made unique) and compares their
articles/s and peak memory (sampled from /proc, as below).

    .venv/bin/python benchmarks/throughput.py --scheduler local:2 [--articles 5000]

With --scheduler (issue 21): `newstally run --scheduler SPEC` beside `run --jobs 2` on the
same articles, then a scaling table (docs/scale.md).

Texts: the real news articles of ../shared/data/polnear-train.jsonl (texts only), repeated
to reach --articles. The speed of this machine drifts by up to 20% from minute to minute,
so each --jobs setting is timed --repeats times, alternating, and the median is reported
with the range (and the jobs-2 / jobs-1 ratio of each side-by-side pair). Measured:
articles/s and words/s of `newstally extract` with --jobs 1 and --jobs 2 (whole command,
model loading included), its peak memory (RSS of the largest process, RSS and PSS of the
whole process tree), and the same rates for
  * the spaCy pipeline over every sentence (`nlp.pipe` on whole texts), once as newstally
    loads it (numpy BLAS, indexed attribute ruler: same output, faster; the 10x target
    is checked against this one) and once exactly as `spacy.load` gives it, and
  * quantulum3 quantity extraction,
each on a sample of the texts (they are slow) and reported as rates. --large N adds a run
of `extract --jobs 1` on N articles to show that memory stays flat, and of `--jobs 2` on
the same N articles (the steady-state ratio: start-up and the workers' first, cold-cache
chunks weigh less there).

With --scheduler SPEC it measures the whole `newstally run` instead: `--scheduler SPEC`
beside `--jobs 2` on the same articles (alternating, medians; issue 21 asks for >= 0.9x),
then one run each of `--jobs 1` and `--scheduler local:1` for the scaling table.

Memory is sampled from /proc every 0.1 s in one extra run of each setting, not in the
timed runs: reading a process tree's smaps costs about 11 ms of CPU per sample, which
with --jobs 2 (both cores busy) would slow the run being timed by several percent. The
--large run (one process, the sampler on the idle core) is timed and sampled at once.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "polnear-train.jsonl"
NEWSTALLY = [sys.executable, "-m", "newstally"]


def load_texts() -> list[str]:
    with DATA.open("rb") as fh:
        return [orjson.loads(line)["text"] for line in fh if line.strip()]


def write_corpus(texts: list[str], n: int, path: Path) -> int:
    """Write n records cycling over texts; return the number of words written."""
    words = 0
    with path.open("wb") as fh:
        for i in range(n):
            text = texts[i % len(texts)]
            words += len(text.split())
            fh.write(orjson.dumps({"id": f"a{i}", "text": text}) + b"\n")
    return words


def _tree_memory_kb(pid: int) -> tuple[int, int, int]:
    """Memory of a process and its descendants, from /proc: (RSS summed, RSS of the largest
    process, PSS summed). Forked workers share the model's pages, which RSS counts once per
    process and PSS splits between them, so the PSS sum is the real total."""
    rss_total = rss_largest = pss_total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        kb = int(line.split()[1])
                        rss_total += kb
                        rss_largest = max(rss_largest, kb)
                        break
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        pss_total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return rss_total, rss_largest, pss_total


def run_extract(corpus: Path, jobs: int, *, sample_memory: bool = False) -> dict[str, float]:
    """Time `newstally extract` as a user runs it; with ``sample_memory``, also sample its
    memory (which costs CPU: see the module's docstring)."""
    out = corpus.with_suffix(f".out{jobs}.jsonl")
    cmd = [*NEWSTALLY, "extract", str(corpus), "--out", str(out), "--jobs", str(jobs), "--quiet"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd)
    peak_tree = peak_one = peak_pss = 0
    if sample_memory:
        while proc.poll() is None:
            tree, one, pss = _tree_memory_kb(proc.pid)
            peak_tree, peak_one = max(peak_tree, tree), max(peak_one, one)
            peak_pss = max(peak_pss, pss)
            time.sleep(0.1)
    else:
        proc.wait()
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"extract --jobs {jobs} failed with exit code {proc.returncode}")
    figures = sum(len(orjson.loads(line).get("figures", [])) for line in out.open("rb"))
    return {
        "seconds": seconds,
        "tree_mb": peak_tree / 1024,
        "largest_mb": peak_one / 1024,
        "pss_mb": peak_pss / 1024,
        "figures": figures,
    }


def run_spacy_full(texts: list[str], *, plain: bool = False) -> float:
    """Seconds for the whole spaCy pipeline over ``texts``: as newstally loads it (numpy
    BLAS, indexed attribute ruler, lemma sets; same output) or, with ``plain``, exactly as
    ``spacy.load`` gives it."""
    from newstally.nlp import load_nlp, single_threaded_blas

    single_threaded_blas()  # one core, like `extract --jobs 1`
    if plain:
        import spacy

        from newstally.settings import DEFAULT_MODEL

        nlp = spacy.load(DEFAULT_MODEL)
    else:
        nlp = load_nlp()
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - start


def run_quantulum(texts: list[str]) -> float:
    import warnings

    with warnings.catch_warnings():  # it warns that its optional classifier is absent
        warnings.simplefilter("ignore")
        from quantulum3 import parser

    start = time.perf_counter()
    for text in texts:
        parser.parse(text)
    return time.perf_counter() - start


# --- run vs extract vs spaCy (issue 19) -----------------------------------------------

GV = ROOT.parent / "shared" / "data" / "gv-incidents-dev.jsonl"
POLNEAR_DEV = ROOT.parent / "shared" / "data" / "polnear-dev.jsonl"


def gv_records() -> list[dict[str, str]]:
    """GV-dev articles (title, text, date, url), in file order."""
    out = []
    with GV.open("rb") as fh:
        for line in fh:
            if line.strip():
                for a in orjson.loads(line)["articles"]:
                    keep = ("id", "title", "text", "published", "url")
                    out.append({k: a[k] for k in keep if a.get(k)})
    return out


def polnear_records() -> list[dict[str, str]]:
    with POLNEAR_DEV.open("rb") as fh:
        return [
            {"id": f"p{n}", "text": orjson.loads(line)["text"]}
            for n, line in enumerate(fh)
            if line.strip()
        ]


def write_records(records: list[dict[str, str]], n: int, path: Path) -> list[str]:
    """Write n records (cycling, ids made unique); return the texts a parse reads (title
    and text)."""
    texts = []
    with path.open("wb") as fh:
        for i in range(n):
            rec = dict(records[i % len(records)])
            rec["id"] = f"{rec.get('id', 'a')}-{i}"
            fh.write(orjson.dumps(rec) + b"\n")
            texts.append(f"{rec['title']}\n\n{rec['text']}" if rec.get("title") else rec["text"])
    return texts


def _timed_process(cmd: list[str], sample_memory: bool = False) -> dict[str, float]:
    """Run ``cmd``; wall seconds, CPU seconds (user + system, wait4) and, with
    ``sample_memory``, the peak RSS of its process tree (MB). The child is reaped by
    wait4 alone (``Popen.poll`` would reap it first and lose its resource usage)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    peak = 0
    done = (0, 0, None)
    if sample_memory:
        while not done[0]:
            peak = max(peak, _tree_memory_kb(proc.pid)[0])
            time.sleep(0.2)
            done = os.wait4(proc.pid, os.WNOHANG)
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = done if done[0] else os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd[2:4])} failed with exit code {proc.returncode}")
    cpu = usage.ru_utime + usage.ru_stime
    return {"wall": seconds, "cpu": cpu, "peak_mb": peak / 1024, "stdout": out}


def spacy_worker(texts_path: str) -> int:
    """Child process: the full spaCy pipeline (as newstally loads it) over the texts of a
    JSON list; prints {"load": s, "parse": s}."""
    start = time.perf_counter()
    from newstally.nlp import load_nlp, single_threaded_blas

    single_threaded_blas()
    nlp = load_nlp()
    loaded = time.perf_counter()
    texts = orjson.loads(Path(texts_path).read_bytes())
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    done = time.perf_counter()
    print(orjson.dumps({"load": loaded - start, "parse": done - loaded}).decode())
    return 0


def run_vs_parse(corpus: Path, texts: list[str], repeats: int, tmp: Path) -> dict[str, object]:
    """Interleaved timings of run, extract and a spaCy parse of the same texts."""
    texts_path = tmp / f"{corpus.stem}.texts.json"
    texts_path.write_bytes(orjson.dumps(texts))
    out = tmp / f"{corpus.stem}.run"
    commands = {
        "run": [*NEWSTALLY, "run", str(corpus), "--out", str(out), "--jobs", "1", "--quiet"],
        "extract": [
            *NEWSTALLY,
            "extract",
            str(corpus),
            "--out",
            str(tmp / f"{corpus.stem}.extract.jsonl"),
            "--jobs",
            "1",
            "--quiet",
        ],
        "spacy": [sys.executable, str(Path(__file__).resolve()), "--spacy-worker", str(texts_path)],
    }
    names = list(commands)
    results: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    stages: list[dict[str, float]] = []
    for repeat in range(repeats):
        order = names[repeat % 3 :] + names[: repeat % 3]
        for name in order:
            r = _timed_process(commands[name])
            if name == "run":
                manifest = orjson.loads((out / "manifest.json").read_bytes())
                r["steady"] = r["wall"] - manifest.get("stage_seconds", {}).get("load model", 0)
                stages.append(manifest.get("stage_seconds", {}))
            if name == "spacy":
                r.update(orjson.loads(r["stdout"]))
            results[name].append(r)
    return {"results": results, "stages": stages, "n": len(texts)}


def _median(values: list[float]) -> float:
    return statistics.median(values)


def report_run_vs_parse(label: str, data: dict[str, object]) -> None:
    results: dict[str, list[dict[str, float]]] = data["results"]  # type: ignore[assignment]
    stages: list[dict[str, float]] = data["stages"]  # type: ignore[assignment]
    n: int = data["n"]  # type: ignore[assignment]
    print(f"\n### {label}: {n} articles\n")
    print("| what (one process, --jobs 1) | articles/s, wall | articles/s, CPU | runs |")
    print("| --- | ---: | ---: | ---: |")
    for name, title in (
        ("run", "newstally run (whole command)"),
        ("extract", "newstally extract (whole command)"),
        ("spacy", "spaCy full pipeline (whole process: load + nlp.pipe)"),
    ):
        rs = results[name]
        wall = _median([n / r["wall"] for r in rs])
        cpu = _median([n / r["cpu"] for r in rs])
        print(f"| {title} | {wall:.1f} | {cpu:.1f} | {len(rs)} |")
    steady_run = _median([n / r["steady"] for r in results["run"]])
    steady_spacy = _median([n / r["parse"] for r in results["spacy"]])
    print(
        f"| newstally run without start-up (wall - 'load model' stage) | {steady_run:.1f} | - | |"
    )
    print(f"| spaCy nlp.pipe alone (model loaded) | {steady_spacy:.1f} | - | |")
    pairs = list(zip(results["run"], results["spacy"], strict=True))
    wall_ratio = _median([s["wall"] / r["wall"] for r, s in pairs])
    cpu_ratio = _median([s["cpu"] / r["cpu"] for r, s in pairs])
    steady_ratio = _median([s["parse"] / r["steady"] for r, s in pairs])
    print("\n| ratio (median of per-repeat ratios) | value | target |")
    print("| --- | ---: | --- |")
    print(f"| run / spaCy, articles/s, whole processes, wall | {wall_ratio:.2f} | >= 1 |")
    print(f"| run / spaCy, articles/s, whole processes, CPU | {cpu_ratio:.2f} | >= 1 |")
    print(f"| run / spaCy, without start-up / parse alone, wall | {steady_ratio:.2f} | - |")
    keys = list(dict.fromkeys(k for st in stages for k in st))
    total = sum(_median([st.get(k, 0.0) for st in stages]) for k in keys) or 1.0
    print("\n| stage of `run` (manifest stage_seconds, median) | seconds | share |")
    print("| --- | ---: | ---: |")
    for k in keys:
        v = _median([st.get(k, 0.0) for st in stages])
        print(f"| {k} | {v:.2f} | {v / total:.0%} |")


def volume_records(records: list[dict[str, str]], n: int) -> list[dict[str, str]]:
    """n records cycling over ``records``, each later round under an outlet of its own.
    Cleaning finds an outlet's boilerplate in the lines its pages repeat; copies under the
    first round's outlets would make every line of a repeated page boilerplate and leave
    far less text to read than real articles do. Across rounds the copies are reprints
    of one another, as wire copy is (copy detection finds them)."""
    out = []
    for i in range(n):
        rec = dict(records[i % len(records)])
        if i >= len(records):
            rec["outlet"] = f"Volume Round {i // len(records)}"
        out.append(rec)
    return out


def run_volume(sizes: list[int], jobs: int, tmp: Path) -> None:
    records = gv_records()
    print(f"\n### `newstally run --jobs {jobs}` at volume (GV-dev articles repeated)\n")
    print(
        "| articles | seconds | articles/s | CPU seconds | articles/CPU-s "
        "| peak RSS of the process tree, MB |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        corpus = tmp / f"volume{size}.jsonl"
        write_records(volume_records(records, size), size, corpus)
        cmd = [*NEWSTALLY, "run", str(corpus), "--out", str(tmp / f"volume{size}")]
        r = _timed_process([*cmd, "--jobs", str(jobs), "--quiet"], sample_memory=True)
        print(
            f"| {size:,} | {r['wall']:.0f} | {size / r['wall']:.1f} | {r['cpu']:.0f} "
            f"| {size / r['cpu']:.1f} | {r['peak_mb']:.0f} |"
        )
        corpus.unlink()


def main_run(args: argparse.Namespace) -> int:
    if not GV.exists() or not POLNEAR_DEV.exists():
        print("skipped: ../shared/data/gv-incidents-dev.jsonl or polnear-dev.jsonl not found")
        return 0
    print(f"machine: {os.cpu_count()} cores; --repeats {args.repeats}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.volume:
            run_volume([int(x) for x in args.volume.split(",")], args.jobs, tmp)
            return 0
        for label, records in (("GV-dev", gv_records()), ("PolNeAR dev", polnear_records())):
            corpus = tmp / f"{label.split()[0].lower()}.jsonl"
            n = min(args.articles, len(records))
            texts = write_records(records, n, corpus)
            report_run_vs_parse(label, run_vs_parse(corpus, texts, args.repeats, tmp))


def run_whole(corpus: Path, *options: str) -> dict[str, float]:
    """Wall and CPU seconds (the process tree's user + system, from wait4) of one whole
    `newstally run` (a fresh output directory: no checkpoints)."""
    with tempfile.TemporaryDirectory(dir=corpus.parent) as out:
        cmd = [*NEWSTALLY, "run", str(corpus), "--out", out, "--quiet", *options]
        return _timed_process(cmd)


def compare_scheduler(
    texts: list[str], articles: int, scheduler: str, repeats: int, scaling_table: bool = True
) -> int:
    """`newstally run --scheduler SPEC` beside `run --jobs 2` on the same articles, runs
    alternating, medians; then the scaling table: --jobs 1 and local:1 / local:2.

    Rates are given per wall second and per CPU second (the CPU seconds of the whole
    process tree: client, scheduler and workers): on a shared machine the wall clock
    follows the others' load, the CPU seconds much less."""
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        write_corpus(texts, articles, corpus)
        settings = {
            "--jobs 2": ("--jobs", "2"),
            f"--scheduler {scheduler}": ("--scheduler", scheduler),
        }
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in settings}
        for repeat in range(repeats):
            names = list(settings) if repeat % 2 == 0 else list(reversed(settings))
            for name in names:
                runs[name].append(run_whole(corpus, *settings[name]))
                loads.append(os.getloadavg()[0])
        scaling = {}
        if scaling_table:
            scaling = {
                "--jobs 1": run_whole(corpus, "--jobs", "1"),
                "--scheduler local:1": run_whole(corpus, "--scheduler", "local:1"),
            }
            loads.append(os.getloadavg()[0])
    print(f"machine: {os.cpu_count()} cores; `newstally run` on {articles} polnear-train texts")
    print(f"load average (1 min) during the runs: {min(loads):.1f}-{max(loads):.1f}\n")
    print(
        "| run | articles/s wall (median) | range | articles per CPU-s (median) | runs |\n"
        "| --- | ---: | --- | ---: | ---: |"
    )
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    for name, timings in runs.items():
        walls = [t["wall"] for t in timings]
        wall[name] = articles / statistics.median(walls)
        cpu[name] = articles / statistics.median(t["cpu"] for t in timings)
        low, high = articles / max(walls), articles / min(walls)
        print(
            f"| {name} | {wall[name]:.1f} | {low:.1f}-{high:.1f} | {cpu[name]:.1f} "
            f"| {len(timings)} |"
        )
    # The ratio of each side-by-side pair (same repeat), then their median.
    pairs = list(zip(*runs.values(), strict=True))
    wall_ratio = statistics.median(local["wall"] / dask["wall"] for local, dask in pairs)
    cpu_ratio = statistics.median(local["cpu"] / dask["cpu"] for local, dask in pairs)
    print("\n| ratio (median of pairs) | value | target |\n| --- | ---: | --- |")
    print(f"| --scheduler {scheduler} / --jobs 2, wall rate | {wall_ratio:.2f}x | >= 0.9x |")
    print(f"| --scheduler {scheduler} / --jobs 2, CPU-second rate | {cpu_ratio:.2f}x | |")
    if not scaling:
        return 0
    print(
        "\n| workers | --jobs N articles/s wall | per CPU-s "
        "| local:N articles/s wall | per CPU-s |\n| ---: | ---: | ---: | ---: | ---: |"
    )
    one_local, one_dask = scaling.values()
    print(
        f"| 1 | {articles / one_local['wall']:.1f} | {articles / one_local['cpu']:.1f} "
        f"| {articles / one_dask['wall']:.1f} | {articles / one_dask['cpu']:.1f} |"
    )
    local_name, dask_name = runs
    print(
        f"| 2 | {wall[local_name]:.1f} | {cpu[local_name]:.1f} "
        f"| {wall[dask_name]:.1f} | {cpu[dask_name]:.1f} |"
    )
    return 0


def compile_newstally() -> None:
    """Write newstally's bytecode once, as `pip install` does: an editable checkout timed
    with PYTHONDONTWRITEBYTECODE set (some machines set it) would otherwise recompile every
    newstally module in every timed process (about 0.15 s each), which spaCy's installed,
    compiled modules never pay. Python reads existing bytecode whatever that variable says."""
    import compileall

    import newstally

    compileall.compile_dir(Path(newstally.__file__).parent, quiet=1)


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--spacy-worker":
        return spacy_worker(sys.argv[2])
    compile_newstally()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--sample", type=int, default=200, help="texts for the spaCy baseline")
    ap.add_argument("--quantulum-sample", type=int, default=50, help="texts for quantulum3")
    ap.add_argument("--large", type=int, default=0, help="also run --jobs 1 on N articles")
    ap.add_argument(
        "--repeats", type=int, default=3, help="timed runs of each --jobs setting (median)"
    )
    ap.add_argument("--run", action="store_true", help="run vs extract vs spaCy (issue 19)")
    ap.add_argument("--volume", default="", help="with --run: sizes, e.g. 5000,50000")
    ap.add_argument("--jobs", type=int, default=1, help="with --volume: run's --jobs")
    ap.add_argument(
        "--no-scaling",
        action="store_true",
        help="with --scheduler: only the side-by-side pairs, not the 1-worker table",
    )
    ap.add_argument(
        "--scheduler",
        help="instead: `newstally run --scheduler SPEC` beside `run --jobs 2` (docs/scale.md)",
    )
    args = ap.parse_args()
    if args.run:
        if args.articles == 5000 and not args.volume:
            args.articles = 300
        return main_run(args)
    if not DATA.exists():
        print(f"skipped: {DATA.relative_to(ROOT.parent)} not found (../shared/data is absent)")
        return 0

    texts = load_texts()
    if args.scheduler:
        return compare_scheduler(
            texts, args.articles, args.scheduler, args.repeats, not args.no_scaling
        )
    sample = texts[: args.sample]
    sample_words = sum(len(t.split()) for t in sample)
    rows: list[tuple[str, int, float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        words = write_corpus(texts, args.articles, corpus)
        # Runs alternate (1, 2, 2, 1, 1, 2, ...) so that a drift in the machine's speed
        # hits both settings alike; medians are reported, with the range.
        runs: dict[int, list[dict[str, float]]] = {1: [], 2: []}
        for repeat in range(args.repeats):
            for jobs in (1, 2) if repeat % 2 == 0 else (2, 1):
                runs[jobs].append(run_extract(corpus, jobs))
        results = {}
        for jobs in (1, 2):
            seconds = sorted(r["seconds"] for r in runs[jobs])
            r = run_extract(corpus, jobs, sample_memory=True)
            r["seconds"] = statistics.median(seconds)
            results[jobs] = r
            spread = (
                f" (range {args.articles / seconds[-1]:.0f}-{args.articles / seconds[0]:.0f},"
                f" {len(seconds)} runs)"
                if len(seconds) > 1
                else ""
            )
            rows.append(
                (
                    f"newstally extract --jobs {jobs}, median{spread}",
                    args.articles,
                    args.articles / r["seconds"],
                    words / r["seconds"],
                    f"{r['largest_mb']:.0f} / {r['tree_mb']:.0f} / {r['pss_mb']:.0f}",
                )
            )
        pair_ratios = sorted(
            a["seconds"] / b["seconds"] for a, b in zip(runs[1], runs[2], strict=True)
        )
        full = run_spacy_full(sample)
        rows.append(
            (
                "spaCy full parse (nlp.pipe), pipeline as newstally loads it",
                len(sample),
                len(sample) / full,
                sample_words / full,
                "-",
            )
        )
        plain = run_spacy_full(sample, plain=True)
        rows.append(
            (
                "spaCy full parse (nlp.pipe), plain spacy.load",
                len(sample),
                len(sample) / plain,
                sample_words / plain,
                "-",
            )
        )
        q_sample = texts[: args.quantulum_sample]
        q_words = sum(len(t.split()) for t in q_sample)
        quant = run_quantulum(q_sample)
        rows.append(
            ("quantulum3 parser.parse", len(q_sample), len(q_sample) / quant, q_words / quant, "-")
        )
        if args.large:
            big = Path(tmp) / "large.jsonl"
            big_words = write_corpus(texts, args.large, big)
            # One process: the sampler runs on the other, idle core, so this run is timed too.
            r = run_extract(big, 1, sample_memory=True)
            rows.append(
                (
                    "newstally extract --jobs 1 (large)",
                    args.large,
                    args.large / r["seconds"],
                    big_words / r["seconds"],
                    f"{r['largest_mb']:.0f} / {r['tree_mb']:.0f} / {r['pss_mb']:.0f}",
                )
            )
            r2 = run_extract(big, 2)
            rows.append(
                (
                    "newstally extract --jobs 2 (large; memory not sampled)",
                    args.large,
                    args.large / r2["seconds"],
                    big_words / r2["seconds"],
                    "-",
                )
            )

    print(
        f"machine: {os.cpu_count()} cores; corpus: polnear-train texts repeated to "
        f"{args.articles} articles ({words / args.articles:.0f} words each on average)\n"
    )
    print(
        "| what | articles | articles/s | words/s "
        "| peak MB: RSS largest process / RSS tree / PSS tree |"
    )
    print("| --- | ---: | ---: | ---: | --- |")
    for name, n, aps, wps, rss in rows:
        print(f"| {name} | {n:,} | {aps:,.1f} | {wps:,.0f} | {rss} |")
    one, two = rows[0][2], rows[1][2]
    print("\n| ratio | value | target |")
    print("| --- | ---: | --- |")
    print(f"| extract --jobs 1 / spaCy full parse (as loaded) | {one / rows[2][2]:.1f}x | >= 10x |")
    print(f"| extract --jobs 1 / spaCy full parse (plain) | {one / rows[3][2]:.1f}x | - |")
    print(f"| extract --jobs 1 / quantulum3 | {one / rows[4][2]:.1f}x | - |")
    print(
        f"| extract --jobs 2 / --jobs 1 | {two / one:.2f}x (runs side by side: "
        f"{', '.join(f'{x:.2f}' for x in pair_ratios)}) | >= 1.7x |"
    )
    if args.large:
        print(
            f"| extract --jobs 2 / --jobs 1, {args.large:,} articles | "
            f"{rows[-1][2] / rows[-2][2]:.2f}x | >= 1.7x |"
        )
    print(f"| extract --jobs 1 articles/s per core | {one:.0f} | >= 150 |")
    print(f"\nfigures found: --jobs 1 {results[1]['figures']}, --jobs 2 {results[2]['figures']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
