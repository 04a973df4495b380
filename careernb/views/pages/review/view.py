"""The monthly contract review panel.

"what's changed since we last spoke?" first (saved as you type), then the
manager's own commitments ("what did I do and what did I not do?"), then
theirs, each with what the review decides. Recording writes the new statuses
and the review as a conversation. A :class:`~careernb.views.pages.review.model.ReviewModel`
holds what is decided and what blocks; the widgets here are linked to it.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from careernb.domain import playbook
from careernb.domain.contract import Commitment, Contract, ReviewPoint, Status
from careernb.domain.conversations import Conversation
from careernb.domain.dates import human_date
from careernb.domain.replies import Reply
from careernb.errors import NotRecordedError
from careernb.follow_through.replies import since_we_last_spoke
from careernb.follow_through.review import (
    MINUTES,
    Decision,
    Outcome,
    PointOnAgenda,
    PointState,
    agenda,
    record,
)
from careernb.store import Store, new_id
from careernb.views.kit import style
from careernb.views.kit.autosave import Debouncer, SaveStatus
from careernb.views.kit.errors import ErrorPanel
from careernb.views.kit.fragments import Fragments
from careernb.views.kit.frame import text_area
from careernb.views.kit.markup import about, css
from careernb.views.kit.parameters import Today
from careernb.views.kit.person import person_picker
from careernb.views.pages.review.model import ReviewModel

fragment = Fragments("careernb.views.pages.review")


def _note(text: str, tag: str = "div") -> w.HTML:
    return w.HTML(fragment("note", tag=tag, colour=style.GREY, text=text))


class CommitmentRow(w.VBox):
    """One commitment and what the review decides for it, linked to the model's decision."""

    def __init__(self, commitment: Commitment, model: ReviewModel) -> None:
        self.commitment = c = commitment
        self.model = model
        state = "paused" if c.status is Status.PAUSED else "open"
        due = f"by {human_date(c.due)}" if c.due else "no date"
        self.text = w.HTML(
            fragment("review_row", action=c.action, due=due, late=c.overdue(model.today), state=state)
        )
        choices = [Outcome.KEEP, Outcome.DONE, Outcome.REDATE, Outcome.PAUSE, Outcome.DROP]
        if c.status is Status.PAUSED:
            choices = [Outcome.KEEP, Outcome.RESUME, Outcome.DONE, Outcome.REDATE, Outcome.DROP]
        self.outcome = css(
            w.Dropdown(options=[(o.value, o) for o in choices], value=Outcome.KEEP, description="Outcome"),
            "careernb-outcome",
        )
        about(self.outcome, c.action)
        self.new_due = css(w.DatePicker(description="New date"), "careernb-new-due")
        self.new_due.layout.display = "none"
        self.note = css(w.Text(description="Note", placeholder="What happened, or why"), "careernb-note")
        about(self.note, c.action)
        about(self.new_due, c.action)
        self.note.layout.width = "60%"
        cid = c.commitment_id
        for widget, field in ((self.outcome, "outcome"), (self.new_due, "new_due"), (self.note, "note")):
            widget.observe(lambda ch, field=field: model.decide(cid, **{field: ch["new"]}), "value")
        self.outcome.observe(self._show_date, "value")
        super().__init__(
            [self.text, w.HBox([self.outcome, self.new_due]), self.note],
            layout=w.Layout(margin="4px 0 8px 12px", border_left=style.ROW_BORDER, padding="0 0 0 8px"),
        )
        css(self, "careernb-review-row", f"careernb-commitment-{c.commitment_id}")

    def _show_date(self, _=None) -> None:
        self.new_due.layout.display = None if self.outcome.value is Outcome.REDATE else "none"

    @property
    def decision(self) -> Decision:
        return self.model.decisions[self.commitment.commitment_id]


class PointRow(w.VBox):
    """One thing we said we would review, where it stands, and for a missed one what happened."""

    def __init__(self, point: PointOnAgenda, model: ReviewModel) -> None:
        self.point = point
        self.line = w.HTML(fragment("review_point", point=point))
        self.what_happened: w.Text | None = None
        children: list[w.Widget] = [self.line]
        if point.state is PointState.MISSED:
            rid = point.point.review_id
            self.what_happened = css(
                w.Text(
                    value=model.missed.get(rid, ""),
                    description="What happened",
                    placeholder="kept with this review",
                    style={"description_width": "initial"},
                    layout=w.Layout(width="80%"),
                ),
                "careernb-what-happened",
            )
            self.what_happened.observe(lambda ch: model.say_what_happened(rid, ch["new"]), "value")
            children.append(self.what_happened)
        super().__init__(children, layout=w.Layout(margin="2px 0 4px 12px"))
        css(self, "careernb-review-point", f"careernb-point-{point.state.name.lower().replace('_', '-')}")


