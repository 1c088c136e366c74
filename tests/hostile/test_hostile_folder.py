"""A folder of hostile inputs beside good reports, run through `newstally` in a subprocess:
exit 1, no traceback, every good report kept, every bad input listed with a reason, a
manifest, nothing written outside --out."""

from __future__ import annotations

import json
import os
from pathlib import Path

import hostile_corpus
import pytest


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> hostile_corpus.Corpus:
    return hostile_corpus.build(tmp_path_factory.mktemp("hostile") / "in", heavy=False)


def listed(failures: list[dict], root: Path, bad: str) -> bool:
    """Whether ``bad`` (a name under root, maybe with :LINE) is in the failures."""
    for failure in failures:
        relative = failure["input"].removeprefix(str(root) + "/")
        rest = relative.removeprefix(bad)
        if rest != relative and (rest == "" or rest[0] in ":@#"):
            assert failure["reason"].strip(), failure
            return True
    return False


def files_under(path: Path) -> set[Path]:
    return {p for p in path.rglob("*")}


def test_hostile_folder_keeps_every_good_report(corpus, tmp_path) -> None:
    before = files_under(corpus.root)
    out = tmp_path / "out"
    done = hostile_corpus.run_newstally(
        "run", str(corpus.root), "--out", str(out), "--jobs", "2", cwd=tmp_path
    )
    stderr = done.stderr
    assert "Traceback" not in stderr, stderr
    assert done.returncode == 1, stderr
    assert "\x1b" not in stderr  # no terminal sequence from a file name or title
    manifest = json.loads((out / "manifest.json").read_text())
    texts = [json.loads(line)["text"] for line in (out / "articles.jsonl").open()]
    missing = [m for m in corpus.markers if not any(m in t for t in texts)]
    assert not missing
    unlisted = [b for b in corpus.bad if not listed(manifest["failures"], corpus.root, b)]
    assert not unlisted, manifest["failures"]
    assert files_under(corpus.root) == before
    assert set(os.listdir(tmp_path)) == {"out"}


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_hostile_folder_through_ingest_and_extract(corpus, tmp_path, command: str) -> None:
    out = tmp_path / "out.jsonl"
    done = hostile_corpus.run_newstally(
        command,
        str(corpus.root),
        *(["--jobs", "1"] if command == "extract" else []),
        "--out",
        str(out),
        cwd=tmp_path,
    )
    stderr = done.stderr
    assert "Traceback" not in stderr, stderr
    assert done.returncode == 1, stderr
    manifest = json.loads(Path(f"{out}.manifest.json").read_text())
    unlisted = [b for b in corpus.bad if not listed(manifest["failures"], corpus.root, b)]
    assert not unlisted, manifest["failures"]
    assert manifest["counts"]["articles"] >= len(corpus.markers)
