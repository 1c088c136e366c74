"""`newstally add` in batches against one `newstally run` on real pages (issue 20).

    .venv/bin/python benchmarks/store_batches.py [--articles 120] [--batches 3] [--jobs 1]

The first --articles GV-dev articles (../shared/data/gv-incidents-dev.jsonl, in file
order) are split into --batches files; each file is added to a new store with one `add`,
then one `run` reads the same files in the same order. The exported articles, figures and
stories (JSONL) are compared record for record with run's articles.jsonl, figures.jsonl and
stories.json; the number of stored articles each `add` cleaned again is printed. Skips with
a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "gv-incidents-dev.jsonl"
NEWSTALLY = [sys.executable, "-m", "newstally"]


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--batches", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"skipped: {DATA} not found (the shared data sits beside the checkout)")
        return 0
    articles: list[dict] = []
    with DATA.open("rb") as fh:
        for line in fh:
            articles += orjson.loads(line)["articles"]
            if len(articles) >= args.articles:
                break
    articles = articles[: args.articles]
    size = -(-len(articles) // args.batches)
    with tempfile.TemporaryDirectory(prefix="newstally-batches-") as tmp:
        work = Path(tmp)
        db, files = work / "desk.db", []
        for n in range(args.batches):
            path = work / f"batch{n}.jsonl"
            path.write_bytes(b"".join(orjson.dumps(a) + b"\n" for a in articles[n * size :][:size]))
            files.append(str(path))
            subprocess.run(
                [*NEWSTALLY, "add", str(path), "--db", str(db), "-j", str(args.jobs), "-q"],
                check=False,
            )
            counts = json.loads(Path(f"{db}.manifest.json").read_text())["counts"]
            print(f"add {n + 1}: {counts}")
        out = work / "run"
        subprocess.run([*NEWSTALLY, "run", *files, "-o", str(out), "-j", str(args.jobs), "-q"])
        stories = json.loads((out / "stories.json").read_text())["stories"]
        reference = {
            "articles": jsonl(out / "articles.jsonl"),
            "figures": jsonl(out / "figures.jsonl"),
            "stories": stories,
        }
        for what, expected in reference.items():
            target = work / f"{what}.jsonl"
            subprocess.run(
                [*NEWSTALLY, "export", "--db", str(db), "--what", what]
                + ["--format", "jsonl", "--out", str(target)],
                check=True,
            )
            got = jsonl(target)
            same = sum(a == b for a, b in zip(got, expected, strict=False))
            verdict = "equal" if got == expected else "DIFFERENT"
            print(f"{what}: store {len(got)}, run {len(expected)}, same {same}: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
