"""The team dashboard: the manager's start page.

One row per report, ordered by what needs the manager now, with buttons that
open the right notebook for that person; below, goals that changed side by
side, and the team itself (add a person, change manager or role, mark as left).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import ipywidgets as w

from careernb.domain import playbook
from careernb.domain.contract import Party
from careernb.domain.dates import human_date
from careernb.follow_through.dashboard import Need, StatusRow
from careernb.follow_through.health import Sending
from careernb.store import Store
from careernb.views.kit import style
from careernb.views.kit.address import in_app
from careernb.views.kit.errors import ErrorPanel
from careernb.views.kit.frame import disclosure
from careernb.views.kit.goals import side_by_side_html
from careernb.views.kit.markup import css, esc
from careernb.views.kit.parameters import Refreshes, Today
from careernb.views.kit.style import AMBER, GREEN, GREY, RED
from careernb.views.pages import BY_ADDRESS
from careernb.views.pages.dashboard.model import DashboardModel
from careernb.views.pages.dashboard.opener import OPENS, Opener, open_links_html
from careernb.views.pages.dashboard.people import PeoplePanel

COLUMNS = (
    "Person",
    "Needs you now",
    "Conversations",
    "Open commitments",
    "Where they want to go",
    "Contract",
    "",
)
_URGENT = {Need.URGENT_SIGNAL, Need.OVERDUE_CONVERSATION, Need.OVERDUE_MANAGER_COMMITMENTS}
_CELL = f"padding:6px 8px;border-top:1px solid {style.RULE};line-height:1.35"


def _date(d: dt.date | None) -> str:
    """A day, kept on one line: a narrow column wraps before it, never inside it."""
    return f'<span style="white-space:nowrap">{human_date(d)}</span>' if d else "—"


def _muted(text: str) -> str:
    return f'<span style="color:{GREY}">{text}</span>'


def person_html(row: StatusRow) -> str:
    p = row.person
    return f"<b>{esc(p.name)}</b><br>{_muted(esc(p.role))}"


def needs_html(row: StatusRow) -> str:
    if not row.needs:
        return f'<span style="color:{GREEN}">nothing right now</span>'
    items = []
    for r in row.needs:
        color = RED if r.need in _URGENT else AMBER if r.need <= Need.OPEN_SIGNAL else GREY
        items.append(
            f'<div class="careernb-need careernb-need-{r.need.name.lower()}" style="color:{color}">'
            f"<b>{esc(r.need.label)}</b>: {esc(r.text)}</div>"
        )
    return "".join(items)


def conversations_html(row: StatusRow, today: dt.date) -> str:
    last = f"Last: {_date(row.last_conversation)}"
    if row.next_conversation:
        nxt = f'Next: <span style="color:{GREEN}">booked {_date(row.next_conversation)}</span>'
    elif row.conversation_overdue:
        nxt = f'Next: <span style="color:{RED}">due {_date(row.due_date)}, not booked</span>'
    else:
        first = "first one " if row.last_conversation is None else ""
        nxt = f"Next: {first}due {_date(row.due_date)}, not booked"
    if row.next_review is None:
        review = "Review: " + _muted("no agreed contract")
    elif row.next_review <= today:
        review = f'Review: <span style="color:{AMBER}">due {_date(row.next_review)}</span>'
    else:
        review = f"Review: {_date(row.next_review)}"
    signal = ""
    if row.last_signal is not None:
        s = row.last_signal
        state = "open" if s.open else f"addressed {_date(s.addressed)}"
        color = RED if s.open and s.kind.is_urgent else AMBER if s.open else GREY
        when = _muted(f"{_date(s.noticed)}, {state}")
        signal = f'<br>Signal: <span style="color:{color}">{esc(s.kind.value)}</span> {when}'
    return f"{last}<br>{nxt}<br>{review}{signal}"


def commitments_html(row: StatusRow) -> str:
    if not row.commitments:
        return _muted("none open")
    out = []
    for o in row.commitments:
        c = o.commitment
        who = "You" if c.party is Party.MANAGER else "They"
        due = f"by {_date(c.due)}" if c.due else "no date"
        if o.overdue:
            state = f'<span style="color:{RED}">overdue, {due}</span>'
        elif c.status.value == "paused":
            state = _muted(f"paused, {due}")
        else:
            state = _muted(due)
        css_class = "careernb-commitment careernb-overdue" if o.overdue else "careernb-commitment"
        style = f"color:{RED}" if o.overdue else ""
        out.append(f'<div class="{css_class}" style="{style}"><b>{who}:</b> {esc(c.action)} — {state}</div>')
    return "".join(out)


def where_html(row: StatusRow) -> str:
    text = esc(row.where)
    if row.goal_change is not None:
        text += (
            f'<br><span style="color:{AMBER}">changed {_date(row.goal_change[1].recorded)}, see below</span>'
        )
    return text


def contract_html(row: StatusRow) -> str:
    s = row.sent
    if s.state is Sending.State.NO_CONTRACT:
        return _muted("no contract yet")
    color = AMBER if s.on_time is None else GREEN if s.on_time else RED
    version = f"Version {row.contract.version}<br>" if row.contract else ""
    return f'{version}<span class="careernb-sent" style="color:{color}">{esc(s.text)}</span>'


def row_cells(row: StatusRow, today: dt.date) -> list[tuple[str, tuple[str, ...]]]:
    """A row's cells before its ways in, each with its own classes: the grid's and the table's."""
    return [
        (person_html(row), ()),
        (needs_html(row), ("careernb-needs",)),
        (conversations_html(row, today), ()),
        (commitments_html(row), ("careernb-commitments",)),
        (where_html(row), ()),
        (contract_html(row), ()),
    ]


