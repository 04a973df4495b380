"""The app's pages: the address carries the person, every page has the same bar, no file names."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w
import pytest

from careernb.domain import current
from careernb.views import navigation
from careernb.views.kit.address import Address, from_query
from careernb.views.navigation import bar_html, page
from careernb.views.pages import BY_ADDRESS, PAGES
from careernb.views.pages.dashboard.view import DashboardPanel
from tests.conftest import TODAY


@pytest.fixture
def app(monkeypatch, demo):
    """A kernel as ``careernb app`` starts it, for the address given by ``visit``."""
    monkeypatch.setenv(navigation.APP_ENV, "1")
    monkeypatch.setenv("CAREERNB_HOME", str(demo.home))

    def visit(address: str, query: str = "") -> w.VBox:
        monkeypatch.setenv("QUERY_STRING", query)
        return page(address, home=str(demo.home), today=TODAY.isoformat())

    return visit


def test_the_pages_are_the_playbooks_in_its_order_each_with_one_notebook():
    assert [p.title for p in PAGES] == [
        "Your team",
        "Prepare",
        "Where are you now?",
        "Where do you want to go?",
        "How do we close the gap?",
        "Contract",
        "Replies",
        "Monthly review",
        "Check-in",
        "Practice health",
        "Without notes",
        "The quarter",
    ]
    assert len({p.notebook for p in PAGES}) == len({p.address for p in PAGES}) == len(PAGES)


@pytest.mark.parametrize(
    ("address", "query", "expected"),
    [
        ("prepare", "person=007", ("007", None)),
        ("now", "person=007&conversation=c0003", ("007", "c0003")),
        ("prepare", "person=007&conversation=c0003", ("007", None)),  # no conversation on this page
        ("review", "", (None, None)),
        ("review", "person=%3Cscript%3Ealert(1)%3C%2Fscript%3E", (None, None)),  # not an id: dropped
        ("review", "person=" + "9" * 65, (None, None)),
        ("review", "person=&person=040", ("040", None)),
        ("check-in", "person=0%C3%A9", ("0é", None)),
    ],
)
def test_when_the_address_is_read_then_only_ids_come_through(address, query, expected):
    asked = from_query(BY_ADDRESS[address], query)
    assert (asked.person_id, asked.conversation_id) == expected


@pytest.mark.parametrize(
    ("query", "names_no_id"),
    [
        ("person=007", False),
        ("", False),
        ("person=", False),  # nothing asked
        ("person=..%2F..%2Fetc", True),
        ("person=%3Cscript%3E", True),
        ("person=..%2F..%2Fetc&person=007", False),  # one of them is an id: that one is used
    ],
)
def test_an_address_that_gives_a_person_but_no_id_is_noted(query, names_no_id):
    assert from_query(BY_ADDRESS["prepare"], query).names_no_id is names_no_id


def test_an_address_keeps_the_person_only_where_a_page_is_for_a_person():
    assert Address(BY_ADDRESS["now"], "007", "c1").href() == "now?person=007&conversation=c1"
    assert Address(BY_ADDRESS["health"], "007").href() == "health"
    assert Address(BY_ADDRESS["review"], "a b&c").href() == "review?person=a+b%26c"


def test_the_bar_names_every_page_marks_this_one_and_escapes_the_persons_name(demo):
    from careernb.domain.people import Person

    html = bar_html(Address(BY_ADDRESS["prepare"], "007"), Person("007", "<b>Tomás</b> & co"))
    assert html.count("<a ") == len(PAGES) and html.count('aria-current="page"') == 1
    assert 'href="review?person=007"' in html and 'href="team"' in html
    assert "&lt;b&gt;Tomás&lt;/b&gt; &amp; co" in html and "<b>Tomás</b>" not in html
    assert ".ipynb" not in html


@pytest.mark.parametrize("address", [p.address for p in PAGES])
def test_in_the_app_every_page_opens_under_its_bar(app, address):
    bar, panel, _ = app(address, "person=007").children
    assert "careernb-nav" in bar._dom_classes and panel is not None


def test_in_the_app_a_page_opens_on_the_person_its_address_names(app, demo):
    shown = app("prepare", "person=007")
    bar, panel, address = shown.children
    assert panel.picker.value == "007"
    assert "for <b>Tomás Herrera</b>" in bar.value
    assert address.outputs == ()  # the address is right as it is
    panel.picker.value = "019"  # chosen on the page: the bar's links and the address carry Mei on
    assert "for <b>Mei Lin</b>" in bar.value and 'href="review?person=019"' in bar.value
    (shown_address,) = address.outputs
    assert (
        "history.replaceState(history.state, '', \"prepare?person=019\");"
        in (shown_address["data"]["application/javascript"])
    )


def test_the_check_in_reached_from_a_persons_row_opens_on_that_person(app):
    _, panel, _ = app("check-in", "person=034").children
    assert panel.picker.value == "034"


def test_the_conversation_in_the_address_is_the_one_opened(app, demo):
    from careernb.domain.conversations import Conversation, ConversationKind

    booked = next(
        c for c in demo.load(Conversation, "019") if c.kind is ConversationKind.FULL and c.held is None
    )
    _, panel, _ = app("now", f"person=019&conversation={booked.conversation_id}").children
    assert panel.panel.chooser.value == booked.conversation_id


def test_in_the_app_no_current_person_is_read_or_written(app, demo):
    current.choose(demo, "040", dt.datetime(2026, 11, 26, 9))
    _, panel, _ = app("review").children
    assert panel.picker.value is None  # not the person another tab chose
    _, dashboard, _ = app("team").children
    assert isinstance(dashboard, DashboardPanel) and dashboard.buttons == {}
    assert current.chosen(demo) == "040"


def test_in_the_app_the_dashboards_ways_in_are_links_to_that_persons_page(app, demo):
    _, dashboard, _ = app("team").children
    html = dashboard.grid.value  # the team as one table of links
    for target in ("prepare", "review", "check-in"):
        assert f'href="{target}?person=007"' in html
    assert ".ipynb" not in html


def test_outside_the_app_the_notebook_shows_its_page_alone(monkeypatch, demo):
    monkeypatch.delenv(navigation.APP_ENV, raising=False)
    monkeypatch.setenv("QUERY_STRING", "person=040")  # ignored: JupyterLab has no address
    shown = page("review", person_id="007", home=str(demo.home), today=TODAY.isoformat())
    sheet, panel = shown.children  # the kit's stylesheet, then the page: no bar, no address
    assert "careernb-stylesheet" in sheet._dom_classes
    assert panel.picker.value == "007"


@pytest.mark.parametrize(
    ("asked", "opens"),
    [
        ("team", "team"),
        ("/prepare?person=007", "prepare?person=007"),
        ("06-informal-check-in.ipynb", "check-in"),  # a notebook's name, as `careernb app` once took
    ],
)
def test_the_app_opens_the_browser_on_the_page_asked(asked, opens):
    from careernb.cli.app import start_page

    assert start_page(asked) == opens


def test_the_app_refuses_a_page_it_does_not_have_and_lists_those_it_has():
    from careernb.cli.app import start_page
    from careernb.errors import CareernbError

    with pytest.raises(CareernbError, match="no page 'settings'.*team, prepare, now"):
        start_page("settings")


@pytest.mark.parametrize("address", [p.address for p in PAGES if p.for_person])
def test_a_page_whose_address_names_no_one_in_the_team_says_so_and_opens_on_its_picker(app, address):
    bar, panel, _ = app(address, "person=nobody").children
    assert "No person \u201cnobody\u201d in your team." in bar.value
    assert 'role="alert"' in bar.value and '<a class="careernb-to-team" href="team"' in bar.value
    picker = panel.picker if hasattr(panel, "picker") else panel.children[0]
    assert picker.value is None
    errors = getattr(panel, "errors", None)
    assert errors is None or errors.messages == []  # said once, above, not again in the panel


@pytest.mark.parametrize("query", ["person=..%2F..%2Fetc", "person=%3Cscript%3Ealert(1)%3C%2Fscript%3E"])
def test_an_address_whose_person_is_no_id_says_it_names_no_one_without_echoing_it(app, query):
    bar, panel, _ = app("prepare", query).children
    assert "The address of this page names no one you manage." in bar.value
    assert "etc" not in bar.value and "script" not in bar.value.replace("careernb", "")
    assert panel.picker.value is None


def test_the_notice_goes_once_a_person_in_the_team_is_chosen(app):
    bar, panel, _ = app("prepare", "person=nobody").children
    panel.picker.value = "019"
    assert "careernb-not-in-team" not in bar.value and "for <b>Mei Lin</b>" in bar.value


def test_the_team_pages_ignore_a_person_in_their_address(app):
    bar, _, _ = app("team", "person=nobody").children
    assert "careernb-not-in-team" not in bar.value


def test_in_jupyterlab_a_parameters_cell_naming_no_one_in_the_team_says_so(monkeypatch, demo):
    monkeypatch.delenv(navigation.APP_ENV, raising=False)
    shown = page("check-in", person_id="nobody", home=str(demo.home), today=TODAY.isoformat())
    _, notice, panel = shown.children  # one output: the stylesheet, the notice, the page
    assert panel.picker.value is None
    assert "careernb-address-notice" in notice._dom_classes
    assert "No person \u201cnobody\u201d in your team." in notice.value
    assert "person_id" in notice.value and "href" not in notice.value


def _script(address) -> str:
    (shown,) = address.outputs
    return shown["data"]["application/javascript"]


def test_a_conversation_page_names_the_conversation_once_it_is_kept_and_drops_it_when_deleted(app, demo):
    from tests.ui.test_conversation import card

    _, panel, address = app("now", "person=012").children  # Priya: nothing to resume, a new one
    page = panel.panel
    assert page.chooser.value == "new" and address.outputs == ()
    page.start.click()
    assert address.outputs == ()  # started, nothing said: nothing kept, nothing to name
    card(page.panel, "now.best-work").answer.value = "Deep work."
    cid = page.panel.controller.conversation_id
    assert f'"now?person=012&conversation={cid}"' in _script(address)
    page.panel.held.delete_button.click()
    page.panel.held.confirm_button.click()
    assert '"now?person=012"' in _script(address)


def test_a_conversation_page_opened_on_one_it_resumes_names_it_and_another_person_drops_it(app, demo):
    from careernb.domain.conversations import Conversation, ConversationKind

    started = Conversation("c-today", "012", ConversationKind.FULL, held=TODAY, minutes=20)
    demo.save(started)
    _, panel, address = app("direction", "person=012").children
    assert panel.panel.chooser.value == "c-today"
    assert '"direction?person=012&conversation=c-today"' in _script(address)
    panel.picker.value = "031"  # Amara: nothing to resume
    assert '"direction?person=031"' in _script(address)


def test_every_pages_panel_is_found_in_its_own_package():
    """The app imports a page's view ahead of its visit, from the package its panel names."""
    for p in PAGES:
        assert p.panel.__module__.startswith("careernb.views.pages."), (p.address, p.panel.__module__)
