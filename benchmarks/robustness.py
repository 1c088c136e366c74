"""Peak memory and seconds of `newstally run` against input size, for adversarial text.

    .venv/bin/python benchmarks/robustness.py [--sizes 1 10 100] [--kinds ...] [--jobs 1]

Each input is a folder of 1 MB files of one adversarial kind, generated here (no data
from /work/shared is needed):

- ``one_line``: one line of words with no sentence end (no line break, no full stop);
- ``numbers``: one long comma-separated list of numbers ("1, 2, 3, ...");
- ``table``: rows of numbers and casualty words ("12 killed | 13 killed | ...");
- ``deep_html``: HTML pages of 100,000 nested <div> elements around a paragraph.

Every run is a fresh `newstally run DIR --out OUT -q` process, timed from outside; the
peak is its resident memory at the largest (parent or worker; RUSAGE_CHILDREN of a
wrapper process). CPU seconds (user + system, all processes) are reported beside wall
seconds because the wall clock of a shared machine says more about its load than about
newstally. Linear time shows as a flat "CPU s per MB" column once the fixed cost of
loading the model (about 5 CPU seconds) is small against the work; flat memory as a peak
that does not grow with size.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MB = 1_000_000
KINDS = ("one_line", "numbers", "table", "deep_html")

_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(code, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)\n"
)


def adversarial(kind: str, seed: int) -> bytes:
    """About 1 MB of one adversarial kind; ``seed`` makes each file's text its own."""
    if kind == "one_line":
        words = (f"word{(i * 7919 + seed) % 50_021} killed" for i in range(MB // 14))
        return " ".join(words).encode()[:MB]
    if kind == "numbers":
        return ", ".join(str(i + seed) for i in range(MB // 8)).encode()[:MB]
    if kind == "table":
        row = " | ".join(f"{i + seed} killed" for i in range(10))
        lines = (f"{n}: {row}" for n in range(MB // (len(row) + 8)))
        return "\n".join(lines).encode()[:MB]
    if kind == "deep_html":
        depth = 100_000
        inner = f"<p>Gunmen killed {seed} people in Tarn, police said.</p>"
        padding = "x" * max(0, MB - depth * 11 - 200)
        page = "<div>" * depth + inner + padding + "</div>" * depth
        return f"<html><body>{page}</body></html>".encode()
    raise ValueError(kind)


def measure(kind: str, size_mb: int, jobs: int, work: Path) -> dict[str, object]:
    folder = work / f"{kind}-{size_mb}"
    folder.mkdir()
    suffix = ".html" if kind == "deep_html" else ".txt"
    for n in range(size_mb):
        (folder / f"{kind}-{n:04d}{suffix}").write_bytes(adversarial(kind, n))
    out = work / f"out-{kind}-{size_mb}"
    command = [sys.executable, "-m", "newstally", "run", str(folder), "--out", str(out)]
    command += ["-q", "--jobs", str(jobs)]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - started
    code, peak_kb, cpu = done.stdout.split()
    manifest = json.loads((out / "manifest.json").read_text())
    return {
        "kind": kind,
        "mb": size_mb,
        "exit": int(code),
        "articles": manifest["counts"]["articles"],
        "failed": manifest["counts"]["failed"],
        "seconds": round(seconds, 1),
        "cpu": round(float(cpu), 1),
        "cpu_per_mb": round(float(cpu) / size_mb, 2),
        "peak_mb": round(int(peak_kb) / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    print("| input | MB | exit | articles | failed | wall s | CPU s | CPU s per MB | peak MB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="newstally-robustness-") as tmp:
        for kind in args.kinds:
            for size in args.sizes:
                row = measure(kind, size, args.jobs, Path(tmp))
                print(
                    f"| {row['kind']} | {row['mb']} | {row['exit']} | {row['articles']} | "
                    f"{row['failed']} | {row['seconds']} | {row['cpu']} | {row['cpu_per_mb']} | "
                    f"{row['peak_mb']} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
