"""Kill -9 in the middle of `newstally add`, then the same `add` again: the file is valid
and holds exactly what one uninterrupted `add` stores."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from corpus import many, write_jsonl

from newstally.pipeline import CHUNK_SIZE, add_to_store
from newstally.settings import Settings
from newstally.store import connect
from newstally.store.query import export_records

# Analysis runs in chunks of CHUNK_SIZE articles and a chunk is stored once analysed: with
# more than one chunk, the store holds some articles but not all while the next chunk is
# analysed, a window wide enough for the kill to land in on a loaded machine.
N = CHUNK_SIZE + 24


def add(inputs: Path, db: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "newstally", "add", str(inputs), "--db", str(db)]
    return subprocess.Popen(
        [*command, "--batch", "1", "--jobs", "1", "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created yet
        return 0


def snapshot(db: Path) -> dict[str, list[dict]]:
    conn = connect(db)
    return {
        what: list(export_records(conn, what))
        for what in ("articles", "figures", "statements", "stories", "slots")
    }


def test_kill_mid_add_then_resume_equals_one_uninterrupted_add(tmp_path: Path) -> None:
    inputs = write_jsonl(tmp_path / "many.jsonl", many(N))
    whole = tmp_path / "whole.db"  # the uninterrupted reference, in this process
    stats, _ = add_to_store([str(inputs)], whole, Settings(jobs=1), batch=1)
    assert stats.articles == N and not stats.failures

    killed = tmp_path / "killed.db"
    proc = add(inputs, killed)
    deadline = time.monotonic() + 300
    while stored(killed) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    at_kill = stored(killed)
    assert proc.returncode == -signal.SIGKILL
    assert 0 < at_kill < N, f"the kill did not land mid-write ({at_kill} of {N} stored)"
    conn = sqlite3.connect(killed)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()

    resumed = add(inputs, killed)
    assert resumed.wait(timeout=300) == 0, resumed.stderr.read().decode()
    assert stored(killed) == N
    assert snapshot(killed) == snapshot(whole)
