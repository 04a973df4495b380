"""What the person receives when their contract is sent: a preview, and the send that is it.

:func:`preview` builds, from one crossing of the sharing gate, everything that goes: the
contract document, the mail draft (the manager's letter around the text and the HTML) and
the day it goes, which the document shows. Beside them, for the manager alone, what needs a
look before it goes (:func:`careernb.domain.contract.send_findings`): a promise of an outcome
blocks until the manager reworded it or wrote why they send it anyway.

:func:`send` makes the same preview and writes exactly its bytes, then records the day sent:
so what a page shows beside its send button, from the same ``now``, is byte for byte what
the person receives.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from careernb.documents import mail
from careernb.documents.contract import document, file_stem, html_of, mail_html_of, message_of
from careernb.domain import contract as rules
from careernb.domain.contract import Commitment, Contract, Finding, ReviewPoint
from careernb.errors import where_people
from careernb.ownership.exports import private_file
from careernb.store import Store


@dataclasses.dataclass(frozen=True)
class Outgoing:
    """One contract as it will go to the person, and what the manager must look at first."""

    person_id: str
    version: int
    agreed: dt.date | None
    """None for a draft: a draft is previewed, never sent."""
    sent_on: dt.date
    """The day it goes: the document says "sent" on this day."""
    html: str
    """The contract document, as the ``.html`` file."""
    mail_html: str
    """The mail as the person reads it: the manager's letter around the document."""
    eml: bytes
    """The mail draft, byte for byte as written to the ``.eml`` file."""
    unaddressed: str
    """Why the draft names no recipient; "" when it names the person (people.csv holds a
    well-formed address)."""
    findings: tuple[Finding, ...]
    """What needs a look before sending, blocking first (the manager's, never sent)."""
    override_reason: str
    """The reason already written on the contract for going past a warning."""

    @property
    def blocking(self) -> list[Finding]:
        return rules.blocking(self.findings)

    def can_send(self, override_reason: str | None = None) -> bool:
        """Agreed, and nothing blocks or a reason is written (``override_reason``, else the
        contract's): the send button's state."""
        reason = override_reason if override_reason and override_reason.strip() else self.override_reason
        return self.agreed is not None and rules.can_send(self.findings, reason)

    @property
    def stem(self) -> str:
        return file_stem(self.person_id, self.version)


def preview(
    store: Store, person_id: str, version: int | None = None, *, now: dt.datetime | None = None
) -> Outgoing:
    """Exactly what :func:`send` would write at ``now`` (by default, this moment)."""
    now = now or dt.datetime.now(dt.UTC)
    on = now.astimezone().date()
    doc = document(store, person_id, version, sent_on=on, reply_on=on)
    chosen: Contract = doc["contract"]
    # The guards read the manager's own rows: what they find is shown to the manager, never sent.
    mine = next(c for c in store.load(Contract, person_id) if c.version == chosen.version)
    found = rules.send_findings(
        mine,
        store.load(Commitment, person_id),
        store.load(ReviewPoint, person_id),
        person_name=doc["person"].name,
    )
    msg = message_of(doc, now=now)
    return Outgoing(
        person_id=person_id,
        version=chosen.version,
        agreed=chosen.agreed,
        sent_on=doc["sent_on"] or on,
        html=html_of(doc),
        mail_html=mail_html_of(doc),
        eml=msg.as_bytes(),
        unaddressed=mail.unaddressed(doc["person"].email, where_people(store.home)),
        findings=tuple(found),
        override_reason=mine.override_reason,
    )


def send(
    store: Store,
    person_id: str,
    folder: Path,
    version: int | None = None,
    *,
    now: dt.datetime | None = None,
    override_reason: str | None = None,
) -> list[Path]:
    """Write the contract and its mail draft into ``folder`` and record the day sent.

    Refused, with nothing written, while something blocks and no reason is written
    (:class:`careernb.domain.contract.NotSentError`); ``override_reason`` is that reason,
    kept on the contract, private to the manager. Returns the ``.html`` and ``.eml`` paths.
    """
    going = preview(store, person_id, version, now=now)
    contract = next(c for c in store.load(Contract, person_id) if c.version == going.version)
    rules.ensure_sendable(person_id, contract, going.sent_on)
    if not going.can_send(override_reason):
        raise rules.NotSentError(person_id, going.version, going.blocking)
    folder = Path(folder)
    written = [
        private_file(folder / f"{going.stem}.html", going.html),
        private_file(folder / f"{going.stem}.eml", going.eml),
    ]
    rules.mark_sent(store, person_id, going.version, going.sent_on, override_reason=override_reason)
    return written
