"""Regenerate ``examples/warc/crawl.warc.gz``: two HTML pages as a crawler would store them.

Run with ``.venv/bin/python examples/make_warc.py``. The output is committed too, so the
examples work without running this script; rerun it only after editing the pages below.

Record 1 carries ``article:published_time`` in the page; record 2 has no date in the page
or URL, so readers must fall back to the record's WARC-Date.
"""

from __future__ import annotations

import gzip
import io
import uuid
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).resolve().parent / "warc" / "crawl.warc.gz"

KARSA_UPDATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Karsa attack: death toll rises to 23, ministry says - The Harbor Ledger</title>
<meta property="og:site_name" content="The Harbor Ledger">
<meta property="og:title" content="Karsa attack: death toll rises to 23, ministry says">
<meta property="article:published_time" content="2025-03-15T16:00:00+00:00">
</head>
<body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/subscribe">Subscribe</a></nav>
<article>
<h1>Karsa attack: death toll rises to 23, ministry says</h1>
<p>The death toll from Friday's attack on the market in Karsa rose to 23, Veloria's Interior
Ministry said on Saturday, revising its earlier figure of 12.</p>
<p>More than 50 people were wounded, it said, nine of them seriously.</p>
<p>The governor of Dunmore province, Ilse Marrow, had said on Friday that at least 30 people
were killed. She repeated on Saturday that the official count was too low.</p>
<p>The 7 traders kidnapped by the gunmen have not been found. Funerals for the first victims
were held in Karsa on Saturday afternoon.</p>
</article>
<footer><p>Share this article: Facebook Twitter Email</p>
<p>&copy; 2025 The Harbor Ledger</p></footer>
</body>
</html>
"""

TAVROS_SURVIVORS = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Tavros quake survivors spend the night in the cold | Radio Meridian</title>
<meta property="og:site_name" content="Radio Meridian">
</head>
<body>
<nav><a href="/">Radio Meridian</a> <a href="/listen">Listen live</a> <a href="/news">News</a></nav>
<article>
<h1>Tavros quake survivors spend the night in the cold</h1>
<p>Thousands of people in the Tavros region spent the night outdoors after the earthquake that
destroyed houses in the villages north of Lusk.</p>
<p>The national emergency service said nine people had died and 60 were injured. Dr Tomas Brenn,
a senior official at Lusk Regional Hospital, told Radio Meridian that at least 11 people had
died.</p>
<p>Around 2,000 people were displaced. Fourteen people were still missing on Sunday morning,
the emergency service said.</p>
</article>
<footer><p>A message from Radio Meridian: support independent radio.</p></footer>
</body>
</html>
"""

# (target URI, WARC-Date, page)
PAGES: list[tuple[str, str, str]] = [
    (
        "https://www.harborledger.example/world/2025/03/15/karsa-death-toll-rises",
        "2025-03-15T16:05:00Z",
        KARSA_UPDATE,
    ),
    (
        "https://radiomeridian.example/news/tavros-quake-survivors",
        "2025-03-16T07:30:00Z",
        TAVROS_SURVIVORS,
    ),
]


def build() -> bytes:
    """The WARC file as bytes: one gzip member per record, as crawlers write it."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for uri, date, page in PAGES:
        body = page.encode("utf-8")
        http_headers = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(body),
            http_headers=http_headers,
            warc_headers_dict={
                "WARC-Date": date,
                # A fixed id keeps the committed file byte-identical across runs.
                "WARC-Record-ID": f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, uri)}>",
            },
        )
        writer.write_record(record)
    return buffer.getvalue()


def main() -> None:
    data = build()
    gzip.decompress(data)  # fail here rather than commit a broken file
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data)} bytes, {len(PAGES)} records)")


if __name__ == "__main__":
    main()
