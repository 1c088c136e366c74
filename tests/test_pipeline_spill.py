"""`newstally run` with its analysed articles and stories kept on disk (issue 19, flat
memory): the outputs are those of the whole set held in memory, the spill goes with the
run, and what the later stages read back is what was analysed."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from newstally import pipeline
from newstally.model import SCHEMA, Article
from newstally.pipeline import (
    SpilledStories,
    _Spill,
    _write_stories_json,
    analyse,
    ingest,
    run,
    stories_for,
    write_json,
)
from newstally.report import (
    render_report_html,
    render_report_markdown,
    report_counts,
    story_record,
    write_report_html,
    write_report_markdown,
    write_reports,
)
from newstally.settings import Settings
from newstally.stories import group_articles
from newstally.stories.batch import group_records, grouping_record

OUTPUTS = ("stories.json", "articles.jsonl", "figures.jsonl", "report.md", "report.html")


@pytest.fixture(scope="module")
def analysed(examples_dir) -> list[Article]:
    settings = Settings(jobs=1)
    return [
        a
        for a in analyse(ingest([str(examples_dir)], settings), settings, with_statements=True)
        if isinstance(a, Article)
    ]


@pytest.fixture(scope="module")
def in_memory(analysed, tmp_path_factory) -> tuple[Path, list]:
    """stories.json and the reports as the whole set held in memory gives them."""
    out = tmp_path_factory.mktemp("in-memory")
    briefs: dict = {}
    stories = stories_for(analysed, Settings(jobs=1), briefs=briefs)
    write_json(
        out / "stories.json", {"schema": SCHEMA, "stories": [story_record(s) for s in stories]}
    )
    write_reports(stories, {a.id: a for a in analysed}, out, briefs)
    return out, stories


def _spilled_files(where: Path) -> list[str]:
    """This process's open files in ``where`` (the spill has no name: it shows as
    deleted)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(where)):
            found.append(target)
    return found


def test_run_writes_what_the_articles_held_in_memory_give(examples_dir, in_memory, tmp_path):
    expected, stories = in_memory
    stats, got = run([str(examples_dir)], tmp_path / "out", Settings(jobs=1))
    for name in ("stories.json", "report.md", "report.html"):
        assert (tmp_path / "out" / name).read_bytes() == (expected / name).read_bytes(), name
    assert [story_record(s) for s in got] == [story_record(s) for s in stories]
    assert stats.stories == len(got) == len(stories)


def test_the_spill_goes_with_the_run_and_the_stories_with_their_sequence(examples_dir, tmp_path):
    out = tmp_path / "out"
    _, stories = run([str(examples_dir)], out, Settings(jobs=1))
    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUTS, "manifest.json"])
    # Only the stories' own spill is open (it has no name), until they are closed.
    assert len(_spilled_files(out)) == 1 and "(deleted)" in _spilled_files(out)[0]
    assert len(stories) == 3 and stories[0].id == next(iter(stories)).id
    assert isinstance(stories, SpilledStories)
    stories.close()
    assert _spilled_files(out) == []


def test_a_run_that_fails_leaves_no_spill_behind(examples_dir, tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "_spilled_stories", interrupted)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run([str(examples_dir)], out, Settings(jobs=1))
    assert _spilled_files(out) == []
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    manifest = orjson.loads((out / "manifest.json").read_bytes())
    assert manifest["status"] == "interrupted"


def test_a_story_whose_grouping_fails_is_noted_and_the_outputs_are_still_written(
    examples_dir, tmp_path, monkeypatch
):
    import newstally.stories.batch as batch

    def broken(*args, **kwargs):
        raise RuntimeError("grouping broke")

    monkeypatch.setattr(batch, "group_positions", broken)
    out = tmp_path / "out"
    stats, stories = run([str(examples_dir)], out, Settings(jobs=1))
    assert len(stories) == 0 and stats.stories == 0
    assert any("grouping broke" in f.reason for f in stats.failures)
    assert orjson.loads((out / "stories.json").read_bytes()) == {"schema": SCHEMA, "stories": []}
    stories.close()
    assert _spilled_files(out) == []


