"""Two managers on one real hub: JupyterHub, PostgreSQL peer authentication, chromium.

alice logs in through the hub's form and her own server opens the shared, read-only
careernb notebooks as the Unix user jupyter-alice; her kernel reaches PostgreSQL as the
role alice with no password, and bob's kernel cannot become alice however it asks. Each
step leaves a screenshot in test-artifacts/hub/.
"""

from __future__ import annotations

import json
import pwd
import stat
import time
from pathlib import Path

from tests.e2e.conftest import open_notebook
from tests.hub.conftest import MANAGERS, WAIT, Hub, code_notebook, log_in, run_and_read, server_of, snap

IDENTITY = """
import getpass, json, os
import psycopg
result = {"unix": getpass.getuser(), "store": os.environ.get("CAREERNB_STORE")}
host = os.environ["CAREERNB_STORE"].split("host=", 1)[1]
for role in ("alice", "bob", "postgres"):
    try:
        with psycopg.connect(host=host, dbname="careernb", user=role) as conn:
            result[role] = conn.execute("select current_user").fetchone()[0]
    except psycopg.OperationalError as exc:
        result[role] = "refused: " + str(exc).strip().splitlines()[-1]
print("RESULT" + json.dumps(result))
"""


def test_each_manager_runs_as_their_own_unix_user_and_database_role(hub, org, accounts, new_page):
    for manager, other in (("alice", "bob"), ("bob", "alice")):
        page = new_page()
        log_in(page, hub, manager)
        snap(page, f"hub-{manager}-lab")
        name = code_notebook(accounts, manager, "whoami.ipynb", IDENTITY)
        seen = run_and_read(page, hub, manager, name)
        snap(page, f"hub-{manager}-identity")
        assert seen["unix"] == f"jupyter-{manager}"
        assert seen["store"] == (f"postgresql+psycopg://{manager}@/careernb?host={hub.cluster.socket_dir}")
        assert seen[manager] == manager  # peer authentication, no password anywhere
        assert seen[other].startswith("refused:") and "authentication failed" in seen[other]
        assert seen["postgres"].startswith("refused:")


DASHBOARD = "careernb/00-team-dashboard.ipynb"
CONVERSATION = "careernb/02-where-are-you-now.ipynb"
# Both quotes, a line break and an emoji: what a manager types, kept exactly.
TYPED = 'She said "I\'d rather build than manage" —\nfor now 🚀'


def _dashboard(page, hub: Hub, manager: str) -> str:
    open_notebook(page, server_of(hub, manager), DASHBOARD)
    grid = page.locator(".careernb-dashboard-grid")
    try:
        grid.wait_for(timeout=WAIT)
    except Exception:
        snap(page, f"hub-{manager}-dashboard-failed")
        raise AssertionError(page.locator(".jp-OutputArea-output").all_inner_texts()) from None
    page.evaluate("() => { window.jupyterapp.commands.execute('application:toggle-left-area'); }")
    page.wait_for_timeout(3_000)  # JupyterLab asks about its news a moment after it has started
    toasts = page.locator(".Toastify__toast").all_inner_texts()
    assert not [t for t in toasts if "news" in t.lower()], toasts  # as `careernb lab`: never asked
    return grid.inner_text()


def _answers_as(org, manager: str) -> list[str]:
    """Every answer text the manager's own role reads, asked as their Unix user."""
    from tests.hub.conftest import as_manager

    code = (
        "import json; from careernb.home import open_store; "
        "from careernb.domain.conversations import Answer; s = open_store(); "
        "print(json.dumps([a.answer for pid in s.person_ids() for a in s.load(Answer, pid)]))"
    )
    return json.loads(as_manager(manager, org.cluster, "-c", code))


def test_alice_sees_her_team_only_and_her_answer_lands_under_her_role(hub, org, new_page):
    from tests.e2e.conftest import Saves
    from tests.e2e.test_conversation_e2e import _pick, _start

    assert "Tomás Herrera" in org.people["alice"] and "Noor Haddad" in org.people["bob"]
    page = new_page()
    log_in(page, hub, "alice")
    shown = _dashboard(page, hub, "alice")
    snap(page, "hub-alice-dashboard")
    assert "Tomás Herrera" in shown
    for name in org.people["bob"]:
        assert name not in shown

    open_notebook(page, server_of(hub, "alice"), CONVERSATION)
    saves = Saves(page)
    _pick(page, "Tomás Herrera")
    _start(page, "three phases of one session")
    with saves.one():
        page.locator(".careernb-question-now-best-work .careernb-answer textarea").press_sequentially(TYPED)
    snap(page, "hub-alice-conversation")
    # A slow machine may save mid-typing and again at the pause: wait for the last save to land.
    # Read back by alice's role, and by the owner to see who wrote it.
    deadline = time.monotonic() + 30
    while TYPED not in (answers := _answers_as(org, "alice")) and time.monotonic() < deadline:
        time.sleep(1)
    assert TYPED in answers
    written_by = org.cluster.psql(
        "SET ROLE careernb_owner; SELECT written_by FROM careernb.answers WHERE answer = "
        + "'"
        + TYPED.replace("'", "''")
        + "'"
    )
    assert written_by.split() == ["alice"]


