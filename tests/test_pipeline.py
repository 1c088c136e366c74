"""The per-article stages over a stream: order, failures in place, worker processes."""

from __future__ import annotations

import gc

from newstally.model import Article, Failure
from newstally.pipeline import analyse, extract_line
from newstally.settings import Settings

TEXTS = [
    "Flooding along the Varra river killed 12 people on Monday, the regional governor said.",
    "The town council met on Tuesday to discuss the new library budget.",
    "At least 30 passengers were injured when a bus overturned near Keltmoor, police said.",
]


def articles(n: int) -> list[Article | Failure]:
    items: list[Article | Failure] = [
        Article(id=f"a{i}", origin=f"a{i}", text=TEXTS[i % len(TEXTS)]) for i in range(n)
    ]
    items.insert(2, Failure("broken.html", "ingest: not HTML"))
    return items


def test_failures_keep_their_place_and_jobs_do_not_change_results() -> None:
    one = list(analyse(articles(7), Settings(jobs=1), finish=extract_line))
    two = list(analyse(articles(7), Settings(jobs=2), finish=extract_line))
    assert isinstance(one[2], Failure) and isinstance(two[2], Failure)
    assert [x.line for x in one if not isinstance(x, Failure)] == [
        x.line for x in two if not isinstance(x, Failure)
    ]
    assert [x.figures for x in one if not isinstance(x, Failure)] == [1, 0, 1, 1, 0, 1, 1]


def test_worker_pool_leaves_the_garbage_collector_as_it_found_it() -> None:
    assert gc.get_freeze_count() == 0
    list(analyse(articles(4), Settings(jobs=2), finish=extract_line))
    assert gc.get_freeze_count() == 0


def test_one_process_settles_the_collector_while_analysing_and_restores_it_after() -> None:
    threshold = gc.get_threshold()
    stream = analyse(articles(4), Settings(jobs=1), finish=extract_line)
    first = next(stream)
    # while the stream runs: what existed once the model was loaded is frozen
    assert not isinstance(first, Failure)
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[0] > threshold[0]
    rest = list(stream)
    assert len(rest) == 4
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == threshold


def test_a_stream_of_failures_alone_leaves_the_collector_alone() -> None:
    threshold = gc.get_threshold()
    stream = analyse([Failure("broken.html", "ingest: not HTML")], Settings(jobs=1))
    assert isinstance(next(stream), Failure)
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == threshold
    assert list(stream) == []


STORY = (
    "Gunmen killed four people at a market in Tarvik on Monday, police said.\n\n"
    '"We heard shots and ran," said Mara Quell, a trader. She said the attack lasted '
    "ten minutes.\u00a0According to the regional governor, 11 people were wounded.\n\n"
    "The market was closed on Tuesday. Officials said it would reopen next week."
)


def test_shared_parses_give_the_statements_and_figures_each_stage_finds_alone() -> None:
    from dataclasses import replace

    from newstally.attribution import statements_for_article
    from newstally.figures import extract_article
    from newstally.nlp import load_nlp

    nlp = load_nlp()
    items = [Article(id=f"s{i}", origin=f"s{i}", text=t) for i, t in enumerate([STORY, *TEXTS])]
    together = [
        a for a in analyse([replace(a) for a in items], Settings(jobs=1), with_statements=True)
    ]
    for article, done in zip(items, together, strict=True):
        alone = extract_article(replace(article), nlp)
        assert [f.to_record() for f in done.figures] == [f.to_record() for f in alone.figures]
        expected = statements_for_article(article, nlp)
        assert [s.to_record() for s in done.statements] == [s.to_record() for s in expected]
    assert any(a.statements for a in together) and any(a.figures for a in together)


def test_run_manifest_says_where_the_time_went(tmp_path) -> None:
    import orjson

    from newstally.pipeline import run

    source = tmp_path / "in.jsonl"
    source.write_bytes(
        b"".join(orjson.dumps({"id": f"a{i}", "text": t}) + b"\n" for i, t in enumerate(TEXTS))
    )
    threshold = gc.get_threshold()
    run([str(source)], tmp_path / "out", Settings(jobs=1))
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == threshold
    manifest = orjson.loads((tmp_path / "out" / "manifest.json").read_bytes())
    stages = manifest["stage_seconds"]
    for stage in ("read and clean", "figures", "statements", "group stories", "write reports"):
        assert stage in stages and stages[stage] >= 0
    assert sum(stages.values()) <= manifest["seconds"] + 1


def test_an_article_whose_cleaning_fails_is_kept_and_noted_in_the_manifest(
    tmp_path, monkeypatch
) -> None:
    import orjson

    import newstally.clean as clean
    from newstally.pipeline import run

    real = clean.clean_lines

    def fails_on_one(text, **kwargs):
        if "Brokenclean" in text:
            raise ValueError("a cleaning rule broke")
        return real(text, **kwargs)

    # Fault injection: the cleaner itself is real; one article makes it raise.
    monkeypatch.setattr(clean, "clean_lines", fails_on_one)
    source = tmp_path / "in.jsonl"
    records = [{"id": "good", "text": TEXTS[0]}, {"id": "bad", "text": "Brokenclean. " + TEXTS[1]}]
    source.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    run([str(source)], tmp_path / "out", Settings(jobs=1))
    lines = (tmp_path / "out" / "articles.jsonl").read_bytes().splitlines()
    assert [orjson.loads(line)["id"] for line in lines] == ["good", "bad"]
    manifest = orjson.loads((tmp_path / "out" / "manifest.json").read_bytes())
    assert manifest["counts"]["articles"] == 2
    noted = [n for n in manifest["notes"] if "cleaning failed" in n["note"]]
    assert len(noted) == 1 and "a cleaning rule broke" in noted[0]["note"]