def test_reconcile_reads_back_the_articles_that_were_analysed(examples_dir, tmp_path, monkeypatch):
    read_back: dict[str, Article] = {}
    real_get = _Spill.get

    def get(self, where):
        found = real_get(self, where)
        if isinstance(found, Article):
            read_back[found.id] = found
        return found

    monkeypatch.setattr(_Spill, "get", get)
    out = tmp_path / "out"
    _, stories = run([str(examples_dir)], out, Settings(jobs=1))
    written = [orjson.loads(line) for line in (out / "figures.jsonl").read_bytes().splitlines()]
    articles = [orjson.loads(line) for line in (out / "articles.jsonl").read_bytes().splitlines()]
    assert sorted(read_back) == sorted(a["id"] for a in articles)
    # Each article read back has the figures written for it, the text written for it.
    for record in articles:
        article = read_back[record["id"]]
        assert article.text == record["text"]
    figures = [f.to_record() for a in read_back.values() for f in a.figures]
    assert sorted(orjson.dumps(f) for f in figures) == sorted(orjson.dumps(f) for f in written)
    # And every figure a story's slot cites is one of them.
    figure_ids = {f["id"] for f in written}
    for story in stories:
        for slot in story.slots:
            assert set(slot.figures) <= figure_ids
    stories.close()


def test_a_spill_gives_back_what_was_put(analysed, tmp_path):
    with _Spill(tmp_path) as spill:
        places = [spill.put(a) for a in analysed]
        for article, where in reversed(list(zip(analysed, places, strict=True))):
            assert spill.get(where) == article
    assert list(tmp_path.iterdir()) == []


def test_spilled_stories_read_in_start_then_id_order(in_memory, tmp_path):
    _, stories = in_memory
    spilled = SpilledStories(tmp_path, list(reversed(stories)))
    spilled.sort()
    assert [s.id for s in spilled] == [s.id for s in stories]
    assert [s.id for s in spilled[1:]] == [s.id for s in stories[1:]]
    assert spilled[-1].id == stories[-1].id and len(spilled) == len(stories)
    assert spilled.counts() == report_counts(stories)
    spilled.close()


@pytest.mark.parametrize("count", [0, 1, 3])
def test_stories_json_written_a_story_at_a_time_is_the_whole_one(in_memory, tmp_path, count):
    _, stories = in_memory
    records = [story_record(s) for s in stories[:count]]
    write_json(tmp_path / "whole.json", {"schema": SCHEMA, "stories": records})
    _write_stories_json(tmp_path / "streamed.json", iter(records))
    assert (tmp_path / "streamed.json").read_bytes() == (tmp_path / "whole.json").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["streamed.json", "whole.json"]


@pytest.mark.parametrize(("count", "full"), [(0, 50), (1, 50), (3, 50), (3, 1), (3, 0)])
def test_reports_written_a_story_at_a_time_are_the_whole_ones(analysed, in_memory, count, full):
    import io

    _, stories = in_memory
    chosen = stories[:count]
    articles = {a.id: a for a in analysed}
    from newstally.report import build_brief_data

    briefs = {s.id: build_brief_data(s, articles) for s in chosen}
    entries = [(s, briefs[s.id]) for s in chosen]
    md = io.StringIO()
    write_report_markdown(md, iter(entries), report_counts(chosen))
    assert md.getvalue() == render_report_markdown(chosen, articles, briefs)
    html = io.StringIO()
    write_report_html(html, iter(entries), report_counts(chosen), lambda _: articles, full)
    assert html.getvalue() == render_report_html(chosen, articles, briefs, full)


def test_grouping_records_give_the_stories_of_the_articles(analysed):
    settings = Settings(jobs=1)
    expected = group_articles(analysed, settings)
    records = [grouping_record(replace(a), settings) for a in reversed(analysed)]
    for record in records:  # nothing of the text, figures or statements is kept
        assert record.article.text == "" and not record.article.figures
        assert not record.article.statements
    got = group_records(records, settings)
    assert [(s, [a.id for a in m]) for s, m in got] == [(s, [a.id for a in m]) for s, m in expected]


def test_a_runs_grouping_records_are_kept_in_its_spill_and_say_where_their_articles_are(
    analysed, tmp_path
):
    settings = Settings(jobs=1)
    with _Spill(tmp_path) as spill:
        records = pipeline._SpilledRecords(spill)
        for article in analysed:
            records.append(grouping_record(article, settings), spill.put(article))
        assert len(records) == len(analysed)
        for n, article in enumerate(analysed):
            assert records[n] == grouping_record(article, settings)
            assert spill.get(records.articles[n]) == article
        got = group_records(records, settings)
        records.clear()
        assert len(records) == 0 and len(records.articles) == 0
    expected = group_articles(analysed, settings)
    assert [(s, [a.id for a in m]) for s, m in got] == [(s, [a.id for a in m]) for s, m in expected]


def test_grouping_records_without_features_are_refused(analysed):
    settings = Settings(jobs=1)
    records = [grouping_record(a, settings, prepared=False) for a in analysed]
    with pytest.raises(ValueError, match="without its features"):
        group_records(records, settings)
