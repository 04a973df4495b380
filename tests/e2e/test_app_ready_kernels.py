"""`careernb app --ready-kernels 1` keeps a kernel ready for each page, and a ready kernel serves
the visit right:
the person in the address, visit after visit, and the data home as it is at the visit, not as
it was when the kernel started.
"""

from __future__ import annotations

import re
import time

from careernb import open_store
from careernb.domain.conversations import Conversation
from careernb.domain.people import Person
from careernb.views.pages import PAGES
from tests.e2e.conftest import Server, open_app_page
from tests.e2e.kept import kill_kernels

VOILA_NOTEBOOK = "team"  # the page `careernb app` opens on: the voila_app fixture passes it
READY_KERNELS = 1  # the voila_app fixture passes it as --ready-kernels
WAIT = 180_000  # ms


def _ready(server: Server, notebook: str, visits: int = 0, timeout: float = 300) -> None:
    """Wait until ``notebook`` has a kernel ready again after ``visits`` visits took one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log = server.log.read_text()
        filled = len(re.findall(rf"Kernel pool of {re.escape(notebook)} is filled", log))
        if filled > visits:
            return
        time.sleep(1)
    raise TimeoutError(f"no kernel ready for {notebook} after {visits} visits")


def _used(server: Server, notebook: str) -> int:
    return len(re.findall(rf"Using pre-heated kernel: \S+ for {re.escape(notebook)}", server.log.read_text()))


def test_every_page_has_a_kernel_ready_before_anyone_asks(voila_app):
    for page in PAGES:
        _ready(voila_app, page.notebook)


def test_two_visits_of_a_page_for_two_people_each_take_a_ready_kernel_and_show_their_person(voila_app, page):
    prepare = next(p for p in PAGES if p.address == "prepare")
    page.set_default_timeout(WAIT)
    for visit, (person_id, name) in enumerate([("007", "Tomás Herrera"), ("012", "Priya Raman")]):
        _ready(voila_app, prepare.notebook, visit)
        open_app_page(page, voila_app, f"prepare?person={person_id}")
        assert page.locator(".careernb-nav-person").inner_text().strip() == f"for {name}"
        assert _used(voila_app, prepare.notebook) == visit + 1


def test_a_ready_kernel_shows_the_data_home_as_it_is_at_the_visit(voila_app, page):
    _ready(voila_app, PAGES[0].notebook)
    # Saved after the ready kernel started and ran the page up to its address.
    open_store(voila_app.home).save(Person("077", "Noor Haddad", manager_id="ada", role="Engineer"))
    before = _used(voila_app, PAGES[0].notebook)
    page.set_default_timeout(WAIT)
    open_app_page(page, voila_app, "team")
    assert _used(voila_app, PAGES[0].notebook) == before + 1
    page.locator(".careernb-dashboard-grid").get_by_text("Noor Haddad").first.wait_for()


def test_a_ready_kernel_that_died_is_never_handed_to_a_visit(voila_app, page):
    # Jupyter restarts a dead kernel empty; Voilà kept it in its pool and handed it to the next
    # visit, whose page waited for a run the new kernel never made.
    check_in = next(p for p in PAGES if p.address == "check-in")
    _ready(voila_app, check_in.notebook, _used(voila_app, check_in.notebook))
    restarted = lambda: voila_app.log.read_text().count("restarting kernel")  # noqa: E731
    before, killed_at = restarted(), len(voila_app.log.read_text())
    assert kill_kernels(voila_app.proc.pid) >= len(PAGES)  # every ready kernel, as a crash would
    deadline = time.monotonic() + 60
    while restarted() < before + len(PAGES) and time.monotonic() < deadline:  # noticed within seconds
        time.sleep(0.5)
    assert restarted() >= before + len(PAGES)
    page.set_default_timeout(WAIT)
    open_app_page(page, voila_app, "check-in?person=034")
    since = voila_app.log.read_text()[killed_at:]
    (used,) = re.findall(rf"Using pre-heated kernel: (\S+) for {re.escape(check_in.notebook)}", since)
    assert used in re.findall(r"Kernel started: (\S+)", since)  # one started after the crash
    assert page.locator(".careernb-nav-person").inner_text().strip() == "for Sofia Rossi"
    note = "Logged on a page whose ready kernel had died."
    page.locator(".careernb-check-in-note textarea").fill(note)
    page.get_by_role("button", name="Log the check-in").click()
    deadline = time.monotonic() + 60
    while note not in [c.note for c in open_store(voila_app.home).load(Conversation, "034")]:
        assert time.monotonic() < deadline, "the check-in was not kept"
        time.sleep(0.5)
