"""The informal check-in panel: a quick note, the signals noticed, and what to do next."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from careernb.domain import playbook
from careernb.domain.conversations import SUGGESTED_CAREER_MINUTES, Conversation
from careernb.domain.signals import GOAL_CHANGE_SIGNS, TRIGGERS, Signal, SignalKind, open_signals
from careernb.follow_through import check_in
from careernb.follow_through.check_in import Action, CheckIn, CheckInError, Proposal
from careernb.store import Store
from careernb.views._base import ErrorPanel, css, esc, open_for_notebook, person_picker, problems_html
from careernb.views._open import today_of
from careernb.views.style import AMBER, GREEN, GREY, RED


class BookingForm(w.VBox):
    """Book the ad hoc career conversation a trigger calls for."""

    def __init__(self, panel: CheckInPanel, proposal: Proposal, signals: tuple[Signal, ...]) -> None:
        self.panel = panel
        self.trigger = next((s.signal_id for s in signals if s.kind in proposal.kinds), None)
        soon = panel.today + dt.timedelta(days=1 if proposal.urgent else 7)
        self.day = css(w.DatePicker(description="Day", value=soon), "careernb-book-day")
        self.at = css(w.Text(description="At", value="10:00", placeholder="HH:MM"), "careernb-book-time")
        self.minutes = css(
            w.BoundedIntText(description="Minutes", value=SUGGESTED_CAREER_MINUTES, min=1, max=240),
            "careernb-book-minutes",
        )
        self.button = css(
            w.Button(description="Book it", button_style="danger" if proposal.urgent else "primary"),
            "careernb-book",
        )
        self.result = css(w.HTML(), "careernb-book-result")
        self.button.on_click(panel.errors.guard(lambda _: self.book()))
        kinds = ", ".join(k.value for k in proposal.kinds)
        why = (
            f'<div style="color:{RED}"><b>\u201c{esc(proposal.why)}\u201d</b></div>'
            if proposal.urgent
            else f"<div>{esc(proposal.why)}: {esc(kinds)}.</div>"
        )
        super().__init__(
            [
                w.HTML(
                    f"<h4>Book an ad hoc career conversation</h4>{why}"
                    f"<div>Say: <i>\u201c{esc(proposal.say)}\u201d</i></div>"
                ),
                w.HBox([self.day, self.at, self.minutes]),
                self.button,
                self.result,
            ]
        )
        css(self, "careernb-booking")

    def book(self) -> Conversation | None:
        try:
            at = dt.time.fromisoformat(self.at.value) if self.at.value.strip() else None
        except ValueError:
            self.result.value = f'<span style="color:{RED}">Write the time as HH:MM, e.g. 10:00.</span>'
            return None
        if self.day.value is None:
            self.result.value = f'<span style="color:{RED}">Choose the day.</span>'
            return None
        try:
            booked = check_in.book(
                self.panel.store,
                self.panel.person_id,
                day=self.day.value,
                at=at,
                minutes=self.minutes.value,
                trigger=self.trigger,
                today=self.panel.today,
            )
        except CheckInError as exc:
            self.result.value = problems_html(exc.problems)
            return None
        when = booked.planned.isoformat() + (f" at {at.strftime('%H:%M')}" if at else "")
        self.result.value = (
            f'<span style="color:{GREEN}">Booked: a {booked.planned_minutes}-minute career conversation on '
            f"{when}, its own session.</span>"
        )
        self.button.disabled = True
        return booked


def _checkbox(kind: SignalKind) -> w.Checkbox:
    box = w.Checkbox(value=False, description=kind.playbook_text, indent=False, layout=w.Layout(width="95%"))
    return css(box, "careernb-signal", f"careernb-signal-{kind.name.lower().replace('_', '-')}")


class CheckInPanel(w.VBox):
    """Pick a person; note what you noticed; log it; act on what the playbook proposes."""

    def __init__(self, store: Store, person_id: str | None = None, today: dt.date | None = None) -> None:
        self.store = store
        self.today = today or dt.date.today()
        self.errors = ErrorPanel()
        self.picker = person_picker(store, person_id)
        self.picker.layout.width = "440px"
        self.note = css(
            w.Textarea(
                placeholder="What you noticed, in a line or two.", layout=w.Layout(width="90%", height="70px")
            ),
            "careernb-check-in-note",
        )
        self.minutes = css(
            w.BoundedIntText(value=check_in.MINUTES, min=1, max=120, description="Minutes"),
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
        self.last: CheckIn | None = None
        self.picker.observe(self.errors.guard(lambda _: self.refresh()), "value")
        super().__init__(
            [
                self.picker,
                w.HTML("<h4>A quick note</h4>"),
                self.note,
                self.minutes,
                w.HTML(f"<h4>{esc(playbook.TRIGGERS_HEADING)}</h4>"),
                *self.triggers.values(),
                w.HTML(f"<h4>{esc(playbook.GOAL_CHANGE_HEADING)}</h4>"),
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

    def ticked(self) -> list[SignalKind]:
        return [k for k, box in {**self.triggers, **self.signs}.items() if box.value]

    def log(self) -> CheckIn | None:
        if self.person_id is None:
            self.missing.value = f'<div style="color:{RED}">\u2022 choose the person</div>'
            return None
        try:
            done = check_in.log(
                self.store,
                self.person_id,
                note=self.note.value,
                kinds=self.ticked(),
                today=self.today,
                minutes=self.minutes.value,
            )
        except CheckInError as exc:
            self.missing.value = problems_html(exc.problems)
            return None
        self.missing.value = ""
        self.last = done
        self.note.value = ""
        for box in (*self.triggers.values(), *self.signs.values()):
            box.value = False
        logged = w.HTML(
            f'<div style="color:{GREEN}">Check-in logged on {done.conversation.held.isoformat()}'
            f"{_with_signals(len(done.signals))}."
            "</div>"
        )
        children: list[w.Widget] = [logged]
        for p in done.proposals:
            if p.action is Action.BOOK:
                children.append(BookingForm(self, p, done.signals))
            else:
                children.append(css(w.HTML(_name_the_change_html(p)), "careernb-name-the-change"))
        self.next_steps.children = children
        self._show_open()
        return done

    def refresh(self) -> None:
        self.next_steps.children = []
        self.missing.value = ""
        self._show_open()

    def _show_open(self) -> None:
        if self.person_id is None:
            self.open_box.children = []
            return
        signals = open_signals(self.store.load(Signal, self.person_id))
        if not signals:
            self.open_box.children = [w.HTML(f'<div style="color:{GREY}">No open signals.</div>')]
            return
        rows: list[w.Widget] = [w.HTML("<h4>Open signals</h4>")]
        for s in signals:
            color = RED if s.kind.is_urgent else AMBER
            text = w.HTML(
                f'<span style="color:{color}">{esc(s.kind.value)}</span> — noticed {s.noticed.isoformat()}'
                + (f": <i>{esc(s.note)}</i>" if s.note else "")
            )
            button = css(
                w.Button(description="Talked about it", tooltip="A conversation about it was held"),
                "careernb-address",
                f"careernb-address-{s.signal_id}",
            )
            button.on_click(self.errors.guard(lambda _, sid=s.signal_id: self.address(sid)))
            rows.append(w.HBox([button, text]))
        self.open_box.children = rows

    def address(self, signal_id: str) -> None:
        check_in.address(self.store, self.person_id, [signal_id], self.today)
        self._show_open()


def _with_signals(n: int) -> str:
    return f", with {n} signal{'s' if n != 1 else ''}" if n else ""


def _name_the_change_html(p: Proposal) -> str:
    kinds = ", ".join(k.value for k in p.kinds)
    return (
        f"<h4>Name it</h4><div>You noticed: {esc(kinds)}.</div>"
        f'<div style="margin:4px 0">Say: <i>\u201c{esc(p.say)}\u201d</i></div>'
        f'<div style="color:{AMBER}">\u201c{esc(p.why)}\u201d</div>'
    )


def show(
    person_id: str | None = None, home: str | None = None, today: dt.date | str | None = None
) -> CheckInPanel:
    """The check-in panel for a notebook."""
    return CheckInPanel(open_for_notebook(home, create=False), person_id, today_of(today))
