"""What we said we would review, on the review page: a point whose month passed without a review is
shown as missed, with a field for what happened, kept as typed and recorded with the review."""

from __future__ import annotations

import html
import re

import pytest

from careernb.domain.conversations import Conversation, ConversationKind
from careernb.domain.dates import human_date
from careernb.follow_through.review import PointState
from careernb.views.pages.review.view import ReviewPanel
from tests.conftest import TODAY

ELIF = "046"  # points for October and November; a review held in each


def text(widget) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", widget.value)).split())


@pytest.fixture
def october_missed(demo):
    """Elif's October review never happened: October's point was missed."""
    reviews = [c for c in demo.load(Conversation, ELIF) if c.kind is ConversationKind.REVIEW]
    october = [c for c in reviews if c.held and c.held.month == 10]
    demo.delete(Conversation, ELIF, [(c.conversation_id,) for c in october])
    return demo


def point_row(panel, month: str):
    return next(r for r in panel.point_rows if r.point.point.month == month)


def test_each_point_says_where_it_stands_and_the_missed_one_asks_what_happened(october_missed):
    panel = ReviewPanel(october_missed, ELIF, TODAY)
    october, november = point_row(panel, "2026-10"), point_row(panel, "2026-11")
    assert october.point.state is PointState.MISSED
    said = text(october.line)
    assert "In October 2026, we will check in on" in said and "missed: no review in October" in said, said
    assert october.what_happened is not None and october.what_happened.description == "What happened"
    assert november.point.state is PointState.CHECKED and november.what_happened is None
    assert f"checked in the review of {human_date(november.point.review.held)}" in text(november.line)


def test_what_happened_is_kept_as_typed_and_recorded_with_the_review(october_missed):
    panel = ReviewPanel(october_missed, ELIF, TODAY)
    words = 'We moved it: the "one project" talk happened in the 1:1 — 🚀'
    point_row(panel, "2026-10").what_happened.value = words
    assert panel.status.state == "pending"
    panel.autosave.flush()
    again = ReviewPanel(october_missed, ELIF, TODAY)  # the kernel died: the words are back, where typed
    assert point_row(again, "2026-10").what_happened.value == words
    assert again.whats_changed.value == ""
    again.whats_changed.value = "A calmer month."
    held = again.record()
    assert held is not None and held.note.startswith("A calmer month.\n\n") and words in held.note
    taken = point_row(again, "2026-10")
    assert taken.point.state is PointState.TAKEN_UP and taken.what_happened is None
    assert words in text(taken.line) and "taken up" in text(taken.line)


def test_a_missed_point_left_blank_stays_missed_after_the_review(october_missed):
    panel = ReviewPanel(october_missed, ELIF, TODAY)
    panel.record()
    assert point_row(panel, "2026-10").point.state is PointState.MISSED
