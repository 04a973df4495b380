"""The contract builder: their commitments, the manager's, what we will review, the open question.

Used at the end of "How do we close the gap?" and on its own (notebook 08).
Model / view / controller: a :class:`~careernb.views.pages.contract.model.ContractModel`
holds the version being written, a
:class:`~careernb.views.pages.contract.controller.ContractController` loads and saves
it as you type, and this module's widgets are linked to the model. The honest
guards are a visible list of what needs attention; "Agree contract" waits until
nothing blocks, or until the manager writes why they agree anyway. An agreed version says
why it is kept as it is and offers the next; sending it, beside a preview of exactly what
the person receives, is :mod:`~careernb.views.pages.contract.sending`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w

from careernb.domain import playbook
from careernb.domain.contract import Commitment, Party, ReviewPoint, Status
from careernb.domain.dates import human_month, next_months
from careernb.domain.people import Person
from careernb.store import Store
from careernb.views.kit import style
from careernb.views.kit.autosave import SaveStatus
from careernb.views.kit.errors import ErrorPanel
from careernb.views.kit.fragments import Fragments
from careernb.views.kit.frame import text_area
from careernb.views.kit.markup import css, labelled
from careernb.views.kit.parameters import Today
from careernb.views.kit.person import person_picker
from careernb.views.pages.contract.controller import ContractController, NotAgreedError
from careernb.views.pages.contract.html import attention_html, diff_html, header_html, kept_html
from careernb.views.pages.contract.model import ContractModel
from careernb.views.pages.contract.sending import SendingView, button, reason_field

fragment = Fragments("careernb.views.pages.contract")

__all__ = ["ContractBuilder", "NotAgreedError", "contract_builder", "contract_panel", "diff_html"]

_PARTY_TITLE = {Party.PERSON: "Their commitments", Party.MANAGER: "Manager's commitments"}
_PARTY_HINT = {
    Party.PERSON: "Specific action or learning or behaviour, by a date.",
    Party.MANAGER: "Introductions, opportunities, advocacy, coaching - by a date.",
}
_STATUS_OPTIONS = [(s.value, s) for s in Status]


def _icon(icon: str, tooltip: str, cls: str) -> w.Button:
    """A button that shows its icon alone, and says its words to a screen reader (the kit's
    stylesheet hides them from the eye)."""
    made = w.Button(description=tooltip, icon=icon, tooltip=tooltip, layout=w.Layout(width="36px"))
    return css(made, cls, "careernb-icon-only")


def _months(today: dt.date, extra: list[str]) -> list[tuple[str, str]]:
    return [(human_month(m), m) for m in sorted(set(next_months(today, 7)) | set(extra))]


class ContractBuilder(w.VBox):
    """The view: widgets linked to the model; buttons call the controller."""

    def __init__(
        self,
        store: Store,
        person_id: str,
        conversation_id: str | None = None,
        *,
        today: Today | dt.date | None = None,
        autosave_seconds: float = 1.0,
        intro: bool = True,
        on_edit: Callable[[], None] | None = None,
    ) -> None:
        """``on_edit`` is called on each change the manager makes (the conversation it is written
        in is then being held)."""
        super().__init__()
        css(self, "careernb-contract-builder")
        self.store = store
        self.person_id = person_id
        self.conversation_id = conversation_id
        self.person = next(p for p in store.load(Person) if p.person_id == person_id)
        self.model = ContractModel(person_id, today)
        self.controller = ContractController(
            store, self.model, conversation_id, autosave_seconds=autosave_seconds
        )
        self.errors = ErrorPanel()
        self.save_status = SaveStatus()
        self._build()
        if not intro:
            self.intro.layout.display = "none"
        self._link()
        if on_edit is not None:
            self.model.observe(lambda _change: on_edit(), names=["edits"])
        self.controller.load()
        self._on_structure()
        self._on_contract()
        self._on_findings()
        self._on_promises()
        self._on_versions()

    # -- the controller's actions, as the notebook and the tests call them -----------------

    @property
    def autosave(self):
        return self.controller.autosave

    def flush(self) -> None:
        """Save now (before agreeing, sending, or closing)."""
        self.controller.flush()

    def prepare_files(self) -> list[Path]:
        """The contract HTML, the .eml draft and the follow-through .ics, listed under the buttons."""
        return self.sending.prepare_files()

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        g = self.errors.guard
        self.header = css(w.HTML(), "careernb-contract-header")
        self.intro = w.HTML(
            fragment("contract_intro", output=playbook.CONTRACT_OUTPUT, live=playbook.CONTRACT_LIVE)
        )
        self.lists = {party: css(w.VBox(), f"careernb-{party.value}-commitments") for party in Party}
        self.add_buttons = {
            party: button(f"Add to {_PARTY_TITLE[party].lower()}", f"careernb-add-{party.value}", "plus")
            for party in Party
        }
        for party, add in self.add_buttons.items():
            add.on_click(g(lambda _b, party=party: self.model.add_commitment(party)))
        self.review_list = css(w.VBox(), "careernb-reviews")
        self.add_review_button = button("Add a review point", "careernb-add-review", "plus")
        self.add_review_button.on_click(g(lambda _b: self.controller.add_review()))
        self.open_question = text_area(
            "An open question", "Something that came up that needs more thinking", "careernb-open-question"
        )
        self.next_conversation = css(w.DatePicker(description="Date"), "careernb-next-conversation")
        self.attention = css(w.HTML(), "careernb-attention")
        self.promise_actions = css(w.VBox(), "careernb-promise-actions")
        self.override = reason_field("Why agree it anyway?", "careernb-override")
        self.agree_button = button("Agree contract", "careernb-agree", "check", button_style="success")
        self.agree_button.on_click(g(lambda _b: self.controller.agree()))
        self.sending = SendingView(self.controller, self.model, self.person.name, self.errors)
        self.next_button = button(
            "Start the next version", "careernb-next-version", "copy", button_style="primary"
        )
        self.next_button.on_click(g(lambda _b: self.controller.start_next_version()))
        self.kept_note = css(w.HTML(), "careernb-kept-note")
        self.kept = css(
            w.VBox(
                [self.kept_note, self.next_button],
                layout=w.Layout(
                    border=f"1px solid {style.RULE_SECTION}", padding="4px 10px 8px", margin="6px 0"
                ),
            ),
            "careernb-kept",
        )
        self.compare_a = css(w.Dropdown(description="Compare"), "careernb-compare-a")
        self.compare_b = css(w.Dropdown(description="with"), "careernb-compare-b")
        self.diff = css(w.HTML(), "careernb-diff")
        self.compare_box = w.VBox([w.HBox([self.compare_a, self.compare_b]), self.diff])

        def section(title: str, *body: w.Widget, hint: str = "") -> w.VBox:
            # Overflow visible: a section is no scrolling region of its own (axe: a region that
            # scrolls must be reachable by keyboard).
            heading = w.HTML(fragment("section_heading", title=title, hint=hint))
            return w.VBox([heading, *body], layout=w.Layout(overflow="visible"))

        # Whole sections hide, heading and all, when they have nothing to show.
        self.attention_section = section(
            "What needs attention", self.attention, self.promise_actions, self.override
        )
        self.compare_section = section("What changed between versions", self.compare_box)
        parties = [
            section(_PARTY_TITLE[p], self.lists[p], self.add_buttons[p], hint=_PARTY_HINT[p])
            for p in (Party.PERSON, Party.MANAGER)
        ]
        self.children = [
            self.header,
            self.kept,
            self.intro,
            *parties,
            section(
                "What we will review",
                self.review_list,
                self.add_review_button,
                hint="In [month], we will check in on [specific aspect of progress]",
            ),
            section("The open question we are sitting with", self.open_question),
            section("Next career conversation", self.next_conversation),
            self.attention_section,
            w.HBox([self.agree_button, self.save_status]),
            self.sending,
            self.compare_section,
            self.errors,
        ]

    def _link(self) -> None:
        """Fields follow the model both ways; the rest of the view observes it."""
        model, g = self.model, self.errors.guard
        for name in ("open_question", "next_conversation", "override_reason"):
            widget = self.override if name == "override_reason" else getattr(self, name)
            w.link((model, name), (widget, "value"))
        w.link((model, "compare_a"), (self.compare_a, "value"))
        w.link((model, "compare_b"), (self.compare_b, "value"))
        model.observe(g(self._on_structure), names=["structure"])
        model.observe(g(self._on_contract), names=["contract"])
        model.observe(g(self._on_findings), names=["findings", "contract"])
        model.observe(g(self._on_promises), names=["promises"])
        model.observe(g(self._on_versions), names=["versions"])
        model.observe(g(self._show_diff), names=["compare_a", "compare_b", "history", "structure"])
        self.controller.observe(g(self._on_state), names=["state"])
        self.controller.observe(self._on_error, names=["error"])

    def _commitment_row(self, c: Commitment, n: int) -> w.HBox:
        g, model = self.errors.guard, self.model
        which = f"{_PARTY_TITLE[c.party].removesuffix('s')} {n}"  # each row's controls told apart
        action = css(
            w.Text(
                value=c.action,
                placeholder=_PARTY_HINT[c.party],
                layout=w.Layout(flex="1 1 auto", width="auto"),
            ),
            "careernb-action",
        )
        labelled(action, which)
        due = css(w.DatePicker(value=c.due, layout=w.Layout(width="160px")), "careernb-due")
        labelled(due, f"Due by, {which.lower()}")
        status = css(
            w.Dropdown(options=_STATUS_OPTIONS, value=c.status, layout=w.Layout(width="100px")),
            "careernb-status",
        )
        labelled(status, f"Status, {which.lower()}")
        carried = model.carried(c.commitment_id)
        up = _icon("arrow-up", "Move up", "careernb-up")
        down = _icon("arrow-down", "Move down", "careernb-down")
        drop = "Drop it (it was agreed in an earlier version)" if carried else "Remove"
        remove = _icon("times", drop, "careernb-remove")
        cid = c.commitment_id
        action.observe(g(lambda ch: model.update_commitment(cid, action=ch["new"])), names="value")
        due.observe(g(lambda ch: model.update_commitment(cid, due=ch["new"])), names="value")
        status.observe(g(lambda ch: model.update_commitment(cid, status=ch["new"])), names="value")
        up.on_click(g(lambda _b: model.move(cid, -1)))
        down.on_click(g(lambda _b: model.move(cid, +1)))
        remove.on_click(g(lambda _b: model.remove_commitment(cid)))
        for widget in (action, due, status, up, down, remove):
            widget.disabled = model.locked
        tag = w.HTML(
            fragment("note", tag="span", colour=style.MUTED, extra="font-size:85%", text="carried over")
            if carried
            else "",
            layout=w.Layout(width="90px"),
        )
        # Wrapped on a narrow screen, so the row's buttons never scroll out of reach.
        row = css(
            w.HBox([action, due, status, up, down, remove, tag], layout=w.Layout(flex_flow="row wrap")),
            "careernb-commitment",
        )
        row.commitment_id = cid
        row.action, row.due, row.status, row.up, row.down, row.remove = action, due, status, up, down, remove
        return row

    def _review_row(self, r: ReviewPoint, n: int) -> w.HBox:
        g, model = self.errors.guard, self.model
        month = css(
            w.Dropdown(
                options=_months(model.today, [r.month]), value=r.month, layout=w.Layout(width="170px")
            ),
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
        labelled(month, f"Review point {n}, its month")
        labelled(aspect, f"Review point {n}, we will check in on")
        remove = _icon("times", "Remove", "careernb-remove")
        rid = r.review_id
        month.observe(g(lambda ch: model.update_review(rid, month=ch["new"])), names="value")
        aspect.observe(g(lambda ch: model.update_review(rid, aspect=ch["new"])), names="value")
        remove.on_click(g(lambda _b: model.remove_review(rid)))
        for widget in (month, aspect, remove):
            widget.disabled = model.locked
        row = css(
            w.HBox([w.HTML("In&nbsp;"), month, w.HTML("&nbsp;we will check in on&nbsp;"), aspect, remove]),
            "careernb-review",
        )
        row.review_id = rid
        row.month, row.aspect, row.remove = month, aspect, remove
        return row

    # -- following the model -----------------------------------------------------------

    def _on_error(self, change: Any) -> None:
        """A save that failed in the background: shown above the builder."""
        if change["new"] is not None:
            self.errors.show(change["new"])

    def _on_structure(self, _change: Any = None) -> None:
        """Rows are rebuilt only when rows are added, removed or reordered, so typing keeps focus."""
        for party in Party:
            rows = self.model.rows(party)
            self.lists[party].children = [self._commitment_row(c, n) for n, c in enumerate(rows, 1)]
        self.review_list.children = [self._review_row(r, n) for n, r in enumerate(self.model.reviews, 1)]

    def _on_contract(self, _change: Any = None) -> None:
        contract, locked = self.model.on_screen, self.model.locked
        for widget in (
            self.open_question,
            self.next_conversation,
            self.override,
            *self.add_buttons.values(),
            self.add_review_button,
        ):
            widget.disabled = locked
        self.header.value = header_html(self.person.name, contract)
        self.kept_note.value = kept_html(self.person.name, contract)
        self.kept.layout.display = None if locked else "none"
        self.agree_button.layout.display = "none" if locked else None

    def _on_findings(self, _change: Any = None) -> None:
        model = self.model
        self.attention_section.layout.display = "none" if model.locked else None
        if model.locked:
            self.attention.value = ""
            self.override.layout.display = "none"
            return
        self.attention.value = attention_html(model.findings)
        self.override.layout.display = (
            None if model.overridable or model.on_screen.override_reason else "none"
        )
        self.agree_button.disabled = not model.can_agree()
        self.agree_button.tooltip = "" if model.can_agree() else "See what needs attention"

    def _on_promises(self, _change: Any = None) -> None:
        g, model = self.errors.guard, self.model
        boxes = []
        for cid, action in model.promises:
            use = button("Use the suggested wording", "careernb-use-suggestion")
            keep = button("Keep my wording", "careernb-keep-wording")
            use.on_click(g(lambda _b, cid=cid: model.use_suggestion(cid)))
            keep.on_click(g(lambda _b, cid=cid: model.keep_wording(cid)))
            label = w.HTML(fragment("note", tag="span", colour=style.MUTED, text=f"“{action}”"))
            box = css(w.HBox([use, keep, label]), "careernb-promise")
            box.commitment_id = cid
            boxes.append(box)
        self.promise_actions.children = boxes

    def _on_versions(self, _change: Any = None) -> None:
        versions = self.model.versions
        self.compare_section.layout.display = None if len(versions) >= 2 else "none"
        options = [(f"version {v}", v) for v in versions]
        a, b = self.model.compare_a, self.model.compare_b
        self.compare_a.options = options
        self.compare_b.options = options
        self.model.compare_a, self.model.compare_b = a, b
        self._show_diff()

    def _show_diff(self, _change: Any = None) -> None:
        a, b = self.model.compare_a, self.model.compare_b
        if len(self.model.versions) < 2 or a is None or b is None:
            return
        self.diff.value = diff_html(self.model, a, b)

    def _on_state(self, change: Any) -> None:
        getattr(self.save_status, change["new"])()  # pending, saved or failed


def contract_builder(
    store: Store,
    person_id: str,
    conversation_id: str | None = None,
    *,
    today: Today | dt.date | None = None,
    intro: bool = True,
    on_edit: Callable[[], None] | None = None,
) -> ContractBuilder:
    """The builder for one person; with a conversation, this quarter's version of their contract."""
    return ContractBuilder(store, person_id, conversation_id, today=today, intro=intro, on_edit=on_edit)


def contract_panel(
    person_id: str | None = None, home: str | None = None, today: dt.date | str | None = None
) -> w.VBox:
    """Notebook 08: pick a person, then build, agree, send and compare their contract."""
    from careernb.views.kit.parameters import open_for_notebook

    store = open_for_notebook(home)
    day = Today.of(today)
    picker = person_picker(store, person_id)
    holder = w.VBox()
    errors = ErrorPanel()

    def show(_change: Any = None) -> None:
        holder.children = (
            [contract_builder(store, picker.value, today=day, intro=False)]
            if picker.value
            else [w.HTML("<p>Choose a person to write or review their development contract.</p>")]
        )

    picker.observe(errors.guard(show), names="value")
    show()
    return css(w.VBox([picker, holder, errors]), "careernb-contract-panel")
