"""Fixtures for the Dask tests: a generated corpus and one LocalCluster shared by them."""

from __future__ import annotations

import os
import random
from pathlib import Path

import orjson
import pytest

OUTLETS = (
    ("The Harbor Ledger", "harborledger.example", "Follow the Harbor Ledger for live updates."),
    ("Daily Kestrel", "kestrel.example", "Sign up for the Daily Kestrel morning briefing."),
    ("Northgate Wire", "northgatewire.example", "Northgate Wire is an independent newsroom."),
    ("Radio Meridian", "meridian.example", "Listen to Radio Meridian at 7 every evening."),
)
PLACES = ("Velmora", "Ostrava Bay", "Kel Tamar", "Pirnau", "Sundvik", "Arlo Cross", "Tessin")
EVENTS = (
    ("flood", "Floods in {place} killed {killed} people and injured {injured}, officials said."),
    ("attack", "Gunmen killed {killed} villagers in {place}, police said; {injured} were hurt."),
    ("crash", "A bus crash near {place} killed {killed} passengers and injured {injured}."),
    ("fire", "A fire at a market in {place} killed {killed} people, the fire service said."),
)
FILLER = (
    "Residents described scenes of confusion as rescue teams arrived.",
    "The regional governor promised an inquiry and support for the families.",
    "Aid groups said shelters in the area were already full.",
    "Local radio reported that roads into the town remained closed on Tuesday.",
    "A spokesman for the health ministry said hospitals were coping.",
)


def event_sentence(event: int) -> str:
    """Words of one event alone (made up), so that cleaning tells events' stories apart
    and learns each outlet's sign-off as repeated across stories."""
    rng = random.Random(event)
    words = [
        "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(4))
        for _ in range(8)
    ]
    return (
        f"The {words[0]} council and the {words[1]} {words[2]} met at {words[3].title()} "
        f"with {words[4]} {words[5]} after the {words[6]} {words[7]}."
    )


def write_corpus(directory: Path, articles: int, seed: int = 21) -> list[Path]:
    """``articles`` articles of our own about a few dozen events, each outlet signing off
    with its own line (boilerplate that cleaning removes across stories), as three JSONL
    files and a folder of text files."""
    rng = random.Random(seed)
    records = []
    for i in range(articles):
        event = i % 36
        kind, sentence = EVENTS[event % len(EVENTS)]
        place = PLACES[event % len(PLACES)]
        name, host, footer = OUTLETS[rng.randrange(len(OUTLETS))]
        killed = 3 + event + rng.choice((0, 0, 1, 2))
        injured = 10 + 2 * event + rng.choice((0, 3))
        body = [sentence.format(place=place, killed=killed, injured=injured)]
        body.append(event_sentence(event))
        body.append(rng.choice(FILLER))
        body.append(footer)
        records.append(
            {
                "id": f"gen-{i:04d}",
                "title": f"{kind.title()} in {place}: {killed} dead",
                "outlet": name,
                "url": f"https://{host}/news/{kind}-{place.lower().replace(' ', '-')}-{i}",
                "published": f"2025-03-{1 + event % 27:02d}",
                "text": "\n\n".join(body),
            }
        )
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    third = len(records) // 3
    for n, part in enumerate((records[:third], records[third : 2 * third])):
        path = directory / f"batch{n}.jsonl"
        path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in part))
        paths.append(path)
    texts = directory / "texts"
    texts.mkdir(exist_ok=True)
    for record in records[2 * third :]:
        path = texts / f"{record['id']}.txt"
        path.write_text(f"{record['title']}\n\n{record['text']}\n", encoding="utf-8")
    paths.append(texts)
    return paths


def warc_records(count: int, gzip: bool, html: bool = True) -> list[bytes]:
    """``count`` response records of our own (HTML pages about made-up floods, or images),
    one per gzip member, with a request record before every third."""
    from warc_bytes import make_warc

    kind = "text/html; charset=utf-8" if html else "image/png"
    records = []
    for i in range(count):
        uri = f"https://riverpost.example/news/flood-{i}"
        date = f"2025-04-{1 + i % 28:02d}T08:00:00Z"
        page = (
            f"<html><head><title>Flood {i} in Marl</title></head><body><article>"
            f"<h1>Flood {i} in Marl</h1><p>Floods in Marl district killed {i + 2} people "
            f"on Sunday, the district office said.</p><p>Rescue boats reached {i + 10} "
            "families cut off by the water, according to the river authority.</p>"
            "</article></body></html>"
        ).encode()
        request = [("request", uri, date, "", b"GET /")] if i % 3 == 0 else []
        records.append(make_warc([*request, ("response", uri, date, kind, page)], gzip=gzip))
    return records


@pytest.fixture(scope="package")
def cluster():
    """A real LocalCluster of two worker processes, shared by the tests that need one.
    Closed when tests/scale ends: later tests fork (`run --jobs 2`), and a fork beside
    the client's threads can inherit a held lock."""
    distributed = pytest.importorskip("distributed")
    import logging

    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as local,
        distributed.Client(local) as client,
    ):
        yield local, client


def worker_pids(client) -> dict[str, int]:
    return client.run(os.getpid)
