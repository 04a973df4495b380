"""The contract builder's controller: loads a person's contract into the model and saves it.

No widgets: the view calls these actions and observes ``state`` (idle,
pending, saved, failed) and ``error``. Every edit of the model is saved after a
pause in typing, and at once before agreeing, sending or preparing the files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import traitlets

from careernb.domain import contract as rules
from careernb.domain.contract import Commitment, Contract, ReviewPoint
from careernb.domain.conversations import Conversation, upcoming
from careernb.domain.dates import next_months
from careernb.errors import ChangedElsewhereError, NotAgreedError
from careernb.store import Store, table_of
from careernb.store.keyring import LockedError
from careernb.store.sealing import check_writable
from careernb.views.kit.autosave import Debouncer
from careernb.views.pages.contract.model import ContractModel

if TYPE_CHECKING:
    from careernb.documents.outgoing import Outgoing


class ContractController(traitlets.HasTraits):
    state = traitlets.Unicode("idle")
    error = traitlets.Instance(BaseException, allow_none=True)
    """The last save that failed, for the view to show."""

    def __init__(
        self,
        store: Store,
        model: ContractModel,
        conversation_id: str | None = None,
        *,
        autosave_seconds: float = 1.0,
    ) -> None:
        super().__init__()
        self.store = store
        self.model = model
        self.conversation_id = conversation_id
        self.autosave = Debouncer(self.save, delay=autosave_seconds, on_error=self._failed)
        model.observe(self._edited, names=["edits"])

    @property
    def person_id(self) -> str:
        return self.model.person_id

    @property
    def today(self) -> dt.date:
        return self.model.today

    def load(self) -> None:
        """The latest version; with a conversation after an agreed one, this quarter's next version."""
        pid, model = self.person_id, self.model
        model.load(
            self.store.load(Contract, pid),
            self.store.load(Commitment, pid),
            self.store.load(ReviewPoint, pid),
        )
        latest = model.contract
        assert latest is not None
        new_conversation = (
            self.conversation_id and latest.is_agreed and latest.conversation_id != self.conversation_id
        )
        if not model.history:
            model.prefill(conversation_id=self.conversation_id, next_conversation=self._booked())
            model.dirty = False
        elif new_conversation:
            try:
                self.start_next_version()
            except LockedError as exc:  # the latest version stays on screen, and the page says why
                self._failed(exc)
        elif self.conversation_id and not latest.is_agreed and latest.conversation_id is None:
            model.prefill(conversation_id=self.conversation_id)

    def _booked(self) -> dt.date | None:
        """The next career conversation, if it is already in the calendar."""
        booked = [
            c for c in upcoming(self.store.load(Conversation, self.person_id), self.today) if c.kind.is_career
        ]
        return booked[0].planned if booked else None

    # -- saving ------------------------------------------------------------------

    def _edited(self, _change: object = None) -> None:
        self.state = "pending"
        self.autosave()

    def _failed(self, exc: BaseException) -> None:
        self.state = "failed"
        self.error = exc

    def save(self) -> None:
        """Write the version on screen: its contract row, then its commitments and review points."""
        model = self.model
        contract = model.contract
        if contract is None or not model.dirty:
            return
        version = contract.version
        pid = self.person_id
        mine, points = list(model.commitments), list(model.reviews)
        # Three writes (the contract row first: the others refer to it): while locked, or
        # changed by another window, refused before the first of them.
        check_writable(self.store, [contract, *mine, *points])
        self._refuse_changed_elsewhere(version)
        self.store.update(Contract, pid, lambda rows: [*(r for r in rows if r.version != version), contract])
        self.store.update(Commitment, pid, lambda rows: [*(r for r in rows if r.version != version), *mine])
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
        self.state = "saved"

    def _refuse_changed_elsewhere(self, version: int) -> None:
        """The version as stored must be the one this page last read or wrote (or, new, not be
        stored yet): another window's commitments, or its agreeing, are never written over."""
        read: list[dict] = [{}, {}, {}]
        for contract, commitments, points in self.model.history:
            if contract.version == version:
                read = [_by_key([contract]), _by_key(commitments), _by_key(points)]
        stored: list[list[Any]] = [
            self.store.load(t, self.person_id) for t in (Contract, Commitment, ReviewPoint)
        ]
        if [_by_key([x for x in rows if x.version == version]) for rows in stored] != read:
            raise ChangedElsewhereError(f"Contract version {version}", "")

    def flush(self) -> None:
        """Save now (before agreeing, sending, or closing)."""
        if self.autosave.pending or self.model.dirty:
            self.autosave.flush()

    # -- what the manager does -----------------------------------------------------

    def agree(self) -> None:
        """Agree the version on screen, today; refused (visibly) while something blocks."""
        if not self.model.can_agree():
            raise NotAgreedError(rules.blocking(self.model.findings))
        self.model.agree(self.today)
        self.flush()

    def edit_again(self) -> None:
        self.model.edit_again()
        self.flush()

    def now(self) -> dt.datetime:
        """This moment, on the page's day: the day a contract sent now is sent on."""
        return dt.datetime.combine(self.today, dt.datetime.now().time()).astimezone()

    def outgoing(self) -> Outgoing:
        """Exactly what the person will receive if the version on screen is sent now: the one
        call the page's preview makes, from the same function the send writes through."""
        from careernb.documents.outgoing import preview

        return preview(self.store, self.person_id, self.model.on_screen.version, now=self.now())

    def _reload_sent(self) -> None:
        """The version on screen as the store now has it (the day sent, the reason)."""
        version = self.model.on_screen.version
        marked = next(c for c in self.store.load(Contract, self.person_id) if c.version == version)
        model = self.model
        model.history = [
            (marked, r, p) if c.version == marked.version else (c, r, p) for c, r, p in model.history
        ]
        model.contract = marked
        model.dirty = False

    def send(self, override_reason: str = "") -> list[Path]:
        """Write the contract and its mail draft exactly as previewed, with the follow-through
        calendar, and record today as the day sent; refused while something blocks and no reason
        is written (``override_reason`` is then kept on the contract, private to the manager)."""
        from careernb.documents.calendar import write_calendar
        from careernb.documents.outgoing import send

        self.flush()
        folder = self._folder()
        written = send(
            self.store,
            self.person_id,
            folder,
            self.model.on_screen.version,
            now=self.now(),
            override_reason=override_reason or None,
        )
        written += write_calendar(self.store, self.person_id, folder / f"follow-through-{self.person_id}.ics")
        self._reload_sent()
        return written

    def mark_sent(self, override_reason: str = "") -> None:
        """Record today as the day sent (it went another way); the same guard as :meth:`send`."""
        self.flush()
        rules.mark_sent(
            self.store,
            self.person_id,
            self.model.on_screen.version,
            self.today,
            override_reason=override_reason or None,
        )
        self._reload_sent()

    def _folder(self) -> Path:
        from careernb.ownership.exports import reports_folder
        from careernb.store.files import ensure_folder

        folder = reports_folder(self.store) / "contracts"
        ensure_folder(folder)
        return folder

    def prepare_files(self) -> list[Path]:
        """The contract HTML, the .eml draft and the follow-through .ics, in the data home's reports."""
        from careernb.documents.calendar import write_calendar
        from careernb.documents.contract import export_contract

        self.flush()
        folder = self._folder()
        written = export_contract(self.store, self.person_id, folder, now=self.now())
        written += write_calendar(self.store, self.person_id, folder / f"follow-through-{self.person_id}.ics")
        return written

    def start_next_version(self) -> None:
        """This quarter's version: open and paused commitments carry over with their status."""
        self.flush()
        drafted = self.model.next_version(self.conversation_id)
        # While locked, a carried commitment's note cannot move to the new version: say so now,
        # not once the new version is on screen and half of it could be saved.
        check_writable(self.store, [drafted[0], *drafted[1]])
        self.model.start_next_version(drafted=drafted)
        booked = self._booked()
        if booked:
            self.model.prefill(next_conversation=booked)

    def add_review(self) -> ReviewPoint:
        """A review point for next month, to be worded."""
        return self.model.add_review(next_months(self.today, 1, skip=1)[0])


def _by_key(rows: list) -> dict:
    return {table_of(r).key_of(r): r for r in rows}
