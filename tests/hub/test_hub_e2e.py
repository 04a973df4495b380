"""Two managers on one real hub: JupyterHub, PostgreSQL peer authentication, chromium.

alice logs in through the hub's form and her own server opens the shared, read-only
careernb notebooks as the Unix user jupyter-alice; her kernel reaches PostgreSQL as the
role alice with no password, and bob's kernel cannot become alice however it asks. Each
step leaves a screenshot in test-artifacts/hub/.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, open_notebook, wait_idle
from tests.hub.conftest import REPO, Hub, log_in

WAIT = 120_000  # ms: two shared cores
ARTIFACTS = REPO / "test-artifacts" / "hub"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """A fresh browser (its own cookies) per manager: bob never rides on alice's session."""
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def snap(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def _server(hub: Hub, manager: str) -> SimpleNamespace:
    return SimpleNamespace(url=f"{hub.url}/user/{manager}")


def _code_notebook(hub: Hub, accounts, manager: str, name: str, code: str) -> str:
    """A notebook of the manager's own, in their home, owned by them."""
    account = accounts[manager]
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(code)]
    path = Path(account.pw_dir) / name
    nbformat.write(nb, path)
    import os

    os.chown(path, account.pw_uid, account.pw_gid)
    return name


def _run_and_read(page, hub: Hub, manager: str, name: str) -> dict:
    """Open the notebook in the manager's JupyterLab, run it, read the JSON its cell printed."""
    open_notebook(page, _server(hub, manager), name)
    out = page.locator(".jp-OutputArea-output", has_text="RESULT")
    out.first.wait_for(timeout=WAIT)
    wait_idle(page, name)
    text = out.first.inner_text()
    return json.loads(text.split("RESULT", 1)[1])


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


def test_each_manager_runs_as_their_own_unix_user_and_database_role(hub, accounts, new_page):
    hub.cluster.psql("CREATE ROLE alice LOGIN; CREATE ROLE bob LOGIN;")
    for manager, other in (("alice", "bob"), ("bob", "alice")):
        page = new_page()
        log_in(page, hub, manager)
        snap(page, f"hub-{manager}-lab")
        name = _code_notebook(hub, accounts, manager, "whoami.ipynb", IDENTITY)
        seen = _run_and_read(page, hub, manager, name)
        snap(page, f"hub-{manager}-identity")
        assert seen["unix"] == f"jupyter-{manager}"
        assert seen["store"] == (
            f"postgresql+psycopg://{manager}@/careernb?host={hub.cluster.socket_dir}"
        )
        assert seen[manager] == manager  # peer authentication, no password anywhere
        assert seen[other].startswith("refused:") and "authentication failed" in seen[other]
        assert seen["postgres"].startswith("refused:")
