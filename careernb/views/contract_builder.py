"""The contract builder: their commitments, the manager's, what we will review, the open question.

Used at the end of "How do we close the gap?" and on its own (notebook 08).
A :class:`~careernb.views.contract_model.ContractModel` holds the version
being written; this module's view shows it and saves it as you type. The
honest guards are a visible list of what needs attention; "Agree contract"
waits until nothing blocks, or until the manager writes why they agree anyway.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import ipywidgets as w

from careernb.domain import contract as rules
from careernb.domain import playbook
from careernb.domain.contract import Commitment, Contract, Guard, Party, ReviewPoint, Status
from careernb.domain.conversations import Conversation, upcoming
from careernb.domain.dates import human_date, human_month, next_months
from careernb.domain.people import Person
from careernb.errors import NotAgreedError
from careernb.store import Store
from careernb.views._base import GREEN, RED, Debouncer, ErrorPanel, SaveStatus, css, esc, person_picker
from careernb.views.contract_model import ContractModel, diff_html, finding_html

_PARTY_TITLE = {Party.PERSON: "Their commitments", Party.MANAGER: "Manager's commitments"}
_PARTY_HINT = {
    Party.PERSON: "Specific action or learning or behaviour, by a date.",
    Party.MANAGER: "Introductions, opportunities, advocacy, coaching - by a date.",
}
_STATUS_OPTIONS = [(s.value, s) for s in Status]


def _auto() -> w.Layout:
    """A button as wide as its words, not stretched across a column."""
    return w.Layout(width="auto", align_self="flex-start")


def _months(today: dt.date, extra: list[str]) -> list[tuple[str, str]]:
    return [(human_month(m), m) for m in sorted(set(next_months(today, 7)) | set(extra))]


class ContractBuilder(w.VBox):
    """Model / view / controller in one panel; tests drive its widgets and read the store."""

    def __init__(
        self,
        store: Store,
        person_id: str,
        conversation_id: str | None = None,
        *,
        today: dt.date | None = None,
        autosave_seconds: float = 1.0,
        intro: bool = True,
    ) -> None:
        super().__init__()
        css(self, "careernb-contract-builder")
        self.store = store
        self.person_id = person_id
        self.conversation_id = conversation_id
        self.today = today or dt.date.today()
        self.person = next(p for p in store.load(Person) if p.person_id == person_id)
        self.model = ContractModel(person_id, self.today)
        self.errors = ErrorPanel()
        self.save_status = SaveStatus()
        self.autosave = Debouncer(self.save, delay=autosave_seconds, on_error=self._save_failed)
        self._build()
        if not intro:
            self.intro.layout.display = "none"
        self.model.observe(self._on_structure, names=["structure"])
        self.model.observe(self._on_findings, names=["findings"])
        self._load()

    # -- controller: loading and saving ------------------------------------------

    def _load(self) -> None:
        pid = self.person_id
        self.model.load(
            self.store.load(Contract, pid),
            self.store.load(Commitment, pid),
            self.store.load(ReviewPoint, pid),
        )
        latest = self.model.contract
        assert latest is not None
        new_conversation = (
            self.conversation_id and latest.is_agreed and latest.conversation_id != self.conversation_id
        )
        if not self.model.history:
            self.model.set_contract(conversation_id=self.conversation_id, next_conversation=self._booked())
            self.model.dirty = False
        elif new_conversation:
            self.start_next_version()
        elif self.conversation_id and not latest.is_agreed and latest.conversation_id is None:
            self.model.set_contract(conversation_id=self.conversation_id)
        self._on_structure()
        self._on_findings()

    def _booked(self) -> dt.date | None:
        """The next career conversation, if it is already in the calendar."""
        booked = [
            c for c in upcoming(self.store.load(Conversation, self.person_id), self.today) if c.kind.is_career
        ]
        return booked[0].planned if booked else None

    def save(self) -> None:
        """Write the version on screen: its contract row, then its commitments and review points."""
        model = self.model
        contract = model.contract
        if contract is None or not model.dirty:
            return
        version = contract.version
        pid = self.person_id
        self.store.update(Contract, pid, lambda rows: [*(r for r in rows if r.version != version), contract])
        mine = list(model.commitments)
        self.store.update(Commitment, pid, lambda rows: [*(r for r in rows if r.version != version), *mine])
        points = list(model.reviews)
        self.store.update(
            ReviewPoint, pid, lambda rows: [*(r for r in rows if r.version != version), *points]
        )
        model.dirty = False
        if version not in model.saved_versions:
            model.history = [*model.history, (contract, mine, points)]
        else:
            model.history = [
                (contract, mine, points) if c.version == version else (c, r, p) for c, r, p in model.history
            ]
        self.save_status.saved()
        self._refresh_compare()

    def _save_failed(self, exc: BaseException) -> None:
        self.save_status.failed()
        self.errors.show(exc)

    def _changed(self) -> None:
        self.save_status.pending()
        self.autosave()

    def flush(self) -> None:
        """Save now (before agreeing, sending, or closing)."""
        if self.autosave.pending or self.model.dirty:
            self.autosave.flush()

    # -- view ------------------------------------------------------------------------

    def _build(self) -> None:
        g = self.errors.guard
        self.header = css(w.HTML(), "careernb-contract-header")
        self.intro = w.HTML(
            f'<p style="color:#5b616b;margin:0"><em>{esc(playbook.CONTRACT_OUTPUT)}</em> '
            f"<em>{esc(playbook.CONTRACT_LIVE)}</em></p>"
        )
        self.lists = {party: css(w.VBox(), f"careernb-{party.value}-commitments") for party in Party}
        self.add_buttons = {
            party: css(
                w.Button(description=f"Add to {_PARTY_TITLE[party].lower()}", icon="plus", layout=_auto()),
                f"careernb-add-{party.value}",
            )
            for party in Party
        }
        for party, button in self.add_buttons.items():
            button.on_click(g(lambda _b, party=party: self._add(party)))
        self.review_list = css(w.VBox(), "careernb-reviews")
        self.add_review_button = css(
            w.Button(description="Add a review point", icon="plus", layout=_auto()), "careernb-add-review"
        )
        self.add_review_button.on_click(g(lambda _b: self._add_review()))
        self.open_question = css(
            w.Textarea(
                placeholder="Something that came up that needs more thinking",
                rows=2,
                layout=w.Layout(width="100%"),
            ),
            "careernb-open-question",
        )
        self.open_question.observe(g(self._on_open_question), names="value")
        self.next_conversation = css(w.DatePicker(description="Date"), "careernb-next-conversation")
        self.next_conversation.observe(g(self._on_next_conversation), names="value")
        self.attention = css(w.HTML(), "careernb-attention")
        self.promise_actions = css(w.VBox(), "careernb-promise-actions")
        self.override = css(
            w.Text(
                placeholder="Why agree it anyway? (kept in your notes, never shared)",
                description="Reason",
                layout=w.Layout(width="100%"),
            ),
            "careernb-override",
        )
        self.override.observe(g(self._on_override), names="value")
        self.agree_button = css(
            w.Button(description="Agree contract", button_style="success", icon="check", layout=_auto()),
            "careernb-agree",
        )
        self.agree_button.on_click(g(lambda _b: self.agree()))
        self.edit_button = css(
            w.Button(description="Edit again", icon="pencil", layout=_auto()), "careernb-edit-again"
        )
        self.edit_button.on_click(g(lambda _b: self._edit_again()))
        self.sent_button = css(
            w.Button(description="Mark sent today", icon="paper-plane", layout=_auto()), "careernb-mark-sent"
        )
        self.sent_button.on_click(g(lambda _b: self.mark_sent()))
        self.files_button = css(
            w.Button(description="Prepare email and calendar", icon="envelope", layout=_auto()),
            "careernb-prepare",
        )
        self.files_button.on_click(g(lambda _b: self.prepare_files()))
        self.next_button = css(
            w.Button(description="Start the next version", icon="copy", layout=_auto()),
            "careernb-next-version",
        )
        self.next_button.on_click(g(lambda _b: self.start_next_version()))
        self.send_note = css(w.HTML(), "careernb-send-note")
        self.files = css(w.HTML(), "careernb-files")
        self.compare_a = css(w.Dropdown(description="Compare"), "careernb-compare-a")
        self.compare_b = css(w.Dropdown(description="with"), "careernb-compare-b")
        for d in (self.compare_a, self.compare_b):
            d.observe(g(lambda _c: self._show_diff()), names="value")
        self.diff = css(w.HTML(), "careernb-diff")
        self.compare_box = w.VBox([w.HBox([self.compare_a, self.compare_b]), self.diff])

        def section(title: str, *body: w.Widget, hint: str = "") -> w.VBox:
            hint_html = f'<div style="color:#5b616b">{esc(hint)}</div>' if hint else ""
            return w.VBox([w.HTML(f"<h4 style='margin:14px 0 2px'>{esc(title)}</h4>{hint_html}"), *body])

        # Whole sections hide, heading and all, when they have nothing to show.
        self.attention_section = section(
            "What needs attention", self.attention, self.promise_actions, self.override
        )
        self.compare_section = section("What changed between versions", self.compare_box)
        self.children = [
            self.header,
            self.intro,
            section(
                _PARTY_TITLE[Party.PERSON],
                self.lists[Party.PERSON],
                self.add_buttons[Party.PERSON],
                hint=_PARTY_HINT[Party.PERSON],
            ),
            section(
                _PARTY_TITLE[Party.MANAGER],
                self.lists[Party.MANAGER],
                self.add_buttons[Party.MANAGER],
                hint=_PARTY_HINT[Party.MANAGER],
            ),
            section(
                "What we will review",
                self.review_list,
                self.add_review_button,
                hint="In [month], we will check in on [specific aspect of progress]",
            ),
            section("The open question we are sitting with", self.open_question),
            section("Next career conversation", self.next_conversation),
            self.attention_section,
            w.HBox(
                [
                    self.agree_button,
                    self.edit_button,
                    self.sent_button,
                    self.files_button,
                    self.next_button,
                    self.save_status,
                ]
            ),
            self.send_note,
            self.files,
            self.compare_section,
            self.errors,
        ]

    def _commitment_row(self, c: Commitment) -> w.HBox:
        g = self.errors.guard
        locked = self.model.locked
        action = css(
            w.Text(
                value=c.action,
                placeholder=_PARTY_HINT[c.party],
                layout=w.Layout(flex="1 1 auto", width="auto"),
            ),
            "careernb-action",
        )
        due = css(w.DatePicker(value=c.due, layout=w.Layout(width="160px")), "careernb-due")
        status = css(
            w.Dropdown(options=_STATUS_OPTIONS, value=c.status, layout=w.Layout(width="100px")),
            "careernb-status",
        )
        up = css(w.Button(icon="arrow-up", tooltip="Move up", layout=w.Layout(width="36px")), "careernb-up")
        down = css(
            w.Button(icon="arrow-down", tooltip="Move down", layout=w.Layout(width="36px")), "careernb-down"
        )
        carried = self.model.carried(c.commitment_id)
        remove = css(
            w.Button(
                icon="times",
                tooltip="Drop it (it was agreed in an earlier version)" if carried else "Remove",
                layout=w.Layout(width="36px"),
            ),
            "careernb-remove",
        )
        cid = c.commitment_id
        action.observe(g(lambda ch: self._edit(cid, action=ch["new"])), names="value")
        due.observe(g(lambda ch: self._edit(cid, due=ch["new"])), names="value")
        status.observe(g(lambda ch: self._edit(cid, status=ch["new"])), names="value")
        up.on_click(g(lambda _b: self._structural(lambda: self.model.move(cid, -1))))
        down.on_click(g(lambda _b: self._structural(lambda: self.model.move(cid, +1))))
        remove.on_click(g(lambda _b: self._structural(lambda: self.model.remove_commitment(cid))))
        for widget in (action, due, status, up, down, remove):
            widget.disabled = locked
        tag = w.HTML(
            '<span style="color:#5b616b;font-size:85%">carried over</span>' if carried else "",
            layout=w.Layout(width="90px"),
        )
        row = css(w.HBox([action, due, status, up, down, remove, tag]), "careernb-commitment")
        row.commitment_id = cid
        row.action, row.due, row.status, row.up, row.down, row.remove = action, due, status, up, down, remove
        return row

    def _review_row(self, r: ReviewPoint) -> w.HBox:
        g = self.errors.guard
        locked = self.model.locked
        month = css(
            w.Dropdown(options=_months(self.today, [r.month]), value=r.month, layout=w.Layout(width="170px")),
            "careernb-review-month",
        )
        aspect = css(
            w.Text(
                value=r.aspect,
                placeholder="specific aspect of progress",
                layout=w.Layout(flex="1 1 auto", width="auto"),
            ),
            "careernb-review-aspect",
        )
        remove = css(
            w.Button(icon="times", tooltip="Remove", layout=w.Layout(width="36px")), "careernb-remove"
        )
        rid = r.review_id
        month.observe(g(lambda ch: self._edit_review(rid, month=ch["new"])), names="value")
        aspect.observe(g(lambda ch: self._edit_review(rid, aspect=ch["new"])), names="value")
        remove.on_click(g(lambda _b: self._structural(lambda: self.model.remove_review(rid))))
        for widget in (month, aspect, remove):
            widget.disabled = locked
        row = css(
            w.HBox([w.HTML("In&nbsp;"), month, w.HTML("&nbsp;we will check in on&nbsp;"), aspect, remove]),
            "careernb-review",
        )
        row.review_id = rid
        row.month, row.aspect, row.remove = month, aspect, remove
        return row

    # -- view updates --------------------------------------------------------------

    def _on_structure(self, change: Any = None) -> None:
        model = self.model
        contract = model.contract
        assert contract is not None
        for party in Party:
            self.lists[party].children = [self._commitment_row(c) for c in model.rows(party)]
        self.review_list.children = [self._review_row(r) for r in model.reviews]
        locked = model.locked
        self._quiet = True
        try:
            self.open_question.value = contract.open_question
            self.next_conversation.value = contract.next_conversation
            self.override.value = contract.override_reason
        finally:
            self._quiet = False
        for widget in (
            self.open_question,
            self.next_conversation,
            self.override,
            *self.add_buttons.values(),
            self.add_review_button,
        ):
            widget.disabled = locked
        state = f"agreed {esc(human_date(contract.agreed))}" if contract.agreed else "a draft, not yet agreed"
        self.header.value = (
            f"<h3 style='margin:0'>Development contract — {esc(self.person.name)}</h3>"
            f"<div style='color:#5b616b'>Version {contract.version}, {state}</div>"
        )
        self.agree_button.layout.display = "none" if locked else None
        self.edit_button.layout.display = None if locked and contract.sent is None else "none"
        self.sent_button.layout.display = None if locked else "none"
        self.files_button.layout.display = None if locked else "none"
        self.next_button.layout.display = None if locked else "none"
        self._show_send_note()
        self._refresh_compare()
        self._on_findings()

    def _on_findings(self, change: Any = None) -> None:
        model = self.model
        self.attention_section.layout.display = "none" if model.locked else None
        if model.locked:
            self.attention.value = ""
            self.promise_actions.children = []
            self._promises_shown = ()
            self.override.layout.display = "none"
            return
        found = model.findings
        advised: set[str] = set()
        items = ""
        for f in found:  # the playbook's advice once per kind of finding, under the first of them
            items += f"<li>{finding_html(f, advice=f.advice not in advised)}</li>"
            advised.add(f.advice)
        self.attention.value = (
            f"<ul style='margin:4px 0'>{items}</ul>"
            if found
            else (
                f"<div style='color:{GREEN}'>Nothing needs attention: specific commitments from both "
                "parties, with dates.</div>"
            )
        )
        promises = tuple(
            (f.commitment_id, model.get(f.commitment_id).action) for f in found if f.guard is Guard.PROMISE
        )
        if promises != getattr(self, "_promises_shown", None):
            self._promises_shown = promises
            self._show_promise_actions(found)
        overridable = bool(rules.blocking(found)) and not any(
            f.guard is Guard.PROMISE for f in rules.blocking(found)
        )
        self.override.layout.display = None if overridable or model.contract.override_reason else "none"
        self.agree_button.disabled = not model.can_agree()
        self.agree_button.tooltip = "" if model.can_agree() else "See what needs attention"

    def _show_promise_actions(self, found: list) -> None:
        model = self.model
        g = self.errors.guard
        boxes = []
        for f in found:
            if f.guard is Guard.PROMISE and f.commitment_id:
                cid = f.commitment_id
                use = css(
                    w.Button(description="Use the suggested wording", layout=_auto()),
                    "careernb-use-suggestion",
                )
                keep = css(w.Button(description="Keep my wording", layout=_auto()), "careernb-keep-wording")
                use.on_click(g(lambda _b, cid=cid: self._structural(lambda: self.model.use_suggestion(cid))))
                keep.on_click(g(lambda _b, cid=cid: self._structural(lambda: self.model.keep_wording(cid))))
                label = w.HTML(f"<span style='color:#5b616b'>“{esc(model.get(cid).action)}”</span>")
                box = css(w.HBox([use, keep, label]), "careernb-promise")
                box.commitment_id = cid
                boxes.append(box)
        self.promise_actions.children = boxes

    def _show_send_note(self) -> None:
        contract = self.model.contract
        if contract is None or not contract.is_agreed:
            self.send_note.value = ""
            return
        late = rules.sent_late(contract, self.today)
        colour = RED if late else GREEN if contract.sent else "#5b616b"
        self.send_note.value = (
            f"<div style='color:{colour}'>{esc(rules.send_note(contract, self.today))}</div>"
        )

    def _refresh_compare(self) -> None:
        versions = self.model.comparable_versions()
        if len(versions) < 2:
            self.compare_section.layout.display = "none"
            return
        self.compare_section.layout.display = None
        options = [(f"version {v}", v) for v in versions]
        a, b = self.compare_a.value, self.compare_b.value
        if versions != getattr(self, "_compared", None):  # a new version: compare it with the one before
            self._compared = versions
            a, b = versions[-2], versions[-1]
        self._quiet_compare = True
        try:
            self.compare_a.options = options
            self.compare_b.options = options
            self.compare_a.value = a
            self.compare_b.value = b
        finally:
            self._quiet_compare = False
        self._show_diff()

    def _show_diff(self) -> None:
        if getattr(self, "_quiet_compare", False):
            return
        a, b = self.compare_a.value, self.compare_b.value
        if a is None or b is None:
            return
        self.diff.value = diff_html(self.model, a, b)

    # -- controller: user actions ------------------------------------------------------

    def _edit(self, commitment_id: str, **values: Any) -> None:
        self.model.update_commitment(commitment_id, **values)
        self._changed()

    def _edit_review(self, review_id: str, **values: Any) -> None:
        self.model.update_review(review_id, **values)
        self._changed()

    def _structural(self, change) -> None:
        change()
        self._changed()

    def _add(self, party: Party) -> Commitment:
        made = self.model.add_commitment(party)
        self._changed()
        return made

    def _add_review(self) -> ReviewPoint:
        made = self.model.add_review(next_months(self.today, 1, skip=1)[0])
        self._changed()
        return made

    def _on_open_question(self, change: dict) -> None:
        if not getattr(self, "_quiet", False) and not self.model.locked:
            self.model.set_contract(open_question=change["new"])
            self._changed()

    def _on_next_conversation(self, change: dict) -> None:
        if not getattr(self, "_quiet", False) and not self.model.locked:
            self.model.set_contract(next_conversation=change["new"])
            self._changed()

    def _on_override(self, change: dict) -> None:
        if not getattr(self, "_quiet", False) and not self.model.locked:
            self.model.set_contract(override_reason=change["new"])
            self._on_findings()
            self._changed()

    def agree(self) -> None:
        """Agree the version on screen, today; refused (visibly) while something blocks."""
        if not self.model.can_agree():
            blocking = rules.blocking(self.model.findings)
            raise NotAgreedError(blocking)
        self.model.agree(self.today)
        self.flush()

    def _edit_again(self) -> None:
        self.model.edit_again()
        self.flush()

    def mark_sent(self) -> None:
        self.flush()
        marked = rules.mark_sent(self.store, self.person_id, self.model.contract.version, self.today)
        self.model.contract = marked
        self.model.history = [
            (marked, r, p) if c.version == marked.version else (c, r, p) for c, r, p in self.model.history
        ]
        self.model.dirty = False
        self._on_structure()

    def prepare_files(self) -> list[Path]:
        """The contract HTML, the .eml draft and the follow-through .ics, in the data home's reports."""
        from careernb.documents.calendar import write_calendar
        from careernb.documents.contract import export_contract
        from careernb.store.files import ensure_folder

        self.flush()
        folder = Path(self.store.home) / "reports" / "contracts"
        ensure_folder(folder)
        written = export_contract(self.store, self.person_id, folder)
        written += write_calendar(self.store, self.person_id, folder / f"follow-through-{self.person_id}.ics")
        links = "".join(f"<li><code>{esc(p)}</code></li>" for p in written)
        self.files.value = (
            "<div>Open the .eml in your mail client, read it, send it, then mark it sent. "
            f"Import the .ics into your calendar: <em>{esc(playbook.CALENDAR_NOW)}</em></div>"
            f"<ul>{links}</ul>"
        )
        return written

    def start_next_version(self) -> None:
        """This quarter's version: open and paused commitments carry over with their status."""
        self.flush()
        self.model.start_next_version(self.conversation_id)
        booked = self._booked()
        if booked:
            self.model.set_contract(next_conversation=booked)


def contract_builder(
    store: Store,
    person_id: str,
    conversation_id: str | None = None,
    *,
    today: dt.date | None = None,
    intro: bool = True,
) -> ContractBuilder:
    """The builder for one person; with a conversation, this quarter's version of their contract."""
    return ContractBuilder(store, person_id, conversation_id, today=today, intro=intro)


def contract_panel(
    person_id: str | None = None, home: str | None = None, today: dt.date | str | None = None
) -> w.VBox:
    """Notebook 08: pick a person, then build, agree, send and compare their contract."""
    from careernb.views._base import open_for_notebook
    from careernb.views._open import today_of

    store = open_for_notebook(home)
    today = None if today is None else today_of(today)
    picker = person_picker(store, person_id)
    holder = w.VBox()
    errors = ErrorPanel()

    def show(_change: Any = None) -> None:
        holder.children = (
            [contract_builder(store, picker.value, today=today, intro=False)]
            if picker.value
            else [w.HTML("<p>Choose a person to write or review their development contract.</p>")]
        )

    picker.observe(errors.guard(show), names="value")
    show()
    return css(w.VBox([picker, holder, errors]), "careernb-contract-panel")


show = contract_panel  # what every notebook calls
