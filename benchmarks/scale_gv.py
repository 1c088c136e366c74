"""Acceptance of issue 21: `newstally run --scheduler local:2` on the GV-dev articles gives
the articles.jsonl, figures.jsonl and stories.json of `--jobs 1`, byte for byte.

    .venv/bin/python benchmarks/scale_gv.py [--data ../shared/data/gv-incidents-dev.jsonl]
        [--files 6] [--scheduler local:2] [--chunk-size 256]

The articles of every incident (read at run time from ../shared, never copied into the
project) are written out as --files JSON Lines files in incident order; both runs read
that directory; the wall time of each whole command (cluster start and model loading
included) is printed beside the comparison. Exit status 1 when an output differs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "gv-incidents-dev.jsonl"
COMPARED = ("articles.jsonl", "figures.jsonl", "stories.json")


def write_articles(data: Path, directory: Path, files: int) -> int:
    """The articles of every incident as ``files`` JSONL files; returns the count."""
    articles = [
        article
        for line in data.open("rb")
        if line.strip()
        for article in orjson.loads(line)["articles"]
    ]
    per_file = -(-len(articles) // files)
    for i in range(files):
        part = articles[i * per_file : (i + 1) * per_file]
        with (directory / f"gv-{i:02d}.jsonl").open("wb") as fh:
            for article in part:
                fh.write(orjson.dumps(article) + b"\n")
    return len(articles)


def timed_run(inputs: Path, out: Path, *options: str) -> float:
    start = time.perf_counter()
    cmd = [sys.executable, "-m", "newstally", "run", str(inputs), "--out", str(out), "-q"]
    code = subprocess.call([*cmd, *options])
    if code not in (0, 1):
        raise SystemExit(f"newstally run {' '.join(options)} failed with exit code {code}")
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--files", type=int, default=6)
    ap.add_argument("--scheduler", default="local:2")
    ap.add_argument("--chunk-size", type=int, default=256)
    args = ap.parse_args()
    if not args.data.exists():
        print(f"skipped: {args.data} not found (../shared/data is absent)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "gv"
        inputs.mkdir()
        n = write_articles(args.data, inputs, args.files)
        local = timed_run(inputs, Path(tmp) / "jobs1", "--jobs", "1")
        scaled = timed_run(
            inputs,
            Path(tmp) / "dask",
            "--scheduler",
            args.scheduler,
            "--chunk-size",
            str(args.chunk_size),
        )
        print(f"{n} GV-dev articles in {args.files} JSONL files")
        print("| run | seconds | articles/s |\n| --- | ---: | ---: |")
        print(f"| --jobs 1 | {local:.1f} | {n / local:.1f} |")
        print(f"| --scheduler {args.scheduler} | {scaled:.1f} | {n / scaled:.1f} |")
        same = True
        for name in COMPARED:
            equal = (Path(tmp) / "jobs1" / name).read_bytes() == (
                Path(tmp) / "dask" / name
            ).read_bytes()
            same &= equal
            print(f"{name}: {'identical' if equal else 'DIFFERENT'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
