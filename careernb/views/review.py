"""The monthly contract review panel.

"what's changed since we last spoke?" first (saved as you type), then the
manager's own commitments ("what did I do and what did I not do?"), then
theirs, each with what the review decides. Recording writes the new statuses
and the review as a conversation.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from careernb.domain import playbook
from careernb.domain.contract import Commitment, Contract, ReviewPoint, Status
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.errors import NotRecordedError
from careernb.follow_through.review import (
    MINUTES,
    Agenda,
    Decision,
    Outcome,
    agenda,
    problems,
    record,
)
from careernb.store import Store, new_id
from careernb.views._base import (
    GREEN,
    GREY,
    RED,
    Debouncer,
    ErrorPanel,
    SaveStatus,
    css,
    esc,
    open_for_notebook,
    person_picker,
    problems_html,
)
from careernb.views._open import today_of


class CommitmentRow(w.VBox):
    """One commitment and what the review decides for it."""

    def __init__(self, commitment: Commitment, today: dt.date, on_change) -> None:
        self.commitment = commitment
        self.today = today
        c = commitment
        late = c.overdue(today)
        due = f"by {c.due.isoformat()}" if c.due else "no date"
        state = "paused" if c.status is Status.PAUSED else "open"
        style = f"color:{RED}" if late else ""
        self.text = w.HTML(
            f'<div style="{style}"><b>{esc(c.action)}</b> — {due}'
            f'{" (overdue)" if late else ""} <span style="color:{GREY}">[{state}]</span></div>'
        )
        choices = [Outcome.KEEP, Outcome.DONE, Outcome.REDATE, Outcome.PAUSE, Outcome.DROP]
        if c.status is Status.PAUSED:
            choices = [Outcome.KEEP, Outcome.RESUME, Outcome.DONE, Outcome.REDATE, Outcome.DROP]
        self.outcome = css(
            w.Dropdown(options=[(o.value, o) for o in choices], value=Outcome.KEEP, description="Outcome"),
            "careernb-outcome",
        )
        self.new_due = css(w.DatePicker(description="New date"), "careernb-new-due")
        self.new_due.layout.display = "none"
        self.note = css(w.Text(description="Note", placeholder="What happened, or why"), "careernb-note")
        self.note.layout.width = "60%"
        for widget in (self.outcome, self.new_due, self.note):
            widget.observe(lambda _: on_change(), "value")
        self.outcome.observe(self._show_date, "value")
        super().__init__(
            [self.text, w.HBox([self.outcome, self.new_due]), self.note],
            layout=w.Layout(margin="4px 0 8px 12px", border_left="3px solid #ddd", padding="0 0 0 8px"),
        )
        css(self, "careernb-review-row", f"careernb-commitment-{c.commitment_id}")

    def _show_date(self, _=None) -> None:
        self.new_due.layout.display = None if self.outcome.value is Outcome.REDATE else "none"

    @property
    def decision(self) -> Decision:
        return Decision(
            self.commitment.commitment_id, self.outcome.value, self.new_due.value, self.note.value
        )

    def problems(self) -> list[str]:
        return problems(self.commitment, self.decision, self.today)


class ReviewPanel(w.VBox):
    """Pick a person; go through the contract in the playbook's order; record the review."""

    def __init__(self, store: Store, person_id: str | None = None, today: dt.date | None = None) -> None:
        self.store = store
        self.today = today or dt.date.today()
        self.errors = ErrorPanel()
        self.status = SaveStatus()
        self.picker = person_picker(store, person_id)
        self.picker.layout.width = "440px"
        self.rows: list[CommitmentRow] = []
        self.draft_id: str | None = None
        self._loading = False
        self._shown: str | None = None
        self.whats_changed = css(
            w.Textarea(placeholder="Their words first.", layout=w.Layout(width="90%", height="80px")),
            "careernb-whats-changed",
        )
        self.minutes = css(
            w.BoundedIntText(value=MINUTES, min=1, max=240, description="Minutes"), "careernb-minutes"
        )
        self.missing = css(w.HTML(), "careernb-missing")
        self.result = css(w.HTML(), "careernb-review-result")
        self.record_button = css(
            w.Button(description="Record the review", button_style="primary"), "careernb-record"
        )
        self.body = w.VBox()
        self.autosave = Debouncer(self._save_draft, on_error=self._autosave_failed)
        self.whats_changed.observe(self._typed, "value")
        self.picker.observe(self.errors.guard(lambda _: self.load()), "value")
        self.record_button.on_click(self.errors.guard(lambda _: self.record()))
        super().__init__([self.picker, self.body, self.errors])
        css(self, "careernb-review")
        self.load()

    # -- loading ---------------------------------------------------------------

    @property
    def person_id(self) -> str | None:
        """The person whose review is shown (the picker may already point at the next one)."""
        return self._shown

    def load(self) -> None:
        if self.autosave.pending:
            self.autosave.flush()  # what was typed belongs to the person shown until now
        self._shown = self.picker.value
        self.result.value = ""
        self.rows = []
        pid = self.person_id
        if pid is None:
            self.body.children = [w.HTML(f'<i style="color:{GREY}">Choose a person.</i>')]
            return
        plan = agenda(
            self.store.load(Contract, pid),
            self.store.load(Commitment, pid),
            self.store.load(ReviewPoint, pid),
            self.today,
            self.store.load(Conversation, pid),
        )
        self.plan = plan
        draft = self._draft()
        self.draft_id = draft.conversation_id if draft else None
        self._loading = True
        try:
            self.whats_changed.value = draft.note if draft else ""
        finally:
            self._loading = False
        if plan.contract is None:
            self.body.children = [
                w.HTML("<i>There is no agreed development contract to review yet.</i>"),
            ]
            return
        self.rows = [CommitmentRow(c, self.today, self._check) for c in (*plan.mine, *plan.theirs)]
        mine = self.rows[: len(plan.mine)]
        theirs = self.rows[len(plan.mine) :]
        self.body.children = [
            w.HTML(
                f'<div style="color:{GREY}">Development contract version {plan.contract.version}, agreed '
                f"{plan.contract.agreed.isoformat()}.</div>"
                f"<h4>1. \u201c{esc(playbook.WHATS_CHANGED)}\u201d</h4>"
            ),
            self.whats_changed,
            self.status,
            w.HTML(_points_html(plan)),
            w.HTML(f"<h4>2. Your commitments first: \u201c{esc(playbook.WHAT_DID_I_DO)}\u201d</h4>"),
            *(mine or [w.HTML(f'<i style="color:{GREY}">None open.</i>')]),
            w.HTML("<h4>3. Their commitments</h4>"),
            *(theirs or [w.HTML(f'<i style="color:{GREY}">None open.</i>')]),
            w.HTML(f'<div style="color:{GREY}">Paused is not failure. Dropping needs a note.</div>'),
            self.minutes,
            self.missing,
            self.record_button,
            self.result,
        ]
        self._check()

    def _draft(self) -> Conversation | None:
        """The review being written today, saved as a booked review until it is recorded."""
        booked = [
            c
            for c in self.store.load(Conversation, self.person_id)
            if c.kind is ConversationKind.REVIEW and c.held is None and c.planned == self.today
        ]
        return booked[-1] if booked else None

    # -- typing and checking -----------------------------------------------------

    def _typed(self, _=None) -> None:
        if self._loading:
            return
        self.status.pending()
        self.autosave()

    def _save_draft(self) -> None:
        pid = self.person_id
        if pid is None:
            return
        self.draft_id = self.draft_id or new_id("c")
        self.store.save(
            Conversation(
                self.draft_id,
                pid,
                ConversationKind.REVIEW,
                planned=self.today,
                planned_minutes=self.minutes.value,
                note=self.whats_changed.value,
            )
        )
        self.status.saved()

    def _autosave_failed(self, exc: BaseException) -> None:
        self.status.failed()
        self.errors.show(exc)

    def blockers(self) -> list[str]:
        return [p for row in self.rows for p in row.problems()]

    def _check(self) -> None:
        found = self.blockers()
        self.missing.value = problems_html(found)
        self.record_button.disabled = bool(found)

    # -- recording ---------------------------------------------------------------

    def record(self) -> Conversation | None:
        pid = self.person_id
        if pid is None:
            return None
        self.autosave.cancel()
        if self.whats_changed.value or self.draft_id:
            self._save_draft()
        try:
            held = record(
                self.store,
                pid,
                [r.decision for r in self.rows],
                whats_changed=self.whats_changed.value,
                today=self.today,
                minutes=self.minutes.value,
            )
        except NotRecordedError as exc:
            self.missing.value = problems_html(exc.problems)
            return None
        changed = [r for r in self.rows if r.outcome.value is not Outcome.KEEP]
        summary = "".join(f"<li>{esc(r.commitment.action)}: {esc(r.outcome.value)}</li>" for r in changed)
        self.draft_id = None
        self.load()
        self.result.value = (
            f'<div style="color:{GREEN}"><b>Review recorded on {held.held.isoformat()}</b> '
            f"({len(changed)} commitment{'s' if len(changed) != 1 else ''} updated).</div>"
            + (f"<ul>{summary}</ul>" if summary else "")
        )
        return held


def _points_html(plan: Agenda) -> str:
    if not plan.review_points:
        return ""
    items = "".join(
        f"<li>In {esc(p.month)}, we will check in on {esc(p.aspect)}</li>" for p in plan.review_points
    )
    return f"<div><b>What we said we would review:</b><ul>{items}</ul></div>"


def show(
    person_id: str | None = None, home: str | None = None, today: dt.date | str | None = None
) -> ReviewPanel:
    """The review panel for a notebook."""
    return ReviewPanel(open_for_notebook(home, create=False), person_id, today_of(today))
