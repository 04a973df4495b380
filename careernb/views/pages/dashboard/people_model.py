"""The team form's model: who is on the team, the choices the forms offer, and what blocks a save.

No widgets and no store: the panel puts ``people`` in and saves the person a
method returns; a method that returns ``None`` has filled ``blockers``, the
visible list of what to fix.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import traitlets

from careernb.documents.shown import shown
from careernb.domain.people import Person, default_manager, problems, suggest_id

ME = "me"
"""The manager, as the forms offer them: "me", whatever their id."""


class PeopleModel(traitlets.HasTraits):
    people: traitlets.List[Person] = traitlets.List()
    """Every person in the store, those who left too: they are kept, not deleted."""
    blockers: traitlets.List[str] = traitlets.List()

    @property
    def me(self) -> Person | None:
        return default_manager(self.people)

    def find(self, person_id: str | None) -> Person | None:
        return next((p for p in self.people if p.person_id == person_id), None)

    def _label(self, p: Person) -> str:
        return f"{shown(p.name)} ({p.person_id})"

    def active(self) -> list[Person]:
        """The team on the forms: active, and not the manager themself."""
        me = self.me
        return [p for p in self.people if p.active and (me is None or p.person_id != me.person_id)]

    def managers(self) -> list[tuple[str, str]]:
        return ([("me", ME)] if self.me else []) + [(self._label(p), p.person_id) for p in self.active()]

    def choose_active(self) -> list[tuple[str, str | None]]:
        return [("Choose…", None), *((self._label(p), p.person_id) for p in self.active())]

    def choose_former(self) -> list[tuple[str, str | None]]:
        return [("Choose…", None), *((self._label(p), p.person_id) for p in self.people if not p.active)]

    def suggested_id(self) -> str:
        return suggest_id(self.people)

    def default_manager_choice(self) -> str | None:
        managers = self.managers()
        return ME if self.me else (managers[0][1] if managers else None)

    def manager_choice(self, person: Person) -> str | None:
        """How the form shows a person's manager: "me" for the manager themself."""
        me = self.me
        return ME if me and person.manager_id == me.person_id else person.manager_id

    def manager_id(self, choice: str | None) -> str | None:
        if choice == ME:
            me = self.me
            return me.person_id if me else None
        return choice

    def _checked(self, person: Person) -> Person | None:
        self.blockers = problems(self.people, person)
        return None if self.blockers else person

    def _blocked(self, problem: str) -> None:
        self.blockers = [problem]

    def adding(
        self, person_id: str, name: str, manager: str | None, role: str, email: str, joined: dt.date | None
    ) -> Person | None:
        person_id = person_id.strip()
        if self.find(person_id) is not None:
            self._blocked(f"the id {person_id} is taken")
            return None
        return self._checked(
            Person(
                person_id, name.strip(), self.manager_id(manager), role.strip(), email.strip(), joined=joined
            )
        )

    def changing(self, person_id: str | None, role: str, manager: str | None) -> Person | None:
        person = self.find(person_id)
        if person is None:
            self._blocked("choose the person to change")
            return None
        return self._checked(
            dataclasses.replace(person, role=role.strip(), manager_id=self.manager_id(manager))
        )

    def leaving(self, person_id: str | None, on: dt.date | None) -> Person | None:
        person = self.find(person_id)
        if person is None or on is None:
            self._blocked("choose the person and the day they left")
            return None
        return self._checked(dataclasses.replace(person, left=on))

    def returning(self, person_id: str | None) -> Person | None:
        person = self.find(person_id)
        if person is None:
            self._blocked("choose who is back")
            return None
        return self._checked(dataclasses.replace(person, left=None))
