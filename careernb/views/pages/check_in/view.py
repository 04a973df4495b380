"""The informal check-in panel: a quick note, the signals noticed, and what to do next."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from careernb.domain import playbook
from careernb.domain.conversations import Conversation
from careernb.domain.dates import human_date
from careernb.domain.signals import GOAL_CHANGE_SIGNS, TRIGGERS, Signal, SignalKind, open_signals
from careernb.errors import NotRecordedError
from careernb.follow_through import check_in
from careernb.follow_through.check_in import Action, CheckIn, Proposal
from careernb.store import Store
from careernb.views.kit.errors import ErrorPanel
from careernb.views.kit.fragments import Fragments, problems_html
from careernb.views.kit.frame import text_area
from careernb.views.kit.markup import css
from careernb.views.kit.parameters import Today
from careernb.views.kit.person import person_picker
from careernb.views.kit.style import GREEN, GREY, RED
from careernb.views.pages.check_in.model import BookingModel, CheckInModel

fragment = Fragments("careernb.views.pages.check_in")


ASKED = "Did you talk with them about it? It is recorded as today."
YES = "Yes, we talked about it today"


class BookingForm(w.VBox):
    """Book the ad hoc career conversation a trigger calls for."""

    def __init__(self, panel: CheckInPanel, proposal: Proposal, done: CheckIn) -> None:
        self.panel = panel
        self.person_id = done.conversation.person_id
        """Whose check-in called for it: the booking is theirs."""
        self.model = BookingModel(proposal, panel.today)
        self.trigger = next((s.signal_id for s in done.signals if s.kind in proposal.kinds), None)
        self.day = css(w.DatePicker(description="Day"), "careernb-book-day")
        self.at = css(w.Text(description="At", placeholder="HH:MM"), "careernb-book-time")
        self.minutes = css(w.BoundedIntText(description="Minutes", min=1, max=240), "careernb-book-minutes")
        for name in ("day", "at", "minutes"):
            w.link((self.model, name), (getattr(self, name), "value"))
        self.button = css(
            w.Button(description="Book it", button_style="danger" if proposal.urgent else "primary"),
            "careernb-book",
        )
        self.result = css(w.HTML(), "careernb-book-result")
        self.button.on_click(panel.errors.guard(lambda _: self.book()))
        super().__init__(
            [
                w.HTML(fragment("check_in_proposal", proposal=proposal, book=True)),
                w.HBox([self.day, self.at, self.minutes]),
                self.button,
                self.result,
            ]
        )
        css(self, "careernb-booking")

    def book(self) -> Conversation | None:
        when = self.model.when()
        if when is None:
            self.result.value = fragment("note", tag="span", colour=RED, text=self.model.blockers[0])
            return None
        day, at = when
        try:
            booked = check_in.book(
                self.panel.store,
                self.person_id,
                day=day,
                at=at,
                minutes=self.model.minutes,
                trigger=self.trigger,
                today=self.panel.today,
            )
        except NotRecordedError as exc:
            self.result.value = problems_html(exc.problems)
            return None
        on = human_date(booked.planned) + (f" at {at.strftime('%H:%M')}" if at else "")
        booked_as = f"Booked: a {booked.planned_minutes}-minute career conversation on {on}, its own session."
        self.result.value = fragment("note", tag="span", colour=GREEN, text=booked_as)
        self.button.disabled = True
        return booked


def _checkbox(kind: SignalKind) -> w.Checkbox:
    box = w.Checkbox(value=False, description=kind.playbook_text, indent=False, layout=w.Layout(width="95%"))
    return css(box, "careernb-signal", f"careernb-signal-{kind.name.lower().replace('_', '-')}")


class CheckInPanel(w.VBox):
    """Pick a person; note what you noticed; log it; act on what the playbook proposes."""

    def __init__(
        self, store: Store, person_id: str | None = None, today: Today | dt.date | None = None
    ) -> None:
        self.store = store
        self.model = CheckInModel(today)
        self.errors = ErrorPanel()
        self.picker = person_picker(store, person_id)
        self.note = text_area(
            "What you noticed",
            "What you noticed, in a line or two.",
            "careernb-check-in-note",
            rows=None,
            width="90%",
            height="70px",
        )
        self.minutes = css(
            w.BoundedIntText(min=1, max=120, description="Minutes"),
            "careernb-minutes",
        )
        self.triggers = {k: _checkbox(k) for k in TRIGGERS}
        self.signs = {k: _checkbox(k) for k in GOAL_CHANGE_SIGNS}
        self.log_button = css(
            w.Button(description="Log the check-in", button_style="primary"), "careernb-log"
        )
        self.log_button.on_click(self.errors.guard(lambda _: self.log()))
        self.missing = css(w.HTML(), "careernb-missing")
        self.next_steps = css(w.VBox(), "careernb-proposals")
        self.open_box = css(w.VBox(), "careernb-open-signals")
        w.link((self.model, "note"), (self.note, "value"))
        w.link((self.model, "minutes"), (self.minutes, "value"))
        w.dlink((self.picker, "value"), (self.model, "person_id"))
        for kind, box in {**self.triggers, **self.signs}.items():
            box.observe(lambda ch, kind=kind: self.model.tick(kind, ch["new"]), "value")
        self.model.observe(self._show_ticked, "ticked")
        self.model.observe(self._show_blockers, "blockers")
        self.picker.observe(self.errors.guard(lambda _: self.refresh()), "value")
        super().__init__(
            [
                self.picker,
                w.HTML(fragment("heading", text="A quick note")),
                self.note,
                self.minutes,
                w.HTML(fragment("heading", text=playbook.TRIGGERS_HEADING)),
                *self.triggers.values(),
                w.HTML(fragment("heading", text=playbook.GOAL_CHANGE_HEADING)),
                *self.signs.values(),
                self.missing,
                self.log_button,
                self.next_steps,
                self.open_box,
                self.errors,
            ]
        )
        css(self, "careernb-check-in")
        self.refresh()

    @property
    def person_id(self) -> str | None:
        return self.picker.value

    @property
    def last(self) -> CheckIn | None:
        return self.model.last

    def ticked(self) -> list[SignalKind]:
        return list(self.model.ticked)

    def _show_ticked(self, _change: object = None) -> None:
        for kind, box in {**self.triggers, **self.signs}.items():
            box.value = kind in self.model.ticked

    def _show_blockers(self, _change: object = None) -> None:
        self.missing.value = fragment("problems", problems=self.model.blockers)

    @property
    def today(self) -> dt.date:
        return self.model.today

    def log(self) -> CheckIn | None:
        model = self.model
        person_id = model.person_id
        if not model.ready() or person_id is None:  # ready() has said who is missing
            return None
        try:
            done = check_in.log(
                self.store,
                person_id,
                note=model.note,
                kinds=model.ticked,
                today=self.today,
                minutes=model.minutes,
            )
        except NotRecordedError as exc:
            model.blockers = exc.problems
            return None
        model.logged(done)
        logged = w.HTML(fragment("check_in_logged", held=done.conversation.held, signals=len(done.signals)))
        children: list[w.Widget] = [logged]
        for p in done.proposals:
            if p.action is Action.BOOK:
                children.append(BookingForm(self, p, done))
            else:
                proposed = fragment("check_in_proposal", proposal=p, book=False)
                children.append(css(w.HTML(proposed), "careernb-name-the-change"))
        self.next_steps.children = children
        self._show_open()
        return done

    def refresh(self) -> None:
        self.next_steps.children = []
        self.model.blockers = []
        self._show_open()

    def _show_open(self) -> None:
        person_id = self.person_id
        if person_id is None:
            self.open_box.children = []
            return
        signals = open_signals(self.store.load(Signal, person_id))
        if not signals:
            self.open_box.children = [w.HTML(fragment("note", colour=GREY, text="No open signals."))]
            return
        rows: list[w.Widget] = [w.HTML(fragment("heading", text="Open signals"))]
        rows += [self._signal_row(person_id, s) for s in signals]
        self.open_box.children = rows

    def _signal_row(self, person_id: str, signal: Signal) -> w.Widget:
        """A signal, and "Talked about it", which asks before it records anything: one click
        must not close a signal nobody talked about."""
        sid = signal.signal_id
        talked = css(
            w.Button(description="Talked about it", tooltip="Record that you talked with them about it"),
            "careernb-address",
            f"careernb-address-{sid}",
        )
        yes = css(
            w.Button(description=YES, button_style="primary", layout=w.Layout(width="auto")),
            "careernb-address-yes",
        )
        not_yet = css(w.Button(description="Not yet"), "careernb-address-not-yet")
        asked = w.HTML(fragment("note", colour=GREY, text=ASKED))
        confirm = w.HBox([])
        talked.on_click(self.errors.guard(lambda _: setattr(confirm, "children", [asked, yes, not_yet])))
        not_yet.on_click(self.errors.guard(lambda _: setattr(confirm, "children", [])))
        yes.on_click(self.errors.guard(lambda _: self.address(person_id, sid)))
        return w.VBox([w.HBox([talked, w.HTML(fragment("check_in_signal", signal=signal))]), confirm])

    def address(self, person_id: str, signal_id: str) -> None:
        day = self.today
        check_in.address(self.store, person_id, [signal_id], day)
        self._show_open()
        undo = css(w.Button(description="Undo"), "careernb-address-undo")
        undo.on_click(self.errors.guard(lambda _: self._reopen(person_id, signal_id, day)))
        said = w.HTML(
            fragment("note", colour=GREEN, text=f"Recorded: you talked about it, {human_date(day)}.")
        )
        self.open_box.children = [w.HBox([said, undo]), *self.open_box.children]

    def _reopen(self, person_id: str, signal_id: str, day: dt.date) -> None:
        check_in.reopen(self.store, person_id, signal_id, day)
        self._show_open()
