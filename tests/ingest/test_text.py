"""Plain-text reader: titles, meta.json, decoding and bad text input."""

from __future__ import annotations

import json

from newstally.settings import Settings

REPORT = (
    "Flood waters cut off three villages near Ormsby\n\n"
    "Heavy rain on Tuesday flooded the valley below Ormsby, the regional council said.\n\n"
    "Two people were missing, it added.\n"
)


def test_first_line_is_title_and_stays_in_text(tmp_path, read):
    path = tmp_path / "ormsby_flood.txt"
    path.write_text(REPORT, encoding="utf-8")
    articles, failures = read(path)
    assert failures == []
    [article] = articles
    assert article.title == "Flood waters cut off three villages near Ormsby"
    assert article.text.startswith("Flood waters cut off three villages near Ormsby\n\nHeavy rain")
    assert article.origin == str(path)
    assert article.id.startswith("ormsby_flood-")
    assert article.outlet is None and article.url is None and article.published is None


def test_junk_or_sentence_first_line_is_not_a_title(tmp_path, read):
    junk = tmp_path / "junk.txt"
    junk.write_text("×\n\n" + REPORT, encoding="utf-8")
    sentence = tmp_path / "sentence.txt"
    sentence.write_text(
        "Heavy rain on Tuesday flooded the valley below Ormsby.\n", encoding="utf-8"
    )
    articles, _ = read(junk, sentence)
    assert [a.title for a in articles] == [None, None]
    assert articles[0].text.startswith("×")  # cleaning, not ingest, removes junk


def test_id_is_stable_and_depends_on_content(tmp_path, read):
    path = tmp_path / "ormsby_flood.txt"
    path.write_text(REPORT, encoding="utf-8")
    first = read(path)[0][0].id
    assert read(path)[0][0].id == first
    path.write_text(REPORT + "\nOne more line.\n", encoding="utf-8")
    assert read(path)[0][0].id != first


def test_meta_json_overrides(tmp_path, read):
    path = tmp_path / "ormsby_flood.txt"
    path.write_text(REPORT, encoding="utf-8")
    meta = {
        "outlet": "Valley Gazette",
        "url": "https://valleygazette.example/ormsby-flood",
        "published": "2024-11-05",
        "title": "Ormsby cut off by floods",
        "language": "en-GB",
    }
    (tmp_path / "ormsby_flood.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    articles, failures = read(path)
    assert failures == []
    [article] = articles
    assert article.title == "Ormsby cut off by floods"
    assert article.outlet == "Valley Gazette"
    assert article.url == "https://valleygazette.example/ormsby-flood"
    assert article.published == "2024-11-05"
    assert article.language == "en"


def test_meta_json_outlet_from_url_domain(tmp_path, read):
    path = tmp_path / "story.txt"
    path.write_text(REPORT, encoding="utf-8")
    meta = {"url": "https://www.bbc.co.uk/news/world-123"}
    (tmp_path / "story.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    [article] = read(path)[0]
    assert article.outlet == "BBC News"


def test_bad_meta_json_is_reported_and_article_still_read(tmp_path, read):
    path = tmp_path / "story.txt"
    path.write_text(REPORT, encoding="utf-8")
    (tmp_path / "story.meta.json").write_text("{not json", encoding="utf-8")
    articles, failures = read(path)
    assert len(articles) == 1
    [failure] = failures
    assert failure.input.endswith("story.meta.json")
    assert "invalid metadata" in failure.reason


def test_empty_and_blank_files(tmp_path, read):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\n\t\n")
    articles, failures = read(tmp_path / "empty.txt", tmp_path / "blank.txt")
    assert articles == []
    assert [(f.input.rsplit("/", 1)[-1], f.reason) for f in failures] == [
        ("empty.txt", "empty file"),
        ("blank.txt", "empty file"),
    ]


def test_invalid_utf8_is_a_failure_naming_the_byte(tmp_path, read):
    path = tmp_path / "broken.txt"
    path.write_bytes(b"Nine people were killed \xff\xfe\xfd near Ormsby.\n")
    articles, failures = read(path)
    assert articles == []
    [failure] = failures
    assert failure.input == str(path)
    assert failure.reason == "not valid UTF-8 text (byte 0xff at offset 24)"


def test_cp1252_text_is_decoded(tmp_path, read):
    path = tmp_path / "legacy.txt"
    path.write_bytes("The mayor\u2019s caf\u00e9 was closed \u2013 two hurt.\n".encode("cp1252"))
    [article] = read(path)[0]
    assert article.text == "The mayor\u2019s caf\u00e9 was closed \u2013 two hurt."


def test_utf8_bom_and_crlf(tmp_path, read):
    path = tmp_path / "windows.txt"
    path.write_bytes(b"\xef\xbb\xbfStorm hits the coast of Lenmark\r\n\r\nThree were hurt.\r\n")
    [article] = read(path)[0]
    assert article.text == "Storm hits the coast of Lenmark\n\nThree were hurt."
    assert article.title == "Storm hits the coast of Lenmark"


def test_binary_junk(tmp_path, read):
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 8)
    articles, failures = read(path)
    assert articles == []
    assert failures[0].reason == "binary data, not text"


def test_file_too_large(tmp_path, read):
    path = tmp_path / "big.txt"
    path.write_text("Word " * 400, encoding="utf-8")
    articles, failures = read(path, settings=Settings(max_input_bytes=1000))
    assert articles == []
    assert failures[0].reason == "file too large (2000 bytes > 1000)"


def test_long_text_is_cut_at_a_paragraph_and_the_cut_reported(tmp_path, read):
    paragraphs = [f"Paragraph {i} says that nothing at all happened in Ormsby." for i in range(50)]
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join(paragraphs), encoding="utf-8")
    [article] = read(path, settings=Settings(max_article_chars=1000))[0]
    assert len(article.text) <= 1000
    assert article.text.endswith("happened in Ormsby.")  # a whole paragraph
    [removed] = article.removed
    assert removed.reason == "truncated"
    full_length = len("\n\n".join(paragraphs))
    assert removed.text == f"[... {full_length - len(article.text)} characters cut]"
