"""Story tolls on a shooting told by several local outlets (issue 16): per-victim mentions
and an incident total (all names and places invented)."""

from __future__ import annotations

from figure_factory import ArticleBuilder, F, make_story

from newstally.reconcile import reconcile_story


def _shooting() -> tuple:
    first = (
        ArticleBuilder("gazette-1", "Fenwick Gazette", "2026-03-02")
        .headline("Two killed in Alder Street shooting")
        .say(
            "Two people were killed in a shooting on Alder Street on Sunday night, police said.",
            F("Two people", value=2, source="police", group=("people", "people", None)),
        )
        .say(
            "A woman was pronounced dead at the scene.",
            F("A woman", value=1, source="police", group=("woman", "woman", None)),
        )
    )
    second = (
        ArticleBuilder("courier-1", "Fenwick Courier", "2026-03-03")
        .headline("Victims of Alder Street shooting named")
        .say(
            "The woman killed on Alder Street was Mara Lenn, and her son also died, police said.",
            F("The woman", value=1, source="police", group=("woman", "woman", None)),
            F("her son", value=1, source="police", group=("son", "son", None)),
        )
        .say(
            "The two were killed shortly before midnight.",
            F("two", value=2, source="police", group=None),
        )
    )
    third = (
        ArticleBuilder("radio-1", "KXVL Radio", "2026-03-03")
        .headline("Mother and son shot dead in Fenwick")
        .say(
            "A woman was among the victims, police said.",
            F("A woman", value=1, source="police", group=("woman", "woman", None)),
        )
    )
    articles = [b.build() for b in (first, second, third)]
    return make_story(*articles), {a.id: a for a in articles}


def test_an_incident_total_told_by_two_outlets_beats_per_victim_mentions() -> None:
    story, articles = _shooting()
    done = reconcile_story(story, articles)
    assert done.totals["killed"].best == 2
    # The slot of the main group (the woman) still shows what its figures say.
    slot = next(s for s in done.slots if "gazette-1:f2" in s.figures)
    assert slot.best == 1 and slot.agreement == "conflict"


def test_a_count_told_by_one_outlet_only_does_not_replace_the_main_group() -> None:
    story, articles = _shooting()
    one_outlet = {k: v for k, v in articles.items() if k != "courier-1"}
    story.articles.remove("courier-1")
    done = reconcile_story(story, one_outlet)
    # "Two people" from one outlet only (a sidebar's count, a misread number?): the main
    # group's slot (the woman, told by two outlets) makes the total.
    assert done.totals["killed"].best == 1


def _shot_then_died(injured_group: tuple[str, str, None], quantity: str, sentence: str):
    first = (
        ArticleBuilder("herald-2", "Brisk Herald", "2026-04-10")
        .headline("Teen shot near Holm Park")
        .say(sentence, F(quantity, "injured", 1, source="police", group=injured_group))
    )
    second = (
        ArticleBuilder("post-2", "Brisk Post", "2026-04-11")
        .headline("Teen shot near Holm Park dies")
        .say(
            "Tavi Rook, 16, died in hospital on Saturday, police said.",
            F("Tavi Rook", "killed", 1, source="police", group=("Tavi Rook", "person", None)),
        )
    )
    articles = [first.build(), second.build()]
    return make_story(*articles), {a.id: a for a in articles}


def test_a_victim_reported_shot_and_later_dead_is_not_injured_in_the_total() -> None:
    story, articles = _shot_then_died(
        ("Rook", "person", None), "Rook", "Rook was shot near Holm Park on Friday night."
    )
    done = reconcile_story(story, articles)
    assert done.totals["killed"].best == 1
    assert "injured" not in done.totals
    # The slot still shows what the first report said.
    assert any(s.category == "injured" and s.best == 1 for s in done.slots)


def test_another_person_shot_beside_the_dead_stays_injured() -> None:
    story, articles = _shot_then_died(
        ("another teen", "teen", None), "another teen", "Police said another teen was shot."
    )
    done = reconcile_story(story, articles)
    assert done.totals["injured"].best == 1
