"""People: the manager's reports, with who manages them."""

from __future__ import annotations

import datetime as dt
import enum

from .store import Id, Privacy, column, table


class Transition(enum.StrEnum):
    """A transition point: the playbook asks for conversations more often."""

    PROMOTION_DECISION = "approaching a promotion decision"
    RETURNING_FROM_LEAVE = "returning from leave"
    UNCERTAIN_DIRECTION = "expressed uncertainty about their direction"


@table("people", key=("person_id",), per_person=False)
class Person:
    """Everyone the manager holds career conversations with (and the managers themselves)."""

    person_id: Id = column(Privacy.TEAM, "Stable id; other tables refer to the person by it.")
    name: str = column(Privacy.TEAM, "Display name.", nonempty=True)
    manager_id: Id | None = column(
        Privacy.TEAM,
        "person_id of who manages them; empty for a manager at the top of this store.",
        default=None,
        references="people",
    )
    role: str = column(Privacy.TEAM, "Current role, in the manager's words.", default="")
    email: str = column(Privacy.PERSON, "Where the contract and the advance prompt go.", default="")
    joined: dt.date | None = column(Privacy.TEAM, "When they joined the team.", default=None)
    left: dt.date | None = column(Privacy.TEAM, "When they left the team; kept, not deleted.", default=None)
    transition: Transition | None = column(
        Privacy.PRIVATE, "A transition point that calls for more frequent conversations.", default=None
    )

    @property
    def active(self) -> bool:
        return self.left is None


def team_of(people: list[Person], manager_id: str, *, include_left: bool = False) -> list[Person]:
    """The people managed by ``manager_id``, in file order."""
    return [p for p in people if p.manager_id == manager_id and (include_left or p.active)]


def managers(people: list[Person]) -> list[Person]:
    """Everyone who manages at least one person still on their team."""
    ids = {p.manager_id for p in people if p.manager_id and p.active}
    return [p for p in people if p.person_id in ids]


def default_manager(people: list[Person]) -> Person | None:
    """The manager whose store this is: the only manager nobody manages."""
    tops = [m for m in managers(people) if m.manager_id is None]
    if len(tops) == 1:
        return tops[0]
    found = managers(people)
    return found[0] if len(found) == 1 else None