_NAME_CELL = "text-align:left;font-weight:normal;overflow-wrap:anywhere"
"""A long name wraps within its cell; careernb's own words in the others stay whole."""


def team_table_html(rows: list[StatusRow], today: dt.date) -> str:
    """The team as one table, for the app, where a row's ways into its pages are links: a screen
    reader reads it as a table (each cell under its column, each row by the person's name), where
    a grid of widgets is only a run of text."""
    head = "".join(f'<th scope="col" style="{_CELL}">{esc(c) or "Open"}</th>' for c in COLUMNS)
    body = []
    for row in rows:
        tag = f"careernb-cell careernb-row-{esc(row.person_id)}"
        (person, _), *cells = row_cells(row, today)
        cells.append((open_links_html(row.person), ("careernb-open-links",)))
        body.append(
            f'<tr><th scope="row" class="{tag}" style="{_CELL};{_NAME_CELL}">{person}</th>'
            + "".join(
                f'<td class="{" ".join((tag, *more))}" style="{_CELL}">{html}</td>' for html, more in cells
            )
            + "</tr>"
        )
    return (
        '<table class="careernb-team-table" style="border-collapse:collapse;width:100%;min-width:980px">'
        f'<caption class="careernb-sr-only">Your team, in the order of what needs you now</caption>'
        f'<thead><tr style="text-align:left;vertical-align:bottom">{head}</tr></thead>'
        f'<tbody style="vertical-align:top">{"".join(body)}</tbody></table>'
    )


def _cell(html: str, *classes: str) -> w.HTML:
    return css(w.HTML(f'<div style="{_CELL}">{html}</div>'), "careernb-cell", *classes)


