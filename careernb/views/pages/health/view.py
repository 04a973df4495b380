"""Practice health: the five common failures in your data, what good looks like, goals that changed."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w
from markupsafe import Markup

from careernb.domain import playbook
from careernb.domain.checklists import ITEMS, Stage
from careernb.follow_through.figures import Ratio
from careernb.store import Store
from careernb.views.kit.errors import ErrorPanel
from careernb.views.kit.fragments import Fragments
from careernb.views.kit.goals import history_html
from careernb.views.kit.markup import css
from careernb.views.kit.parameters import Refreshes, Today
from careernb.views.pages.health.model import HealthModel, Report

fragment = Fragments("careernb.views.pages.health")

# Each metric row: (attribute, label, the playbook's words it measures).
METRICS = (
    (
        "with_conversation",
        "Reports with a career conversation this quarter",
        playbook.WHAT_GOOD_LOOKS_LIKE[3],
    ),
    ("manager_kept", "Your commitments kept on time", playbook.WHAT_GOOD_LOOKS_LIKE[2]),
    ("person_kept", "Their commitments kept on time", None),
    ("sent_in_48h", "Contracts sent within 48 hours", ITEMS[Stage.AFTER]["after.summary"]),
    ("reviews_monthly", "Months the contract was reviewed", playbook.CADENCE_ANCHOR.split(". ")[1] + "."),
    ("without_notes", "Where they want to go, known without notes", playbook.WHAT_GOOD_LOOKS_LIKE[6]),
)


def _percent(r: Ratio) -> int:
    """A ratio of something (``share`` is not None) as a whole percentage."""
    return round(100 * r.met / r.of)


def html(report: Report) -> str:
    """The whole page: the five common failures, what good looks like, goals that changed."""
    goals = "".join(history_html(s, p.name) for p, s in report.history)
    return fragment(
        "health",
        report=report,
        metrics=METRICS,
        percent=_percent,
        goals=Markup(goals),
        not_failure=playbook.GOALS_CHANGE_NOT_FAILURE,
    )


class HealthPanel(Refreshes, w.VBox):
    def __init__(self, store: Store, today: Today | dt.date | None = None) -> None:
        self.store = store
        self.errors = ErrorPanel()
        self.page = css(w.HTML(), "careernb-health-page")
        self.refresh_button = css(w.Button(description="Refresh", icon="refresh"), "careernb-refresh")
        self.refresh_button.on_click(self.errors.guard(lambda _: self.refresh()))
        super().__init__([self.refresh_button, self.errors, self.page])
        css(self, "careernb-health")
        self.model = HealthModel(today)
        self.model.observe(self.errors.guard(self._show), "report")
        self.refresh()

    @property
    def report(self) -> Report:
        report = self.model.report
        assert report is not None, "read when the panel is made"
        return report

    def refresh(self) -> None:
        self.model.load(self.store)

    def _show(self, _change: object = None) -> None:
        self.page.value = html(self.report)
        self.drawn_on = self.report.today
