"""Before You Start: the manager's private preparation page for one person.

What they said before, the contract as it stands, the six things to think
about (private notes, autosaved), what not to do beforehand, the booking, the
light prompt to send in advance, and the before-the-conversation checklist.
Its package's ``show`` calls :func:`prepare`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import ipywidgets as w
import traitlets as t

from careernb.documents.advance_prompt import AdvancePrompt, draft, write_eml
from careernb.domain import playbook
from careernb.domain.aspirations import Aspiration
from careernb.domain.cadence import next_career_conversation
from careernb.domain.checklists import Stage
from careernb.domain.contract import Commitment, Contract
from careernb.domain.conversations import SUGGESTED_CAREER_MINUTES, Answer, Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.domain.preparation import PreparationNote, Reflection, said_before
from careernb.domain.questions import bank
from careernb.domain.replies import Reply, ReplyUpdate
from careernb.domain.sessions import Format, booking_warning, next_booked, preferred_format
from careernb.domain.signals import Signal, open_signals
from careernb.errors import CareernbError
from careernb.store import Store, new_id
from careernb.views.kit import style
from careernb.views.kit.autosave import AUTOSAVE_SECONDS, Autosaver, SaveStatus
from careernb.views.kit.checklist import ChecklistView
from careernb.views.kit.errors import ErrorPanel
from careernb.views.kit.frame import choice, day, header, quote, section
from careernb.views.kit.markup import css, esc, labelled
from careernb.views.kit.parameters import OnTheDay, Today, open_for_notebook
from careernb.views.kit.person import PersonPage
from careernb.views.kit.records import RecordModel
from careernb.views.pages.prepare.html import (
    aspiration_html,
    contract_html,
    download_link,
    replies_html,
    said_html,
)


class NoteModel(RecordModel):
    """One private reflection note."""

    text = t.Unicode("")

    def __init__(
        self,
        person_id: str,
        reflection: Reflection,
        saved: PreparationNote | None,
        conversation_id: str | None,
    ) -> None:
        super().__init__(person_id, conversation_id, saved)
        self.reflection = reflection

    def record(self) -> PreparationNote | None:
        if self.saved is None and not self.text:
            return None
        return self.kept(
            lambda **values: PreparationNote(new_id("n"), self.person_id, self.reflection, **values),
            conversation_id=self.conversation_id,
            written=dt.datetime.now().replace(microsecond=0),
        )


# -- what the page shows, as HTML (everything typed is escaped) ---------------


class PreparePanel(OnTheDay, w.VBox):
    def __init__(
        self,
        store: Store,
        person_id: str,
        *,
        today: Today | dt.date | None = None,
        delay: float = AUTOSAVE_SECONDS,
    ) -> None:
        super().__init__(layout=w.Layout(width="100%"))
        css(self, "careernb-prepare")
        self.store = store
        self._today = Today.of(today)
        self.person = next(p for p in store.load(Person) if p.person_id == person_id)
        self.errors = ErrorPanel()
        self.status = SaveStatus()
        self.autosaver = Autosaver(store, self.status, self.errors, delay=delay)
        conversations = store.load(Conversation, person_id)
        signals = store.load(Signal, person_id)
        self.booked = next_booked(conversations, self.today)
        self._conversations = conversations
        said = said_before(conversations, store.load(Answer, person_id), signals, bank(store))
        due = next_career_conversation(self.person, conversations, signals, self.today)
        urgent = [s for s in open_signals(signals) if s.kind.is_urgent]
        due_line = f"Next career conversation due {day(due.due)} ({esc(due.reason)})."
        if due.overdue(self.today):
            due_line = f'<span style="color:{style.RED}"><b>Overdue:</b> {due_line}</span>'
        if self.booked is not None:
            at = f" at {self.booked.planned_time:%H:%M}" if self.booked.planned_time else ""
            due_line += f" Booked for {day(self.booked.planned)}{at}."
        if urgent:
            due_line += (
                f' <span class="careernb-urgent" style="color:{style.RED}">'
                f"“{esc(playbook.BEFORE_IT_CRYSTALLISES)}”</span>"
            )
        self.children = [
            header(self.person, "Before you start", due_line),
            w.HBox([self.status], layout=w.Layout(justify_content="flex-end")),
            self.errors,
            section("What they said before", w.HTML(said_html(said)), cls="careernb-said-before"),
            section(
                "What they wrote back",
                w.HTML(self._replies()),
                quote(playbook.WHAT_GOOD_LOOKS_LIKE[0]),
                cls="careernb-their-replies",
            ),
            section(
                "Where they want to go",
                w.HTML(aspiration_html(store.load(Aspiration, person_id))),
                cls="careernb-where-they-want-to-go",
            ),
            section(
                "The development contract as it stands",
                w.HTML(
                    contract_html(
                        store.load(Contract, person_id), store.load(Commitment, person_id), self.today
                    )
                ),
                quote(playbook.TRACK_OWN),
                cls="careernb-contract-now",
            ),
            self._reflections(),
            section(
                "What not to do beforehand", quote(playbook.NOT_BEFOREHAND), cls="careernb-not-beforehand"
            ),
            self._booking(),
            self._light_prompt(),
            self._checklist(),
        ]

    def _replies(self) -> str:
        pid = self.person.person_id
        actions = {c.commitment_id: c.action for c in self.store.load(Commitment, pid)}
        return replies_html(self.store.load(Reply, pid), self.store.load(ReplyUpdate, pid), actions)

    # -- the six reflections -----------------------------------------------------

    def _reflections(self) -> w.Widget:
        pid = self.person.person_id
        cid = self.booked.conversation_id if self.booked else None
        notes = self.store.load(PreparationNote, pid)
        mine = {n.reflection: n for n in notes if n.conversation_id == cid}
        dates = {c.conversation_id: c.date for c in self._conversations}

        def when(n: PreparationNote) -> dt.date | None:
            if n.written:
                return n.written.date()
            return dates.get(n.conversation_id) if n.conversation_id is not None else None

        earlier = {}
        for n in sorted(notes, key=lambda n: (when(n) or dt.date.min, n.note_id)):
            if n.conversation_id != cid and n.text.strip():
                earlier[n.reflection] = n
        self.notes: dict[Reflection, NoteModel] = {}
        self.note_areas: dict[Reflection, w.Textarea] = {}
        rows: list[w.Widget] = [
            w.HTML(f'<div style="color:{style.SOFT}">Private: these notes never leave your data home.</div>')
        ]
        for r in Reflection:
            model = NoteModel(pid, r, mine.get(r), cid)
            model.observe(
                lambda _c, m=model: self.autosaver.changed(("note", m.reflection), m.record), "text"
            )
            area = w.Textarea(placeholder="Your private note", rows=2, layout=w.Layout(width="100%"))
            labelled(area, r.question)  # the question above it, read with the field
            css(area, "careernb-reflection", f"careernb-reflection-{r.value}")
            w.link((model, "text"), (area, "value"))
            self.notes[r], self.note_areas[r] = model, area
            last = earlier.get(r)
            hint = (
                f'<div style="color:{style.SOFTER};font-size:12px;white-space:pre-wrap">Last time '
                f"({day(when(last)) or 'earlier'}): {esc(last.text)}</div>"
                if last
                else ""
            )
            rows.append(w.HTML(f'<div style="margin-top:8px;font-weight:600">{esc(r.question)}</div>{hint}'))
            rows.append(area)
        return section(playbook.THINK_ABOUT, *rows, cls="careernb-reflections")

    # -- booking -------------------------------------------------------------------

    def _booking(self) -> w.Widget:
        b = self.booked
        self.format = choice(
            [(f.value, f) for f in Format],
            Format.of(b) if b else preferred_format(self._conversations),
            "careernb-format",
        )
        self.date = css(
            w.DatePicker(value=b.planned if b else self.today + dt.timedelta(days=7), description="Date"),
            "careernb-booking-date",
        )
        self.time = css(
            w.TimePicker(
                value=(b.planned_time if b and b.planned_time else dt.time(10, 0)), description="Time"
            ),
            "careernb-booking-time",
        )
        minutes = b.planned_minutes if b and b.planned_minutes else SUGGESTED_CAREER_MINUTES
        self.minutes = css(
            w.BoundedIntText(value=minutes, min=0, max=480, step=5, description="Minutes"),
            "careernb-booking-minutes",
        )
        self.booking_warning = css(w.HTML(), "careernb-booking-warning")
        self.booking_state = css(w.HTML(), "careernb-booking-state")
        self.book = css(
            w.Button(
                description="Book it", icon="calendar", button_style="primary", layout=w.Layout(width="auto")
            ),
            "careernb-book",
        )
        self.minutes.observe(lambda _c: self._warn(), "value")
        self.book.on_click(self.errors.guard(self._book))
        self._warn()
        self._show_booking()
        return section(
            "Booking",
            quote(playbook.INVITATION),
            quote(playbook.THREE_WAYS),
            self.format,
            w.HBox([self.date, self.time, self.minutes], layout=w.Layout(flex_flow="row wrap")),
            self.booking_warning,
            w.HBox([self.book, self.booking_state], layout=w.Layout(align_items="center")),
            cls="careernb-booking",
        )

    def _warn(self) -> None:
        text = booking_warning(self.minutes.value)
        self.booking_warning.value = f'<div style="color:{style.RED}">{esc(text)}</div>' if text else ""

    def _show_booking(self) -> None:
        b = self.booked
        if b is None:
            self.booking_state.value = f'<span style="color:{style.SOFT}">Not booked yet.</span>'
            return
        at = f" at {b.planned_time:%H:%M}" if b.planned_time else ""
        moved = f", moved {b.moved} times" if b.moved > 1 else (", moved once" if b.moved == 1 else "")
        self.booking_state.value = (
            f'<span style="color:{style.GREEN}">Booked: {esc(b.kind.value)}, {day(b.planned)}{at}, '
            f"{b.planned_minutes} minutes{moved}.</span>"
        )
        self.book.description = "Save the booking"

    def _book(self, _b: object = None) -> None:
        when, at, minutes = self.date.value, self.time.value, self.minutes.value
        if when is None:
            raise CareernbError("Choose the date of the conversation, then book it.")
        if when < self.today:
            raise CareernbError(f"{day(when)} is in the past: choose a date from today on.")
        if not minutes:
            raise CareernbError("Give the length in minutes (at least 60 suggested).")
        kind = self.format.value.kind_for(ConversationKind.NOW)  # three sessions start with the first
        pid = self.person.person_id
        b = self.booked
        if b is None:
            b = Conversation(new_id("c"), pid, kind, when, at, minutes)
        else:
            moved = b.moved + (1 if b.planned and b.planned != when else 0)
            b = dataclasses.replace(
                b, kind=kind, planned=when, planned_time=at, planned_minutes=minutes, moved=moved
            )
        booking = b
        self.autosaver.now(("booking",), lambda: booking)
        first = self.booked is None
        self.booked = b
        if first:  # notes written before booking now prepare this conversation
            for model in self.notes.values():
                model.conversation_id = b.conversation_id
                if model.saved is not None:
                    self.autosaver.changed(("note", model.reflection), model.record)
            self.autosaver.flush()
        self.checklist.set_conversation(b.conversation_id)
        self._show_booking()
        self._refresh_prompt()

    # -- the light prompt ----------------------------------------------------------

    def _light_prompt(self) -> w.Widget:
        self.prompt_to = css(w.HTML(), "careernb-prompt-to")
        self.prompt_subject = css(
            w.Text(description="Subject", layout=w.Layout(width="100%")), "careernb-prompt-subject"
        )
        self.prompt_body = css(
            labelled(w.Textarea(rows=10, layout=w.Layout(width="100%")), "The prompt's text"),
            "careernb-prompt-text",
        )
        self.write = css(
            w.Button(description="Write the .eml draft", icon="envelope", layout=w.Layout(width="auto")),
            "careernb-write-eml",
        )
        self.written = css(w.HTML(), "careernb-eml-written")
        self.write.on_click(self.errors.guard(self._write_eml))
        self._refresh_prompt()
        return section(
            "Send a light prompt in advance",
            quote(playbook.LIGHT_PROMPT_WHEN),
            self.prompt_to,
            self.prompt_subject,
            self.prompt_body,
            w.HTML(f'<div style="color:{style.SOFT}">{esc(playbook.ADVANCE_PROMPT_NOTE)}</div>'),
            w.HBox([self.write, self.written], layout=w.Layout(align_items="center")),
            cls="careernb-light-prompt",
        )

    def _draft(self) -> AdvancePrompt:
        cid = self.booked.conversation_id if self.booked else None
        return draft(self.store, self.person.person_id, cid)

    def _refresh_prompt(self) -> None:
        prompt = self._draft()
        self.prompt = prompt
        to = (
            f"{esc(prompt.to_name)} &lt;{esc(prompt.to_address)}&gt;"
            if prompt.to_address
            else esc(prompt.to_name)
        )
        note = (
            ""
            if prompt.booked
            else f' <i style="color:{style.PENDING}">Book the conversation to put the date in.</i>'
        )
        self.prompt_to.value = f"<div>To: {to}{note}</div>"
        # Keep what the manager wrote: only a message still as generated follows the booking.
        if self.prompt_body.value in ("", getattr(self, "_generated", None)):
            self.prompt_body.value = prompt.body
            self.prompt_subject.value = prompt.subject
        self._generated = prompt.body

    def _write_eml(self, _b: object = None) -> None:
        prompt = dataclasses.replace(self.prompt, subject=self.prompt_subject.value)
        path = write_eml(self.store, prompt, body=self.prompt_body.value)
        self.eml_path = path
        link = download_link(path.read_bytes(), path.name, "download it")
        self.written.value = (
            f'<span style="margin-left:8px">Written to <code>{esc(path)}</code> · {link}</span>'
        )

    # -- checklist -----------------------------------------------------------------

    def _checklist(self) -> w.Widget:
        cid = self.booked.conversation_id if self.booked else None
        self.checklist = ChecklistView(
            self.store, self.person.person_id, cid, (Stage.BEFORE,), self.autosaver
        )
        return section("Checklist", self.checklist, cls="careernb-before-checklist")

    def flush(self) -> None:
        self.autosaver.flush()


def prepare(
    person_id: str | None = None,
    home: str | None = None,
    *,
    store: Store | None = None,
    today: Today | dt.date | None = None,
) -> PersonPage:
    """The preparation page: pick a person, then prepare."""
    store = store if store is not None else open_for_notebook(home)
    day = Today.of(today)
    return PersonPage(store, person_id, lambda pid: PreparePanel(store, pid, today=day))
