"""Every document a manager hands out or reads passes axe-core in chromium, no violation.

axe-core comes from the axe-playwright-python package (the project's test
dependencies install it); nothing is fetched at run time. Each document is
rendered from the demo team, opened from a file and checked with axe's
default rules, which include WCAG 2 A and AA and the landmark rules.
"""

from __future__ import annotations

import datetime as dt
from importlib.resources import files
from pathlib import Path

import pytest

from careernb.documents import organisation_view, quick_reference, team_view
from careernb.documents.contract import contract_html
from careernb.documents.person_copy import export_person
from careernb.quarter import run_quarter
from tests.e2e.conftest import snap

TODAY = dt.date(2026, 11, 26)
AXE = files("axe_playwright_python") / "axe.min.js"


def _run_axe(page, path: Path) -> list[dict]:
    page.goto(path.as_uri())
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "where": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, Path]:
    from careernb.demo import seed_demo
    from careernb.home import open_store

    base = tmp_path_factory.mktemp("a11y")
    store = open_store(base / "home")
    seed_demo(store, TODAY)
    out = base / "out"
    out.mkdir()
    contract = out / "contract.html"
    contract.write_text(contract_html(store, "007"), encoding="utf-8")
    team = out / "team.html"
    team.write_text(team_view.render(store, "2026Q4", today=TODAY), encoding="utf-8")
    (copy,) = [p for p in export_person(store, "019", out / "copy", today=TODAY) if p.suffix == ".html"]
    reference = quick_reference.write(store, out / "questions.html", printed=TODAY)
    quarter = run_quarter(store.home, "2026Q4", out=out / "quarter", today=TODAY)
    return {
        "contract": contract,
        "person's copy": copy,
        "quick reference": reference,
        "team view": team,
        "quarter index": quarter.index,
        **_organisation_views(store, out),
    }


def _organisation_views(store, out: Path) -> dict[str, Path]:
    """The organisation view as the batch writes it: the demo team's published figures beside a
    small team's and a manager not yet run; and with every distribution held back."""
    from careernb.documents.organisation_view import ManagerPractice, OrganisationFigures
    from careernb.domain.people import Person, team_of
    from careernb.follow_through import figures
    from careernb.ownership.sharing import team_frames
    from tests.practice import counted

    team = [p.person_id for p in team_of(store.load(Person), "ada")]
    frames = team_frames(store, team, figures.NEEDS)
    shown = team_view.context(frames, team, "2026Q4", TODAY)
    failures = organisation_view.failures_of(store, team, TODAY)
    ada = organisation_view.figures_of("2026Q4", TODAY, frames, team, shown, failures)
    managers = [
        ManagerPractice("alice", "Ada Okafor", ada),
        ManagerPractice("bob", "Bram Visser", counted(3)),
        ManagerPractice("chen", "Chen Wu"),
    ]
    views = {}
    held_back: dict = {}
    versions = {"organisation view": ada.distributions, "organisation view, held back": held_back}
    for name, distributions in versions.items():
        path = out / f"{name}.html"
        path.write_text(
            organisation_view.render(OrganisationFigures("2026Q4", managers, distributions, 5), TODAY),
            encoding="utf-8",
        )
        views[name] = path
    return views


@pytest.mark.parametrize(
    "name",
    [
        "contract",
        "person's copy",
        "quick reference",
        "team view",
        "quarter index",
        "organisation view",
        "organisation view, held back",
    ],
)
def test_the_document_passes_axe_with_no_violation(documents, page, name):
    violations = _run_axe(page, documents[name])
    assert violations == [], f"the {name} fails axe-core: {violations}"
    assert page.locator("main").count() == 1, f"the {name} has no main landmark"


def test_the_organisation_view_shows_each_manager_and_a_distribution_of_large_teams_only(documents, page):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(documents["organisation view"].as_uri())
    rows = page.locator("tbody tr")
    names = [r.split("\t")[0] for r in rows.all_inner_texts()]
    assert names == ["Ada Okafor (alice)", "Bram Visser (bob)", "Chen Wu (chen)"]  # by name
    assert "Not yet run" in rows.nth(2).inner_text()
    assert page.locator("figure svg[role=img]").count() == 1
    assert "3 people in 1 team of fewer than 5 are counted" in page.content()  # Bram's, in no distribution
    snap(page, "documents-organisation-view")


def test_axe_does_find_a_violation_when_there_is_one(page, tmp_path):
    # The check can fail: an image without a text alternative and grey text too faint to read.
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>'
        '<img src="x.png"><p style="color:#bbb">faint</p></main></body></html>',
        encoding="utf-8",
    )
    found = {v["id"] for v in _run_axe(page, bad)}
    assert {"image-alt", "color-contrast"} <= found
