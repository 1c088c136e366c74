"""Briefs: verbatim sentences, each citing its outlet(s); fixed headings only."""

from __future__ import annotations

import re

from figure_factory import ArticleBuilder, F, make_story

from newstally.reconcile import reconcile_story
from newstally.report import add_brief
from newstally.report.brief import build_brief_data, md, pick_sentences

CITED = re.compile(r"^(?P<text>.+) \[(?P<outlets>[^\[\]]+)\]$")
HEADINGS = {"Figures", "Conflicts", "Revisions", "Notes", "Statements", "Coverage"}


def _account(brief: str) -> list[tuple[str, list[str]]]:
    lines = []
    for line in brief.splitlines()[1:]:
        if line.startswith("#"):
            break
        if line.strip():
            m = CITED.match(line)
            assert m, f"sentence without citation: {line!r}"
            lines.append((re.sub(r"\\(.)", r"\1", m["text"]), m["outlets"].split("; ")))
    return lines


def test_every_sentence_is_verbatim_and_cites_its_outlet(ridge_done) -> None:
    story, articles = ridge_done
    account = _account(story.brief)
    assert 3 <= len(account) <= 6
    by_outlet = {a.outlet: a.text for a in articles.values()}
    for sentence, outlets in account:
        assert outlets and all(o in by_outlet for o in outlets)
        assert all(sentence in by_outlet[o] for o in outlets)
    assert {o for _, outs in account for o in outs} == {"The Valley Post", "Coastline Herald"}


def test_brief_has_the_title_and_only_fixed_headings(ridge_done) -> None:
    story, _ = ridge_done
    lines = story.brief.splitlines()
    assert lines[0] == f"## {story.title}"
    headings = {line[4:] for line in lines if line.startswith("### ")}
    assert headings <= HEADINGS
    assert {"Figures", "Conflicts", "Revisions", "Coverage"} <= headings
    assert "| killed, Tarnian volunteers | 'four' |" in story.brief


def _wire_and_copy():
    shared = "Gunmen killed 6 people at the port of Brill on Tuesday, police said."
    wire = (
        ArticleBuilder("wire", "Harbour Wire", "2031-05-01")
        .headline("Six killed at Brill port")
        .say(shared, F("6", value=6, source="police"))
        .say("The attackers escaped in two boats towards the northern islands of the bay.")
        .say("Port workers said the shooting lasted for about ten minutes on the quay.")
        .build()
    )
    other = (
        ArticleBuilder("post", "The Valley Post", "2031-05-01")
        .headline("Brill port attack")
        .say(shared, F("6", value=6, source="police"))
        .say("Residents of Brill gathered outside the port gates to wait for news of relatives.")
        .build()
    )
    copy = (
        ArticleBuilder("copy", "Evening Lamp", "2031-05-01")
        .headline("Port attack")
        .say(shared, F("6", value=6, source="police"))
        .say("The Evening Lamp has asked the port authority for a list of the victims.")
        .build()
    )
    return wire, other, copy


def test_a_repeated_sentence_cites_every_outlet_that_printed_it() -> None:
    wire, other, copy = _wire_and_copy()
    articles = {a.id: a for a in (wire, other, copy)}
    story = make_story(wire, other, copy, duplicates={"copy": "wire"})
    sentences = pick_sentences(story, articles)
    repeated = next(s for s in sentences if s.text.startswith("Gunmen killed 6"))
    assert repeated.outlets == ("Harbour Wire", "The Valley Post", "Evening Lamp")
    # A sentence only the copy printed is not picked: copies count once.
    assert not any("Evening Lamp has asked" in s.text for s in sentences)
    done = reconcile_story(story, articles)
    coverage = add_brief(done, articles).coverage
    assert "[Harbour Wire; The Valley Post; Evening Lamp]" in done.brief
    assert [(c.outlet, c.copy_of) for c in coverage][-1] == ("Evening Lamp", "Harbour Wire")


def test_questions_headings_and_captions_are_not_picked() -> None:
    article = (
        ArticleBuilder("a", "The Valley Post")
        .headline("Quake hits the Brill valley")
        .say("What happened in the Brill valley?")
        .say("Rescue workers search the ruins of a house in the village of Sarn")
        .say("An earthquake struck the Brill valley early on Sunday, flattening dozens of houses.")
        .say(
            "The regional emergency office said 9 people were killed and 40 were injured.",
            F("9", value=9, source="the regional emergency office"),
        )
        .say("Aftershocks continued through the morning, and schools in the valley were shut.")
        .build()
    )
    sentences = pick_sentences(make_story(article), {"a": article})
    texts = [s.text for s in sentences]
    assert len(texts) == 3
    assert all(t.endswith(".") for t in texts)
    assert texts == sorted(texts, key=article.text.index)  # reading order


def test_markdown_specials_in_article_text_are_escaped() -> None:
    article = (
        ArticleBuilder("a", "The *Valley* Post")
        .headline("Blast at [depot] <b>")
        .say(
            "Officials said 4 people died at the *old* fuel depot near the harbour [map].",
            F("4", value=4, source="officials"),
        )
        .say("Firefighters fought the blaze at the depot for most of the night, officials said.")
        .say("The depot had been closed for repairs since the start of the month, they said.")
        .build()
    )
    done = reconcile_story(make_story(article), {"a": article})
    add_brief(done, {"a": article})
    assert "\\*old\\*" in done.brief and "\\[map\\]" in done.brief
    assert "[The \\*Valley\\* Post]" in done.brief
    assert "<b>" not in done.brief


def test_key_statements_are_those_about_the_toll_or_by_its_sources(ridge_done) -> None:
    from dataclasses import replace

    from newstally.model import SpeakerRef, Statement, TextRef

    story, articles = ridge_done

    def said(who: str, what: str, article: str = "post-1") -> Statement:
        return Statement(article, SpeakerRef(who, who, "official", None), None, TextRef(what, None))

    story = replace(
        story,
        statements=[
            said("a spokesman", "the weather on the ridge was cold and clear all week"),
            said("Tarnia's Defence Office", "that several dozen nationals were hurt on the ridge"),
            said("Osland command", "its pilots had followed every rule of engagement there"),
        ],
    )
    lines = build_brief_data(story, articles).statements
    assert [s.source for s in lines] == ["Tarnia's Defence Office", "Osland command"]
    assert lines[0].content == "several dozen nationals were hurt on the ridge"
    assert lines[0].outlet == "The Valley Post"


def test_md_escapes_what_the_markdown_specials_pattern_escapes() -> None:
    # `md` escapes with one str.translate; this pattern is the rule it stands for.
    markdown_specials = re.compile(r"([\\`*_\[\]<>|~]|^#)")

    texts = [
        "# Heading",
        "#",
        "a # b",
        "*bold* _it_ `code` [link](x) <b> a|b ~s~ back\\slash",
        "  \\# two\n lines\t here  ",
        "[#]",
        "",
        "plain text, nothing to escape.",
    ]
    for text in texts:
        assert md(text) == markdown_specials.sub(r"\\\1", " ".join(text.split()))
