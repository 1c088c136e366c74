"""`add` in any batches, in any order of batches, stores what one `run` over the same
articles writes, including cleaning's corpus step (lines an outlet repeats across its
stories are boilerplate only once enough stories are seen)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from corpus import write_jsonl
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from newstally.pipeline import add_to_store, export_from_store, run
from newstally.settings import Settings

# A sign-off the Ridge Courier prints under every story. It holds a figure ("300 displaced
# families"), so whether cleaning removes it changes the figures too.
SIGN_OFF = "The Courier winter appeal has housed 300 displaced families since the storms."
# Five different incidents, told in different words (cleaning tells stories apart by
# their words; versions of one story count once).
EVENTS = [
    (
        "Ferry capsized in Tallow Bay",
        "2031-02-02",
        "A crowded ferry capsized near Tallow Bay harbour on Saturday and killed 4 passengers, "
        "the coastguard said. Divers recovered wreckage beneath the breakwater overnight.",
    ),
    (
        "Bridge collapse at Orrin Ford",
        "2031-02-05",
        "An ageing railway viaduct at Orrin Ford gave way during Tuesday's rush hour, killing "
        "2 motorists, according to highway engineers. Inspectors blamed corroded girders.",
    ),
    (
        "Landslide on Mallet Hill",
        "2031-02-09",
        "Torrential rain loosened a slope above Mallet Hill village; the landslide buried "
        "three cottages and killed 7 residents, municipal authorities confirmed on Friday.",
    ),
    (
        "Bakery explosion in Quarry End",
        "2031-02-14",
        "A leaking cylinder ignited inside a Quarry End bakery before dawn, injuring 11 "
        "customers queueing for bread, paramedics reported. Firefighters sealed the street.",
    ),
    (
        "School bus overturned near Wenlow",
        "2031-02-20",
        "A school minibus skidded off an icy mountain pass outside Wenlow on Monday, killing 5 "
        "pupils, regional education officials announced. Parents gathered at the clinic.",
    ),
]


def courier(n: int) -> dict[str, Any]:
    title, day, text = EVENTS[n]
    return {
        "id": f"courier-{n}",
        "outlet": "Ridge Courier",
        "url": f"https://ridgecourier.example/news/{n}",
        "published": day,
        "title": title,
        "text": f"{text}\n\n{SIGN_OFF}",
    }


ARTICLES = [courier(n) for n in range(len(EVENTS))] + [
    {
        "id": "gazette-1",
        "outlet": "Valley Gazette",
        "url": "https://valleygazette.example/ferry",
        "published": "2031-02-03",
        "title": "Ferry disaster in Tallow Bay",
        "text": (
            "The ferry that capsized in Tallow Bay on Saturday killed 4 passengers, the "
            "district police chief said, and 9 were rescued from the water."
        ),
    }
]


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def exported(db: Path, what: str, tmp: Path) -> list[dict]:
    out = tmp / f"{what}.jsonl"
    export_from_store(db, what, "jsonl", out, {})
    return jsonl(out)


def one_run(inputs: list[dict] | list[str], tmp: Path) -> dict[str, list[dict]]:
    """What one `run` writes over the given input files (or records, written as one)."""
    tmp.mkdir(parents=True, exist_ok=True)
    out = tmp / "run"
    if inputs and isinstance(inputs[0], dict):
        inputs = [str(write_jsonl(tmp / "all.jsonl", inputs))]
    run(inputs, out, Settings(jobs=1))
    stories = json.loads((out / "stories.json").read_text())["stories"]
    return {
        "articles": jsonl(out / "articles.jsonl"),
        "figures": jsonl(out / "figures.jsonl"),
        "stories": stories,
    }


RECLEANED: list[int] = []  # stored articles cleaned again, per `add` of the last `added`


def added(batches: list[list[dict]], tmp: Path) -> tuple[Path, list[str]]:
    """A store built by one `add` per batch (each batch a file), and the files."""
    db, files = tmp / "desk.db", []
    RECLEANED.clear()
    for n, records in enumerate(batches):
        files.append(str(write_jsonl(tmp / f"batch{n}.jsonl", records)))
        stats, _ = add_to_store(files[-1:], db, Settings(jobs=1))
        RECLEANED.append(stats.recleaned)
    return db, files


def without_origin(records: list[dict]) -> dict[str, dict]:
    """Records by id, without the input they were read from."""
    return {r["id"]: {k: v for k, v in r.items() if k != "origin"} for r in records}


def assert_same_as_run(db: Path, reference: dict[str, list[dict]], tmp: Path) -> None:
    for what in ("articles", "figures", "stories"):
        assert exported(db, what, tmp) == reference[what], what


def test_the_sign_off_is_boilerplate_only_across_enough_stories(tmp_path: Path) -> None:
    reference = one_run(ARTICLES, tmp_path)
    courier_text = reference["articles"][0]["text"]
    assert SIGN_OFF not in courier_text  # removed as repeated by one run over all
    assert not any("300" in f["sentence"] for f in reference["figures"])
    alone = one_run(ARTICLES[:2], tmp_path / "two")
    assert SIGN_OFF in alone["articles"][0]["text"]  # two stories: not boilerplate yet


@pytest.mark.parametrize(
    "cuts",
    [
        [2, 4],  # three batches in input order
        [1],  # the first article alone, then the rest
        [3],
    ],
)
def test_batches_clean_and_extract_as_one_run(tmp_path: Path, cuts: list[int]) -> None:
    bounds = [0, *cuts, len(ARTICLES)]
    batches = [ARTICLES[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    db, files = added(batches, tmp_path)
    # When the first batch holds fewer than 3 of the Courier's stories, its sign-off is
    # kept at first, then removed once later batches show it under more stories.
    assert RECLEANED[0] == 0 and sum(RECLEANED) == (cuts[0] if cuts[0] < 3 else 0)
    assert_same_as_run(db, one_run(files, tmp_path), tmp_path)
    # The full-text index follows the texts cleaned again: the sign-off's words are gone.
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    hits = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
    assert conn.execute(hits, ("housed",)).fetchone()[0] == 0
    assert conn.execute(hits, ("Wenlow",)).fetchone()[0] == 1
    conn.close()
    # The same inputs again, in one batch: nothing new, nothing cleaned again.
    stats, known = add_to_store(
        [str(write_jsonl(tmp_path / "again.jsonl", ARTICLES))], db, Settings(jobs=1)
    )
    assert (stats.articles, known) == (0, len(ARTICLES))
    revisions = sqlite3.connect(db).execute("SELECT max(revision) FROM articles").fetchone()[0]
    assert revisions == 1


def test_batches_in_another_order_give_the_same_records(tmp_path: Path) -> None:
    """Batches in reverse order store what one run over the articles in that order
    writes, and (as sets) what one run in input order writes."""
    order = list(reversed(ARTICLES))
    db, files = added([order[:2], order[2:4], order[4:]], tmp_path)
    assert_same_as_run(db, one_run(files, tmp_path / "reversed"), tmp_path)
    forward = one_run(ARTICLES, tmp_path / "forward")
    assert without_origin(exported(db, "articles", tmp_path)) == without_origin(forward["articles"])
    assert without_origin(exported(db, "figures", tmp_path)) == without_origin(forward["figures"])
    assert exported(db, "stories", tmp_path) == forward["stories"]


def test_a_store_of_an_older_schema_is_cleaned_as_before(tmp_path: Path) -> None:
    """Articles stored without a cleaning state (schema 1) are kept as stored and take
    no part in the replay; new articles are added around them."""
    db, _ = added([ARTICLES[:2]], tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE articles SET cleaning = NULL, raw_hash = NULL")
    conn.commit()
    before = conn.execute("SELECT record FROM articles ORDER BY seq").fetchall()
    conn.close()
    add_to_store([str(write_jsonl(tmp_path / "b.jsonl", ARTICLES[2:]))], db, Settings(jobs=1))
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT record FROM articles ORDER BY seq").fetchall()
    assert rows[:2] == before
    assert len(rows) == len(ARTICLES)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@settings(
    max_examples=4,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # an example costs seconds: no shrinking
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    order=st.permutations(range(len(ARTICLES))),
    cuts=st.lists(st.integers(1, len(ARTICLES) - 1), max_size=2, unique=True).map(sorted),
)
def test_any_batching_of_any_order_equals_one_run(tmp_path_factory, order, cuts) -> None:
    tmp = tmp_path_factory.mktemp("any")
    records = [ARTICLES[i] for i in order]
    bounds = [0, *cuts, len(records)]
    db, files = added([records[a:b] for a, b in zip(bounds, bounds[1:], strict=False)], tmp)
    assert_same_as_run(db, one_run(files, tmp), tmp)
