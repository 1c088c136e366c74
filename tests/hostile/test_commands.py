"""Every command against hostile conditions, in a subprocess: exit codes (0/1/2/130, the
same in any input order), one-line errors for an --out that cannot be written, special
files, the manifest and valid outputs after SIGTERM, and workers that die with their
parent on SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import hostile_corpus
import pytest
from typer.testing import CliRunner

from newstally.cli import app

COMMANDS = ["run", "ingest", "extract", "statements"]


def in_process(*args: str):
    """The command run in this process (the model loads once for all the cases)."""
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def out_option(command: str, tmp_path: Path) -> list[str]:
    return ["--out", str(tmp_path / ("out" if command == "run" else "out.jsonl"))]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("inputs")
    good = root / "good.txt"
    good.write_text(hostile_corpus.report("Goodmark", "Tarn", 4, 5))
    other = root / "other.jsonl"
    other.write_text(json.dumps({"text": hostile_corpus.report("Othermark", "Ulm", 2, 3)}))
    bad = root / "bad.txt"
    bad.write_bytes(b"\x00" * 64)
    return {"good": good, "other": other, "bad": bad}


@pytest.mark.parametrize("command", COMMANDS)
def test_exit_codes_are_documented_and_order_free(command, inputs, tmp_path) -> None:
    good, other, bad = str(inputs["good"]), str(inputs["other"]), str(inputs["bad"])
    cases = {
        0: [[good, other], [other, good]],
        1: [[good, bad], [bad, good]],
        2: [[bad], [str(tmp_path / "missing.txt")]],
    }
    for code, runs in cases.items():
        for given in runs:
            jobs = ["--jobs", "1"] if command in ("run", "extract") else []
            # One process: no worker pool is forked from the test process.
            done = in_process(command, *given, *out_option(command, tmp_path), *jobs, "-q")
            assert done.exit_code == code, (command, given, done.output)


@pytest.mark.parametrize("command", COMMANDS)
def test_unwritable_out_is_one_line(command, inputs, tmp_path) -> None:
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    targets = [a_file / "below", "/proc/newstally-test/out", "/proc/version/out"]
    if command == "run":
        targets.append(a_file)  # an existing file where a directory is wanted
    else:
        targets.append(tmp_path)  # an existing directory where a file is wanted
    for target in targets:
        done = in_process(command, str(inputs["good"]), "--out", str(target))
        assert done.exit_code == 2, (target, done.output)
        lines = done.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("newstally: --out "), done.output
    assert a_file.read_text() == "x"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_read_only_out_directory_is_one_line(inputs, tmp_path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    done = hostile_corpus.run_newstally(
        "run", str(inputs["good"]), "--out", str(locked / "out"), cwd=tmp_path
    )
    assert done.returncode == 2
    assert done.stderr.startswith("newstally: --out ") and "Traceback" not in done.stderr


def test_a_fifo_matched_by_a_glob_is_skipped_not_read(inputs, tmp_path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "good.txt").write_text(inputs["good"].read_text())
    os.mkfifo(folder / "sub" / "pipe.txt")
    done = hostile_corpus.run_newstally(
        "run", f"{folder}/**/*.txt", "--out", str(tmp_path / "out"), cwd=tmp_path
    )
    assert done.returncode == 1, done.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["counts"]["articles"] == 1
    [failure] = manifest["failures"]
    assert failure["input"].endswith("pipe.txt") and "named pipe" in failure["reason"]


def many_reports(path: Path, n: int) -> None:
    lines = [
        json.dumps({"id": f"r{i}", "text": hostile_corpus.report(f"Mark{i}", f"Town{i}", i, i)})
        for i in range(n)
    ]
    path.write_text("\n".join(lines) + "\n")


def start_run(tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    source = tmp_path / "many.jsonl"
    many_reports(source, 1000)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "newstally", "run", str(source), "--out", str(out), "-j", "2"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    articles = out / "articles.jsonl"
    deadline = time.monotonic() + 120
    while not (articles.exists() and articles.stat().st_size > 0):
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.2)
    return process, out


def children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def valid_lines(path: Path) -> int:
    data = path.read_bytes()
    assert data.endswith(b"\n")
    return sum(1 for line in data.splitlines() if json.loads(line))


def test_sigterm_keeps_the_manifest_and_valid_outputs(tmp_path) -> None:
    process, out = start_run(tmp_path)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=180)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "interrupted"
    # Every line is whole JSON; the count may include the one article in flight.
    written = valid_lines(out / "articles.jsonl")
    assert written > 0 and manifest["counts"]["articles"] - written in (0, 1)


def test_workers_die_with_their_killed_parent(tmp_path) -> None:
    process, out = start_run(tmp_path)
    workers = children(process.pid)
    assert workers
    process.kill()
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()]
    assert not alive
    assert valid_lines(out / "articles.jsonl") > 0
