"""The three conversations, driven without a browser: set values, click, read the store."""

import html
import time

import pytest

from careernb.domain import playbook
from careernb.domain.aspirations import Aspiration, Direction, Fit, FitAssessment
from careernb.domain.checklists import ChecklistTick
from careernb.domain.contract import Commitment, Contract, Party, current, in_order, of_version
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.dates import human_date
from careernb.domain.questions import Question, Source
from careernb.domain.sessions import Format
from careernb.views.pages.conversation import (
    how_do_we_close_the_gap,
    where_are_you_now,
    where_do_you_want_to_go,
)
from careernb.views.pages.conversation.page import ConversationPage
from tests.conftest import TODAY

NOW, DIRECTION, GAP, FULL = (
    ConversationKind.NOW,
    ConversationKind.DIRECTION,
    ConversationKind.GAP,
    ConversationKind.FULL,
)


def started(store, person_id="007", phase=NOW, fmt=Format.THREE_PHASES, **kw):
    """A new conversation, started from the page, and its panel."""
    page = ConversationPage(store, person_id, phase, today=TODAY, **kw)
    page.chooser.value = "new"
    page.format.value = fmt
    page.start.click()
    return page, page.panel


def save(panel):
    """Save now, as the debouncer would after the pause, and check nothing went wrong."""
    panel.flush()
    assert panel.errors.value == "", panel.errors.value
    assert panel.status.state == "saved"


def answer_in_store(store, panel, question_id, person_id="007"):
    cid = panel.controller.conversation_id
    found = [
        a for a in store.load(Answer, person_id) if a.conversation_id == cid and a.question_id == question_id
    ]
    return found[0] if found else None


def conversation_in_store(store, panel, person_id="007"):
    cid = panel.controller.conversation_id
    return next(c for c in store.load(Conversation, person_id) if c.conversation_id == cid)


def card(panel, question_id):
    return next(
        c
        for v in panel._phase_views.values()
        for c in _cards(v)
        if c.model.question.question_id == question_id
    )


def _cards(widget):
    from careernb.views.pages.conversation.answers import QuestionCard

    if isinstance(widget, QuestionCard):
        yield widget
        return
    for child in getattr(widget, "children", ()):
        yield from _cards(child)


TEXTS = [
    "plain",
    "commas, \"double quotes\", 'single'",
    "two\nlines\n\nand a blank one",
    "emoji 🚀 and accents: Tomás, Yılmaz",
    "  leading and trailing spaces  ",
    "007",
    "=SUM(A1:A2)",
    "<script>alert(1)</script>",
    "a\r\nwindows line",
]


@pytest.mark.parametrize("text", TEXTS)
def test_when_an_answer_is_typed_then_the_store_holds_it_exactly(demo, text):
    _, panel = started(demo)
    card(panel, "now.best-work").answer.value = text
    save(panel)
    assert answer_in_store(demo, panel, "now.best-work").answer == text
    again = where_are_you_now("007", store=demo, today=TODAY).panel.panel
    assert again.controller.conversation_id == panel.controller.conversation_id
    assert card(again, "now.best-work").answer.value == text


def test_when_an_answer_is_typed_then_saving_waits_for_a_pause_and_says_so(demo):
    _, panel = started(demo, delay=0.2)
    area = card(panel, "now.energising").answer
    area.value = "first"
    assert panel.status.state == "pending"
    assert answer_in_store(demo, panel, "now.energising") is None
    area.value = "first words"
    deadline = time.monotonic() + 5
    while panel.status.state != "saved" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert panel.status.state == "saved"
    assert "Saved at" in panel.status.value
    assert answer_in_store(demo, panel, "now.energising").answer == "first words"


def test_nothing_is_saved_for_questions_never_answered(demo):
    _, panel = started(demo)
    card(panel, "now.draining").answer.value = "x"
    save(panel)
    cid = panel.controller.conversation_id
    assert [a.question_id for a in demo.load(Answer, "007") if a.conversation_id == cid] == ["now.draining"]


