"""The preparation page, driven without a browser."""

import datetime as dt
import email
import email.policy
import html

import pytest

from careernb.domain import playbook
from careernb.domain.checklists import ChecklistTick
from careernb.domain.contract import Commitment, Contract, Party, current, in_order, of_version
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.preparation import PreparationNote, Reflection
from careernb.domain.sessions import Format
from careernb.views.pages.prepare.view import PreparePanel, prepare
from tests.conftest import TODAY


def panel_for(store, person_id="031"):
    return PreparePanel(store, person_id, today=TODAY)


def save(panel):
    panel.flush()
    assert panel.errors.value == "", panel.errors.value


def text_of(widget):
    out = [getattr(widget, "value", "")] if isinstance(getattr(widget, "value", None), str) else []
    for child in getattr(widget, "children", ()):
        out.extend(text_of(child))
    return out


def shown(panel):
    return html.unescape(" ".join(text_of(panel)))


@pytest.mark.parametrize("text", ["plain", 'with, "quotes"\nand lines', "émoji 🚀", "  spaced  ", "007"])
def test_reflection_notes_are_saved_privately_as_typed(demo, text):
    p = panel_for(demo)
    p.note_areas[Reflection.AVOIDING].value = text
    save(p)
    (note,) = demo.load(PreparationNote, "031")
    assert (note.reflection, note.text, note.conversation_id) == (Reflection.AVOIDING, text, None)
    assert panel_for(demo).note_areas[Reflection.AVOIDING].value == text


def test_the_six_reflections_are_the_playbooks_questions(demo):
    p = panel_for(demo)
    page = shown(p)
    for question in playbook.REFLECTIONS.values():
        assert question in page
    assert len(p.note_areas) == 6


def test_notes_prepare_the_booked_conversation_and_show_last_times_note(demo):
    p = panel_for(demo, "019")  # Mei: booked, and notes from her last conversation
    booked = p.booked
    upcoming = [c for c in demo.load(Conversation, "019") if c.planned and not c.held and c.planned >= TODAY]
    assert booked is not None and booked.planned == min(c.planned for c in upcoming)
    assert all(area.value == "" for area in p.note_areas.values())
    assert "Last time" in shown(p)
    p.note_areas[Reflection.CAN_COMMIT].value = "An intro to Dana."
    save(p)
    mine = [n for n in demo.load(PreparationNote, "019") if n.conversation_id == booked.conversation_id]
    assert [(n.reflection, n.text) for n in mine] == [(Reflection.CAN_COMMIT, "An intro to Dana.")]


def test_booking_saves_a_planned_conversation_and_notes_follow_it(demo):
    p = panel_for(demo)
    p.note_areas[Reflection.PATHS].value = "Two paths."
    save(p)
    p.format.value = Format.THREE_PHASES
    p.date.value = TODAY + dt.timedelta(days=5)
    p.time.value = dt.time(14, 30)
    p.minutes.value = 75
    p.book.click()
    assert p.errors.value == ""
    (c,) = [c for c in demo.load(Conversation, "031")]
    assert (c.kind, c.planned, c.planned_time, c.planned_minutes, c.held, c.moved) == (
        ConversationKind.FULL, TODAY + dt.timedelta(days=5), dt.time(14, 30), 75, None, 0
    )  # fmt: skip
    (note,) = demo.load(PreparationNote, "031")
    assert note.conversation_id == c.conversation_id
    assert "Booked: full career conversation" in p.booking_state.value


def test_three_separate_sessions_book_the_first_one(demo):
    p = panel_for(demo)
    p.format.value = Format.THREE_SESSIONS
    p.book.click()
    (c,) = demo.load(Conversation, "031")
    assert c.kind is ConversationKind.NOW


def test_moving_a_booking_is_counted(demo):
    p = panel_for(demo, "019")
    cid = p.booked.conversation_id
    p.date.value = TODAY + dt.timedelta(days=12)
    p.book.click()
    p.date.value = TODAY + dt.timedelta(days=14)
    p.book.click()
    p.minutes.value = 90  # same date: not a move
    p.book.click()
    (c,) = [c for c in demo.load(Conversation, "019") if c.conversation_id == cid]
    assert (c.planned, c.planned_minutes, c.moved) == (TODAY + dt.timedelta(days=14), 90, 2)
    assert "moved 2 times" in p.booking_state.value


@pytest.mark.parametrize(
    ("minutes", "flag"),
    [(30, "too short"), (44, "too short"), (45, "Booked at least 60 minutes"), (60, None), (90, None)],
)
def test_a_booking_under_45_minutes_is_flagged_and_60_is_suggested(demo, minutes, flag):
    p = panel_for(demo)
    assert p.minutes.value == 60
    p.minutes.value = minutes
    if flag:
        assert flag in html.unescape(p.booking_warning.value)
    else:
        assert p.booking_warning.value == ""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date": None}, "Choose the date"),
        ({"date": TODAY - dt.timedelta(days=1)}, "is in the past"),
        ({"minutes": 0}, "Give the length"),
    ],
)
def test_a_bad_booking_says_what_is_wrong_and_saves_nothing(demo, change, message):
    p = panel_for(demo)
    for name, value in change.items():
        getattr(p, name).value = value
    p.book.click()
    assert message in html.unescape(p.errors.value)
    assert demo.load(Conversation, "031") == []


