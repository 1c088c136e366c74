"""`newstally run --scheduler` on a real Dask LocalCluster: the outputs of `--jobs 1`,
byte for byte, also when the client is killed and the run resumed, or a worker dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from newstally.pipeline import run
from newstally.settings import Settings

from .conftest import warc_records, worker_pids, write_corpus

pytest.importorskip("distributed")

COMPARED = ("articles.jsonl", "figures.jsonl", "stories.json")


def _newstally(*args: str) -> list[str]:
    return [sys.executable, "-m", "newstally", "run", *args, "--quiet"]


def _assert_same_outputs(expected: Path, got: Path) -> None:
    for name in COMPARED:
        assert (got / name).read_bytes() == (expected / name).read_bytes(), name


def _reference(inputs: list[str], out: Path) -> Path:
    run(inputs, out, Settings(jobs=1))
    return out


def _ledger(out: Path) -> list[dict]:
    path = out / "checkpoints" / "ledger.jsonl"
    if not path.exists():
        return []
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def _analysed_by_workers(out: Path) -> set[int]:
    return {e["chunk"] for e in _ledger(out) if e["stage"] == "analyse" and e["from"] == "worker"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[list[str], Path]:
    root = tmp_path_factory.mktemp("scale")
    inputs = [str(p) for p in write_corpus(root / "corpus", 150)]
    return inputs, _reference(inputs, root / "jobs1")


def test_local_2_on_the_examples_gives_the_outputs_of_jobs_1(examples_dir: Path, tmp_path: Path):
    expected = _reference([str(examples_dir)], tmp_path / "jobs1")
    got = tmp_path / "dask"
    cmd = _newstally(str(examples_dir), "--out", str(got), "--scheduler", "local:2")
    result = subprocess.run([*cmd, "--chunk-size", "3"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    _assert_same_outputs(expected, got)
    assert (got / "report.html").exists() and (got / "manifest.json").exists()


def test_a_larger_set_in_small_chunks_gives_the_outputs_of_jobs_1(corpus, cluster, tmp_path):
    inputs, expected = corpus
    _, client = cluster
    got = tmp_path / "dask"
    cmd = _newstally(*inputs, "--out", str(got), "--scheduler", client.scheduler.address)
    assert subprocess.run([*cmd, "--chunk-size", "16"]).returncode == 0
    _assert_same_outputs(expected, got)
    # The stories were grouped by tasks on the cluster, not on the client.
    assert [e["from"] for e in _ledger(got) if e["stage"] == "group"] == ["cluster"]
    # Outlets' sign-off lines were removed as repeated across chunks, as on one machine.
    removed = [
        r for line in (got / "articles.jsonl").open("rb") for r in orjson.loads(line)["removed"]
    ]
    assert any(r["reason"] == "repeated" for r in removed)


def test_a_bad_input_among_good_ones_is_listed_in_the_manifest(corpus, cluster, tmp_path):
    inputs, _ = corpus
    _, client = cluster
    bad = tmp_path / "broken.jsonl"
    bad.write_bytes(b'{"id": "ok-1", "text": "Three people were killed in Velmora."}\n{oops\n')
    got = tmp_path / "dask"
    cmd = _newstally(
        inputs[0], str(bad), "--out", str(got), "--scheduler", client.scheduler.address
    )
    assert subprocess.run(cmd).returncode == 1  # some input failed, outputs written
    manifest = orjson.loads((got / "manifest.json").read_bytes())
    assert manifest["failures"] == [
        {"input": f"{bad}:2", "reason": manifest["failures"][0]["reason"]}
    ]
    assert "invalid JSON" in manifest["failures"][0]["reason"]
    ids = [orjson.loads(line)["id"] for line in (got / "articles.jsonl").open("rb")]
    assert ids[-1] == "ok-1" and len(ids) == 51


def _start_killable(cmd: list[str]) -> subprocess.Popen:
    # Its own process group: SIGKILL reaches it (and anything it started) and nothing else.
    return subprocess.Popen(cmd, start_new_session=True)


def _wait_for(condition, proc: subprocess.Popen, timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, "the run ended before the condition held"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _small_chunks_run(corpus, client, tmp_path: Path) -> tuple[Path, Path, list[str]]:
    """(the --jobs 1 outputs, the output directory, the command on the shared cluster)."""
    inputs, expected = corpus
    got = tmp_path / "dask"
    cmd = _newstally(*inputs, "--out", str(got), "--scheduler", client.scheduler.address)
    return expected, got, [*cmd, "--chunk-size", "8"]


def test_a_client_killed_mid_run_resumes_without_redoing_finished_chunks(corpus, cluster, tmp_path):
    expected, got, cmd = _small_chunks_run(corpus, cluster[1], tmp_path)
    proc = _start_killable(cmd)
    _wait_for(lambda: len(_analysed_by_workers(got)) >= 3, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (got / "manifest.json").exists()  # killed before the end
    finished = _analysed_by_workers(got)
    checkpoints = {p: p.stat().st_mtime_ns for p in (got / "checkpoints").glob("done-*.pkl")}
    assert len(checkpoints) >= len(finished) >= 3

    assert subprocess.run(cmd).returncode == 0
    _assert_same_outputs(expected, got)
    resumed = {e["chunk"] for e in _ledger(got) if e["from"] == "checkpoint"}
    assert finished <= resumed  # every chunk finished before the kill came from its checkpoint
    assert not finished & _analysed_by_workers(got)
    for path, mtime in checkpoints.items():
        assert path.stat().st_mtime_ns == mtime  # and was not rewritten


def test_a_worker_killed_mid_run_is_replaced_and_the_outputs_are_the_same(
    corpus, cluster, tmp_path
):
    client = cluster[1]
    expected, got, cmd = _small_chunks_run(corpus, client, tmp_path)
    before = worker_pids(client)
    proc = _start_killable(cmd)
    _wait_for(lambda: len(_analysed_by_workers(got)) >= 1, proc)
    victim = sorted(before.values())[0]
    os.kill(victim, signal.SIGKILL)
    assert proc.wait(timeout=300) == 0
    _assert_same_outputs(expected, got)
    client.wait_for_workers(2, timeout=60)
    assert victim not in worker_pids(client).values()


def test_without_dask_the_error_names_the_install_command(tmp_path: Path, examples_dir: Path):
    code = (
        "import sys; sys.modules['distributed'] = None; from newstally.cli import main; "
        f"sys.argv = ['newstally', 'run', {str(examples_dir)!r}, '--out', {str(tmp_path)!r}, "
        "'--scheduler', 'local:2']; main()"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and 'pip install "newstally[dask]"' in lines[0]


def test_the_dashboard_address_or_why_there_is_none_is_printed(examples_dir, cluster, tmp_path):
    from newstally.scale import ScaleOptions

    _, client = cluster
    messages: list[str] = []
    options = ScaleOptions(client.scheduler.address, 4, notify=messages.append)
    run([str(examples_dir)], tmp_path / "dask", Settings(), scale=options)
    dashboards = [m for m in messages if m.startswith("Dask dashboard: ")]
    assert len(dashboards) == 1
    has_bokeh = "dashboard" in client.scheduler_info().get("services", {})
    assert ("http" in dashboards[0]) == has_bokeh
    assert has_bokeh or "bokeh" in dashboards[0]


def test_a_warc_split_by_records_gives_the_outputs_of_jobs_1(cluster, tmp_path):
    _, client = cluster
    crawl = tmp_path / "crawl.warc.gz"
    crawl.write_bytes(b"".join(warc_records(24, gzip=True)) + b"trailing junk")
    images = tmp_path / "images.warc.gz"
    images.write_bytes(b"".join(warc_records(6, gzip=True, html=False)))
    inputs = [str(crawl), str(images)]
    expected = _reference(inputs, tmp_path / "jobs1")
    got = tmp_path / "dask"
    cmd = _newstally(*inputs, "--out", str(got), "--scheduler", client.scheduler.address)
    assert subprocess.run([*cmd, "--chunk-size", "5"]).returncode == 1  # two failures
    _assert_same_outputs(expected, got)
    failures = orjson.loads((got / "manifest.json").read_bytes())["failures"]
    assert failures == orjson.loads((expected / "manifest.json").read_bytes())["failures"]
    assert len(failures) == 2
    assert len({e["chunk"] for e in _ledger(got) if e["stage"] == "read"}) >= 6


def test_grouping_falls_back_to_the_client_from_the_spilled_articles(
    examples_dir, cluster, tmp_path, monkeypatch
):
    from newstally.scale import ScaleOptions, grouping

    def broken(self, articles, settings):
        raise RuntimeError("no grouping on this cluster")

    # The cluster's grouping fails: the client groups the run's records, their features
    # prepared again from the articles read back from the run's spill.
    monkeypatch.setattr(grouping.ClusterGrouping, "_group", broken)
    _, client = cluster
    expected = _reference([str(examples_dir)], tmp_path / "jobs1")
    options = ScaleOptions(client.scheduler.address, 4)
    stats, stories = run([str(examples_dir)], tmp_path / "dask", Settings(), scale=options)
    _assert_same_outputs(expected, tmp_path / "dask")
    assert stats.stories == len(stories) == 3
    ledger = [e for e in _ledger(tmp_path / "dask") if e["stage"] == "group"]
    assert ledger and ledger[-1]["from"] == "client"
