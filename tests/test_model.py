"""`model.as_record` gives exactly what `dataclasses.asdict` gives, without sharing."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from typing import Any

from newstally.model import (
    Cited,
    ConflictNote,
    Estimate,
    Group,
    MismatchNote,
    NoteKind,
    Slot,
    SlotSource,
    SpeakerRef,
    Statement,
    Story,
    TextRef,
    TimelineEntry,
    When,
    as_record,
)


def _story() -> Story:
    low = Cited("at least 4", "the police", "official")
    high = Cited("six", "a witness", "person")
    slot = Slot(
        id="s1",
        category="killed",
        scope="event",
        figures=["a1:f1", "a2:f1"],
        low=4,
        best=5,
        high=6,
        group=Group("villagers", "villager", None),
        when=When("on Tuesday", "2026-03-03", "2026-03-03"),
        where=["Tarvik"],
        sources=[SlotSource("the police", "official", ["a1:f1"])],
        outlets=["Harbor Ledger", "Valley Times"],
        agreement="conflict",
        notes=[
            ConflictNote(low, high),
            MismatchNote(("Harbor Ledger",), "casualties", ("Valley Times",), "killed", "", ()),
        ],
        timeline=[TimelineEntry("the police", "a1:f1", "2026-03-03", "4", "killed", False)],
    )
    statement = Statement(
        "a1",
        SpeakerRef("he", "Mayor Ana Ruiz", "official", (10, 12)),
        TextRef("said", (13, 17)),
        TextRef("the bridge will reopen", (18, 40)),
    )
    return Story(
        id="st1",
        title="Four killed in Tarvik",
        articles=["a1", "a2"],
        duplicates={"a2": "a1"},
        slots=[slot],
        totals={"killed": Estimate(4, 5, 6)},
        statements=[statement],
    )


def test_as_record_equals_asdict_on_a_story() -> None:
    story = _story()
    record = as_record(story)
    assert record == asdict(story)
    assert record["slots"][0]["notes"][0]["low"] == {
        "quantity": "at least 4",
        "source": "the police",
        "source_kind": "official",
    }
    # Tuples stay tuples, as asdict leaves them (JSON writes both as arrays).
    assert record["slots"][0]["notes"][1]["first_outlets"] == ("Harbor Ledger",)


def test_as_record_copies_containers() -> None:
    story = _story()
    record = as_record(story)
    record["articles"].append("a3")
    record["slots"][0]["where"].clear()
    assert story.articles == ["a1", "a2"]
    assert story.slots[0].where == ["Tarvik"]


@dataclass
class _Odd:
    kind: NoteKind
    ordered: OrderedDict[str, Any] = field(default_factory=OrderedDict)


def test_as_record_hands_other_types_to_asdict() -> None:
    odd = _Odd(NoteKind.CONFLICT, OrderedDict(b=Estimate(1, 2, 3), a=None))
    record = as_record(odd)
    assert record == asdict(odd)
    assert type(record["ordered"]) is OrderedDict
    assert record["ordered"]["b"] == {"low": 1, "best": 2, "high": 3}
    assert record["kind"] is NoteKind.CONFLICT
