"""One conversation as a panel: its questions, the phase bar, the clock and autosave.

Model / view / controller: the answers, the aspiration and the honest fit are
traitlets models (``answers``, ``aspiration``, ``honest_fit``); the widgets
here are linked to them; :class:`ConversationController` and the
:class:`~careernb.views.kit.autosave.Autosaver` save them through the store as
they change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as w

from careernb.domain import playbook
from careernb.domain.aspirations import Aspiration, FitAssessment
from careernb.domain.checklists import ChecklistTick, Stage
from careernb.domain.contract import Contract
from careernb.domain.conversations import THREE_CONVERSATIONS, Answer, Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.domain.preparation import PreparationNote
from careernb.domain.questions import Question, Section, Source, bank, for_conversation
from careernb.domain.sessions import Removal, removal, series
from careernb.errors import CareernbError
from careernb.store import Store, new_id
from careernb.views.kit import style
from careernb.views.kit.answer_field import keep_as
from careernb.views.kit.autosave import AUTOSAVE_SECONDS, Autosaver, SaveStatus
from careernb.views.kit.checklist import ChecklistView
from careernb.views.kit.errors import ErrorPanel
from careernb.views.kit.frame import choice, disclosure, header, quote, section
from careernb.views.kit.markup import css, esc, labelled
from careernb.views.kit.parameters import OnTheDay, Today
from careernb.views.pages.conversation import Phase
from careernb.views.pages.conversation.answers import AnswerModel, QuestionCard, watch
from careernb.views.pages.conversation.aspiration import AspirationModel, AspirationView
from careernb.views.pages.conversation.clock import Clock, ClockView
from careernb.views.pages.conversation.contract_so_far import development_contract
from careernb.views.pages.conversation.controller import Changed, ConversationController, describe
from careernb.views.pages.conversation.held import HeldView
from careernb.views.pages.conversation.honest_fit import FitModel, FitView

SHORT: dict[ConversationKind, Phase] = {
    ConversationKind.NOW: "now",
    ConversationKind.DIRECTION: "direction",
    ConversationKind.GAP: "gap",
}
DEFAULT_MINUTES = {ConversationKind.FULL: 60}


class ConversationPanel(OnTheDay, w.VBox):
    """One conversation, opened on one phase; a full conversation moves between its three."""

    def __init__(
        self,
        store: Store,
        person: Person,
        conversation: Conversation,
        phase: ConversationKind,
        *,
        today: Today | dt.date | None = None,
        delay: float = AUTOSAVE_SECONDS,
        written: bool = True,
    ) -> None:
        """``written=False`` for a conversation just started: it is kept once something is said."""
        super().__init__(layout=w.Layout(width="100%"))
        css(self, "careernb-conversation", f"careernb-conversation-{SHORT[phase]}")
        self.store = store
        self.person = person
        self._today = Today.of(today)
        self.errors = ErrorPanel()
        self.status = SaveStatus()
        self.autosaver = Autosaver(store, self.status, self.errors, delay=delay)
        self.controller = ConversationController(
            store, conversation, self._today, self.autosaver, written=written
        )
        self.controller.on_change = self.errors.guard(self._followed)
        self.on_change: Callable[[Conversation], None] | None = None
        """The page's: the conversation was first kept, or its held day changed."""
        self.on_deleted: Callable[[Removal], None] | None = None
        """The page's: the conversation was deleted."""
        self.builder: w.Widget | None = None
        """The contract builder, once "How do we close the gap?" is shown."""
        pid, cid = person.person_id, conversation.conversation_id
        self.questions = bank(store)
        saved = {a.question_id: a for a in store.load(Answer, pid) if a.conversation_id == cid}
        self.answers: dict[str, AnswerModel] = {}
        for kind in conversation.kind.phases:
            for q in for_conversation(self.questions, kind):
                self._add_model(q, saved.get(q.question_id))

        def day_of() -> dt.date:  # asked when a record is first made: the day it was held
            return self.controller.conversation.held or self.today

        aspirations = store.load(Aspiration, pid)
        mine = next((a for a in aspirations if a.conversation_id == cid), None)
        self.aspiration = AspirationModel(pid, cid, mine, day_of)
        self._earlier_aspirations = [a for a in aspirations if a.conversation_id != cid]
        fits = store.load(FitAssessment, pid)
        self.fit = FitModel(pid, cid, next((f for f in fits if f.conversation_id == cid), None), day_of)
        self._earlier_fits = [f for f in fits if f.conversation_id != cid]
        self._fit: FitView | None = None
        booked = conversation.planned_minutes or DEFAULT_MINUTES.get(conversation.kind, 45)
        self.clock = Clock(booked, float(conversation.minutes or 0))
        self.controller.clock = self.clock
        self.clock_view = ClockView(self.clock, self.controller.save_minutes)
        self.held = HeldView(
            lambda: self.controller.conversation,
            today=self._today,
            minutes_so_far=self.clock.minutes,
            mark_held=self.controller.mark_held,
            removal=self._removal,
            delete=self._delete,
            errors=self.errors,
        )
        self._phase_views: dict[ConversationKind, w.Widget] = {}
        self._gated_cards: list[QuestionCard] = []
        self.trust = w.Checkbox(
            value=conversation.trust_established,
            description="Trust is established: show the question to ask only with real trust",
            indent=False,
            layout=w.Layout(width="auto"),
        )
        css(self.trust, "careernb-trust")
        self.trust.observe(self.errors.guard(self._trust_changed), "value")
        self.phase_bar = self._phase_bar(conversation, phase)
        self.body = w.VBox(layout=w.Layout(width="100%"))
        self.checklist = ChecklistView(
            store, pid, cid, (Stage.DURING, Stage.AFTER), self.autosaver, before_tick=self.controller.touch
        )
        checklists = disclosure(
            "Checklist: during and after the conversation", self.checklist, "careernb-checklists"
        )
        top = w.HBox(
            [self.clock_view, self.status],
            layout=w.Layout(justify_content="space-between", align_items="center", width="100%"),
        )
        self.header = header(person, describe(conversation, kept=written))
        self.children = [
            self.header,
            top,
            self.held,
            self.phase_bar,
            self.errors,
            self.body,
            checklists,
        ]
        self.show_phase(phase)
        self._followed(conversation)

    # -- models and saving ----------------------------------------------------

    def _add_model(self, q: Question, saved: Answer | None) -> AnswerModel:
        model = AnswerModel(q, saved)
        pid, cid = self.person.person_id, self.controller.conversation_id
        watch(
            model,
            lambda m: self._changed(
                ("answer", m.question.question_id), lambda: m.saving(pid, cid), m.confirmed
            ),
        )
        self.answers[q.question_id] = model
        return model

    def _card(self, model: AnswerModel) -> QuestionCard:
        """A question's card; its fields keep unsaved text in the browser, keyed by data home,
        notebook, person, conversation and question."""
        pid, cid, qid = self.person.person_id, self.controller.conversation_id, model.question.question_id
        return QuestionCard(
            model,
            keep=lambda part: keep_as(self.store.location, pid, cid, qid, part),
            on_leave=self.errors.guard(self.autosaver.flush),
        )

    def _changed(self, key: tuple, build, confirm=None) -> None:
        self.controller.touch(said=self._said())
        if not self.clock.running and (self.controller.conversation.held in (None, self.today)):
            self.clock_view.start()
        if self.clock.running:
            self.controller.save_minutes()
        self.autosaver.changed(key, build, confirm)

    def _said(self) -> bool:
        """Whether anything typed on the page still says something: an answer, an aspiration, a fit."""
        answered = any(m.answer.strip() or m.underneath.strip() for m in self.answers.values())
        return answered or not self.aspiration.empty or self.fit.fit is not None

    def _followed(self, conversation: Conversation) -> None:
        """The conversation was kept, or its held day changed: say so here and on the page."""
        written = self.controller.written
        self.header.value = header(self.person, describe(conversation, kept=written)).value
        self.held.refresh()
        self.held.delete_button.layout.display = None if written else "none"
        if written and self.on_change is not None:
            self.on_change(conversation)

    def _removal(self) -> Removal:
        """What deleting the conversation takes with it, read after saving what was typed."""
        self.autosaver.flush()
        pid, cid = self.person.person_id, self.controller.conversation_id
        stored = next((c for c in self.store.load(Conversation, pid) if c.conversation_id == cid), None)
        return removal(
            stored or self.controller.conversation,
            answers=self.store.load(Answer, pid),
            aspirations=self.store.load(Aspiration, pid),
            fits=self.store.load(FitAssessment, pid),
            ticks=self.store.load(ChecklistTick, pid),
            contracts=self.store.load(Contract, pid),
            notes=self.store.load(PreparationNote, pid),
        )

    def _delete(self, gone: Removal) -> None:
        self.controller.delete(gone)
        if self.on_deleted is not None:
            self.on_deleted(gone)

    def flush(self) -> None:
        """Save everything typed so far, now."""
        if self.clock.running:
            self.clock_view.pause()
        self.autosaver.flush()

    def close(self) -> None:
        self.clock_view.close()
        super().close()

    # -- trust ------------------------------------------------------------------

    def _trust_changed(self, change: dict) -> None:
        established = bool(change["new"])
        fields: Changed = {"trust_established": established}
        if established:
            fields["trust_gated_shown"] = True
        self.controller.set(now=True, **fields)
        self._show_gated()

    def _show_gated(self) -> None:
        for card in self._gated_cards:
            card.layout.display = None if self.trust.value else "none"

    # -- phases -----------------------------------------------------------------

    def _phase_bar(self, conversation: Conversation, phase: ConversationKind) -> w.Widget:
        titles = {k: playbook.CONVERSATION_TITLES[SHORT[k]].split(" - ", 1)[1] for k in THREE_CONVERSATIONS}
        states = series(self.store.load(Conversation, self.person.person_id), conversation, self.today)
        options = [(f"{i}. {titles[s.phase]}", s.phase) for i, s in enumerate(states, 1)]
        bar = choice(options, phase, "careernb-phase-bar")
        full = conversation.kind is ConversationKind.FULL
        note = (
            "Three phases of one session: move between them here."
            if full
            else "Three separate sessions: "
            + " · ".join(
                f"{i}. {'this session' if s.conversation is conversation else s.label}"
                for i, s in enumerate(states, 1)
            )
        )
        if full:
            bar.observe(self.errors.guard(lambda c: self.show_phase(c["new"])), "value")
        else:
            bar.disabled = True
        self.phase_note = css(
            w.HTML(f'<div style="color:{style.SOFT};font-size:12px">{esc(note)}</div>'), "careernb-phase-note"
        )
        return w.VBox([bar, self.phase_note])

    @property
    def phase(self) -> ConversationKind:
        return self.phase_bar.children[0].value

    def show_phase(self, phase: ConversationKind) -> None:
        if phase not in self._phase_views:
            self._phase_views[phase] = self._build_phase(phase)
        self.body.children = [self._phase_views[phase]]

    def _build_phase(self, phase: ConversationKind) -> w.Widget:
        short = SHORT[phase]
        asked = [self.answers[q.question_id] for q in for_conversation(self.questions, phase)]
        openers = [m for m in asked if m.question.section is Section.OPENER]
        honest = [m for m in asked if m.question.section is not Section.OPENER]
        opener_box = w.VBox([self._card(m) for m in openers], layout=w.Layout(width="100%"))
        parts: list[w.Widget] = [
            quote(playbook.CONVERSATION_PURPOSE[short], cls="careernb-purpose"),
            quote(playbook.GIVE_THIS_SPACE, cls="careernb-give-this-space"),
            section(
                playbook.QUESTIONS_THAT_OPEN,
                opener_box,
                self._own_question(phase, opener_box),
                cls="careernb-openers",
            ),
        ]
        honest_cards = []
        for m in honest:
            card = self._card(m)
            if m.question.trust_gated:
                self._gated_cards.append(card)
            honest_cards.append(card)
        gate: list[w.Widget] = []
        if any(m.question.trust_gated for m in honest):
            gate = [quote(playbook.TRUST_WARNING, cls="careernb-trust-warning"), self.trust]
        parts.append(
            section(
                f"The honest version - {playbook.HONEST_TOPICS[short]}",
                quote(playbook.HONEST_INTRO),
                *[c for c in honest_cards if not c.model.question.trust_gated],
                *gate,
                *[c for c in honest_cards if c.model.question.trust_gated],
                cls="careernb-honest",
            )
        )
        self._show_gated()
        if phase is ConversationKind.DIRECTION:
            view = AspirationView(
                self.aspiration,
                self._earlier_aspirations,
                lambda: self._changed(("aspiration",), self.aspiration.record),
            )
            parts.append(section("Where they want to go", view, cls="careernb-aspiration-section"))
        if phase in (ConversationKind.DIRECTION, ConversationKind.GAP):
            parts.append(section(playbook.AMBITION_TITLE, self._fit_view(), cls="careernb-fit-section"))
        if phase is ConversationKind.GAP:
            parts.append(
                section(
                    "Development contract",
                    quote(playbook.GAP_PRODUCES),
                    self._contract(),
                    cls="careernb-contract-section",
                )
            )
        return css(w.VBox(parts, layout=w.Layout(width="100%")), f"careernb-phase-{short}")

    def _contract(self) -> w.Widget:
        """The contract builder for this conversation: an edit there says the conversation is held."""
        self.builder = development_contract(
            self.store,
            self.person.person_id,
            self.controller.conversation_id,
            self._today,
            on_edit=self.errors.guard(self.controller.touch),
        )
        return self.builder

    def _fit_view(self) -> FitView:
        if self._fit is None:
            self._fit = FitView(
                self.fit, self._earlier_fits, lambda: self._changed(("fit",), self.fit.record)
            )
        return self._fit

    def _own_question(self, phase: ConversationKind, openers: w.VBox) -> w.Widget:
        """Add a question of your own: it joins the bank, marked as yours."""
        text = w.Text(
            placeholder="A question of your own for this conversation", layout=w.Layout(width="70%")
        )
        css(labelled(text, "A question of your own for this conversation"), "careernb-own-question-text")
        add = css(
            w.Button(description="Add to the question bank", icon="plus", layout=w.Layout(width="auto")),
            "careernb-own-question-add",
        )

        def added(_b: object) -> None:
            words = text.value.strip()
            if not words:
                raise CareernbError("Write the question first, then add it.")
            own = [q for q in self.questions if q.source is Source.MANAGER]
            q = Question(
                new_id("q"), phase, Section.OPENER, words,
                position=1000 + len(own), source=Source.MANAGER,
            )  # fmt: skip
            self.store.save(q)
            self.questions.append(q)
            openers.children = [*openers.children, self._card(self._add_model(q, None))]
            text.value = ""
            self.errors.clear()

        add.on_click(self.errors.guard(added))
        return w.HBox([text, add], layout=w.Layout(margin="0 0 6px 0"))
