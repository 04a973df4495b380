"""The team itself: add a person, change their manager or role, mark a person as left.

People who leave are kept, not deleted: their history stays in the store,
and they can come back. A :class:`~careernb.views.pages.dashboard.people_model.PeopleModel`
offers the choices and checks each change; this panel saves what it returns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as w

from careernb.domain.dates import human_date
from careernb.domain.people import Person
from careernb.store import Store
from careernb.views.kit import style
from careernb.views.kit.errors import ErrorPanel
from careernb.views.kit.fragments import fragment
from careernb.views.kit.markup import about, css, esc
from careernb.views.pages.dashboard.people_model import PeopleModel


def organisation_adds(role: str | None) -> str:
    """What the team form says instead of adding a person, on an organisation's database."""
    return (
        "In the organisation's database an administrator adds people to your team "
        f"(careernb org add-person PERSON_ID --name NAME --manager {role or 'ROLE'}) and moves "
        "them between teams (careernb org move); you then see them here."
    )


class PeoplePanel(w.VBox):
    """Three small forms over ``people.csv``; ``on_change`` runs after every save."""

    def __init__(self, store: Store, today: dt.date, on_change: Callable[[], None] | None = None) -> None:
        self.store = store
        self.today = today
        self.on_change = on_change
        self.model = PeopleModel()
        self.errors = ErrorPanel()
        self.status = css(w.HTML(), "careernb-people-status")
        self.missing = css(w.HTML(), "careernb-people-missing")

        # Add a person.
        self.new_id = css(w.Text(description="Id"), "careernb-new-id")
        self.new_name = css(w.Text(description="Name", placeholder="Their name"), "careernb-new-name")
        self.new_role = css(about(w.Text(description="Role"), "of the person you add"), "careernb-new-role")
        self.new_email = css(w.Text(description="Email"), "careernb-new-email")
        self.new_joined = css(w.DatePicker(description="Joined", value=today), "careernb-new-joined")
        self.new_manager = css(
            about(w.Dropdown(description="Manager"), "of the person you add"), "careernb-new-manager"
        )
        self.add_button = css(w.Button(description="Add to the team", button_style="primary"), "careernb-add")
        self.add_button.on_click(self.errors.guard(lambda _: self.add()))

        # Change manager or role.
        self.who = css(
            about(w.Dropdown(description="Person"), "whose manager or role changes"), "careernb-change-who"
        )
        self.role = css(about(w.Text(description="Role"), "their new role"), "careernb-change-role")
        self.manager = css(
            about(w.Dropdown(description="Manager"), "their new manager"), "careernb-change-manager"
        )
        self.change_button = css(w.Button(description="Save the change"), "careernb-change")
        self.change_button.on_click(self.errors.guard(lambda _: self.change()))
        self.who.observe(self.errors.guard(lambda _: self._fill_change()), "value")

        # Mark as left.
        self.leaver = css(about(w.Dropdown(description="Person"), "who left"), "careernb-left-who")
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

        adding: list[w.Widget] = [
            self.new_id,
            self.new_name,
            self.new_role,
            self.new_email,
            self.new_joined,
            self.new_manager,
            self.add_button,
        ]
        changing: list[w.Widget] = [self.who, self.role, self.manager, self.change_button]
        self.moves = store.home is not None
        """Whether the page changes who manages a person: on a database an administrator moves them."""
        if not self.moves:
            adding = [css(w.HTML(esc(organisation_adds(store.scope.writer))), "careernb-add-by-admin")]
            changing = [self.who, self.role, self.change_button]
        super().__init__(
            [
                box("Add a person", *adding),
                box("Change their manager or role" if self.moves else "Change their role", *changing),
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
        self.model.observe(self.errors.guard(self._show_blockers), "blockers")
        self.refresh()

    # -- following the model -----------------------------------------------------

    def people(self) -> list[Person]:
        return self.model.people

    def refresh(self) -> None:
        """Read the team again and offer it in every form."""
        model = self.model
        model.people = self.store.load(Person)
        self.new_id.value = model.suggested_id()
        self.new_manager.options = model.managers()
        self.new_manager.value = model.default_manager_choice()
        self.who.options = model.choose_active()
        self.manager.options = model.managers()
        self.leaver.options = model.choose_active()
        self.former.options = model.choose_former()
        self._fill_change()

    def _fill_change(self) -> None:
        person = self.model.find(self.who.value)
        self.role.value = person.role if person else ""
        if person is not None:
            value = self.model.manager_choice(person)
            if value in {v for _, v in self.manager.options}:
                self.manager.value = value

    def _show_blockers(self, _change: object = None) -> None:
        self.missing.value = fragment("problems", problems=self.model.blockers)

    # -- saving ---------------------------------------------------------------

    def _save(self, person: Person | None, done: str) -> bool:
        if person is None:
            return False  # the model listed what blocks it
        self.store.save(person)
        self.status.value = fragment("note", tag="span", colour=style.GREEN, text=done)
        self.refresh()
        if self.on_change is not None:
            self.on_change()
        return True

    def add(self) -> bool:
        person = self.model.adding(
            self.new_id.value,
            self.new_name.value,
            self.new_manager.value,
            self.new_role.value,
            self.new_email.value,
            self.new_joined.value,
        )
        if self._save(person, f"Added {person.name}." if person else ""):
            self.new_name.value = self.new_role.value = self.new_email.value = ""
            return True
        return False

    def change(self) -> bool:
        manager = self.manager.value
        if not self.moves:  # their manager stays as it is; only the role is offered
            chosen = self.model.find(self.who.value)
            manager = self.model.manager_choice(chosen) if chosen else None
        person = self.model.changing(self.who.value, self.role.value, manager)
        saved = "manager and role" if self.moves else "role"
        return self._save(person, f"Saved {person.name}'s {saved}." if person else "")

    def mark_left(self) -> bool:
        person = self.model.leaving(self.leaver.value, self.left_on.value)
        return self._save(
            person,
            f"{person.name} is marked as left on {human_date(person.left)}; their history is kept."
            if person
            else "",
        )

    def back(self) -> bool:
        person = self.model.returning(self.former.value)
        return self._save(person, f"{person.name} is back on the team." if person else "")
