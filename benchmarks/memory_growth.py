"""What `newstally run` keeps per article: memory growth within one run (issue 19).

    .venv/bin/python benchmarks/memory_growth.py [--base 1000] [--rounds 3]

Runs `pipeline.run` in this process (`--jobs 1`) over --base GV-dev articles cycled
--rounds times as `throughput.py --volume` cycles them (ids made unique, each later round
under an outlet of its own), and at the end of each round reads the process's VmRSS and
counts the objects the cyclic collector tracks, by type. The first round warms the
caches (lexicons, lemma memo, spaCy's vocabulary); from the second round on, a run whose
memory is flat in the number of articles adds nothing per article. This takes minutes
where `throughput.py --run --volume 5000,50000` takes most of an hour, so it is the quick
check; the volume run is the measurement.

Reads ../shared/data/gv-incidents-dev.jsonl; skips with a message when it is absent.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import GV, gv_records, volume_records, write_records  # noqa: E402

from newstally import pipeline  # noqa: E402
from newstally.settings import Settings  # noqa: E402


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", type=int, default=1000, help="distinct GV-dev articles")
    ap.add_argument("--rounds", type=int, default=3, help="times they are cycled")
    args = ap.parse_args()
    if not GV.exists():
        print(f"skipped: {GV} not found")
        return 0
    size = args.base * args.rounds
    seen: dict[int, tuple[float, Counter[str]]] = {}

    def at_round_end(done: int) -> None:
        if done % args.base == 0:
            gc.collect()
            seen[done] = (_rss_mb(), Counter(type(o).__name__ for o in gc.get_objects()))

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "volume.jsonl"
        write_records(volume_records(gv_records()[: args.base], size), size, corpus)
        _, stories = pipeline.run(
            [str(corpus)], tmp / "out", Settings(jobs=1), progress=at_round_end
        )
        stories.close()
    print(f"### memory within one `run --jobs 1`: {args.base:,} GV-dev articles x {args.rounds}\n")
    print("| articles | VmRSS, MB | gc-tracked objects | added since the round before (top 6) |")
    print("| ---: | ---: | ---: | --- |")
    before: Counter[str] | None = None
    for done in sorted(seen):
        rss, counts = seen[done]
        added = ""
        if before is not None:
            grown = counts.copy()
            grown.subtract(before)
            added = ", ".join(f"{k} {v:+,}" for k, v in grown.most_common(6) if v > 0) or "none"
        print(f"| {done:,} | {rss:.1f} | {sum(counts.values()):,} | {added} |")
        before = counts
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
