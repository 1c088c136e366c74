"""RSS and Atom reader: one article per item, full content preferred."""

from __future__ import annotations

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Valley Gazette - Latest News</title>
<link>https://valleygazette.example/</link>
<language>en-us</language>
<item>
<title>Landslide buries road near Hollin</title>
<link>https://valleygazette.example/hollin-landslide</link>
<pubDate>Tue, 09 Apr 2024 14:00:00 +0200</pubDate>
<description>Short summary only.</description>
<content:encoded><![CDATA[<p>A landslide buried the road near Hollin on Tuesday.</p>
<p>Two drivers were missing, the <b>mountain rescue</b> said.</p>]]></content:encoded>
</item>
<item>
<title>Hollin road reopens</title>
<link>https://valleygazette.example/hollin-road-reopens</link>
<pubDate>Thu, 11 Apr 2024 08:00:00 +0000</pubDate>
<description>&lt;p&gt;The road near Hollin reopened on Thursday.&lt;/p&gt;</description>
</item>
<item>
<title>Empty item</title>
<link>https://valleygazette.example/empty</link>
</item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Valley Gazette</title>
<link href="https://valleygazette.example/"/>
<updated>2024-04-10T12:00:00Z</updated>
<id>urn:uuid:valley-gazette</id>
<entry>
<title>Hollin search continues</title>
<link href="https://valleygazette.example/hollin-search"/>
<id>urn:uuid:hollin-search</id>
<published>2024-04-10T12:00:00Z</published>
<content type="html">&lt;p&gt;Rescuers searched for the two missing drivers.&lt;/p&gt;</content>
</entry>
</feed>
"""


def test_rss_items(tmp_path, read):
    path = tmp_path / "gazette.xml"
    path.write_text(RSS, encoding="utf-8")
    articles, failures = read(path)
    assert [a.origin for a in articles] == [f"{path}#1", f"{path}#2"]
    first, second = articles
    assert first.title == "Landslide buries road near Hollin"
    assert first.url == "https://valleygazette.example/hollin-landslide"
    assert first.published == "2024-04-09T12:00:00+00:00"
    assert first.text == (
        "A landslide buried the road near Hollin on Tuesday.\n\n"
        "Two drivers were missing, the mountain rescue said."
    )
    assert first.outlet == "Valley Gazette"  # the publication part of the feed title
    assert first.language == "en"
    assert second.text == "The road near Hollin reopened on Thursday."
    assert first.id != second.id
    assert [(f.input, f.reason) for f in failures] == [(f"{path}#3", "no text in feed item")]


def test_atom_entry(tmp_path, read):
    path = tmp_path / "gazette.atom"
    path.write_text(ATOM, encoding="utf-8")
    [article] = read(path)[0]
    assert article.title == "Hollin search continues"
    assert article.url == "https://valleygazette.example/hollin-search"
    assert article.published == "2024-04-10T12:00:00+00:00"
    assert article.text == "Rescuers searched for the two missing drivers."
    assert article.outlet == "Valley Gazette"


def test_section_feed_title_gives_outlet_from_domain(tmp_path, read):
    rss = RSS.replace("Valley Gazette - Latest News", "World news").replace(
        "https://valleygazette.example/hollin-landslide", "https://www.aljazeera.com/news/x"
    )
    path = tmp_path / "world.rss"
    path.write_text(rss, encoding="utf-8")
    first, second = read(path)[0]
    assert first.outlet == "Al Jazeera"
    assert second.outlet is None  # unknown domain, feed title is only a section name


def test_feed_recognised_by_content(tmp_path, read):
    path = tmp_path / "feed"
    path.write_text(ATOM, encoding="utf-8")
    assert len(read(path)[0]) == 1


def test_broken_feed(tmp_path, read):
    path = tmp_path / "broken.xml"
    path.write_text("<rss><channel><title>x</title>", encoding="utf-8")
    articles, failures = read(path)
    assert articles == []
    assert failures[0].reason.startswith("feed has no items")


def test_xml_that_is_not_a_feed(tmp_path, read):
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>')
    articles, failures = read(path)
    assert articles == []
    assert failures[0].reason == "not an RSS or Atom feed"
