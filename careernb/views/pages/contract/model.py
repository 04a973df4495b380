"""The contract builder's model: one version of a contract being written, and its findings.

Holds records, never widgets. Every change replaces a trait's value, so the
view can observe it; ``structure`` counts changes that add, remove or reorder
rows (the view rebuilds its rows then, and only then, so typing keeps focus);
``edits`` counts what the manager changed (the controller saves after each),
while loading a contract or starting the next version is not an edit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import traitlets

from careernb.domain import contract as rules
from careernb.domain.contract import Commitment, Contract, Finding, Guard, Party, ReviewPoint, Status
from careernb.errors import CareernbError, NotAgreedError
from careernb.store import new_id
from careernb.views.kit.parameters import ModelOnTheDay, Today

_TYPED = ("open_question", "next_conversation", "override_reason")
"""The contract's own fields a view links to a text box or a date picker."""

Version = tuple[Contract, list[Commitment], list[ReviewPoint]]
"""One saved version: the contract, its commitments and its review points."""


class ContractModel(ModelOnTheDay):
    person_id = traitlets.Unicode()
    contract = traitlets.Instance(Contract, allow_none=True)
    commitments: traitlets.List[Commitment] = traitlets.List()
    """This version's commitments, manager's and theirs, in the order agreed within each party."""
    reviews: traitlets.List[ReviewPoint] = traitlets.List()
    history: traitlets.List[Version] = traitlets.List()
    """Every saved version: (Contract, [Commitment], [ReviewPoint]), oldest first."""
    findings: traitlets.List[Finding] = traitlets.List()
    structure = traitlets.Int(0)
    dirty = traitlets.Bool(False)
    edits = traitlets.Int(0)
    open_question = traitlets.Unicode()
    next_conversation = traitlets.Instance(dt.date, allow_none=True)
    override_reason = traitlets.Unicode()
    promises: traitlets.List[tuple[str, str]] = traitlets.List()
    """(commitment id, its words) of each promise the manager must reword or keep."""
    versions: traitlets.List[int] = traitlets.List()
    compare_a = traitlets.Int(None, allow_none=True)
    compare_b = traitlets.Int(None, allow_none=True)
    """The two versions side by side; a new version is compared with the one before."""

    def __init__(self, person_id: str, today: Today | dt.date | None = None, **kwargs) -> None:
        super().__init__(today, person_id=person_id, **kwargs)
        self.observe(self._refresh, names=["contract", "commitments", "reviews"])
        self.observe(self._mirror, names=["contract"])
        self.observe(self._typed, names=list(_TYPED))
        self.observe(self._compare, names=["contract", "history"])

    # -- reading ---------------------------------------------------------------

    @property
    def on_screen(self) -> Contract:
        """The version on screen: there is one from the moment the model is loaded."""
        if self.contract is None:
            raise CareernbError("no contract is loaded yet: choose the person first")
        return self.contract

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

    @property
    def overridable(self) -> bool:
        """Something blocks that a written reason may override (a promise, or nothing at all, never is)."""
        blocking = rules.blocking(self.findings)
        return bool(blocking) and not any(f.guard in rules.NEVER_OVERRIDDEN for f in blocking)

    def send_state(self) -> tuple[str, str] | None:
        """What to say about sending an agreed version, and its tone: late, sent or waiting."""
        contract = self.contract
        if contract is None or not contract.is_agreed:
            return None
        tone = "late" if rules.sent_late(contract, self.today) else "sent" if contract.sent else "waiting"
        return rules.send_note(contract, self.today), tone

    def _refresh(self, change=None) -> None:
        if self.contract is None:
            self.findings = []
            self.promises = []
            return
        self.findings = rules.findings(self.contract, self.commitments, self.reviews, self.today)
        self.promises = (
            []
            if self.locked
            else [
                (f.commitment_id, self.get(f.commitment_id).action)
                for f in self.findings
                if f.guard is Guard.PROMISE and f.commitment_id
            ]
        )

    def _mirror(self, change=None) -> None:
        """The linked fields follow the contract (loading, agreeing, a new version)."""
        if self.contract is None:
            return
        for name in _TYPED:
            setattr(self, name, getattr(self.contract, name))

    def _typed(self, change) -> None:
        """A linked field changed: an edit, unless it only followed the contract."""
        contract = self.contract
        if contract is None or getattr(contract, change["name"]) == change["new"]:
            return
        if self.locked:  # an agreed version is a record: the field goes back to what was agreed
            setattr(self, change["name"], getattr(contract, change["name"]))
            return
        self.set_contract(**{change["name"]: change["new"]})

    def _compare(self, change=None) -> None:
        versions = self.comparable_versions()
        if versions == self.versions:
            return
        self.versions = versions
        if len(versions) >= 2:
            self.compare_a, self.compare_b = versions[-2], versions[-1]

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

    def next_version(self, conversation_id: str | None = None) -> tuple[Contract, list[Commitment]]:
        """This quarter's agreement, not yet shown: open and paused commitments carry over with
        their status."""
        previous = self.history[-1][0] if self.history else None
        every = [c for _, rows, _ in self.history for c in rows]
        draft, carried = rules.carry_over(previous, every, [], person_id=self.person_id)
        if conversation_id:
            draft = dataclasses.replace(draft, conversation_id=conversation_id)
        return draft, carried

    def start_next_version(
        self, conversation_id: str | None = None, *, drafted: tuple[Contract, list[Commitment]] | None = None
    ) -> None:
        """Show this quarter's agreement (:meth:`next_version`, or as ``drafted`` from it), to be saved."""
        self._show(*(drafted or self.next_version(conversation_id)), [])
        self.dirty = True

    # -- changing ----------------------------------------------------------------

    def _changed(self, *, structure: bool = False) -> None:
        self.dirty = True
        self.edits += 1
        if structure:
            self.structure += 1

    def set_contract(self, **values) -> None:
        """The manager changed the version on screen."""
        assert self.contract is not None
        self.contract = dataclasses.replace(self.contract, **values)
        self._changed()

    def prefill(self, **values) -> None:
        """Fill in what is already known (this conversation, the next one booked): not an edit."""
        assert self.contract is not None
        self.contract = dataclasses.replace(self.contract, **values)
        self.dirty = True

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
