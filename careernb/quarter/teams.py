"""A team's quarter written beside its contracts: the team view, then the index of some teams
(the page linking every contract and team view) and ``result.json`` beside it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path

from careernb.documents.templating import render as render_document
from careernb.ownership.exports import private_file
from careernb.quarter.failures import TeamViewNotRenderedError
from careernb.quarter.plan import QuarterPlan
from careernb.quarter.results import SUMMARY, ReportContract, TeamQuarter, listed

TeamViews = Mapping[str, str | Exception]
"""Each manager's team view as HTML, or the error that stopped it, by the manager's person id."""


def write_teams(
    plan: QuarterPlan, reports: list[ReportContract], views: TeamViews, *, role: str | None = None
) -> list[TeamQuarter]:
    """Each manager's team view written (or its failure kept) beside the contracts already written."""
    teams = []
    for m in plan.managers:
        html = views[m.person_id]
        people = [r for r in reports if r.manager_id == m.person_id]
        if isinstance(html, Exception):  # the contracts are written; say what is missing
            failure = TeamViewNotRenderedError.of(m, html)
            teams.append(TeamQuarter(m, plan.folder, people, team_view_failure=failure, role=role))
            continue
        view = private_file(plan.folder / f"team-{m.person_id}.html", html)
        teams.append(TeamQuarter(m, plan.folder, people, view, role=role))
    return teams


def write_index(folder: Path, quarter: str, today: dt.date, teams: list[TeamQuarter]) -> Path:
    """The index of these teams, and result.json beside it for the command line and schedulers."""
    failures = listed(teams)
    index = private_file(
        folder / "index.html",
        render_document(
            "quarter_index.html.j2",
            {
                "quarter": quarter,
                "today": today,
                "managers": [
                    {"manager": t.manager,
                     "team_view": t.team_view.name if t.team_view else None,
                     "people": t.people}
                    for t in teams
                ],
                "failures": failures,
            },
        ),
    )  # fmt: skip
    summary = {
        "quarter": quarter,
        "index": str(index),
        "contracts": sum(len(t.contracts) for t in teams),
        "team_views": [str(t.team_view) for t in teams if t.team_view],
        "failures": [{"person_id": f.person_id, "name": f.name, "reason": f.note} for f in failures],
    }
    private_file(folder / SUMMARY, json.dumps(summary, indent=2))
    return index


def with_own_index(plan: QuarterPlan, team: TeamQuarter) -> TeamQuarter:
    """A team whose quarter has a folder of its own, indexed there."""
    return dataclasses.replace(team, index=write_index(plan.folder, plan.quarter, plan.today, [team]))
