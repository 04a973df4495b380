"""The dashboard panel, driven without a browser: read its rows, click its buttons."""

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from careernb.domain import current
from careernb.domain.contract import Commitment, Contract, Party, Status, in_order, latest_agreed, of_version
from careernb.domain.dates import human_date
from careernb.domain.people import Person
from careernb.views.kit.markup import esc
from careernb.views.pages import BY_ADDRESS
from careernb.views.pages.dashboard.opener import OPENS, click_script, link_html, open_links_html
from careernb.views.pages.dashboard.view import DashboardPanel

TODAY = dt.date(2026, 11, 26)
REPO_NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
# What each button opens: its words -> the notebook of the page it opens.
NOTEBOOKS = {label: BY_ADDRESS[address].notebook for label, address in OPENS.items()}


@pytest.fixture
def panel(demo, tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name in NOTEBOOKS.values():
        (folder / name).write_text("{}")
    return DashboardPanel(demo, TODAY, folder)


def cell_text(panel, person_id: str, css_class: str) -> str:
    return next(
        c.value
        for c in panel.grid.children
        if f"careernb-row-{person_id}" in c._dom_classes and css_class in c._dom_classes
    )


def test_when_dashboard_opens_then_tomas_and_priya_lead_for_the_right_reasons(panel):
    assert [r.person_id for r in panel.rows[:2]] == ["007", "012"]
    assert "urgent signal" in cell_text(panel, "007", "careernb-needs")
    assert "before the decision crystallises" in cell_text(panel, "007", "careernb-needs")
    assert "career conversation overdue" in cell_text(panel, "012", "careernb-needs")
    assert "8 people, 4 need you now" in panel.summary.value  # Tomás, Priya, Kwame and Jonas


def test_when_kwame_has_overdue_commitments_then_they_are_red_and_the_managers_come_first(panel, demo):
    html = cell_text(panel, "040", "careernb-commitments")
    contract = latest_agreed(demo.load(Contract, "040"))
    overdue = [
        c
        for c in in_order(of_version(demo.load(Commitment, "040"), contract.version))
        if c.status is Status.OPEN and c.due < TODAY
    ]
    assert overdue and all(c.party is Party.MANAGER for c in overdue)
    shown = re.findall(r'<div class="([^"]*)"[^>]*><b>(You|They):</b> (.*?) — ', html)
    red = [(who, action) for css, who, action in shown if "careernb-overdue" in css.split()]
    assert red == [("You", esc(c.action)) for c in overdue]
    assert html.count("careernb-overdue") == len(overdue)
    assert html.index("<b>You:</b>") < html.index("<b>They:</b>")


@pytest.mark.parametrize(("label", "notebook"), list(NOTEBOOKS.items()))
def test_when_a_button_is_clicked_then_that_person_is_current_and_the_notebook_link_shows(
    panel, demo, label, notebook
):
    panel.buttons[("012", label)].click()
    assert current.chosen(demo) == "012"
    assert panel.opener.last == ("012", notebook)
    html = panel.opener.outputs[0]["data"]["text/html"]
    assert f'href="{notebook}"' in html and "Priya Raman" in html
    assert "application/javascript" in panel.opener.outputs[1]["data"]
    assert panel.errors.messages == []


def test_when_the_notebook_is_not_next_to_the_dashboard_then_it_says_so(demo, tmp_path):
    panel = DashboardPanel(demo, TODAY, tmp_path)
    panel.buttons[("007", "Prepare")].click()
    assert "01-prepare.ipynb is not in" in panel.opener.outputs[0]["data"]["text/html"]
    assert current.chosen(demo) == "007"  # the picker will still start on Tomás


def test_the_buttons_open_notebooks_that_exist_in_the_repository():
    mine = {"05-monthly-review.ipynb", "06-informal-check-in.ipynb"}
    assert mine <= set(NOTEBOOKS.values())
    assert all((REPO_NOTEBOOKS / n).is_file() for n in mine)


def test_when_a_name_has_markup_then_the_dashboard_and_the_link_escape_it(demo, tmp_path):
    tomas = next(p for p in demo.load(Person) if p.person_id == "007")
    demo.save(dataclasses.replace(tomas, name='<script>alert("x")</script> & Co', role="<b>Lead</b>"))
    panel = DashboardPanel(demo, TODAY, tmp_path)
    every = "".join(c.value for c in panel.grid.children if hasattr(c, "value"))
    assert "<script>" not in every and "&lt;script&gt;" in every and "&lt;b&gt;Lead" in every
    html = link_html(demo.load(Person)[1], "05-monthly-review.ipynb", "careernb-open-1")
    assert "<script>" not in html


def test_the_click_script_only_clicks_its_own_link_and_only_soon_after():
    script = click_script("careernb-open-7", dt.datetime(2026, 11, 26, 9, 0, 0))
    assert '"careernb-open-7"' in script
    assert str(int(dt.datetime(2026, 11, 26, 9, 0, 0).timestamp() * 1000)) in script
    assert "<15000" in script


def test_when_goals_changed_then_both_show_side_by_side(panel, demo):
    assert "Mei Lin" in panel.goals.value
    assert "technical leadership" in panel.goals.value and "people leadership" in panel.goals.value
    mei = latest_agreed(demo.load(Contract, "019"))
    assert f"updated on {human_date(mei.agreed)} (version {mei.version})" in panel.goals.value


def test_when_a_person_is_added_through_the_team_form_then_the_dashboard_shows_them(panel, demo):
    people = panel.people
    assert people.new_id.value == "047"
    people.new_name.value = "Noor Haddad"
    people.new_role.value = "Engineer"
    people.add_button.click()
    assert any(p.person_id == "047" and p.manager_id == "ada" for p in demo.load(Person))
    assert "047" in {r.person_id for r in panel.rows}
    assert "Added Noor Haddad" in people.status.value


def test_when_a_person_is_marked_as_left_then_they_leave_the_dashboard_but_stay_in_the_store(panel, demo):
    people = panel.people
    people.leaver.value = "046"
    people.left_on.value = TODAY
    people.left_button.click()
    assert "046" not in {r.person_id for r in panel.rows}
    elif_ = next(p for p in demo.load(Person) if p.person_id == "046")
    assert elif_.left == TODAY and demo.load(Contract, "046")  # kept, not deleted
    people.former.value = "046"
    people.back_button.click()
    assert "046" in {r.person_id for r in panel.rows}


def test_when_work_is_done_elsewhere_then_refresh_shows_it(panel, demo):
    from careernb.follow_through import check_in

    check_in.book(demo, "012", day=TODAY + dt.timedelta(days=2), today=TODAY)
    assert panel.rows[1].person_id == "012"
    panel.refresh_button.click()
    priya = panel.row("012")
    assert priya.next_conversation == TODAY + dt.timedelta(days=2)
    assert panel.rows[1].person_id != "012"


def test_the_goals_that_changed_are_read_with_the_rows_once_per_person(demo, tmp_path, monkeypatch):
    from careernb.domain.aspirations import Aspiration
    from careernb.domain.goals import goal_change

    loads: list[str] = []
    real = type(demo).load

    def counted(store, kind, person_id=None, **read):
        if kind is Aspiration:
            loads.append(person_id)
        return real(store, kind, person_id, **read)

    monkeypatch.setattr(type(demo), "load", counted)
    panel = DashboardPanel(demo, TODAY, tmp_path)
    assert sorted(loads) == sorted(set(loads)) and loads  # each person's aspirations, once
    mei = panel.row("019")
    assert mei.goals_changed == goal_change(demo.load(Aspiration, "019"), demo.load(Contract, "019"))
    assert "Goals that changed" in panel.goals.value and esc("Mei") in panel.goals.value


def test_each_way_into_a_persons_pages_says_whose_read_out_of_its_row(demo):
    mei = next(p for p in demo.load(Person) if p.person_id == "019")
    links = open_links_html(mei)
    for label in OPENS:
        assert f'aria-label="{label}: Mei Lin">{label}</a>' in links


def test_in_the_app_the_team_is_one_table_a_screen_reader_reads_by_column_and_person(demo, monkeypatch):
    import html.parser

    from careernb.views.kit.address import APP_ENV
    from careernb.views.pages.dashboard.view import COLUMNS

    monkeypatch.setenv(APP_ENV, "1")
    panel = DashboardPanel(demo, TODAY)
    assert panel.buttons == {}  # links, each to its page's address

    class Table(html.parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[list[tuple[str, str | None]]] = []

        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                self.rows.append([])
            elif tag in ("th", "td"):
                self.rows[-1].append((tag, dict(attrs).get("scope")))

    table = Table()
    table.feed(panel.grid.value)
    head, *people = table.rows
    assert head == [("th", "col")] * len(COLUMNS)
    assert len(people) == len(panel.rows) >= 8
    assert all(row == [("th", "row")] + [("td", None)] * (len(COLUMNS) - 1) for row in people)
    for row in panel.rows:  # each row opens with its person, and holds their ways in
        at = panel.grid.value.index(f"<b>{esc(row.person.name)}</b>")
        assert panel.grid.value.rindex("<tr>", 0, at) > panel.grid.value.rindex("</tr>", 0, at)
        assert f'aria-label="Prepare: {esc(row.person.name)}"' in panel.grid.value
    assert '<caption class="careernb-sr-only">' in panel.grid.value
    assert [r.person_id for r in panel.rows] == [
        m for m in re.findall(r'<th scope="row" class="careernb-cell careernb-row-([^"]+)"', panel.grid.value)
    ]
