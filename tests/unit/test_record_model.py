"""A record made in a conversation, as traits: starts from the saved record, writes back into it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import traitlets as t

from careernb.views.kit.records import RecordModel

DAY = dt.date(2026, 11, 26)


@dataclasses.dataclass(frozen=True)
class Note:
    note_id: str
    person_id: str
    text: str = ""
    flagged: bool = False
    written: dt.date | None = None


class NoteModel(RecordModel):
    text = t.Unicode("")
    flagged = t.Bool(False)

    def record(self, **also: object) -> Note:
        return self.kept(lambda **values: Note("n1", self.person_id, **values), **also)


def test_without_a_saved_record_the_traits_keep_their_defaults():
    model = NoteModel("007", "c1", None, DAY)
    assert (model.text, model.flagged, model.saved) == ("", False, None)
    assert (model.person_id, model.conversation_id, model.day) == ("007", "c1", DAY)


def test_the_traits_start_from_the_saved_record():
    model = NoteModel("007", None, Note("n9", "007", "kept", flagged=True))
    assert (model.text, model.flagged, model.day) == ("kept", True, None)


def test_the_first_record_is_made_new_with_the_traits_values():
    model = NoteModel("007", "c1", None)
    model.text = "typed"
    assert model.record() == Note("n1", "007", "typed") == model.saved


def test_a_saved_record_is_rewritten_with_the_traits_and_keeps_its_other_fields():
    model = NoteModel("007", "c1", Note("n9", "007", "old", written=DAY))
    model.flagged = True
    assert model.record() == Note("n9", "007", "old", flagged=True, written=DAY)


def test_also_sets_fields_that_are_not_traits_both_times():
    model = NoteModel("007", "c1", None)
    later = DAY + dt.timedelta(days=1)
    assert model.record(written=DAY).written == DAY
    assert model.record(written=later) == Note("n1", "007", written=later)