def test_clearing_an_answer_saves_the_empty_text(demo):
    _, panel = started(demo)
    area = card(panel, "now.draining").answer
    area.value = "something"
    save(panel)
    area.value = ""
    save(panel)
    assert answer_in_store(demo, panel, "now.draining").answer == ""


def test_the_surface_answer_follow_up_is_one_click_away_and_opens_the_version_underneath(demo):
    _, panel = started(demo)
    c = card(panel, "now.energising")
    assert c.underneath_box.layout.display == "none"
    assert playbook.SURFACE_FOLLOW_UP in c.ask_underneath.tooltip
    assert c.ask_underneath.description == "Ask for the version underneath"  # no "Surface answer?"
    c.ask_underneath.click()
    assert c.underneath_box.layout.display is None
    assert playbook.SURFACE_FOLLOW_UP.replace("'", "&#x27;") in c.follow_up_text.value
    c.answer.value = "It's fine."
    c.underneath.value = "I'm bored."
    save(panel)
    saved = answer_in_store(demo, panel, "now.energising")
    assert (saved.answer, saved.underneath) == ("It's fine.", "I'm bored.")
    reopened = card(where_are_you_now("007", store=demo, today=TODAY).panel.panel, "now.energising")
    assert reopened.underneath_box.layout.display is None
    assert reopened.underneath.value == "I'm bored."


def test_share_marks_the_answer_for_the_person(demo):
    _, panel = started(demo)
    c = card(panel, "now.best-work")
    c.answer.value = "Pairing."
    c.share.value = True
    save(panel)
    assert answer_in_store(demo, panel, "now.best-work").share is True


def test_typing_marks_a_booked_conversation_held_today(demo):
    page = where_do_you_want_to_go("019", store=demo, today=TODAY).panel  # Mei: booked in 9 days
    booked = page._by_id[page.chooser.value]
    assert booked.held is None and booked.kind is FULL
    panel = page.panel
    card(panel, "direction.domain").answer.value = "Databases."
    save(panel)
    saved = conversation_in_store(demo, panel, "019")
    assert saved.held == TODAY
    assert saved.planned == booked.planned  # the booking is kept
    label = dict((v, k) for k, v in page.chooser.options)[page.chooser.value]
    assert "held" in label and "booked" not in label, label
    assert page.panel is panel  # relabelling did not reopen the conversation


def test_three_phases_of_one_session_share_one_conversation_across_notebooks(demo):
    _, now = started(demo, fmt=Format.THREE_PHASES)
    card(now, "now.best-work").answer.value = "now answer"
    save(now)
    assert conversation_in_store(demo, now).kind is FULL
    gap = how_do_we_close_the_gap("007", store=demo, today=TODAY).panel.panel
    assert gap.controller.conversation_id == now.controller.conversation_id
    assert gap.phase is GAP
    card(gap, "gap.biggest").answer.value = "gap answer"
    save(gap)
    assert answer_in_store(demo, gap, "gap.biggest").answer == "gap answer"
    assert answer_in_store(demo, gap, "now.best-work").answer == "now answer"


def test_the_phase_bar_moves_between_phases_of_a_full_conversation(demo):
    _, panel = started(demo, fmt=Format.THREE_PHASES)
    bar = panel.phase_bar.children[0]
    assert not bar.disabled
    assert [v for _, v in bar.options] == [NOW, DIRECTION, GAP]
    bar.value = DIRECTION
    shown = panel.body.children[0]
    assert "careernb-phase-direction" in shown._dom_classes
    card(panel, "direction.three-years").answer.value = "Staff engineer."
    bar.value = NOW
    assert "careernb-phase-now" in panel.body.children[0]._dom_classes
    save(panel)
    assert answer_in_store(demo, panel, "direction.three-years").answer == "Staff engineer."


