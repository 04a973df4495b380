"""People: the manager's reports, with who manages them."""

from __future__ import annotations

import datetime as dt
import enum

from careernb.store import Id, Privacy, Store, column, table


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
    """The manager whose store this is: the only manager nobody manages (or, before anyone is on
    their team, the one person in a home that ``careernb start`` made)."""
    tops = [m for m in managers(people) if m.manager_id is None]
    if len(tops) == 1:
        return tops[0]
    found = managers(people)
    if found:
        return found[0] if len(found) == 1 else None
    alone = [p for p in people if p.manager_id is None and p.active]
    return alone[0] if len(alone) == 1 and len(people) == 1 else None


def suggest_id(people: list[Person]) -> str:
    """The next free numeric id, as wide as the widest one so far (``047`` after ``046``)."""
    numbers = [p.person_id for p in people if p.person_id.isdigit()]
    width = max((len(n) for n in numbers), default=3)
    taken = {p.person_id for p in people}
    n = max((int(x) for x in numbers), default=0) + 1
    while f"{n:0{width}d}" in taken:
        n += 1
    return f"{n:0{width}d}"


def problems(people: list[Person], person: Person) -> list[str]:
    """What stops ``person`` from being saved among ``people`` (an update when the id exists)."""
    import re

    out = []
    others = {p.person_id: p for p in people if p.person_id != person.person_id}
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", person.person_id):
        out.append(f"the id {person.person_id!r} may use only letters, digits, '.', '_' and '-'")
    if not person.name.strip():
        out.append("write their name")
    if person.manager_id is not None:
        if person.manager_id == person.person_id:
            out.append("a person cannot manage themselves")
        elif person.manager_id not in others:
            out.append(f"there is no person {person.manager_id!r} to be their manager")
        else:
            seen: set[str] = set()
            up: str | None = person.manager_id
            while up is not None and up not in seen:
                if up == person.person_id:
                    out.append("that manager is managed, through others, by this person")
                    break
                seen.add(up)
                up = others[up].manager_id if up in others else None
    if person.left is not None and person.joined is not None and person.left < person.joined:
        out.append("they cannot leave before they joined")
    return out


def team(store: Store, manager_id: str | None = None) -> list[Person]:
    """The people a manager holds conversations with (the store's manager by default)."""
    people = store.load(Person)
    if manager_id is None:
        manager = default_manager(people)
        if manager is None:
            return [p for p in people if p.active and p.manager_id is not None]
        manager_id = manager.person_id
    return team_of(people, manager_id)