class ReviewPanel(w.VBox):
    """Pick a person; go through the contract in the playbook's order; record the review."""

    def __init__(
        self, store: Store, person_id: str | None = None, today: Today | dt.date | None = None
    ) -> None:
        self.store = store
        self.model = ReviewModel(today)
        self.errors = ErrorPanel()
        self.status = SaveStatus()
        self.picker = person_picker(store, person_id)
        self.rows: list[CommitmentRow] = []
        self.point_rows: list[PointRow] = []
        self.whats_changed = text_area(
            "What has changed for them",
            "Their words first.",
            "careernb-whats-changed",
            rows=None,
            width="90%",
            height="80px",
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
        w.link((self.model, "whats_changed"), (self.whats_changed, "value"))
        w.link((self.model, "minutes"), (self.minutes, "value"))
        self.model.observe(self.errors.guard(self._typed), ["whats_changed", "missed"])
        self.model.observe(self.errors.guard(self._check), "blockers")
        self.picker.observe(self.errors.guard(lambda _: self.load()), "value")
        self.record_button.on_click(self.errors.guard(lambda _: self.record()))
        super().__init__([self.picker, self.body, self.errors])
        css(self, "careernb-review")
        self.load()

    @property
    def today(self) -> dt.date:
        return self.model.today

    @property
    def person_id(self) -> str | None:
        """The person whose review is shown (the picker may already point at the next one)."""
        return self.model.person_id

    @property
    def plan(self):
        return self.model.plan

    @property
    def draft_id(self) -> str | None:
        return self.model.draft.conversation_id if self.model.draft else None

    def load(self) -> None:
        if self.autosave.pending:
            self.autosave.flush()  # what was typed belongs to the person shown until now
        self.result.value = ""
        self.rows = []
        self.point_rows = []
        pid = self.picker.value
        if pid is None:
            self.model.load(None, None, [])
            self.body.children = [
                w.HTML(fragment("note", tag="i", colour=style.GREY, text="Choose a person."))
            ]
            return
        conversations = self.store.load(Conversation, pid)
        plan = agenda(
            self.store.load(Contract, pid),
            self.store.load(Commitment, pid),
            self.store.load(ReviewPoint, pid),
            self.today,
            conversations,
        )
        self.model.load(pid, plan, conversations)
        reply = since_we_last_spoke(self.store.load(Reply, pid), conversations)
        if plan.contract is None:
            self.body.children = [w.HTML("<i>There is no agreed development contract to review yet.</i>")]
            return
        self.rows = [CommitmentRow(c, self.model) for c in self.model.commitments]
        self.point_rows = [PointRow(p, self.model) for p in plan.points]
        mine, theirs = self.rows[: len(plan.mine)], self.rows[len(plan.mine) :]
        self.body.children = [
            w.HTML(
                fragment(
                    "review_opening",
                    contract=plan.contract,
                    whats_changed=playbook.WHATS_CHANGED,
                    reply=reply,
                    written=human_date(reply.written.date()) if reply else "",
                )
            ),
            self.whats_changed,
            self.status,
            *(
                [w.HTML(fragment("heading", text="What we said we would review")), *self.point_rows]
                if self.point_rows
                else []
            ),
            w.HTML(
                fragment("heading", text=f"2. Your commitments first: \u201c{playbook.WHAT_DID_I_DO}\u201d")
            ),
            *(mine or [_note("None open.", tag="i")]),
            w.HTML(fragment("heading", text="3. Their commitments")),
            *(theirs or [_note("None open.", tag="i")]),
            _note("Paused is not failure. Dropping needs a note."),
            self.minutes,
            self.missing,
            self.record_button,
            self.result,
        ]
        self._check()

    # -- typing and checking -----------------------------------------------------

    def _typed(self, _=None) -> None:
        saved = self.model.draft.note if self.model.draft else ""
        if self.model.note() == saved:
            return  # loading, or back to what is saved
        self.status.pending()
        self.autosave()

    def _save_draft(self) -> None:
        if self.person_id is None:
            return
        draft = self.model.draft_row(new_id("c"))
        self.store.save(draft)
        self.model.draft = draft
        self.status.saved()

    def _autosave_failed(self, exc: BaseException) -> None:
        self.status.failed()
        self.errors.show(exc)

    def blockers(self) -> list[str]:
        return list(self.model.blockers)

    def _check(self, _=None) -> None:
        self.missing.value = fragment("problems", problems=self.model.blockers)
        self.record_button.disabled = bool(self.model.blockers)

    # -- recording ---------------------------------------------------------------

    def record(self) -> Conversation | None:
        pid = self.person_id
        if pid is None:
            return None
        self.autosave.cancel()
        if self.model.note() or self.model.draft:
            self._save_draft()
        try:
            held = record(
                self.store,
                pid,
                list(self.model.decisions.values()),
                whats_changed=self.model.note(),
                today=self.today,
                minutes=self.model.minutes,
            )
        except NotRecordedError as exc:
            self.missing.value = fragment("problems", problems=exc.problems)
            return None
        changed = self.model.changed()
        self.load()
        self.result.value = fragment("review_recorded", held=held.held, changed=changed)
        return held