def test_three_separate_sessions_are_three_conversations_and_the_bar_shows_where_they_are(demo):
    _, now = started(demo, fmt=Format.THREE_SESSIONS)
    assert now.phase_bar.children[0].disabled
    card(now, "now.best-work").answer.value = "x"
    save(now)
    assert conversation_in_store(demo, now).kind is NOW
    direction_page = where_do_you_want_to_go("007", store=demo, today=TODAY).panel
    assert direction_page.chooser.value == "new"  # a new session, not the first one again
    assert direction_page.format.value is Format.THREE_SESSIONS  # as last time
    direction_page.start.click()
    direction = direction_page.panel
    assert direction.controller.conversation.kind is DIRECTION
    note = direction.phase_note.value
    assert f"1. held {human_date(TODAY)}" in note and "2. this session" in note and "3. not yet" in note


def test_trust_gated_question_is_hidden_until_trust_is_established_and_showing_it_is_recorded(demo):
    _, panel = started(demo, phase=GAP)
    card(panel, "gap.biggest").answer.value = "Design reviews."
    save(panel)
    gated = card(panel, "honest.leave")
    assert gated.layout.display == "none"
    assert not hasattr(gated, "share") or gated.share not in gated.children[2].children
    assert not conversation_in_store(demo, panel).trust_gated_shown
    panel.trust.value = True
    assert gated.layout.display is None
    saved = conversation_in_store(demo, panel)
    assert saved.trust_established and saved.trust_gated_shown
    panel.trust.value = False
    assert gated.layout.display == "none"
    saved = conversation_in_store(demo, panel)
    assert not saved.trust_established and saved.trust_gated_shown  # it was shown


def test_trust_box_appears_only_in_the_phase_that_has_a_trust_gated_question(demo):
    _, panel = started(demo, phase=NOW)
    assert panel.trust not in list(_walk(panel.body))
    panel.phase_bar.children[0].value = GAP
    assert panel.trust in list(_walk(panel.body))


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_openers_come_first_then_the_honest_questions_of_the_topic(demo):
    _, panel = started(demo, phase=NOW)
    ids = [c.model.question.question_id for c in _cards(panel.body)]
    assert ids[:6] == ["now.best-work", "now.energising", "now.draining", "now.underused",
                       "now.not-strengths", "now.not-working"]  # fmt: skip
    assert ids[6:] == ["honest.best-friend", "honest.okay-to-say", "honest.not-saying"]
    html = " ".join(
        getattr(w, "value", "") for w in _walk(panel.body) if isinstance(getattr(w, "value", None), str)
    )
    assert "Give this space. The honest answers often take a while to surface." in html


def test_aspiration_not_sure_yet_is_accepted_and_met_with_the_playbooks_response(demo):
    _, panel = started(demo, phase=DIRECTION)
    view = next(w for w in _walk(panel.body) if "careernb-aspiration" in getattr(w, "_dom_classes", ()))
    assert view.not_sure.layout.display == "none"
    view.direction.value = Direction.NOT_SURE_YET
    assert view.not_sure.layout.display is None
    assert "direction is useful even without a destination" in view.not_sure.value
    view.fields["drawn_to"].value = "Hard problems"
    view.fields["moving_away_from"].value = "Ticket work"
    save(panel)
    mine = [a for a in demo.load(Aspiration, "007") if a.conversation_id == panel.controller.conversation_id]
    assert len(mine) == 1
    assert mine[0].direction is Direction.NOT_SURE_YET
    assert (mine[0].drawn_to, mine[0].moving_away_from, mine[0].three_year) == (
        "Hard problems",
        "Ticket work",
        "",
    )
    assert mine[0].recorded == TODAY


def test_a_changed_direction_is_named(demo):
    _, panel = started(demo, person_id="019", phase=DIRECTION)  # Mei: people leadership last
    view = next(w for w in _walk(panel.body) if "careernb-aspiration" in getattr(w, "_dom_classes", ()))
    view.direction.value = Direction.PEOPLE_LEADERSHIP
    assert view.change_note.value == ""
    view.direction.value = Direction.SOMETHING_ELSE
    assert "people leadership → something else" in view.change_note.value