ALICES_ROWS = """
import json, os
import psycopg
host = os.environ["CAREERNB_STORE"].split("host=", 1)[1]
seen = {}
with psycopg.connect(host=host, dbname="careernb", user="bob", autocommit=True) as conn:
    for table in ("people", "answers", "conversations"):
        for how, query in (("select", f"select * from careernb.{table}"),
                           ("read", f"select careernb.read('{table}')"),
                           ("read alice's", f"select careernb.read('{table}', array['ada', '007', '012'])")):
            try:
                rows = conn.execute(query).fetchall()
                seen[f"{how} {table}"] = [str(r) for r in rows]
            except psycopg.Error as exc:
                seen[f"{how} {table}"] = "denied: " + str(exc).splitlines()[0]
    for attempt in ("SET ROLE alice", "SET ROLE careernb_owner", "SET ROLE careernb_batch"):
        try:
            conn.execute(attempt)
            seen[attempt] = "allowed"
        except psycopg.Error as exc:
            seen[attempt] = "denied: " + str(exc).splitlines()[0]
print("RESULT" + json.dumps(seen))
"""


def test_bob_sees_none_of_alices_people_or_answers_even_by_querying(hub, org, accounts, new_page):
    page = new_page()
    log_in(page, hub, "bob")
    shown = _dashboard(page, hub, "bob")
    snap(page, "hub-bob-dashboard")
    assert "Noor Haddad" in shown
    for name in org.people["alice"]:
        assert name not in shown
    name = code_notebook(accounts, "bob", "alices-rows.ipynb", ALICES_ROWS)
    seen = run_and_read(page, hub, "bob", name)
    snap(page, "hub-bob-queries-alices-rows")
    everything = json.dumps(seen, ensure_ascii=False)
    for alices in [*org.people["alice"], "Tomás", "rather build than manage"]:
        assert alices not in everything
    for table in ("people", "answers", "conversations"):  # no table to select from, as every manager
        assert seen[f"select {table}"].startswith("denied:"), table
        # her ids asked for: nothing of hers (the people bob reads are always his own team)
        assert all("bram" in row for row in seen[f"read alice's {table}"]), table
    assert any("Noor Haddad" in row for row in seen["read people"])  # his own way in, as bob
    for attempt in ("SET ROLE alice", "SET ROLE careernb_owner", "SET ROLE careernb_batch"):
        assert seen[attempt].startswith("denied:"), attempt


def test_each_manager_has_the_no_code_app_in_their_own_server(hub, org, new_page):
    page = new_page()
    log_in(page, hub, "bob")
    page.goto(f"{hub.url}/user/bob/voila/render/{DASHBOARD}", wait_until="domcontentloaded")
    grid = page.locator(".careernb-dashboard-grid")
    grid.wait_for(timeout=WAIT)
    snap(page, "hub-bob-voila")
    assert "Noor Haddad" in grid.inner_text()
    assert "Tomás Herrera" not in page.content()
    # bob's cookie does not open alice's app
    response = page.goto(f"{hub.url}/user/alice/voila/render/{DASHBOARD}")
    assert "Tomás Herrera" not in page.content(), response.status


def test_the_scheduled_quarter_runs_each_manager_as_their_own_unix_user_then_the_batch(
    hub, org, accounts, browser
):
    """deploy/quarter/careernb-quarters, as its unit runs it: as root, in a private /proc."""
    from tests.hub.conftest import BATCH_UNIX_USER, HUB_VENV, PRIVATE_PROC, REPO, run

    out = hub.base / "quarters"
    settings = {
        "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
        "CAREERNB_HUB_MANAGERS": "alice,bob",
        "CAREERNB_BIN": str(HUB_VENV / "bin" / "careernb"),
        "CAREERNB_SOCKET_DIR": str(hub.cluster.socket_dir),
        "CAREERNB_QUARTER_OUT": str(out),
        "CAREERNB_BATCH_USER": BATCH_UNIX_USER,
    }
    journal = run(*PRIVATE_PROC, str(REPO / "deploy" / "quarter" / "careernb-quarters"), env=settings).stdout
    quarter = next(out.iterdir()).name
    ran = [f"{m}: {quarter} rendered and published" for m in MANAGERS]
    assert journal.splitlines()[: len(MANAGERS)] == ran
    reports = {m: [n for n in org.people[m] if n not in ("Ada Okafor", "Bram Visser")] for m in MANAGERS}
    for manager, account in accounts.items():
        if manager not in MANAGERS:
            continue
        mine = Path(account.pw_dir) / "careernb-reports"
        folder = mine / quarter
        assert folder.stat().st_uid == account.pw_uid and stat.S_IMODE(folder.stat().st_mode) == 0o700
        log = mine / "quarterly-last-run.log"
        assert log.stat().st_uid == account.pw_uid and stat.S_IMODE(log.stat().st_mode) == 0o600
        assert "Published your team's practice figures" in log.read_text()
        assert list((folder / "contracts").glob("*.html")) or manager == "bob"
        assert (folder / "index.html").is_file()
        assert not [n for n in reports[manager] if n in journal]  # the journal names nobody

    view = out / quarter / "organisation.html"
    assert view.stat().st_uid == pwd.getpwnam(BATCH_UNIX_USER).pw_uid
    assert [stat.S_IMODE(p.stat().st_mode) for p in (out, out / quarter, view)] == [0o700, 0o700, 0o600]
    text = view.read_text()
    assert "Ada Okafor (alice)" in text and "Bram Visser (bob)" in text and "Not yet run" not in text
    assert "2 people in 1 team of fewer than 5 are counted" in text  # bob's, in no distribution
    everyone = [n for names in reports.values() for n in names]
    assert everyone and not [n for n in everyone if n in text]
    for private in ("rather build than manage", "🚀"):
        assert private not in text
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(view.as_uri())
    snap(page, "hub-organisation-view")
    page.close()
