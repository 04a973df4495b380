"""Every document a manager hands out or reads passes axe-core in chromium, no violation.

axe-core comes from the axe-playwright-python package (the project's test
dependencies install it); nothing is fetched at run time. Each document is
rendered from the demo team (the ``documents`` fixture), opened from a file and checked with axe's
default rules, which include WCAG 2 A and AA and the landmark rules.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from careernb import open_store
from careernb.demo import seed_demo
from careernb.domain.replies import STATEMENTS
from tests.e2e.conftest import DOCUMENTS_DAY, axe_violations, snap

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


LONG_WORD = "Verantwortungsübernahmebereitschaft" * 12
"""A word of 420 letters: a pasted link, a name in a script without spaces."""


def test_a_word_too_long_for_its_line_wraps_and_never_pushes_the_page_sideways(page, tmp_path):
    from careernb.documents import team_view
    from careernb.documents.contract import contract_html
    from careernb.documents.person_copy import export_person
    from careernb.domain.contract import Commitment
    from careernb.domain.people import Person

    store = open_store(tmp_path / "home")
    seed_demo(store, DOCUMENTS_DAY)
    store.update(
        Person,
        None,
        lambda rows: [
            dataclasses.replace(p, name=f"Tom {LONG_WORD}") if p.person_id == "007" else p for p in rows
        ],
    )
    store.update(Commitment, "007", lambda rows: [dataclasses.replace(c, action=LONG_WORD) for c in rows])
    copy = export_person(store, "007", tmp_path / "copy", today=DOCUMENTS_DAY)
    pages = {
        "contract": contract_html(store, "007"),
        "team view": team_view.render(store, "2026Q4", today=DOCUMENTS_DAY),
        "person's copy": next(p for p in copy if p.suffix == ".html").read_text(encoding="utf-8"),
    }
    page.set_viewport_size({"width": 900, "height": 900})
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        page.goto(path.as_uri())
        assert page.get_by_text(LONG_WORD[:40]).count() > 0, f"the {name} does not show the word"
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 900, f"the {name} is {wide}px wide in a 900px window"
        broken = page.evaluate(WORDS_CUT)
        assert broken == [], f"the {name} cuts these words of its own in the middle: {broken}"


WORDS_CUT = """() => {
  // Each word careernb writes in a table cell (not typed text) that is wider than its cell.
  const canvas = document.createElement("canvas").getContext("2d");
  const cut = [];
  for (const cell of document.querySelectorAll("td:not(.typed), th:not(.typed)")) {
    const style = getComputedStyle(cell);
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    for (const word of cell.innerText.split(/\\s+/)) {
      const text = style.textTransform === "uppercase" ? word.toUpperCase() : word;
      if (word && canvas.measureText(text).width > room + 1) cut.push(word);
    }
  }
  return cut;
}"""
