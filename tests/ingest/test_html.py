"""HTML reader: trafilatura extraction, metadata, pages without text."""

from __future__ import annotations

import json

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Ferry capsizes off Garrow Point - Valley Gazette</title>
<meta property="og:site_name" content="Valley Gazette">
<meta property="article:published_time" content="2024-08-02T18:30:00+01:00">
<link rel="canonical" href="https://valleygazette.example/news/ferry-garrow">
</head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Ferry capsizes off Garrow Point</h1>
<p>A passenger ferry overturned in rough seas off Garrow Point on Friday evening, the coastguard
said, and rescue boats were searching the water until late at night.</p>
<p>Six passengers were missing and 31 were rescued, a coastguard spokesman told reporters in the
harbour town of Garrow.</p>
<p>"The sea was very rough and the light was fading. We will search again at dawn," he said.</p>
</article>
<footer><p>Copyright 2024 Valley Gazette. All rights reserved.</p></footer>
</body>
</html>
"""


def test_page_text_and_metadata(tmp_path, read):
    path = tmp_path / "ferry.html"
    path.write_text(PAGE, encoding="utf-8")
    articles, failures = read(path)
    assert failures == []
    [article] = articles
    assert article.title == "Ferry capsizes off Garrow Point"
    assert article.outlet == "Valley Gazette"
    assert article.published == "2024-08-02T18:30:00+01:00"
    assert article.url == "https://valleygazette.example/news/ferry-garrow"
    assert article.language == "en"
    assert "Six passengers were missing and 31 were rescued" in article.text
    assert "\n\n" in article.text  # paragraphs stay apart
    assert "Copyright" not in article.text and "Sport" not in article.text


def test_outlet_from_known_domain_when_page_names_none(tmp_path, read):
    page = PAGE.replace('<meta property="og:site_name" content="Valley Gazette">', "").replace(
        "https://valleygazette.example/news/ferry-garrow",
        "https://www.theguardian.com/world/ferry-garrow",
    )
    path = tmp_path / "ferry.html"
    path.write_text(page.replace(" - Valley Gazette", ""), encoding="utf-8")
    [article] = read(path)[0]
    assert article.outlet == "The Guardian"


def test_unknown_domain_leaves_outlet_unset(tmp_path, read):
    page = PAGE.replace('<meta property="og:site_name" content="Valley Gazette">', "")
    path = tmp_path / "ferry.html"
    path.write_text(page.replace(" - Valley Gazette", ""), encoding="utf-8")
    [article] = read(path)[0]
    assert article.outlet is None  # the cleaning stage may infer it from the text


def test_meta_json_beside_html_wins(tmp_path, read):
    path = tmp_path / "ferry.html"
    path.write_text(PAGE, encoding="utf-8")
    meta = {"outlet": "Coast Courier", "published": "2024-08-03"}
    (tmp_path / "ferry.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    [article] = read(path)[0]
    assert (article.outlet, article.published) == ("Coast Courier", "2024-08-03")


def test_html_without_body_is_a_failure(tmp_path, read):
    path = tmp_path / "headonly.html"
    path.write_text("<html><head><title>Nothing here</title></head></html>", encoding="utf-8")
    articles, failures = read(path)
    assert articles == []
    assert [(f.input, f.reason) for f in failures] == [(str(path), "no article text found")]


def test_html_with_empty_body_is_a_failure(tmp_path, read):
    path = tmp_path / "blank.html"
    path.write_text("<html><body><div> </div><script>var x = 1;</script></body></html>")
    articles, failures = read(path)
    assert articles == []
    assert failures[0].reason == "no article text found"


def test_html_is_recognised_by_content_whatever_the_name(tmp_path, read):
    path = tmp_path / "saved_page.txt"
    path.write_text(PAGE, encoding="utf-8")
    [article] = read(path)[0]
    assert article.outlet == "Valley Gazette"
    assert "<p>" not in article.text


def test_declared_charset_is_used(tmp_path, read):
    page = PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace(
        "Garrow Point on Friday", "Garrow Point \u2014 near Cr\u00e9ac'h \u2014 on Friday"
    )
    page = page.replace("\u2014", "-")
    path = tmp_path / "latin1.html"
    path.write_bytes(page.encode("iso-8859-1"))
    [article] = read(path)[0]
    assert "near Cr\u00e9ac'h" in article.text
