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

from careernb.documents import quick_reference, team_view
from careernb.documents.contract import contract_html
from careernb.documents.outgoing import preview
from careernb.documents.person_copy import export_person
from careernb.quarter import run_quarter

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
    mail = out / "mail.html"  # the mail as the person reads it: the contract in the manager's letter
    now = dt.datetime.combine(TODAY, dt.time(15), tzinfo=dt.UTC)
    mail.write_text(preview(store, "012", now=now).mail_html, encoding="utf-8")
    team = out / "team.html"
    team.write_text(team_view.render(store, "2026Q4", today=TODAY), encoding="utf-8")
    (copy,) = [p for p in export_person(store, "019", out / "copy", today=TODAY) if p.suffix == ".html"]
    reference = quick_reference.write(store, out / "questions.html", printed=TODAY)
    quarter = run_quarter(store.home, "2026Q4", out=out / "quarter", today=TODAY)
    return {
        "contract": contract,
        "mail": mail,
        "person's copy": copy,
        "quick reference": reference,
        "team view": team,
        "quarter index": quarter.index,
    }


@pytest.mark.parametrize(
    "name", ["contract", "mail", "person's copy", "quick reference", "team view", "quarter index"]
)
def test_the_document_passes_axe_with_no_violation(documents, page, name):
    violations = _run_axe(page, documents[name])
    if name == "contract":  # the reply the person fills in is checked with it, shown as they see it
        assert page.locator("#careernb-reply").is_visible()
        assert not page.locator("#careernb-reply-no-script").is_visible()
    assert violations == [], f"the {name} fails axe-core: {violations}"
    assert page.locator("main").count() == 1, f"the {name} has no main landmark"


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
