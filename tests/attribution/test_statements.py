"""find_statements: every attribution of an article, with spans into its text."""

from __future__ import annotations

import pytest

from newstally.attribution import find_statements, statements_for_article
from newstally.model import Article, Statement
from newstally.nlp import ArticleContext


def _statements(nlp, text: str) -> list[Statement]:
    ctx = ArticleContext(text, nlp=nlp)
    found = find_statements(ctx, "a1")
    for st in found:
        # Every span indexes the article text exactly.
        assert st.article == "a1"
        assert text[st.content.span[0] : st.content.span[1]] == st.content.text
        assert st.cue is not None and text[st.cue.span[0] : st.cue.span[1]] == st.cue.text
        if st.source.span is not None:
            assert text[st.source.span[0] : st.source.span[1]] == st.source.text
    return found


def _by_cue(found: list[Statement], cue: str) -> Statement:
    hits = [st for st in found if st.cue is not None and st.cue.text == cue]
    assert len(hits) == 1, [(st.cue.text if st.cue else None) for st in found]
    return hits[0]


def test_quote_with_cue_after(nlp) -> None:
    text = '"The attack left 30 dead," the ministry said in a statement on Monday.'
    st = _by_cue(_statements(nlp, text), "said in a statement")
    assert st.source.text == "the ministry"
    assert st.source.kind == "official"
    assert st.content.text == '"The attack left 30 dead,"'


def test_quote_with_inverted_cue(nlp) -> None:
    text = (
        "\u201cWe lost everything in one night,\u201d said Tomas Ilves, a farmer from Parnu Vale."
    )
    st = _by_cue(_statements(nlp, text), "said")
    assert st.source.resolved == "Tomas Ilves"
    assert st.source.kind == "person"
    assert st.content.text == "\u201cWe lost everything in one night,\u201d"


def test_quote_with_cue_before(nlp) -> None:
    text = 'Karl Breden said: "We will rebuild the bridge before winter."'
    st = _by_cue(_statements(nlp, text), "said")
    assert st.source.text == "Karl Breden"
    assert st.source.kind == "person"
    assert st.content.text == '"We will rebuild the bridge before winter."'


def test_indirect_speech_keeps_that(nlp) -> None:
    st = _by_cue(_statements(nlp, "The mayor said that the shelters were full."), "said")
    assert st.source.text == "The mayor"
    assert st.source.kind == "official"
    assert st.content.text == "that the shelters were full"


def test_according_to(nlp) -> None:
    text = "According to the Coastal Herald, the dam broke shortly after midnight."
    st = _by_cue(_statements(nlp, text), "According to")
    assert st.source.text == "the Coastal Herald"
    assert st.source.kind == "media"
    assert st.content.text.startswith("the dam broke shortly after midnight")


def test_multi_paragraph_quote_is_one_statement(nlp) -> None:
    text = (
        "The convoy came under fire near Ostrava Pass.\n\n"
        "\u201cThe trucks were hit twice. Eight drivers were killed.\n\n"
        "\u201cWe are still searching for the others,\u201d the Red Lantern Society said."
    )
    st = _by_cue(_statements(nlp, text), "said")
    start = text.index("\u201cThe trucks")
    assert st.content.span == (start, len(text) - len(" the Red Lantern Society said."))
    assert "Eight drivers were killed." in st.content.text
    assert st.source.kind == "organisation"


def test_quote_over_several_sentences_with_cue_before(nlp) -> None:
    text = (
        'The commander told reporters: "Our positions held. Nobody crossed the river. '
        'We expect another attack tonight."'
    )
    st = _by_cue(_statements(nlp, text), "told reporters")
    assert st.source.text == "The commander"
    assert st.content.text.startswith('"Our positions held.')
    assert st.content.text.endswith('tonight."')


def _with_content(found: list[Statement], words: str) -> list[Statement]:
    return [st for st in found if words in st.content.text]


def test_quote_continued_after_the_cue_keeps_speaker_and_cue(nlp) -> None:
    text = (
        '"We lost forty minutes at the bridge," a fire brigade officer said. '
        '"But holding back was the right call."\n\n'
        '"Next winter we will bring boats."\n\n'
        "The council meets again on Friday."
    )
    found = _statements(nlp, text)
    first = _with_content(found, "forty minutes")
    second = _with_content(found, "right call")
    third = _with_content(found, "bring boats")
    assert len(first) == len(second) == len(third) == 1
    for st in (second[0], third[0]):
        assert st.cue == first[0].cue
        assert st.source == first[0].source
    assert second[0].content.text == '"But holding back was the right call."'
    assert first[0].source.text == "a fire brigade officer"


def test_quote_after_narration_is_not_a_continuation(nlp) -> None:
    text = (
        '"We lost forty minutes at the bridge," a fire brigade officer said. '
        "The river rose another metre overnight, and the road to Kessel stayed shut. "
        '"Nobody expected this."'
    )
    found = _statements(nlp, text)
    said = _with_content(found, "forty minutes")[0]
    assert all(st.cue != said.cue for st in _with_content(found, "Nobody expected"))


def test_quote_with_its_own_speaker_is_not_a_continuation(nlp) -> None:
    text = (
        '"We lost forty minutes at the bridge," a fire brigade officer said. '
        '"The delay cost us two houses," the mayor of Kessel told reporters.'
    )
    found = _statements(nlp, text)
    st = _with_content(found, "two houses")
    assert len(st) == 1
    assert st[0].cue is not None and st[0].cue.text == "told reporters"
    assert st[0].source.text == "the mayor of Kessel"


