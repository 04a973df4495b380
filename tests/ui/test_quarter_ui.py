"""The quarter page over a data home: what it will render, nothing written until the button, then
every document in an owner-only folder and the team view shown in the page."""

from __future__ import annotations

import datetime as dt
import html
import stat

import pytest

from careernb.domain.people import Person, team_of
from careernb.views.kit.markup import esc
from careernb.views.pages.quarter.model import quarters
from careernb.views.pages.quarter.view import QuarterPanel

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def panel(demo) -> QuarterPanel:
    return QuarterPanel(demo, TODAY)


def test_the_page_lists_what_the_quarter_will_render_and_writes_nothing(panel, demo):
    assert panel.quarter.options == ("2026Q4", "2026Q3", "2026Q2", "2026Q1")
    page = panel.page.value
    for person in team_of(demo.load(Person), "ada"):
        assert esc(person.name) in page
    assert "Amara Nwosu: no agreed contract yet" in page and "Tomás Herrera: version" in page
    assert "sends nothing anywhere" in page
    assert not (demo.home / "reports").exists()
    assert panel.errors.value == "" and panel.team_view.value == ""


def test_running_the_quarter_writes_owner_only_documents_and_shows_the_team_view(panel, demo, open_umask):
    panel.run_button.click()
    assert panel.errors.value == ""
    folder = demo.home / "reports" / "2026Q4"
    contracts = sorted(p.stem for p in (folder / "contracts").iterdir())
    assert len(contracts) == 7 and (folder / "team-ada.html").is_file()
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [folder, *folder.rglob("*")]}
    assert modes <= {0o700, 0o600}
    assert "7 contracts and 1 team view in" in panel.page.value
    assert (panel.progress.value, panel.progress.max) == (8, 8)
    frame = panel.team_view.value
    assert frame.startswith("<iframe") and " sandbox " in frame and "<script" not in frame
    shown = html.unescape(frame.split('srcdoc="', 1)[1].split('" style=', 1)[0])
    assert shown == (folder / "team-ada.html").read_text(encoding="utf-8")
    assert not panel.run_button.disabled


def test_choosing_another_quarter_reads_it_again_and_hides_the_last_run(panel, demo):
    panel.run_button.click()
    panel.quarter.value = "2026Q3"
    assert panel.model.result is None and panel.team_view.value == ""
    assert "reports/2026Q3" in panel.page.value and "7 contracts" not in panel.page.value
    assert not (demo.home / "reports" / "2026Q3").exists()


def test_a_team_view_that_does_not_render_is_named_and_the_contracts_are_still_written(
    panel, demo, monkeypatch
):
    from careernb.documents import team_view

    def broken(*args, **kwargs):
        raise ValueError("a damaged file")

    monkeypatch.setattr(team_view, "contexts", broken)
    panel.run_button.click()
    assert "Not rendered: Ada Okafor&#x27;s team view (ada): ValueError: a damaged file" in panel.page.value
    assert len(list((demo.home / "reports" / "2026Q4" / "contracts").iterdir())) == 7
    assert panel.team_view.value == ""


@pytest.mark.parametrize(
    ("today", "expected"),
    [(dt.date(2026, 1, 1), ["2026Q1", "2025Q4", "2025Q3", "2025Q2"]), (TODAY, quarters(TODAY))],
)
def test_the_quarters_offered_are_todays_and_the_three_before_newest_first(today, expected):
    assert quarters(today) == expected
