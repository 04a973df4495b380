"""Every document a manager hands out or reads passes axe-core in chromium, no violation.

axe-core comes from the axe-playwright-python package (the project's test
dependencies install it); nothing is fetched at run time. Each document is
rendered from the demo team (the ``documents`` fixture), opened from a file and checked with axe's
default rules, which include WCAG 2 A and AA and the landmark rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from careernb.domain.replies import STATEMENTS
from tests.e2e.conftest import axe_violations, snap

DOCUMENTS = ["contract", "mail", "person's copy", "quick reference", "team view", "quarter index"]
DOCUMENTS += ["organisation view", "organisation view, held back", "organisation view, so far"]
PICTURED = ("contract", "quick reference", "team view")
"""Documents of the demo team shown in the README (docs/screenshots.py)."""


def _run_axe(page, path: Path) -> list[dict]:
    page.goto(path.as_uri())
    return axe_violations(page)


@pytest.mark.parametrize(
    "name",
    [
        "contract",
        "mail",
        "person's copy",
        "quick reference",
        "team view",
        "quarter index",
        "organisation view",
        "organisation view, held back",
        "organisation view, so far",
    ],
)
def test_the_document_passes_axe_with_no_violation(documents, page, name):
    violations = _run_axe(page, documents[name])
    if name == "contract":  # the reply the person fills in is checked with it, shown as they see it
        assert page.locator("#careernb-reply").is_visible()
        assert not page.locator("#careernb-reply-no-script").is_visible()
    assert violations == [], f"the {name} fails axe-core: {violations}"
    assert page.locator("main").count() == 1, f"the {name} has no main landmark"
    if name in PICTURED:
        snap(page, f"documents-{name.replace(' ', '-')}")


def test_the_organisation_view_shows_each_manager_and_a_distribution_of_large_teams_only(documents, page):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(documents["organisation view"].as_uri())
    rows = page.locator("tbody tr")
    names = [r.split("\t")[0] for r in rows.all_inner_texts()]
    assert names == ["Ada Okafor (alice)", "Bram Visser (bob)", "Chen Wu (chen)"]  # by name
    assert "Not yet run" in rows.nth(2).inner_text()
    # where people want to go, and how the demo team answered each of the three statements
    assert page.locator("figure svg[role=img]").count() == 1 + len(STATEMENTS)
    assert "3 people in 1 team of fewer than 5 are counted" in page.content()  # Bram's, in no distribution
    assert rows.nth(1).inner_text().count("team under 5") == 2  # his reports' own figures
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
