"""`careernb app` as a manager meets it, in chromium: the team first, every page by name from
the navigation bar, the person in the address, one tab, and kernels that do not pile up.

What each page should show is worked out by careernb itself over the same data home.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re

import psutil
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from careernb import open_store
from careernb.cli.app_server import READY_KERNELS
from careernb.domain import current
from careernb.domain.people import Person, default_manager, team_of
from careernb.follow_through.dashboard import Need, team_rows
from careernb.views.pages import PAGES
from tests.e2e.conftest import APP_TOKEN, Server, snap

VOILA_NOTEBOOK = "team"  # the page `careernb app` opens on: the voila_app fixture passes it
WAIT = 180_000  # ms: a kernel per page, on two shared cores
# The page in front, one or two of pages just left (still shutting down), and those kept ready
# for each page (one may be starting, behind the visit that took its place).
MOST_KERNELS = 3 + len(PAGES) * READY_KERNELS


@pytest.fixture(scope="module")
def rows(voila_app: Server):
    store = open_store(voila_app.home)
    people = store.load(Person)
    return team_rows(store, team_of(people, default_manager(people).person_id), dt.date.today())


def kernels(server: Server) -> int:
    """Kernels the app is running now (its own child processes)."""
    children = psutil.Process(server.proc.pid).children(recursive=True)
    return sum("ipykernel" in " ".join(c.cmdline()) for c in children)


def ready(page) -> None:
    """The page's widgets are there: its navigation bar and what is below it."""
    page.locator(".careernb-app-page .careernb-nav").wait_for(timeout=WAIT)


def no_file_names(page) -> None:
    assert ".ipynb" not in page.title()
    assert ".ipynb" not in page.locator("body").inner_text()
    assert not re.search(r"\d\d-[a-z-]+\.ipynb", page.url)


def shows(page, name: str) -> None:
    """The page is about ``name``: the bar names them and the page's person picker holds them."""
    assert page.locator(".careernb-nav-person").inner_text().strip() == f"for {name}"
    picker = page.locator(".careernb-person select").first
    label = picker.evaluate("s => s.options[s.selectedIndex].textContent.replace(/\\u00a0/g, ' ')")
    assert label.startswith(name), label


def test_the_app_opens_on_the_team_dashboard_and_no_file_name_shows(voila_app, page):
    page.set_default_timeout(WAIT)
    page.goto(f"{voila_app.url}/", wait_until="domcontentloaded")
    ready(page)
    page.locator(".careernb-dashboard-grid").wait_for()
    assert page.url == f"{voila_app.url}/team"
    assert page.title() == "Your team · careernb"
    here = page.locator('.careernb-nav a[aria-current="page"]')
    assert here.inner_text() == "Your team"
    no_file_names(page)
    for listing in ("voila/tree", "voila/render/00-team-dashboard.ipynb", "voila/api/contents"):
        assert page.request.get(f"{voila_app.url}/{listing}").status == 404, listing
    snap(page, "app-1-team")


def test_every_page_is_reached_from_the_navigation_bar(voila_app, page):
    page.set_default_timeout(WAIT)
    page.goto(f"{voila_app.url}/team", wait_until="domcontentloaded")
    ready(page)
    most = 0
    for target in [*PAGES[1:], PAGES[0]]:
        page.locator(f".careernb-nav a.careernb-nav-{target.address}").click()
        page.wait_for_url(f"{voila_app.url}/{target.address}")
        ready(page)
        assert page.locator('.careernb-nav a[aria-current="page"]').inner_text() == target.title
        assert page.title() == f"{target.title} · careernb"
        no_file_names(page)
        assert len(page.context.pages) == 1
        most = max(most, kernels(voila_app))
        assert most <= MOST_KERNELS, f"{most} kernels running after {target.title}"
    snap(page, "app-2-every-page")


