"""The report's page on a real hub: carol, alice's report, signs in with the hub's own login.

She lands on her own contract as she received it, with its reply; an address naming another
person shows her nothing of theirs; the hub refuses her a server; her reply lands in the database
as alice's row, and alice's own store, as her role, has it waiting. The page is served with its
security headers, and nothing it does asks another host. Screenshots in
test-artifacts/hub/.
"""

from __future__ import annotations

import json
import time

from careernb.organisation.report_page import HEADERS
from tests.e2e.conftest import Requests, axe_violations
from tests.hub.conftest import WAIT, as_manager, snap

PAGE = "/services/careernb-report/"
NOTE = 'Paired on the "orders" pipeline —\nnext: the schema 🚀'
CHANGED = "I'd like more of the engineering side."
# alice's other people, and bob's: none of them may show on carol's page
OTHERS = ("Tomás Herrera", "Elif Yılmaz", "Noor Haddad", "Kofi Mensah")


def _sign_in(page, hub, name: str) -> None:
    """The hub's own login form, as a report meets it: straight to their page afterwards."""
    page.goto(f"{hub.url}/hub/login", wait_until="domcontentloaded")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", "any password: the dummy authenticator is for tests")
    page.click("#login_submit")
    page.wait_for_url(f"**{PAGE}**", timeout=WAIT)
    page.locator("#careernb-reply").wait_for(timeout=WAIT)


def _waiting_for_alice(org) -> list[dict]:
    code = (
        "import json; from careernb.home import open_store; "
        "from careernb.follow_through.replies import waiting; "
        "print(json.dumps([{'person': w.person.person_id, 'changed': w.reply.changed, "
        "'notes': [u.note for u, _ in w.updates]} for w in waiting(open_store())], ensure_ascii=False))"
    )
    return json.loads(as_manager("alice", org.cluster, "-c", code))


def test_carol_sees_her_contract_alone_gets_no_server_and_her_reply_waits_for_alice(hub, org, new_page):
    page = new_page()
    requests = Requests(page.context, hub.url)
    _sign_in(page, hub, "carol")
    shown = page.goto(f"{hub.url}{PAGE}", wait_until="networkidle")
    assert {k.lower(): v for k, v in HEADERS.items()}.items() <= shown.headers.items()
    text = page.locator("main").inner_text()
    assert "Carol Diaz" in text and "Pair with the platform team on one pipeline" in text
    assert "Ask Priya whether Carol can join the data guild" in text  # alice's side, as sent
    for other in OTHERS:
        assert other not in page.content()
    snap(page, "hub-carol-report-page")  # the README's picture of the page
    assert axe_violations(page) == []

    # Another person's contract by address: the page has one address and takes the person from the login.
    for address in ("?person=007", "?person_id=b01&login=alice", "007", "users/alice", "reply?person=007"):
        response = page.goto(f"{hub.url}{PAGE}{address}")
        assert "Tomás" not in page.content() and "Noor" not in page.content(), address
        assert response.status in (200, 404, 405), (address, response.status)
    page.goto(f"{hub.url}{PAGE}?person=007", wait_until="domcontentloaded")
    assert "Carol Diaz" in page.locator("h1").inner_text()

    # No server, whatever she asks: the spawn page and the REST API both refuse.
    assert page.goto(f"{hub.url}/hub/spawn").status == 403
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")
    started = page.request.post(f"{hub.url}/hub/api/users/carol/server", headers={"X-XSRFToken": xsrf})
    assert started.status == 403, started.text()
    assert page.goto(f"{hub.url}/user/carol/lab").status in (403, 404)  # no server, none started
    assert "jupyterlab" not in page.content().lower()

    # Her reply, from the page: it lands at once, no mail.
    page.goto(f"{hub.url}{PAGE}", wait_until="domcontentloaded")
    form = page.locator("#careernb-reply")
    form.wait_for(timeout=WAIT)
    assert not page.locator("#careernb-reply-save").is_visible()  # nothing to save on the hub
    form.locator('input[name="progress-k1"][value="on its way"]').check()
    form.locator("#note-k1").fill(NOTE)
    form.locator('input[name="happened-k2"][value="not yet"]').check()
    form.locator("#careernb-reply-changed").fill(CHANGED)
    form.locator('input[name="statement-seen"][value="agree"]').check()
    form.locator('input[name="statement-future"][value="rather not say"]').check()
    page.get_by_role("button", name="Send to Ada").click()
    page.wait_for_url("**?sent=1", timeout=WAIT)
    notice = page.get_by_role("status").first
    assert "Your reply reached Ada" in notice.inner_text()
    replies = page.locator("section.said").inner_text()
    assert "Paired on the" in replies and CHANGED in replies and "waiting for Ada" in replies
    snap(page, "hub-carol-replied")
    assert axe_violations(page) == []  # with the notice and her reply listed

    deadline = time.monotonic() + 30
    while not (waiting := _waiting_for_alice(org)) and time.monotonic() < deadline:
        time.sleep(1)
    mine = [w for w in waiting if w["person"] == "c01"]
    assert mine == [{"person": "c01", "changed": CHANGED, "notes": ["", NOTE]}]
    written_by = org.cluster.psql("SELECT written_by FROM careernb.replies WHERE person_id = 'c01'")
    assert written_by.split() == ["alice"]
    assert requests.urls and requests.outside() == []  # her page, its login and her reply ask the hub alone
