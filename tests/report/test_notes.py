"""Notes in words: report words the `Note` values that reconcile finds."""

from __future__ import annotations

from newstally.model import Cited, ConflictNote, Counted, NoteKind, PartNote, Slot, Story
from newstally.report import render_note, story_record

POLICE = Cited("12", "the Velmor police", "official")
REPORTS = Cited("at  least 30", "Some reports", "unnamed")


def test_a_conflict_note_quotes_both_figures_and_names_their_sources() -> None:
    note = ConflictNote(low=POLICE, high=REPORTS)
    assert note.kind is NoteKind.CONFLICT
    assert render_note(note) == (
        "Conflict: '12' from the Velmor police and 'at least 30' from some reports "
        "cannot both be true."
    )


def test_a_part_note_reads_from_the_side_of_its_slot() -> None:
    part = Counted("30", "assailants", "The Brennock Courier")
    whole = Counted("50", "people", "Harbour Wire")
    on_part = render_note(PartNote(part, whole, slot_holds_part=True))
    on_whole = render_note(PartNote(part, whole, slot_holds_part=False))
    assert on_part.startswith("Part: '30' assailants (The Brennock Courier) are part of '50'")
    assert on_whole.startswith("Part: '50' people (Harbour Wire) includes '30' assailants")


def test_stories_json_holds_each_note_once_in_words() -> None:
    note = ConflictNote(low=POLICE, high=REPORTS)
    slot = Slot("s:s1", "killed", "event", [], 12, 12, 30, notes=[note, note])
    record = story_record(Story("s", "A story", [], slots=[slot]))
    assert record["slots"][0]["notes"] == [render_note(note)]