def test_prepare_for_the_urgent_signal_back_then_check_in_for_another(voila_app, page, rows):
    urgent, other = rows[0], next(r for r in rows[1:] if r.person.person_id != rows[0].person_id)
    assert urgent.top.need is Need.URGENT_SIGNAL  # the demo's story: Tomás, approached
    page.set_default_timeout(WAIT)
    page.goto(f"{voila_app.url}/team", wait_until="domcontentloaded")
    page.locator(".careernb-dashboard-grid").wait_for()

    page.locator(f"a.careernb-open-prepare.careernb-row-{urgent.person_id}").click()
    page.wait_for_url(f"{voila_app.url}/prepare?person={urgent.person_id}")
    ready(page)
    page.locator(".careernb-person select").first.wait_for()
    shows(page, urgent.person.name)
    no_file_names(page)
    snap(page, "app-3-prepare-urgent")

    page.go_back()
    page.wait_for_url(f"{voila_app.url}/team")
    page.locator(".careernb-dashboard-grid").wait_for()

    page.locator(f"a.careernb-open-check-in.careernb-row-{other.person_id}").click()
    page.wait_for_url(f"{voila_app.url}/check-in?person={other.person_id}")
    ready(page)
    page.locator(".careernb-person select").first.wait_for()
    shows(page, other.person.name)
    no_file_names(page)
    assert len(page.context.pages) == 1
    assert kernels(voila_app) <= MOST_KERNELS
    # The person travelled in the address alone: nobody was made "current" in the store.
    assert current.chosen(open_store(voila_app.home)) is None
    snap(page, "app-4-check-in-other")


def test_two_tabs_on_two_people_keep_their_own_and_a_bookmark_reopens_the_same(voila_app, page, rows):
    first, second = rows[0].person, rows[1].person
    page.set_default_timeout(WAIT)
    other = page.context.new_page()
    other.set_default_timeout(WAIT)
    page.goto(f"{voila_app.url}/review?person={first.person_id}", wait_until="domcontentloaded")
    other.goto(f"{voila_app.url}/review?person={second.person_id}", wait_until="domcontentloaded")
    for tab, person in ((page, first), (other, second)):
        ready(tab)
        tab.locator(".careernb-person select").first.wait_for()
        shows(tab, person.name)
    page.reload(wait_until="domcontentloaded")  # as a bookmark would
    ready(page)
    page.locator(".careernb-person select").first.wait_for()
    shows(page, first.name)
    shows(other, second.name)
    other.close()

    # A person chosen on the page goes into the address: a bookmark now reopens them.
    picker = page.locator(".careernb-person select").first
    labels = picker.evaluate("s => [...s.options].map(o => o.textContent.replace(/\\u00a0/g, ' '))")
    picker.select_option(index=next(i for i, label in enumerate(labels) if label.startswith(second.name)))
    page.wait_for_url(f"{voila_app.url}/review?person={second.person_id}")
    shows(page, second.name)
    page.reload(wait_until="domcontentloaded")
    ready(page)
    page.locator(".careernb-person select").first.wait_for()
    shows(page, second.name)
    snap(page, "app-5-bookmark-reopens")


LONG = Person("099", "Maximiliana Wolfeschlegelsteinhausen-Bergerdorff", "ada", "Principal Engineer, Payroll")
_SHOWN = """s => {
    const text = document.createElement('span');
    text.style.font = getComputedStyle(s).font;
    text.style.whiteSpace = 'pre';
    text.textContent = s.options[s.selectedIndex].textContent;
    document.body.appendChild(text);
    const needed = text.getBoundingClientRect().width;
    text.remove();
    return {needed, room: s.clientWidth, page: document.documentElement.scrollWidth, window: innerWidth};
}"""


def test_a_long_name_and_role_show_whole_in_every_pages_person_picker(voila_app, page):
    open_store(voila_app.home).save(LONG)
    page.set_default_timeout(WAIT)
    for target in (p for p in PAGES if p.for_person):
        page.goto(f"{voila_app.url}/{target.address}?person={LONG.person_id}", wait_until="domcontentloaded")
        ready(page)
        picker = page.locator(".careernb-person select").first
        picker.wait_for()
        shows(page, LONG.name)
        width = picker.evaluate(_SHOWN)
        assert width["needed"] < width["room"], (target.address, width)  # nothing of it cut
        assert width["page"] <= width["window"], (target.address, width)  # nor wider than the page
    snap(page, "app-6-long-name")