def test_aspiration_edits_update_one_record_per_conversation(demo):
    _, panel = started(demo, phase=DIRECTION)
    view = next(w for w in _walk(panel.body) if "careernb-aspiration" in getattr(w, "_dom_classes", ()))
    view.fields["three_year"].value = "Lead"
    save(panel)
    view.fields["three_year"].value = "Lead a team of five"
    view.direction.value = Direction.PEOPLE_LEADERSHIP
    save(panel)
    mine = [a for a in demo.load(Aspiration, "007") if a.conversation_id == panel.controller.conversation_id]
    assert [(a.three_year, a.direction) for a in mine] == [
        ("Lead a team of five", Direction.PEOPLE_LEADERSHIP)
    ]


@pytest.mark.parametrize(("fit", "honest"), [(Fit.NOT_HERE, True), (Fit.MAYBE_LATER, True),
                                             (Fit.PARTIAL_PATH, False), (Fit.FITS_HERE, False)])  # fmt: skip
def test_not_here_or_maybe_later_shows_the_honest_script_and_the_four_explorations(demo, fit, honest):
    _, panel = started(demo, phase=GAP)
    view = panel._fit_view()
    assert view.honest.layout.display == "none"
    view.fit.value = fit
    assert (view.honest.layout.display is None) is honest
    assert "I want to be straight with you." in view.script.value
    assert len(view.notes) == 4
    save(panel)
    saved = [
        f for f in demo.load(FitAssessment, "007") if f.conversation_id == panel.controller.conversation_id
    ]
    assert [f.fit for f in saved] == [fit]


def test_the_four_explorations_and_saying_it_honestly_are_saved(demo):
    _, panel = started(demo, phase=DIRECTION)
    view = panel._fit_view()
    view.fit.value = Fit.NOT_HERE
    view.said.value = True
    for i, area in enumerate(view.notes.values()):
        area.value = f'note {i}, with "quotes"\nand a line'
    save(panel)
    (saved,) = [
        f for f in demo.load(FitAssessment, "007") if f.conversation_id == panel.controller.conversation_id
    ]
    assert saved.said_honestly
    assert [saved.partial_paths, saved.timeline, saved.in_parallel, saved.transition] == [
        f'note {i}, with "quotes"\nand a line' for i in range(4)
    ]


def test_during_and_after_checklists_are_stored_with_the_conversation(demo):
    _, panel = started(demo)
    panel.checklist.boxes["during.perspective"].value = True
    panel.checklist.boxes["after.next"].value = True
    panel.checklist.boxes["after.next"].value = False
    ticks = {
        t.item: t.done
        for t in demo.load(ChecklistTick, "007")
        if t.conversation_id == panel.controller.conversation_id
    }
    assert ticks == {"during.perspective": True, "after.next": False}
    assert "1 of 7" in panel.checklist._titles[next(iter(panel.checklist._titles))].value


def test_a_question_of_your_own_joins_the_bank_and_its_answer_is_saved(demo):
    _, panel = started(demo)
    own = next(w for w in _walk(panel.body) if "careernb-own-question-text" in getattr(w, "_dom_classes", ()))
    add = next(w for w in _walk(panel.body) if "careernb-own-question-add" in getattr(w, "_dom_classes", ()))
    add.click()
    assert "Write the question first" in panel.errors.value
    own.value = "What surprised you this quarter?"
    add.click()
    (q,) = [q for q in demo.load(Question) if q.source is Source.MANAGER]
    assert (q.text, q.conversation) == ("What surprised you this quarter?", NOW)
    c = card(panel, q.question_id)
    assert "your question" in c.text.value
    c.answer.value = "The launch."
    save(panel)
    assert answer_in_store(demo, panel, q.question_id).answer == "The launch."


def test_gap_ends_with_the_contract_builder_carrying_over_the_open_commitments(demo):
    from careernb.views.pages.contract.view import ContractBuilder

    page = how_do_we_close_the_gap("007", store=demo, today=TODAY).panel
    page.chooser.value = "new"
    page.start.click()
    panel = page.panel
    section = panel.body.children[0].children[-1]
    assert "careernb-contract-section" in section._dom_classes
    builder = section.children[-1]
    assert isinstance(builder, ContractBuilder)
    assert (builder.person_id, builder.conversation_id) == ("007", panel.controller.conversation_id)
    agreed = current(demo.load(Contract, "007"))
    still_open = [
        c for c in of_version(demo.load(Commitment, "007"), agreed.version) if c.status.carries_over
    ]
    assert still_open
    for party in Party:
        shown = [row.children[0].value for row in builder.lists[party].children]
        assert [c.action for c in in_order(still_open) if c.party is party] == shown[
            : len([c for c in still_open if c.party is party])
        ]


