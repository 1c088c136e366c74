"""WARC bytes written with warcio for the tests that read crawls (ingest, scale)."""

from __future__ import annotations

import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# (record type, URI, WARC-Date, content type of a response, body)
Record = tuple[str, str, str, str, bytes]


def make_warc(records: list[Record], gzip: bool = True) -> bytes:
    """The records as one WARC file; with ``gzip`` each record is its own gzip member."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    for rec_type, uri, date, content_type, body in records:
        http = None
        if rec_type == "response":
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri,
            rec_type,
            payload=io.BytesIO(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": date},
        )
        writer.write_record(record)
    return out.getvalue()