def test_pronoun_speakers_resolved(nlp) -> None:
    text = (
        "Veldoria's Interior Ministry said on Monday that nine officers were hurt. "
        '"Two of them remain in hospital," it added. '
        "Anna Vrell, a teacher, lost her home in the flood. "
        "She told the Coastal Herald that the water rose within minutes."
    )
    found = _statements(nlp, text)
    added = _by_cue(found, "added")
    assert (added.source.text, added.source.resolved) == ("it", "Veldoria's Interior Ministry")
    assert added.source.kind == "official"
    told = _by_cue(found, "told the Coastal Herald")
    assert (told.source.text, told.source.resolved) == ("She", "Anna Vrell")
    assert told.source.kind == "person"
    assert told.content.text == "that the water rose within minutes"


def test_short_reference_resolved_to_full_name(nlp) -> None:
    text = (
        "Veldoria's Foreign Ministry said on Friday that the border was closed. "
        "The ministry repeated that the fighters had crossed on their own."
    )
    st = _by_cue(_statements(nlp, text), "repeated")
    assert st.source.text == "The ministry"
    assert st.source.resolved == "Veldoria's Foreign Ministry"


def test_colon_headline(nlp) -> None:
    text = "Governor Hale: Storm Damage Worse Than Expected\n\nThe storm hit on Sunday."
    st = _by_cue(_statements(nlp, text), ":")
    assert st.source.text == "Governor Hale"
    assert st.content.text == "Storm Damage Worse Than Expected"


def test_colon_topic_yields_to_the_teller_after_it(nlp) -> None:
    # the words before the colon name the event; the teller is the subject after it
    for headline, teller, content in [
        ("Ferry sinking: coastguard says nine missing", "coastguard", "nine missing"),
        ("Tarvel bridge attack: police say 3 killed", "police", "3 killed"),
    ]:
        found = _statements(nlp, headline + "\n\nThe search went on overnight.")
        assert [(st.source.text, st.content.text) for st in found] == [(teller, content)]


def test_no_statements_in_plain_narration(nlp) -> None:
    text = "The storm hit the coast on Sunday. Roads were closed for two days."
    assert _statements(nlp, text) == []


def test_nested_i_think_inside_a_quote_is_part_of_the_quote(nlp) -> None:
    text = '"I think the river will rise again," the engineer said.'
    found = _statements(nlp, text)
    assert [st.cue.text for st in found if st.cue] == ["said"]


def test_statements_for_article(nlp) -> None:
    article = Article(id="x9", origin="test", text="Police said two men were arrested.")
    found = statements_for_article(article, nlp)
    assert len(found) == 1
    assert found[0].article == "x9"
    assert found[0].source.kind == "official"
    assert found[0].to_record()["content"]["text"] == "two men were arrested"


def test_non_breaking_spaces_keep_spans_and_text(nlp) -> None:
    text = '"Nine people were hurt," the ministry\xa0said\xa0in a statement on Monday.'
    article = Article(id="nb", origin="test", text=text)
    (st,) = statements_for_article(article, nlp)
    assert st.cue.text == "said\xa0in a statement"
    assert text[st.cue.span[0] : st.cue.span[1]] == st.cue.text
    assert st.source.text == "the ministry"


def test_quoted_show_title_is_not_a_quote(nlp) -> None:
    text = (
        'Speaking on Channel Nine\'s "Morning Report," Lena Brask said the vote was rigged. '
        'In an interview with "Weekend Live," the senator said the count was fair.'
    )
    found = _statements(nlp, text)
    assert not [st for st in found if "Morning Report" in st.content.text]
    assert not [st for st in found if "Weekend Live" in st.content.text]
    assert sorted(st.content.text for st in found) == ["the count was fair", "the vote was rigged"]


def test_named_person_with_a_role_is_a_person_whatever_the_entity_label(nlp) -> None:
    # The small model tags "Vera Summit" as an organisation; "Estonian" in the
    # apposition is a nationality, not a state speaking.
    text = (
        "Vera Summit, an Estonian journalist visiting Kessel on holiday, told the Coastal "
        "Herald that she saw the truck hit the crowd.\n\n"
        '"People were running everywhere," she said.'
    )
    found = _statements(nlp, text)
    told = _by_cue(found, "told the Coastal Herald")
    assert (told.source.resolved, told.source.kind) == ("Vera Summit", "person")
    said = _by_cue(found, "said")
    assert (said.source.text, said.source.resolved, said.source.kind) == (
        "she",
        "Vera Summit",
        "person",
    )


@pytest.mark.parametrize(
    ("second", "resolved", "kind"),
    [
        # An official can be a "he": the nearest speaker, not the person before him.
        ("Sen. Tomas Ilves said the count was fair.", "Sen. Tomas Ilves", "official"),
        # A body named after a person is not a "he".
        ("The Dan Webber campaign said the count was fair.", "Mara Dunn", "person"),
    ],
)
def test_he_after_two_speakers(nlp, second: str, resolved: str, kind: str) -> None:
    text = f'Mara Dunn said the vote had been close. {second} "There is no doubt," he added.'
    added = _by_cue(_statements(nlp, text), "added")
    assert (added.source.text, added.source.resolved, added.source.kind) == ("he", resolved, kind)
