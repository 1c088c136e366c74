"""A folder of hostile inputs beside good reports, generated at test time.

Every good report carries a marker word of its own (``MARKERS``); a run keeps every good
report when each marker is found in some article of ``articles.jsonl``. Bad inputs are
built from the good records (cut, corrupted, nested, mixed with garbage) or are special
files (a FIFO, a socket, links to devices). ``BAD`` names every input that must be listed
in the manifest's failures.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import socket
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def report(marker: str, place: str, killed: int, injured: int) -> str:
    """A short report of our own with a marker word found nowhere else."""
    return (
        f"Attack in {place} leaves {killed} dead, officials say\n\n"
        f"Gunmen killed {killed} people in an attack on a market in {place} on Tuesday, "
        f"the regional governor said. Another {injured} people were wounded.\n\n"
        f"Residents said the {marker} bridge near the market was closed after the attack. "
        f"Police said they had arrested 3 suspects."
    )


def page(marker: str, place: str, killed: int, injured: int) -> str:
    title, *paragraphs = report(marker, place, killed, injured).split("\n\n")
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title></head>\n<body><article><h1>{title}</h1>\n{body}"
        "</article></body></html>\n"
    )


def warc_record(marker: str, place: str, killed: int, injured: int) -> bytes:
    """One gzipped WARC response record holding a page."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    body = page(marker, place, killed, injured).encode()
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        f"https://news.example/{marker.lower()}.html",
        "response",
        payload=io.BytesIO(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Record-ID": f"<urn:uuid:{uuid.UUID(int=len(marker))}>"},
    )
    writer.write_record(record)
    return out.getvalue()


def feed(items: list[tuple[str, str, int, int]]) -> str:
    entries = "".join(
        f"<item><title>Report {i}</title><link>https://wire.example/{i}</link>"
        f"<description>{report(*item).replace(chr(10), ' ')}</description></item>\n"
        for i, item in enumerate(items)
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n<rss version='2.0'><channel>"
        f"<title>Wire</title><link>https://wire.example/</link>\n{entries}</channel></rss>\n"
    )


@dataclass
class Corpus:
    root: Path
    markers: list[str] = field(default_factory=list)  # one per good record
    bad: list[str] = field(default_factory=list)  # names (relative) that must fail

    def good(self, marker: str, place: str, killed: int, injured: int) -> tuple:
        self.markers.append(marker)
        return marker, place, killed, injured