# A box of the page that scrolls sideways (a few pixels too wide for its box), or anything that
# stands past the page's right edge.
_STICKING_OUT = """root => {
    const edge = root.getBoundingClientRect().right;
    const name = e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`;
    const all = [root, ...root.querySelectorAll('*')].filter(e => e.getClientRects().length);
    const scrolling = all.filter(e => e.tagName !== 'TEXTAREA'
        && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1);
    const past = all.filter(e => e.getBoundingClientRect().right > edge + 0.5);
    return [...scrolling.map(e => `${name(e)} scrolls by ${e.scrollWidth - e.clientWidth}px`),
            ...past.map(e => `${name(e)} stands out by ${e.getBoundingClientRect().right - edge}px`)];
}"""


def settled(page, server: Server, address: str, person_id: str) -> list[str]:
    """Open a page for a person, let it settle, and say what of it stands past its right edge."""
    page.goto(f"{server.url}/{address}?person={person_id}", wait_until="domcontentloaded")
    ready(page)
    # Late layout settles with the network; a page that keeps a request open past 20 s is
    # still measured (its widgets are drawn by then).
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_load_state("networkidle", timeout=20_000)
    out = page.locator(".careernb-app-page").evaluate(_STICKING_OUT)
    wide, window = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    return out + ([f"the page is {wide}px wide in a {window}px window"] if wide > window else [])


def test_no_page_scrolls_sideways_or_stands_past_its_right_edge(voila_app, page, rows):
    person_id = rows[0].person_id
    page.set_default_timeout(WAIT)
    for target in PAGES:
        assert settled(page, voila_app, target.address, person_id) == [], target.address
    # The two boxes as wide as their page, that once made it scroll by 2px.
    for address, box in (("contract", ".careernb-open-question"), ("replies", ".careernb-reply-paste")):
        page.goto(f"{voila_app.url}/{address}?person={person_id}", wait_until="domcontentloaded")
        page.locator(f"{box} textarea").wait_for()
        assert page.locator(".careernb-app-page").evaluate(_STICKING_OUT) == [], address


# A word wider than any window, as a handover pack or a paste can bring: it wraps where it stands.
WORDY = Person("098", "Sofia " + "Rossi" * 60, "ada", "Engineer" + "ing" * 100)


def test_a_name_and_role_wider_than_the_window_wrap_on_every_page_that_shows_them(voila_app, page):
    open_store(voila_app.home).save(WORDY)
    page.set_default_timeout(WAIT)
    for target in PAGES:
        out = settled(page, voila_app, target.address, WORDY.person_id)
        assert out == [], "\n".join([target.address, *out])
        if target.for_person or target.address == "team":
            assert WORDY.name[:20] in page.locator(".careernb-app-page").inner_text(), target.address
        if target.address == "prepare":
            snap(page, "app-7-a-word-wider-than-the-window")


# Last in the module: the page it opens with the token keeps a kernel no browser will close.
@pytest.mark.parametrize("address", ["team", "prepare?person=007", "now?person=007&conversation=c0003"])
def test_without_the_app_s_token_another_account_on_the_machine_gets_no_page_and_no_kernel(
    voila_app, browser, address
):
    # 127.0.0.1 is every account's: only the token the app printed (or opened) lets a browser in.
    stranger = browser._chromium.new_context()  # no token sent
    try:
        answer = stranger.request.get(f"{voila_app.url}/{address}", max_redirects=0)
        assert answer.status == 302, answer.status
        assert answer.headers["location"].startswith("/login?next=")
        assert "Tomás" not in answer.text()
        assert stranger.request.get(f"{voila_app.url}/team?token=wrong", max_redirects=0).status in (302, 403)
        welcomed = stranger.request.get(f"{voila_app.url}/team?token={APP_TOKEN}")
        assert (welcomed.status, welcomed.url.split("?")[0]) == (200, f"{voila_app.url}/team"), welcomed.url
    finally:
        stranger.close()
