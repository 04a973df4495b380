"""The person the manager is working on now.

Choosing a person on the team dashboard records them here; every notebook's
person picker then opens on that person, so "Review" on the dashboard leads
to the monthly review of the right report.
"""

from __future__ import annotations

import datetime as dt

from careernb.store import Id, Privacy, Store, column, table

SLOT = "person"


@table("current", key=("slot",), per_person=False)
class CurrentPerson:
    """One row: who the manager last chose on the dashboard."""

    slot: Id = column(Privacy.PRIVATE, "Always 'person'.")
    person_id: Id = column(Privacy.PRIVATE, "The person chosen.", references="people")
    chosen: dt.datetime | None = column(Privacy.PRIVATE, "When they were chosen.", default=None)


def choose(store: Store, person_id: str, now: dt.datetime | None = None) -> CurrentPerson:
    """Make ``person_id`` the person every picker opens on."""
    record = CurrentPerson(SLOT, person_id, (now or dt.datetime.now()).replace(microsecond=0))
    store.save(record)
    return record


def chosen(store: Store) -> str | None:
    """The person last chosen, if any (None when the table is not part of this store)."""
    if "current" not in store.tables:
        return None
    rows = [r for r in store.load(CurrentPerson) if r.slot == SLOT]
    return rows[0].person_id if rows else None
