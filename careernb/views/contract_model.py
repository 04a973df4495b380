"""The contract builder's model: one version of a contract being written, and its findings.

Holds records, never widgets. Every change replaces a trait's value, so the
view can observe it; ``structure`` counts changes that add, remove or reorder
rows (the view rebuilds its rows then, and only then, so typing keeps focus).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import traitlets

from careernb.domain import contract as rules
from careernb.domain.contract import Change, Commitment, Contract, Finding, Party, ReviewPoint, Status
from careernb.domain.dates import human_date, human_month
from careernb.errors import NotAgreedError
from careernb.store import new_id
from careernb.views._base import AMBER, GREEN, RED, esc


class ContractModel(traitlets.HasTraits):
    person_id = traitlets.Unicode()
    today = traitlets.Instance(dt.date)
    contract = traitlets.Instance(Contract, allow_none=True)
    commitments = traitlets.List()
    """This version's commitments, manager's and theirs, in the order agreed within each party."""
    reviews = traitlets.List()
    history = traitlets.List()
    """Every saved version: (Contract, [Commitment], [ReviewPoint]), oldest first."""
    findings = traitlets.List()
    structure = traitlets.Int(0)
    dirty = traitlets.Bool(False)

    def __init__(self, person_id: str, today: dt.date, **kwargs) -> None:
        super().__init__(person_id=person_id, today=today, **kwargs)
        self.observe(self._refresh, names=["contract", "commitments", "reviews"])

    # -- reading ---------------------------------------------------------------

    @property
    def locked(self) -> bool:
        """An agreed version is a record of what was agreed: edit it again, or start the next one."""
        return self.contract is not None and self.contract.is_agreed

    @property
    def saved_versions(self) -> list[int]:
        return [c.version for c, _, _ in self.history]

    def rows(self, party: Party) -> list[Commitment]:
        return [c for c in self.commitments if c.party is party]

    def get(self, commitment_id: str) -> Commitment:
        return next(c for c in self.commitments if c.commitment_id == commitment_id)

    def carried(self, commitment_id: str) -> bool:
        """Agreed in an earlier version: drop it by status, do not delete it."""
        return any(
            c.commitment_id == commitment_id
            for contract, rows, _ in self.history
            if self.contract is not None and contract.version < self.contract.version
            for c in rows
        )

    def can_agree(self) -> bool:
        return self.contract is not None and rules.can_agree(self.findings, self.contract.override_reason)

    def _refresh(self, change=None) -> None:
        if self.contract is None:
            self.findings = []
            return
        self.findings = rules.findings(self.contract, self.commitments, self.reviews, self.today)

    # -- loading -----------------------------------------------------------------

    def load(
        self, contracts: list[Contract], commitments: list[Commitment], reviews: list[ReviewPoint]
    ) -> None:
        history = [
            (c, rules.of_version(commitments, c.version), rules.of_version(reviews, c.version))
            for c in sorted(contracts, key=lambda c: c.version)
        ]
        self.history = history
        if history:
            contract, rows, points = history[-1]
            self._show(contract, rows, points)
        else:
            self._show(Contract(self.person_id, 1), [], [])
        self.dirty = False

    def _show(self, contract: Contract, rows: list[Commitment], points: list[ReviewPoint]) -> None:
        with self.hold_trait_notifications():
            self.contract = contract
            self.commitments = rules.in_order(rows)
            self.reviews = sorted(points, key=lambda r: (r.month, r.review_id))
        self.structure += 1

    def start_next_version(self, conversation_id: str | None = None) -> None:
        """This quarter's agreement: open and paused commitments carry over with their status."""
        previous = self.history[-1][0] if self.history else None
        every = [c for _, rows, _ in self.history for c in rows]
        draft, carried = rules.carry_over(previous, every, [], person_id=self.person_id)
        if conversation_id:
            draft = dataclasses.replace(draft, conversation_id=conversation_id)
        self._show(draft, carried, [])
        self.dirty = True

    # -- changing ----------------------------------------------------------------

    def _changed(self, *, structure: bool = False) -> None:
        self.dirty = True
        if structure:
            self.structure += 1

    def set_contract(self, **values) -> None:
        assert self.contract is not None
        self.contract = dataclasses.replace(self.contract, **values)
        self._changed()

    def add_commitment(self, party: Party, action: str = "", due: dt.date | None = None) -> Commitment:
        assert self.contract is not None
        new = Commitment(self.person_id, self.contract.version, new_id("k"), party, action, due)
        self.commitments = rules.in_order([*self.commitments, dataclasses.replace(new, position=10**6)])
        self._renumber()
        self._changed(structure=True)
        return self.get(new.commitment_id)

    def update_commitment(self, commitment_id: str, **values) -> None:
        if "action" in values and values["action"] != self.get(commitment_id).action:
            values.setdefault("promise_kept", False)  # new words: read the advice again
        if values.get("status") is Status.DONE and self.get(commitment_id).done_on is None:
            values.setdefault("done_on", self.today)
        if "status" in values and values["status"] is not Status.DONE:
            values.setdefault("done_on", None)
        self.commitments = [
            dataclasses.replace(c, **values) if c.commitment_id == commitment_id else c
            for c in self.commitments
        ]
        self._changed()

    def remove_commitment(self, commitment_id: str) -> None:
        """Delete a commitment written in this version; one carried over is dropped instead."""
        if self.carried(commitment_id):
            self.update_commitment(commitment_id, status=Status.DROPPED)
            self._changed(structure=True)
            return
        self.commitments = [c for c in self.commitments if c.commitment_id != commitment_id]
        self._renumber()
        self._changed(structure=True)

    def move(self, commitment_id: str, step: int) -> None:
        """Up (-1) or down (+1) within its party's list."""
        me = self.get(commitment_id)
        mine = self.rows(me.party)
        i = mine.index(me)
        j = min(max(i + step, 0), len(mine) - 1)
        if i == j:
            return
        mine[i], mine[j] = mine[j], mine[i]
        others = [c for c in self.commitments if c.party is not me.party]
        self.commitments = rules.in_order(
            others + [dataclasses.replace(c, position=n) for n, c in enumerate(mine)]
        )
        self._changed(structure=True)

    def _renumber(self) -> None:
        out = []
        for party in (Party.MANAGER, Party.PERSON):
            out += [dataclasses.replace(c, position=n) for n, c in enumerate(self.rows(party))]
        self.commitments = rules.in_order(out)

    def keep_wording(self, commitment_id: str) -> None:
        """The manager read the advice on promises and keeps their words."""
        self.update_commitment(commitment_id, promise_kept=True)

    def use_suggestion(self, commitment_id: str) -> None:
        self.update_commitment(
            commitment_id, action=rules.suggested_rewording(self.get(commitment_id).action)
        )
        self._changed(structure=True)  # the row's text field shows the new words

    def add_review(self, month: str, aspect: str = "") -> ReviewPoint:
        assert self.contract is not None
        point = ReviewPoint(self.person_id, self.contract.version, new_id("r"), month, aspect)
        self.reviews = sorted([*self.reviews, point], key=lambda r: (r.month, r.review_id))
        self._changed(structure=True)
        return point

    def update_review(self, review_id: str, **values) -> None:
        self.reviews = [
            dataclasses.replace(r, **values) if r.review_id == review_id else r for r in self.reviews
        ]
        self._changed(structure="month" in values)

    def remove_review(self, review_id: str) -> None:
        self.reviews = [r for r in self.reviews if r.review_id != review_id]
        self._changed(structure=True)

    def agree(self, on: dt.date) -> None:
        if not self.can_agree():
            raise NotAgreedError(rules.blocking(self.findings))
        self.set_contract(agreed=on)
        self._changed(structure=True)

    def edit_again(self) -> None:
        """Unlock an agreed version that has not been sent yet (a typo seen just after agreeing)."""
        assert self.contract is not None and self.contract.sent is None
        self.set_contract(agreed=None)
        self._changed(structure=True)

    # -- comparing ---------------------------------------------------------------

    def version_rows(self, version: int) -> tuple[Contract, list[Commitment], list[ReviewPoint]]:
        """A version as saved, or the one on screen when it is the version being written."""
        if self.contract is not None and version == self.contract.version:
            return self.contract, self.commitments, self.reviews
        return next(v for v in self.history if v[0].version == version)

    def comparable_versions(self) -> list[int]:
        versions = set(self.saved_versions)
        if self.contract is not None:
            versions.add(self.contract.version)
        return sorted(versions)


