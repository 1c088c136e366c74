"""JSON Lines reader: records, bad lines, over-long lines, standard input."""

from __future__ import annotations

import io
import json
import sys

from newstally.settings import Settings

GOOD = {
    "id": "gazette-1",
    "title": "Fire at Hollin sawmill",
    "outlet": "Valley Gazette",
    "url": "https://valleygazette.example/sawmill-fire",
    "published": "2024-06-01T10:00:00Z",
    "text": "A fire destroyed the sawmill at Hollin.\n\nFour workers were hurt.",
}
HTML_RECORD = {
    "url": "https://www.reuters.com/world/sawmill",
    "html": "<html><body><article><h1>Sawmill fire</h1>"
    "<p>Four workers were hurt in a fire at the Hollin sawmill on Saturday.</p>"
    "</article></body></html>",
}


def write_lines(path, lines: list[str | bytes]) -> None:
    with path.open("wb") as fh:
        for line in lines:
            fh.write(line if isinstance(line, bytes) else line.encode("utf-8"))
            fh.write(b"\n")


def test_records(tmp_path, read):
    path = tmp_path / "batch.jsonl"
    write_lines(path, [json.dumps(GOOD), "", json.dumps(HTML_RECORD)])
    articles, failures = read(path)
    assert failures == []
    first, second = articles
    assert (first.id, first.origin, first.outlet) == ("gazette-1", f"{path}:1", "Valley Gazette")
    assert first.published == "2024-06-01T10:00:00+00:00"
    assert first.text == GOOD["text"]
    assert second.origin == f"{path}:3"
    assert second.outlet == "Reuters"  # from the URL's domain
    assert second.id.startswith("batch-3-")
    assert "Four workers were hurt" in second.text


def test_bad_lines_are_reported_and_others_read(tmp_path, read):
    path = tmp_path / "mixed.jsonl"
    write_lines(
        path,
        [
            json.dumps(GOOD),
            "{not json",
            "[1, 2, 3]",
            json.dumps({"id": "x", "title": "no text"}),
            json.dumps({"id": 7, "text": "Numeric ids become strings."}),
            json.dumps({"text": 42}),
            b'{"text": "bad \xff byte"}',
        ],
    )
    articles, failures = read(path)
    assert [a.id for a in articles] == ["gazette-1", "7"]
    reasons = {f.input: f.reason for f in failures}
    assert reasons[f"{path}:2"].startswith("invalid JSON (")
    assert reasons[f"{path}:3"] == "not a JSON object (got list)"
    assert reasons[f"{path}:4"] == "no 'text' or 'html' field"
    assert reasons[f"{path}:6"] == "field 'text' is not a string"
    assert reasons[f"{path}:7"].startswith("not valid UTF-8 text")
    assert len(failures) == 5


def test_fifty_megabyte_line_is_refused_without_loading_it(tmp_path, read):
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as fh:
        fh.write(json.dumps(GOOD).encode() + b"\n")
        fh.write(b'{"text": "')
        chunk = b"x" * (1 << 20)
        for _ in range(50):
            fh.write(chunk)
        fh.write(b'"}\n')
        fh.write(json.dumps({**GOOD, "id": "gazette-3"}).encode() + b"\n")
    articles, failures = read(path)
    assert [a.id for a in articles] == ["gazette-1", "gazette-3"]
    [failure] = failures
    assert failure.input == f"{path}:2"
    assert failure.reason == f"line too long (more than {Settings().max_input_bytes} bytes)"


def test_duplicate_ids_are_reported(tmp_path, read):
    path = tmp_path / "dupes.jsonl"
    write_lines(path, [json.dumps(GOOD), json.dumps(GOOD)])
    articles, failures = read(path)
    assert len(articles) == 1
    assert failures[0].input == f"{path}:2"
    assert "duplicate article id 'gazette-1'" in failures[0].reason


def test_stdin(monkeypatch, read):
    data = (json.dumps(GOOD) + "\n" + "oops\n").encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    articles, failures = read("-")
    assert [(a.id, a.origin) for a in articles] == [("gazette-1", "-:1")]
    assert [f.input for f in failures] == ["-:2"]
    assert not sys.stdin.closed


def test_stdin_as_text_stream(monkeypatch, read):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(GOOD) + "\n"))
    articles, failures = read("-")
    assert [a.id for a in articles] == ["gazette-1"] and failures == []


def test_empty_jsonl(tmp_path, read):
    path = tmp_path / "nothing.jsonl"
    path.write_text("\n\n")
    articles, failures = read(path)
    assert articles == [] and failures[0].reason == "empty file"


def test_limits_reject_one_record_and_keep_its_neighbours(tmp_path, read):
    path = tmp_path / "limits.jsonl"
    write_lines(
        path,
        [
            "[" * 50_000 + "]" * 50_000,
            json.dumps({"id": "a", "text": "One hurt.", "nest": [[[[{"x": 1}]]]]}),
            '{"id": "n", "text": ' + "9" * 5_000 + "}",
            json.dumps({"id": "b", "text": "Two hurt."}),
            json.dumps({"id": "t", "title": "t" * 20_000, "text": "x"}),
            json.dumps({"id": "c", "text": "Three hurt, [ { brackets in text"}),
        ],
    )
    articles, failures = read(path)
    assert [a.id for a in articles] == ["a", "b", "c"]
    reasons = {f.input: f.reason for f in failures}
    assert reasons[f"{path}:1"] == "nested too deeply (more than 32 levels)"
    assert reasons[f"{path}:3"].startswith("invalid JSON (")
    assert reasons[f"{path}:5"] == "field 'title' too large (20000 characters > 10000)"


def test_lone_surrogates_and_nuls_are_replaced_with_a_note(tmp_path, read):
    path = tmp_path / "odd.jsonl"
    write_lines(
        path,
        [
            '{"title": "Bad \\ud800 title", "text": "Two \\u0000hurt \\udfff in Tarn."}',
            json.dumps({"id": "b", "text": "Three \x1b[31mhurt."}),
        ],
    )
    [first, second], failures = read(path)
    assert failures == []
    assert first.title == "Bad \ufffd title"
    assert first.text == "Two hurt \ufffd in Tarn."
    assert first.id.startswith("odd-1-")
    assert [r.reason for r in first.removed] == ["invalid-characters"]
    assert second.text == "Three hurt."
