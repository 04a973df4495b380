"""When a conversation was held, and deleting one held by accident.

"Mark as held" asks for the day and the minutes, what is missing listed beside its button;
"Delete this conversation" asks first, naming the day and everything that goes with it
(:class:`~careernb.domain.sessions.Removal`), and says why when it stays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as w

from careernb.domain.conversations import Conversation
from careernb.domain.sessions import Removal, held_problems
from careernb.views.kit import style
from careernb.views.kit.errors import ErrorPanel
from careernb.views.kit.fragments import fragment, problems_html
from careernb.views.kit.markup import css
from careernb.views.kit.parameters import OnTheDay, Today


def _button(description: str, cls: str, icon: str = "", **kwargs) -> w.Button:
    return css(w.Button(description=description, icon=icon, layout=w.Layout(width="auto"), **kwargs), cls)


class HeldView(OnTheDay, w.VBox):
    """The day and minutes a conversation was held; and deleting it, after asking."""

    def __init__(
        self,
        conversation: Callable[[], Conversation],
        *,
        today: Today | dt.date | None = None,
        minutes_so_far: Callable[[], float],
        mark_held: Callable[[dt.date, int], None],
        removal: Callable[[], Removal],
        delete: Callable[[Removal], None],
        errors: ErrorPanel,
    ) -> None:
        super().__init__(layout=w.Layout(width="100%", margin="0 0 6px 0"))
        css(self, "careernb-held")
        self._conversation = conversation
        self._today = Today.of(today)
        self._minutes_so_far = minutes_so_far
        self._mark_held = mark_held
        self._removal = removal
        self._delete = delete
        self._asked = ""
        g = errors.guard
        self.open_button = _button("Mark as held", "careernb-mark-held", "check")
        self.open_button.on_click(g(lambda _b: self.open_form()))
        self.delete_button = _button("Delete this conversation", "careernb-delete-conversation", "trash")
        self.delete_button.on_click(g(lambda _b: self.ask()))

        self.day = css(
            w.DatePicker(description="Held on", style={"description_width": "initial"}), "careernb-held-day"
        )
        self.minutes = css(
            w.IntText(
                description="Minutes", style={"description_width": "initial"}, layout=w.Layout(width="150px")
            ),
            "careernb-held-minutes",
        )
        self.record_button = _button(
            "Record it as held", "careernb-record-held", "check", button_style="primary"
        )
        self.record_button.on_click(g(lambda _b: self.record()))
        cancel = _button("Cancel", "careernb-held-cancel")
        cancel.on_click(g(lambda _b: self.close_form()))
        self.problems = css(w.HTML(), "careernb-held-problems")
        for field in (self.day, self.minutes):
            field.observe(g(lambda _c: self._check()), "value")
        self.form = css(
            w.HBox(
                [self.day, self.minutes, self.record_button, cancel, self.problems],
                layout=w.Layout(align_items="center", flex_flow="row wrap", display="none"),
            ),
            "careernb-held-form",
        )

        self.question = css(w.HTML(), "careernb-delete-question")
        self.confirm_button = _button("Delete it", "careernb-confirm-delete", "trash", button_style="danger")
        self.confirm_button.on_click(g(lambda _b: self.delete()))
        self.keep_button = _button("Keep it", "careernb-keep-conversation")
        self.keep_button.on_click(g(lambda _b: self.keep()))
        self.confirm = css(
            w.VBox(
                [self.question, w.HBox([self.confirm_button, self.keep_button])],
                layout=w.Layout(
                    display="none", border=f"1px solid {style.RED}", padding="4px 10px", margin="4px 0"
                ),
            ),
            "careernb-delete-confirm",
        )
        self.children = [
            w.HBox([self.open_button, self.delete_button], layout=w.Layout(flex_flow="row wrap")),
            self.form,
            self.confirm,
        ]
        self.refresh()

    def refresh(self) -> None:
        """Follow the conversation: held or not yet."""
        held = self._conversation().held is not None
        self.open_button.description = "Change when it was held" if held else "Mark as held"
        self.open_button.icon = "calendar" if held else "check"

    # -- when it was held -----------------------------------------------------------

    def open_form(self) -> None:
        """The form, with what is known: the day it was held (or booked, when that has come), the
        minutes so far."""
        c = self._conversation()
        booked = c.planned if c.planned is not None and c.planned <= self.today else None
        self.day.value = c.held or booked or self.today
        so_far = int(self._minutes_so_far())
        self.minutes.value = so_far if so_far >= 1 else (c.minutes or 0)
        self.confirm.layout.display = "none"
        self.form.layout.display = None
        self._check()

    def close_form(self) -> None:
        self.form.layout.display = "none"

    def _found(self) -> list[str]:
        return held_problems(self.day.value, self.minutes.value, self.today)

    def _check(self) -> None:
        found = self._found()
        self.problems.value = problems_html(found)
        self.record_button.disabled = bool(found)

    def record(self) -> None:
        if self._found():
            self._check()
            return
        self._mark_held(self.day.value, self.minutes.value)
        self.close_form()
        self.refresh()

    # -- deleting -------------------------------------------------------------------

    def ask(self) -> None:
        """Name what goes (or why it stays) before anything is deleted."""
        gone = self._removal()
        self._asked = gone.question()
        self.close_form()
        self.question.value = fragment(
            "note",
            colour=style.INK if gone.allowed else style.RED,
            text=gone.question() if gone.allowed else gone.refusal(),
        )
        self.confirm_button.layout.display = None if gone.allowed else "none"
        self.keep_button.description = "Keep it" if gone.allowed else "Close"
        self.confirm.layout.display = None

    def keep(self) -> None:
        self.confirm.layout.display = "none"

    def delete(self) -> None:
        gone = self._removal()  # read again: an answer may have been typed since the question
        if not gone.allowed or gone.question() != self._asked:
            self.ask()  # ask again, naming what would go now
            return
        self.confirm.layout.display = "none"
        self._delete(gone)