def test_clock_counts_minutes_and_they_are_saved(demo):
    _, panel = started(demo)
    card(panel, "now.best-work").answer.value = "Pairing."
    fake = [1000.0]
    panel.clock._now = lambda: fake[0]
    panel.clock_view.pause()
    panel.clock._before = 0.0
    panel.clock_view.start()
    fake[0] += 50 * 60
    assert panel.clock.text() == "50 of 60 minutes · 10 left"
    fake[0] += 15 * 60
    panel.clock_view.render()
    assert "65 of 60 minutes · 5 over" in panel.clock_view.display.value
    save(panel)
    assert conversation_in_store(demo, panel).minutes == 65
    panel.close()


def test_an_unknown_conversation_id_is_said_and_the_page_still_works(demo):
    page = ConversationPage(demo, "007", NOW, "c-nope", today=TODAY)
    assert "no conversation 'c-nope'" in html.unescape(page.errors.value)
    assert page.chooser.value == "new"


def test_an_unknown_person_is_said_and_nothing_is_built(demo):
    page = where_are_you_now("999", store=demo, today=TODAY)
    assert "No person with person_id '999'" in html.unescape(page.errors.value)
    assert page.panel is None


def test_without_a_person_the_picker_is_shown_and_choosing_one_opens_the_page(demo):
    page = where_are_you_now(None, store=demo, today=TODAY)
    assert page.panel is None
    assert "Choose a person" in page.holder.children[0].value
    page.picker.value = "031"
    assert page.panel.person.person_id == "031"
    page.panel.chooser.value = "new"
    page.panel.start.click()
    card(page.panel.panel, "now.best-work").answer.value = "typed before switching"
    page.picker.value = "034"  # switching person saves what was pending
    assert [a.answer for a in demo.load(Answer, "031")] == ["typed before switching"]


def test_opening_a_page_writes_nothing(demo):
    before = {p: p.read_bytes() for p in demo.home.rglob("*.csv")}
    for build in (where_are_you_now, where_do_you_want_to_go, how_do_we_close_the_gap):
        for pid in ("007", "019", "031", "034"):
            build(pid, store=demo, today=TODAY)
    assert {p: p.read_bytes() for p in demo.home.rglob("*.csv")} == before


def test_a_broken_contract_builder_is_shown_and_the_conversation_still_works(demo, monkeypatch):
    import sys
    import types

    from careernb.views.pages.conversation import contract_so_far

    broken = types.ModuleType("careernb.views.pages.contract.view")

    def contract_builder(store, person_id, conversation_id=None, today=None, on_edit=None):
        raise RuntimeError("builder exploded")

    broken.contract_builder = contract_builder
    monkeypatch.setitem(sys.modules, "careernb.views.pages.contract.view", broken)
    widget = contract_so_far.development_contract(demo, "007", None)
    assert "builder exploded" in widget.children[0].value
    assert "careernb-contract-so-far" in widget.children[1]._dom_classes


def test_the_contract_builder_is_embedded_with_this_conversation(demo, monkeypatch):
    import sys
    import types

    import ipywidgets as w

    calls = []
    module = types.ModuleType("careernb.views.pages.contract.view")

    def contract_builder(store, person_id, conversation_id=None, today=None, on_edit=None):
        calls.append((person_id, conversation_id))
        return w.HTML("the builder")

    module.contract_builder = contract_builder
    monkeypatch.setitem(sys.modules, "careernb.views.pages.contract.view", module)
    _, panel = started(demo, phase=GAP)
    section = panel.body.children[0].children[-1]
    assert section.children[-1].value == "the builder"
    assert calls == [("007", panel.controller.conversation_id)]
