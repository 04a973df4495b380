"""The team itself: add a person, change their manager or role, mark a person as left.

People who leave are kept, not deleted: their history stays in the store,
and they can come back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import ipywidgets as w

from careernb.domain.people import Person, default_manager, problems, suggest_id
from careernb.store import Store
from careernb.views._base import ErrorPanel, css, esc, problems_html
from careernb.views.style import GREEN

_ME = "me"


class PeoplePanel(w.VBox):
    """Three small forms over ``people.csv``; ``on_change`` runs after every save."""

    def __init__(self, store: Store, today: dt.date, on_change: Callable[[], None] | None = None) -> None:
        self.store = store
        self.today = today
        self.on_change = on_change
        self.errors = ErrorPanel()
        self.status = css(w.HTML(), "careernb-people-status")
        self.missing = css(w.HTML(), "careernb-people-missing")

        # Add a person.
        self.new_id = css(w.Text(description="Id"), "careernb-new-id")
        self.new_name = css(w.Text(description="Name", placeholder="Their name"), "careernb-new-name")
        self.new_role = css(w.Text(description="Role"), "careernb-new-role")
        self.new_email = css(w.Text(description="Email"), "careernb-new-email")
        self.new_joined = css(w.DatePicker(description="Joined", value=today), "careernb-new-joined")
        self.new_manager = css(w.Dropdown(description="Manager"), "careernb-new-manager")
        self.add_button = css(w.Button(description="Add to the team", button_style="primary"), "careernb-add")
        self.add_button.on_click(self.errors.guard(lambda _: self.add()))

        # Change manager or role.
        self.who = css(w.Dropdown(description="Person"), "careernb-change-who")
        self.role = css(w.Text(description="Role"), "careernb-change-role")
        self.manager = css(w.Dropdown(description="Manager"), "careernb-change-manager")
        self.change_button = css(w.Button(description="Save the change"), "careernb-change")
        self.change_button.on_click(self.errors.guard(lambda _: self.change()))
        self.who.observe(self.errors.guard(lambda _: self._fill_change()), "value")

        # Mark as left.
        self.leaver = css(w.Dropdown(description="Person"), "careernb-left-who")
        self.left_on = css(w.DatePicker(description="Left on", value=today), "careernb-left-on")
        self.left_button = css(
            w.Button(description="Mark as left", button_style="warning"), "careernb-mark-left"
        )
        self.left_button.on_click(self.errors.guard(lambda _: self.mark_left()))
        self.former = css(w.Dropdown(description="Former"), "careernb-back-who")
        self.back_button = css(w.Button(description="Back on the team"), "careernb-back")
        self.back_button.on_click(self.errors.guard(lambda _: self.back()))

        def box(title: str, *children: w.Widget) -> w.VBox:
            return w.VBox([w.HTML(f"<b>{esc(title)}</b>"), *children], layout=w.Layout(margin="0 0 10px 0"))

        super().__init__(
            [
                box(
                    "Add a person",
                    self.new_id,
                    self.new_name,
                    self.new_role,
                    self.new_email,
                    self.new_joined,
                    self.new_manager,
                    self.add_button,
                ),
                box("Change their manager or role", self.who, self.role, self.manager, self.change_button),
                box(
                    "Mark a person as left (kept, not deleted)",
                    self.leaver,
                    self.left_on,
                    self.left_button,
                    self.former,
                    self.back_button,
                ),
                self.missing,
                self.status,
                self.errors,
            ]
        )
        css(self, "careernb-people")
        self.refresh()

    # -- reading --------------------------------------------------------------

    def people(self) -> list[Person]:
        return self.store.load(Person)

    def me(self) -> Person | None:
        return default_manager(self.people())

    def refresh(self) -> None:
        people = self.people()
        me = self.me()
        my_id = me.person_id if me else None
        active = [p for p in people if p.active and p.person_id != my_id]
        label = {p.person_id: f"{p.name} ({p.person_id})" for p in people}
        managers = [("me", _ME)] if me else []
        managers += [(label[p.person_id], p.person_id) for p in active]
        self.new_id.value = suggest_id(people)
        self.new_manager.options = managers
        self.new_manager.value = _ME if me else (managers[0][1] if managers else None)
        self.who.options = [("Choose…", None), *((label[p.person_id], p.person_id) for p in active)]
        self.manager.options = managers
        self.leaver.options = [("Choose…", None), *((label[p.person_id], p.person_id) for p in active)]
        self.former.options = [
            ("Choose…", None),
            *((label[p.person_id], p.person_id) for p in people if not p.active),
        ]
        self._fill_change()

    def _manager_id(self, value: str | None) -> str | None:
        if value == _ME:
            me = self.me()
            return me.person_id if me else None
        return value

    def _fill_change(self) -> None:
        person = self._find(self.who.value)
        self.role.value = person.role if person else ""
        if person is not None:
            me = self.me()
            value = _ME if me and person.manager_id == me.person_id else person.manager_id
            if value in {v for _, v in self.manager.options}:
                self.manager.value = value

    def _find(self, person_id: str | None) -> Person | None:
        return next((p for p in self.people() if p.person_id == person_id), None)

    # -- writing --------------------------------------------------------------

    def _save(self, person: Person, done: str) -> bool:
        found = problems(self.people(), person)
        if found:
            self.missing.value = problems_html(found)
            return False
        self.missing.value = ""
        self.store.save(person)
        self.status.value = f'<span style="color:{GREEN}">{esc(done)}</span>'
        self.refresh()
        if self.on_change is not None:
            self.on_change()
        return True

    def add(self) -> bool:
        person_id = self.new_id.value.strip()
        if self._find(person_id) is not None:
            self.missing.value = problems_html([f"the id {person_id} is taken"])
            return False
        person = Person(
            person_id,
            self.new_name.value.strip(),
            self._manager_id(self.new_manager.value),
            self.new_role.value.strip(),
            self.new_email.value.strip(),
            joined=self.new_joined.value,
        )
        if self._save(person, f"Added {person.name}."):
            self.new_name.value = self.new_role.value = self.new_email.value = ""
            return True
        return False

    def change(self) -> bool:
        person = self._find(self.who.value)
        if person is None:
            self.missing.value = problems_html(["choose the person to change"])
            return False
        changed = dataclasses.replace(
            person, role=self.role.value.strip(), manager_id=self._manager_id(self.manager.value)
        )
        return self._save(changed, f"Saved {person.name}'s manager and role.")

    def mark_left(self) -> bool:
        person = self._find(self.leaver.value)
        if person is None or self.left_on.value is None:
            self.missing.value = problems_html(["choose the person and the day they left"])
            return False
        return self._save(
            dataclasses.replace(person, left=self.left_on.value),
            f"{person.name} is marked as left on {self.left_on.value.isoformat()}; their history is kept.",
        )

    def back(self) -> bool:
        person = self._find(self.former.value)
        if person is None:
            self.missing.value = problems_html(["choose who is back"])
            return False
        return self._save(dataclasses.replace(person, left=None), f"{person.name} is back on the team.")
