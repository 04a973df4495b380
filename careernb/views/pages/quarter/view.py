"""The quarter: each report's current contract and the team view rendered into the manager's own
folder, and on an organisation's database the team's practice figures published, from one button."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import ipywidgets as w

from careernb.follow_through.health import Failure
from careernb.store import Store
from careernb.views.kit import style
from careernb.views.kit.errors import ErrorPanel
from careernb.views.kit.fragments import Fragments
from careernb.views.kit.markup import css, esc, srcdoc
from careernb.views.kit.parameters import Today
from careernb.views.pages.quarter.model import QuarterModel, quarters

fragment = Fragments("careernb.views.pages.quarter")
FAILURES = {f.value: f.heading for f in Failure}


def html(model: QuarterModel) -> str:
    """The page below the buttons: what the quarter renders and publishes, then what it did."""
    return fragment("quarter", before=model.before, result=model.result, failures=FAILURES)


def team_view_frame(path: Path) -> str:
    """A team view just written, shown in the page: sandboxed, so it runs nothing."""
    return (
        f'<iframe class="careernb-quarter-team-view" title="Your team view, as written to {esc(path)}" '
        f'sandbox srcdoc="{srcdoc(path.read_text(encoding="utf-8"))}" '
        f'style="width:100%;height:640px;border:1px solid {style.RULE}"></iframe>'
    )


class QuarterPanel(w.VBox):
    def __init__(self, store: Store, today: Today | dt.date | None = None) -> None:
        self.store = store
        self.model = QuarterModel(today)
        self.errors = ErrorPanel()
        choices = quarters(self.model.today)
        self.model.quarter = choices[0]
        self.quarter = css(
            w.Dropdown(options=choices, value=choices[0], description="Quarter"), "quarter-choice"
        )
        self.run_button = css(
            w.Button(description="Run the quarter", icon="play", button_style="primary"), "quarter-run"
        )
        hidden = w.Layout(visibility="hidden")
        self.progress = css(
            w.IntProgress(value=0, min=0, max=1, description="Contracts", layout=hidden), "quarter-progress"
        )
        self.page = css(w.HTML(), "careernb-quarter-page")
        self.team_view = css(w.HTML(), "careernb-quarter-team-views")
        super().__init__(
            [w.HBox([self.quarter, self.run_button]), self.progress, self.errors, self.page, self.team_view]
        )
        css(self, "careernb-quarter")
        self.quarter.observe(self.errors.guard(self._choose), "value")
        self.run_button.on_click(self.errors.guard(lambda _: self.run()))
        self.model.observe(self._show, ["before", "result"])
        self.model.observe(self._count, ["done", "total"])
        self.model.observe(self._running, "running")
        self.errors.guard(self.model.load)(store)

    def run(self) -> None:
        """Render the chosen quarter (and publish its counts on an organisation's database)."""
        self.errors.clear()
        result = self.model.run(self.store)
        self.team_view.value = "".join(team_view_frame(path) for path in result.team_views)

    def _choose(self, change: dict) -> None:
        self.errors.clear()
        self.team_view.value = ""
        self.model.quarter = change["new"]
        self.model.load(self.store)

    def _show(self, _change: object = None) -> None:
        if self.model.before is not None:
            self.page.value = html(self.model)

    def _count(self, _change: object = None) -> None:
        self.progress.max = max(self.model.total, 1)
        self.progress.value = self.model.done

    def _running(self, change: dict) -> None:
        self.run_button.disabled = self.quarter.disabled = change["new"]
        self.progress.layout.visibility = "visible" if change["new"] or self.model.total else "hidden"