def test_the_light_prompt_has_the_four_prompts_name_and_booked_date_and_writes_an_eml(demo):
    p = panel_for(demo)
    assert "Book the conversation to put the date in" in p.prompt_to.value
    p.date.value = dt.date(2026, 12, 3)
    p.book.click()
    body = p.prompt_body.value
    assert body.startswith("Hi Amara,")
    assert playbook.ADVANCE_PROMPT in body
    assert "Thu 3 December 2026 at 10:00" in body
    assert "amara@example.org" in html.unescape(p.prompt_to.value)
    p.prompt_body.value = body + "\nPS: no preparation needed beyond this."
    p.write.click()
    assert p.errors.value == ""
    parsed = email.message_from_bytes(p.eml_path.read_bytes(), policy=email.policy.default)
    assert parsed.get_content().replace("\r\n", "\n").endswith("PS: no preparation needed beyond this.\n")
    assert parsed["Subject"] == "Before our career conversation on Thu 3 December 2026 at 10:00"
    assert 'download="031-advance-prompt-2026-12-03.eml"' in p.written.value


def test_an_edited_prompt_is_kept_when_the_booking_moves(demo):
    p = panel_for(demo)
    p.prompt_body.value = "My own words."
    p.book.click()
    assert p.prompt_body.value == "My own words."


def test_the_before_checklist_waits_for_a_booking_then_is_stored_with_it(demo):
    p = panel_for(demo)
    box = p.checklist.boxes["before.prompt"]
    assert box.disabled
    p.book.click()
    assert not box.disabled
    box.value = True
    (tick,) = demo.load(ChecklistTick, "031")
    assert (tick.conversation_id, tick.item, tick.done) == (p.booked.conversation_id, "before.prompt", True)


def test_what_they_said_before_is_listed_most_recent_first_and_escaped(demo):
    p = panel_for(demo, "007")
    cid = next(c for c in demo.load(Conversation, "007") if c.kind is ConversationKind.FULL).conversation_id
    demo.save(Answer("007", cid, "now.draining", "<script>alert('x')</script>", ""))
    said = PreparePanel(demo, "007", today=TODAY).children[3].children[1].value
    assert "<script>" not in said
    assert "&lt;script&gt;" in said
    days = [s.split("</b>")[0] for s in said.split("<summary><b>")[1:]]
    parsed = [dt.datetime.strptime(d, "%a %d %B %Y").date() for d in days]
    assert parsed == sorted(parsed, reverse=True)
    assert "Coffee chat." in said  # the informal check-in
    assert "approached by another organisation" in said.lower()
    assert p.children[0].value.count(playbook.BEFORE_IT_CRYSTALLISES.replace("'", "&#x27;")) == 1


def test_the_contract_shows_open_commitments_managers_first_with_overdue_flagged(demo):
    p = panel_for(demo, "040")  # Kwame: the manager is late
    contract = current(demo.load(Contract, "040"))
    open_ones = [
        c
        for c in in_order(of_version(demo.load(Commitment, "040"), contract.version))
        if c.status.carries_over
    ]
    box = next(c for c in p.children if "careernb-contract-now" in c._dom_classes)
    page = box.children[1].value
    positions = [page.index(html.escape(c.action, quote=True)) for c in open_ones]
    assert positions == sorted(positions)
    assert open_ones[0].party is Party.MANAGER
    overdue = [c for c in open_ones if c.overdue(TODAY)]
    assert overdue, "the demo has an overdue manager commitment for Kwame"
    assert page.count("<b>overdue</b>") == len(overdue)


def test_a_changed_direction_is_shown_side_by_side(demo):
    p = panel_for(demo, "019")
    box = next(c for c in p.children if "careernb-where-they-want-to-go" in c._dom_classes)
    page = html.unescape(box.children[1].value)
    assert "Their direction changed" in page
    assert "technical leadership" in page and "people leadership" in page
    assert playbook.NAME_THE_CHANGE in page


def test_what_not_to_do_beforehand_is_quoted(demo):
    assert playbook.NOT_BEFOREHAND in shown(panel_for(demo))


def test_prepare_without_a_person_shows_the_picker(demo):
    page = prepare(None, store=demo, today=TODAY)
    assert page.panel is None
    page.picker.value = "012"
    assert isinstance(page.panel, PreparePanel)


def test_opening_the_page_writes_nothing(demo):
    before = {p: p.read_bytes() for p in demo.home.rglob("*.csv")}
    for pid in ("007", "012", "019", "023", "031", "034", "040", "046"):
        panel_for(demo, pid)
    assert {p: p.read_bytes() for p in demo.home.rglob("*.csv")} == before
