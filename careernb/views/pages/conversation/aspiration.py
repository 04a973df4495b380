"""Where they want to go, captured as data. "Not sure yet" is a valid answer."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w
import traitlets as t

from careernb.domain import playbook
from careernb.domain.aspirations import Aspiration, Direction, history, one_line
from careernb.domain.dates import human_date
from careernb.store import new_id
from careernb.views.kit import style
from careernb.views.kit.frame import choice
from careernb.views.kit.markup import css, esc, labelled
from careernb.views.kit.records import DatedRecordModel

# field -> label, shown in this order.
FIELDS = {
    "three_year": "In three years: what they are doing, who with, a typical week",
    "admired_role": "A role they look at and think 'I'd like to do that'",
    "domain": "A type of problem or domain they want to go deep in",
    "things_to_try": "Things they've always wanted to try",
    "ten_year": "Success in ten years - not just career success, life success",
}
EXPLORE = {
    "drawn_to": "What they are drawn to",
    "moving_away_from": "What they are moving away from",
}


class AspirationModel(DatedRecordModel):
    direction = t.UseEnum(Direction, allow_none=True, default_value=None)
    three_year = t.Unicode("")
    admired_role = t.Unicode("")
    domain = t.Unicode("")
    ten_year = t.Unicode("")
    things_to_try = t.Unicode("")
    drawn_to = t.Unicode("")
    moving_away_from = t.Unicode("")

    @property
    def empty(self) -> bool:
        return self.direction is None and not any(getattr(self, n).strip() for n in (*FIELDS, *EXPLORE))

    def record(self) -> Aspiration | None:
        if self.saved is None and self.empty:
            return None
        return self.kept(
            lambda **values: Aspiration(
                new_id("a"), self.person_id, self.day, conversation_id=self.conversation_id, **values
            )
        )


class AspirationView(w.VBox):
    def __init__(
        self,
        model: AspirationModel,
        earlier: list[Aspiration],
        on_change: Callable[[], None],
    ) -> None:
        super().__init__(layout=w.Layout(width="100%"))
        css(self, "careernb-aspiration")
        self.model = model
        self.previous = history(earlier)[-1] if earlier else None
        last = (
            f'<div class="careernb-aspiration-last" style="color:{style.SOFT}">Last recorded '
            f"{human_date(self.previous.recorded)}: {esc(one_line(self.previous))}</div>"
            if self.previous
            else f'<div style="color:{style.SOFT}">Nothing recorded before: this is the first picture.</div>'
        )
        head = w.HTML(
            f"<div style='color:{style.SOFT}'>In their words, kept quarter by quarter, so a "
            f"change of direction "
            "shows.</div>" + last
        )
        self.direction = choice([(d.value, d) for d in Direction], None, "careernb-direction")
        self.change_note = css(w.HTML(), "careernb-direction-changed")
        self.not_sure = w.HTML(
            f'<div class="careernb-not-sure" style="border-left:3px solid {style.LEAF};padding:4px 10px;'
            f"margin:6px "
            f'0;background:{style.MINT_BG}">{esc(playbook.DO_NOT_PUSH)}<br>{esc(playbook.I_DONT_KNOW)} '
            f"<b>“{esc(playbook.NOT_SURE_RESPONSE)}”</b></div>"
        )
        self.fields: dict[str, w.Textarea] = {}
        rows: list[w.Widget] = [head, self.direction, self.change_note, self.not_sure]
        for name, label in {**EXPLORE, **FIELDS}.items():
            area = w.Textarea(placeholder=label, rows=2, layout=w.Layout(width="100%"))
            labelled(area, label)  # the small line above it says the same to the eye
            css(area, "careernb-aspiration-field", f"careernb-aspiration-{name.replace('_', '-')}")
            w.link((model, name), (area, "value"))
            self.fields[name] = area
            rows.append(w.VBox([w.HTML(f"<small>{esc(label)}</small>"), area], layout=w.Layout(width="100%")))
        self._explore_rows = rows[4:6]
        self.children = rows
        w.link((model, "direction"), (self.direction, "value"))
        model.observe(lambda _c: on_change(), [*FIELDS, *EXPLORE, "direction"])
        model.observe(self._render, "direction")
        self._render()

    def _render(self, _change: object = None) -> None:
        d = self.model.direction
        unsure = d is Direction.NOT_SURE_YET
        self.not_sure.layout.display = None if unsure else "none"
        keep = unsure or bool(self.model.drawn_to or self.model.moving_away_from)
        for row in self._explore_rows:
            row.layout.display = None if keep else "none"
        before = self.previous.direction if self.previous else None
        if d is not None and before is not None and d is not before:
            self.change_note.value = (
                f'<div style="color:{style.BROWN}">The direction changed: {esc(before.value)} → '
                f"{esc(d.value)}. {esc(playbook.GOALS_CHANGE)}</div>"
            )
        else:
            self.change_note.value = ""