class DashboardPanel(Refreshes, w.VBox):
    """The team, one row each, in the order of what needs the manager now."""

    def __init__(
        self, store: Store, today: Today | dt.date | None = None, notebooks: Path | None = None
    ) -> None:
        self.store = store
        self.errors = ErrorPanel()
        self.opener = Opener(store, notebooks)
        self.model = DashboardModel(today)
        self.buttons: dict[tuple[str, str], w.Button] = {}
        self.grid: w.GridBox | w.HTML = css(
            w.HTML(layout=w.Layout(width="100%", overflow="auto hidden"))  # one table, of links
            if in_app()  # each page has an address: a link opens it in this tab, back returns
            else w.GridBox(
                layout=w.Layout(
                    # Narrow enough for JupyterLab beside its file browser and a 1000 px window;
                    # narrower still, the grid scrolls sideways rather than cutting a column off.
                    grid_template_columns="minmax(100px,1fr) minmax(160px,1.6fr) minmax(165px,1.4fr) "
                    "minmax(180px,2fr) minmax(130px,1.3fr) minmax(120px,1fr) 112px",
                    width="100%",
                    overflow="auto hidden",  # sideways only
                )
            ),
            "careernb-dashboard-grid",
        )
        self.goals = css(w.HTML(), "careernb-goals-changed")
        self.people = PeoplePanel(store, self.today, on_change=self.errors.guard(self.refresh))
        team_box = disclosure("Your team: add a person, change a manager or role, mark as left", self.people)
        self.summary = css(w.HTML(), "careernb-summary")
        self.refresh_button = css(
            w.Button(
                description="Refresh",
                icon="refresh",
                tooltip="Read the store again after work in other notebooks",
            ),
            "careernb-refresh",
        )
        self.refresh_button.on_click(self.errors.guard(lambda _: self.refresh()))
        top = w.HBox([self.refresh_button, self.summary], layout=w.Layout(align_items="center"))
        super().__init__([top, self.opener, self.errors, self.grid, self.goals, team_box])
        css(self, "careernb-dashboard")
        self.model.observe(self.errors.guard(self._show_rows), "loaded")
        self.model.observe(self.errors.guard(self._show_goals), "loaded")
        self.refresh()

    @property
    def today(self) -> dt.date:
        """The day the rows on screen were read on."""
        return self.model.today

    @property
    def rows(self) -> list[StatusRow]:
        return self.model.rows

    def refresh(self) -> None:
        """Read the store again (after work in other notebooks); the view follows the model."""
        self.model.load(self.store)

    def _show_rows(self, _change: object = None) -> None:
        self.buttons = {}
        if isinstance(self.grid, w.HTML):
            self.grid.value = team_table_html(self.model.rows, self.today)
            self._drawn()
            return
        cells: list[w.Widget] = [_cell(f"<b>{esc(c)}</b>", "careernb-head") for c in COLUMNS]
        for row in self.model.rows:
            tag = f"careernb-row-{row.person_id}"
            cells += [_cell(html, tag, *more) for html, more in row_cells(row, self.today)]
            cells.append(self._buttons(row))
        self.grid.children = cells
        self._drawn()

    def _drawn(self) -> None:
        self.drawn_on = self.today
        self.summary.value = (
            f'<div style="margin-left:10px"><b>{_date(self.today)}</b>: {esc(self.model.summary())}</div>'
        )

    def _show_goals(self, _change: object = None) -> None:
        changes = [side_by_side_html(change, p.name) for p, change in self.model.goal_changes]
        self.goals.value = (
            '<h2 style="font-size:1.17em">Goals that changed</h2>'
            f'<div style="color:{GREY}">\u201c{esc(playbook.GOALS_CHANGE_NOT_FAILURE)}\u201d</div>'
            + "".join(changes)
            if changes
            else ""
        )

    def _buttons(self, row: StatusRow) -> w.VBox:
        box = {"layout": w.Layout(padding="4px 0", border_top=f"1px solid {style.RULE}")}
        out = []
        for label, address in OPENS.items():
            notebook = BY_ADDRESS[address].notebook
            b = w.Button(
                description=label,
                tooltip=f"Open {notebook} for {row.person.name}",
                layout=w.Layout(width="100px", margin="2px 0"),
            )
            css(b, f"careernb-open-{address}", f"careernb-row-{row.person_id}")
            b.on_click(self.errors.guard(lambda _, p=row.person, n=notebook: self.opener.open_for(p, n)))
            self.buttons[(row.person_id, label)] = b
            out.append(b)
        return w.VBox(out, **box)

    def row(self, person_id: str) -> StatusRow:
        return self.model.row(person_id)
