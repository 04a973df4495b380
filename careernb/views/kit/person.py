"""Choosing a person: the team's dropdown, and a page that shows its panel for the one chosen."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from careernb.documents.shown import shown
from careernb.domain.people import Person, team
from careernb.errors import UnknownPersonError
from careernb.store import Store
from careernb.views.kit import style
from careernb.views.kit.address import in_app
from careernb.views.kit.errors import ErrorPanel
from careernb.views.kit.markup import css


def person_picker(store: Store, person_id: str | None = None, manager_id: str | None = None) -> w.Dropdown:
    """A dropdown of the team, preselected when a person is given.

    Without one, it opens on the person last chosen on the team dashboard.
    """
    people = team(store, manager_id)
    # As a page shows typed text: an override left open in a name would reverse its role after it.
    options = [(f"{shown(p.name)} — {p.role}" if p.role else shown(p.name), p.person_id) for p in people]
    if person_id is None and not in_app():  # the app carries the person in each page's address
        from careernb.domain.current import chosen

        person_id = chosen(store)
    ids = [v for _, v in options]
    # By index: a value of None would select nothing, and the dropdown would show blank.
    # As wide as its longest name and role, so none is cut; never wider than the page (kit.css).
    picker = w.Dropdown(
        options=[("Choose a person…", None), *options],
        index=1 + ids.index(person_id) if person_id in ids else 0,
        description="Person",
        layout=w.Layout(width="max-content"),
        style={"description_width": "initial"},
    )
    return css(picker, "careernb-person")


def close_panel(widget: w.Widget) -> None:
    """Save what is pending in a panel, then close it."""
    flush = getattr(widget, "flush", None)
    if callable(flush):
        flush()
    widget.close()


class PersonPage(w.VBox):
    """A person picker over a panel built by ``build(person_id)``."""

    def __init__(self, store: Store, person_id: str | None, build: Callable[[str], w.Widget]) -> None:
        super().__init__(layout=w.Layout(width="100%"))
        css(self, "careernb-page")
        self.store = store
        self._build = build
        self.errors = ErrorPanel()
        self.picker = person_picker(store, person_id)
        known = store.person_ids()
        if person_id is not None and person_id not in known:
            self.errors.show(UnknownPersonError(person_id, known))
        elif person_id is not None and self.picker.value != person_id:
            person = next(p for p in store.load(Person) if p.person_id == person_id)
            self.picker.options = [*self.picker.options, (person.name, person_id)]
            self.picker.value = person_id
        self.holder = w.VBox(layout=w.Layout(width="100%"))
        self.panel: w.Widget | None = None
        self.picker.observe(self.errors.guard(lambda change: self.show(change["new"])), "value")
        self.children = [self.picker, self.errors, self.holder]
        self.errors.guard(self.show)(self.picker.value)

    def show(self, person_id: str | None) -> None:
        if self.panel is not None:
            close_panel(self.panel)
            self.panel = None
        if person_id is None:
            self.holder.children = [
                w.HTML(
                    f'<p class="careernb-choose-person" style="color:{style.SOFT}">Choose a '
                    f"person to begin.</p>"
                )
            ]
            return
        self.panel = self._build(person_id)
        self.holder.children = [self.panel]

    def flush(self) -> None:
        if self.panel is not None and callable(getattr(self.panel, "flush", None)):
            self.panel.flush()
