"""`newstally add`, `export` and `serve` on the command line: exit codes, manifest, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus import HOSTILE, write_jsonl
from typer.testing import CliRunner

from newstally.cli import app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", ["add", "serve", "export"])
def test_every_store_command_has_help(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0 and "Usage" in result.output


def test_add_lists_failed_inputs_in_its_manifest(tmp_path: Path) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", [HOSTILE])
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"")
    db = tmp_path / "cli.db"
    result = invoke("add", str(good), str(bad), "--db", str(db), "--jobs", "1", "--quiet")
    assert result.exit_code == 1
    manifest = json.loads((tmp_path / "cli.db.manifest.json").read_text())
    assert manifest["counts"]["articles"] == 1
    assert [f["input"] for f in manifest["failures"]] == [str(bad)]
    again = invoke("add", str(good), "--db", str(db), "--jobs", "1")
    assert again.exit_code == 0 and "1 article(s) already stored" in again.output


def test_export_of_the_hostile_article_keeps_its_text_as_it_is(desk, tmp_path: Path) -> None:
    _, db, _ = desk
    out = tmp_path / "a.jsonl"
    result = invoke("export", "--db", str(db), "--what", "articles", "--out", str(out))
    assert result.exit_code == 0
    hostile = next(json.loads(x) for x in out.read_text().splitlines() if "hostile" in x)
    assert hostile["title"] == HOSTILE["title"] and hostile["url"] == HOSTILE["url"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--what", "people"], "unknown kind"),
        (["--format", "xlsx"], "unknown format"),
        (["--q", '"open'], "q: not a valid search"),
        (["--since", "soon"], "since: not a date"),
    ],
)
def test_export_errors_are_one_line(desk, tmp_path: Path, args: list[str], message: str) -> None:
    _, db, _ = desk
    result = invoke("export", "--db", str(db), "--out", str(tmp_path / "x"), *args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    for command in (["serve"], ["export", "--out", str(tmp_path / "x.jsonl")]):
        result = invoke(*command, "--db", str(tmp_path / "none.db"))
        assert result.exit_code == 2
        assert "none.db: no such store" in result.output
