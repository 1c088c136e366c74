"""The command line end to end: outputs, manifest, exit codes, order, escaping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstally.cli import app

runner = CliRunner()


def invoke(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.fixture(scope="module")
def example_run(tmp_path_factory, examples_dir: Path):
    out = tmp_path_factory.mktemp("run")
    result = invoke("run", str(examples_dir), "--out", str(out), "--jobs", "1", "--quiet")
    return result, out


@pytest.mark.parametrize("command", ["run", "ingest", "extract", "statements", "version"])
def test_every_command_has_help(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_run_on_examples_writes_every_output(example_run) -> None:
    result, out = example_run
    assert result.exit_code == 0, result.output
    for name in (
        "articles.jsonl",
        "figures.jsonl",
        "stories.json",
        "report.md",
        "report.html",
        "manifest.json",
    ):
        assert (out / name).is_file(), name
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["schema"] == "newstally/1"
    assert manifest["counts"]["failed"] == 0
    assert manifest["counts"]["articles"] == len(read_jsonl(out / "articles.jsonl"))
    assert manifest["counts"]["figures"] == len(read_jsonl(out / "figures.jsonl"))
    stories = json.loads((out / "stories.json").read_text())
    assert stories["schema"] == "newstally/1"
    assert len(stories["stories"]) >= 3


def test_every_figure_traces_back_to_its_article_text(example_run) -> None:
    _, out = example_run
    texts = {a["id"]: a["text"] for a in read_jsonl(out / "articles.jsonl")}
    figures = read_jsonl(out / "figures.jsonl")
    assert figures
    for figure in figures:
        start, end = figure["span"]
        assert texts[figure["article"]][start:end] == figure["quantity"]["text"]
        assert figure["sentence"] in texts[figure["article"]]


def test_story_slots_cite_figures_that_exist(example_run) -> None:
    _, out = example_run
    ids = {f["id"] for f in read_jsonl(out / "figures.jsonl")}
    stories = json.loads((out / "stories.json").read_text())["stories"]
    for story in stories:
        for slot in story["slots"]:
            assert set(slot["figures"]) <= ids
            if slot["low"] is not None and slot["high"] is not None:
                assert slot["low"] <= slot["high"]


def test_a_bad_input_is_listed_and_the_rest_still_written(tmp_path: Path, examples_dir) -> None:
    bad = tmp_path / "broken.html"
    bad.write_bytes(b"\x00\x01\x02\xff\xfe binary")
    good = tmp_path / "good.txt"
    good.write_text(
        "Flood in Omsby leaves two dead\n\nTwo people died in the flood, police said.\n"
    )
    out = tmp_path / "out"
    result = invoke("run", str(good), str(bad), "--out", str(out), "--jobs", "1", "--quiet")
    assert result.exit_code == 1
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["articles"] == 1
    assert [f["input"] for f in manifest["failures"]] == [str(bad)]
    assert manifest["failures"][0]["reason"]
    assert len(read_jsonl(out / "articles.jsonl")) == 1


def test_nothing_readable_exits_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = invoke("run", str(empty), "--out", str(tmp_path / "out"), "--quiet")
    assert result.exit_code == 2


def test_no_input_is_a_usage_error() -> None:
    assert invoke("run").exit_code == 2


def test_unknown_model_is_one_clear_line(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("Two people died in the flood, police said.\n")
    result = runner.invoke(
        app,
        [
            "extract",
            str(good),
            "--out",
            str(tmp_path / "o.jsonl"),
            "--model",
            "no_such_model",
            "--jobs",
            "1",
            "--quiet",
        ],
    )
    assert result.exit_code == 2
    assert "no_such_model" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1  # one line, however long


RECORDS = [
    {"id": "r1", "text": "Gunmen killed four villagers in Tallow on Monday, police said."},
    {"id": "r2", "text": "The council approved a budget of $3 million for new roads."},
    {"id": "r3", "text": "At least 15 people were injured when a bus overturned near Corran."},
]


def write_records(path: Path, records: list[dict], extra_lines: list[str] = ()) -> Path:
    lines = [json.dumps(r) for r in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n")
    return path


def test_extract_writes_one_line_per_record_even_a_bad_one(tmp_path: Path) -> None:
    src = write_records(tmp_path / "in.jsonl", RECORDS, ["{not json"])
    out = tmp_path / "out.jsonl"
    result = invoke("extract", str(src), "--out", str(out), "--jobs", "1", "--quiet")
    assert result.exit_code == 1
    lines = read_jsonl(out)
    assert [line["id"] for line in lines[:3]] == ["r1", "r2", "r3"]
    assert "error" in lines[3]
    assert lines[0]["totals"]["killed"]["best"] == 4
    assert lines[1]["figures"] == []
    assert lines[2]["totals"]["injured"]["low"] == 15


def test_extract_order_and_results_do_not_depend_on_jobs(tmp_path: Path) -> None:
    records = [dict(r, id=f"{r['id']}-{i}") for i in range(40) for r in RECORDS]
    src = write_records(tmp_path / "in.jsonl", records)
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        assert (
            invoke("extract", str(src), "--out", str(out), "--jobs", jobs, "--quiet").exit_code == 0
        )
        outs.append(read_jsonl(out))
    assert outs[0] == outs[1]
    assert [line["id"] for line in outs[0]] == [r["id"] for r in records]


def test_extract_reads_jsonl_from_stdin(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    stdin = "\n".join(json.dumps(r) for r in RECORDS) + "\n"
    result = invoke("extract", "-", "--out", str(out), "--jobs", "1", "--quiet", input=stdin)
    assert result.exit_code == 0
    assert [line["id"] for line in read_jsonl(out)] == ["r1", "r2", "r3"]


def test_ingest_writes_cleaned_articles(tmp_path: Path) -> None:
    src = tmp_path / "story.txt"
    src.write_text(
        "Bridge collapse in Marrow kills three\n\nThree people were killed when a bridge "
        "collapsed in Marrow on Sunday, the mayor said.\n\nRead more\n"
    )
    out = tmp_path / "articles.jsonl"
    assert invoke("ingest", str(src), "--out", str(out), "--quiet").exit_code == 0
    [article] = read_jsonl(out)
    assert "Read more" not in article["text"]
    assert "bridge collapsed in Marrow" in article["text"]
    assert any(r["text"] == "Read more" for r in article["removed"])


def test_report_html_escapes_article_text(tmp_path: Path) -> None:
    src = tmp_path / "evil.jsonl"
    evil = {
        "id": "evil",
        "title": "Attack <script>alert(1)</script> in Dorne",
        "outlet": "Test Herald",
        "published": "2025-01-02",
        "text": "Attack <script>alert(1)</script> in Dorne\n\nGunmen killed six people "
        "<img src=x onerror=alert(2)> in Dorne on Tuesday, police said.",
    }
    write_records(src, [evil])
    out = tmp_path / "out"
    assert invoke("run", str(src), "--out", str(out), "--jobs", "1", "--quiet").exit_code == 0
    html = (out / "report.html").read_text()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html or "&lt;img" in html


def test_unknown_policy_is_a_usage_error(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("Two people died in the flood, police said.\n")
    result = invoke("run", str(good), "--out", str(tmp_path / "out"), "--policy", "nope")
    assert result.exit_code == 2
    assert "--policy nope" in result.output