# -- the side-by-side view -------------------------------------------------------

_BADGE = {
    Change.ADDED: "#0f6b63",
    Change.DONE: GREEN,
    Change.DROPPED: "#8a8f98",
    Change.PAUSED: AMBER,
    Change.REDATED: "#1d4ed8",
    Change.REWORDED: "#6d28d9",
    Change.REOPENED: "#0f6b63",
    Change.REMOVED: RED,
    Change.UNCHANGED: "#8a8f98",
}
_WHO = {Party.MANAGER: "Manager", Party.PERSON: "Theirs"}


def _cell(c: Commitment | None) -> str:
    if c is None:
        return '<td class="careernb-diff-empty" style="color:#8a8f98">—</td>'
    due = human_date(c.due) if c.due else "no date"
    status = "" if c.status is Status.OPEN else f" · {c.status.value}"
    return (
        f'<td><div style="white-space:pre-wrap">{esc(c.action)}</div>'
        f'<div style="color:#5b616b;font-size:90%">by {esc(due)}{status}</div></td>'
    )


def diff_html(model: ContractModel, before: int, after: int) -> str:
    """What changed between two versions, side by side: added, done, dropped, re-dated, paused."""
    a_contract, a_rows, a_reviews = model.version_rows(before)
    b_contract, b_rows, b_reviews = model.version_rows(after)
    head = (
        '<table class="careernb-diff" style="border-collapse:collapse;width:100%">'
        f"<thead><tr><th></th><th style='text-align:left'>Version {before}</th>"
        "<th style='text-align:left'>What changed</th>"
        f"<th style='text-align:left'>Version {after}</th></tr></thead><tbody>"
    )
    rows = []
    for ch in rules.diff(a_rows, b_rows):
        colour = _BADGE[ch.change]
        rows.append(
            f'<tr class="careernb-diff-{ch.change.name.lower()}" style="border-top:1px solid #e3e5e8">'
            f"<td style='color:#5b616b;padding:4px'>{_WHO[ch.commitment.party]}</td>{_cell(ch.before)}"
            f'<td><span style="color:{colour};font-weight:600">{esc(ch.change.value)}</span></td>'
            f"{_cell(ch.after)}</tr>"
        )
    if a_contract.open_question != b_contract.open_question:
        rows.append(
            "<tr style='border-top:1px solid #e3e5e8'><td style='color:#5b616b'>Open question</td>"
            f"<td style='white-space:pre-wrap'>{esc(a_contract.open_question)}</td>"
            f"<td><span style='color:#6d28d9;font-weight:600'>changed</span></td>"
            f"<td style='white-space:pre-wrap'>{esc(b_contract.open_question)}</td></tr>"
        )

    def reviews(points: list[ReviewPoint]) -> str:
        return "<br>".join(f"{human_month(r.month)}: {esc(r.aspect)}" for r in points) or "—"

    if [(r.month, r.aspect) for r in a_reviews] != [(r.month, r.aspect) for r in b_reviews]:
        rows.append(
            "<tr style='border-top:1px solid #e3e5e8'><td style='color:#5b616b'>Reviews</td>"
            f"<td>{reviews(a_reviews)}</td>"
            "<td><span style='color:#6d28d9;font-weight:600'>changed</span></td>"
            f"<td>{reviews(b_reviews)}</td></tr>"
        )
    if not rows:
        rows.append("<tr><td colspan='4'>Nothing changed.</td></tr>")
    return head + "".join(rows) + "</tbody></table>"


def finding_html(f: Finding, *, advice: bool = True) -> str:
    colour = RED if f.blocks else AMBER
    text = f'<span style="color:{colour};font-weight:600">{esc(f.message)}</span>'
    if f.advice and advice:
        text += f'<div style="color:#5b616b;margin:2px 0 0 1em"><em>{esc(f.advice)}</em></div>'
    if f.suggestion:
        text += f'<div style="margin:2px 0 0 1em">Suggested: “{esc(f.suggestion)}”</div>'
    return text