def build(root: Path, *, heavy: bool = True) -> Corpus:
    """Write the hostile folder into ``root`` (created); ``heavy`` adds the large inputs
    (a long list of numbers, a number table, a big feed, deep HTML)."""
    root.mkdir(parents=True, exist_ok=True)
    c = Corpus(root)
    w = root.joinpath

    # --- good inputs of every kind
    w("alpha.txt").write_text(report(*c.good("Alphorn", "Dorvel", 12, 30)))
    w("alpha.meta.json").write_text(json.dumps({"outlet": "The Tester", "title": "Alpha"}))
    w("bravo.html").write_text(page(*c.good("Bravado", "Kessin", 7, 9)))
    good_lines = [
        {"id": "rec-1", "title": "One", "text": report(*c.good("Jolliet", "Marn", 4, 8))},
        {
            "id": "rec-2",
            "title": "Bad \ud800 title",
            "text": report(*c.good("Surro", "Vell", 5, 6)),
        },
        {"title": "no id \udfff", "text": report(*c.good("Nodeep", "Ostra", 9, 2))},
        {"id": "rec-4", "text": "NUL\u0000 in text. " + report(*c.good("Nullo", "Prax", 3, 1))},
    ]
    lines = [json.dumps(r) for r in good_lines]
    lines.insert(1, "[" * 100_000 + "]" * 100_000)  # deeply nested
    lines.insert(3, json.dumps({"id": "huge", "text": "x " * 3_000_000}))  # huge value
    lines.insert(4, '{"id": "bigint", "text": ' + "9" * 50_000 + "}")
    lines.insert(5, '{"id": "broken", "text": "unterminated')
    lines.insert(6, json.dumps({"id": "long-title", "title": "t" * 200_000, "text": "x"}))
    lines.append(json.dumps(["not", "an", "object"]))
    w("records.jsonl").write_text("\n".join(lines) + "\n")
    c.bad += [f"records.jsonl:{n}" for n in (2, 5, 6, 7, 10)]
    w("wire.xml").write_text(
        feed([c.good("Feedmark", "Tarsk", 6, 11), c.good("Feedtwo", "Ulmo", 2, 14)])
    )

    # --- WARC: a good record after a corrupt one
    r1 = warc_record(*c.good("Warcone", "Belgo", 8, 3))
    r2 = warc_record(*c.good("Warctwo", "Cantor", 10, 20))
    r3 = warc_record(*c.good("Warcthree", "Dulse", 11, 21))
    corrupt = bytearray(gzip.compress(r2))
    corrupt[len(corrupt) // 2 : len(corrupt) // 2 + 40] = b"\x00" * 40
    w("crawl.warc.gz").write_bytes(gzip.compress(r1) + bytes(corrupt) + gzip.compress(r3))
    c.markers.remove("Warctwo")
    c.bad.append("crawl.warc.gz")
    r4 = warc_record(*c.good("Plainone", "Eskar", 13, 5))
    r5 = warc_record(*c.good("Plaintwo", "Fenn", 14, 6))
    w("plain.warc").write_bytes(r4 + b"garbage between records\r\n" * 10 + r5)
    c.bad.append("plain.warc")

    # --- gzip with trailing garbage, and a truncated gzip
    packed = gzip.compress(report(*c.good("Gzipper", "Halm", 15, 7)).encode())
    w("trailing.txt.gz").write_bytes(packed + b"this is not gzip data at all")
    tail = "\n\n" + " ".join(f"w{i * 7919 % 100_003}" for i in range(20_000))
    whole = gzip.compress((report(*c.good("Cutgz", "Irvo", 16, 8)) + tail).encode())
    w("cut.txt.gz").write_bytes(whole[: len(whole) // 2])

    # --- text with control characters and terminal sequences, odd file names
    controls = report(*c.good("Controlo", "Jusk", 17, 9)).replace(" the ", " the \x07\x1b[2J")
    w("controls.txt").write_text("\x1b]0;owned\x07" + controls + "\x00\x01")
    os.mkdir(os.fsencode(root) + b"/latin")
    name = os.fsencode(root) + b"/latin/caf\xe9 report.txt"
    Path(os.fsdecode(name)).write_text(report(*c.good("Latino", "Kiro", 18, 4)))
    w("\x1b[31mred\x1b[0m.txt").write_text(report(*c.good("Escaper", "Lume", 19, 3)))
    w("\x1b[2J[bold]wipe.txt").write_bytes(b"\x00" * 100)
    c.bad.append("\x1b[2J[bold]wipe.txt")

    # --- special files: a FIFO, a socket, links to devices, a symlink to a good file
    os.mkfifo(w("pipe.txt"))
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(w("sock.txt")))
    sock.close()
    os.symlink("/dev/zero", w("zero.txt"))
    os.symlink("/dev/null", w("null.txt"))
    os.symlink(w("alpha.txt"), w("alpha_link.txt"))
    c.bad += ["pipe.txt", "sock.txt", "zero.txt", "null.txt", "alpha_link.txt"]

    # --- plainly broken inputs
    w("binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    w("empty.html").write_bytes(b"")
    w("latin_junk.txt").write_bytes(b"\xff\xfe\xfd" * 100 + b"\x00" * 3)
    w("broken.xml").write_text("<?xml version='1.0'?><rss><channel><item><title>x")
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    )
    w("laughs.xml").write_text(
        f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'
        "<rss version='2.0'><channel><item><description>&l9;</description></item>"
        "</channel></rss>"
    )
    w("records_copy.jsonl").write_text(json.dumps(good_lines[0]) + "\n")
    w("bad.meta.json").write_text("{not json")
    w("bad.txt").write_text(report(*c.good("Metabad", "Mosk", 20, 2)))
    c.bad += ["binary.txt", "empty.html", "latin_junk.txt", "broken.xml"]
    c.bad += ["records_copy.jsonl:1", "bad.meta.json"]

    if heavy:
        numbers = ", ".join(str(i) for i in range(400_000))
        w("numbers.txt").write_text("Figures: " + numbers + ".")
        row = " | ".join(f"{i} killed" for i in range(12))
        w("table.txt").write_text("\n".join(f"{n}: {row}" for n in range(20_000)))
        deep = "<div>" * 200_000 + "deep" + "</div>" * 200_000
        w("deep.html").write_text(
            f"<html><body>{deep}{page('Deepmark', 'Nox', 1, 2)}</body></html>"
        )
        w("bigfeed.xml").write_text(feed([("Bulk", f"Town{i}", i, i) for i in range(10_000)]))
    return c


def run_newstally(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """``python -m newstally ARGS`` as a user runs it; output decoded as UTF-8, lossily."""
    return subprocess.run(
        [sys.executable, "-m", "newstally", *args],
        cwd=cwd,
        capture_output=True,
        timeout=timeout,
        text=True,
        errors="replace",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
