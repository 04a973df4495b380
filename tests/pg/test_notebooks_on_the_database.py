"""The notebooks on an organisation's database: a manager's pages and the quarterly batch,
executed top to bottom by papermill as the manager's and the batch's own roles."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import papermill
import pytest
import sqlalchemy as sa

from careernb.cli import main
from careernb.demo import seed_demo
from careernb.domain.people import Person, default_manager
from careernb.home import TABLES, open_store
from careernb.store import table_of
from careernb.store.sql_schema import SCHEMA
from careernb.views.pages import BY_ADDRESS
from careernb.views.pages import PAGES as REGISTERED

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
PAGES = sorted(p.notebook for p in REGISTERED)
WIDGET = "application/vnd.jupyter.widget-view+json"


@pytest.fixture
def alice(pg_org, tmp_path) -> str:
    """The demo team, imported as the manager alice's; her database URL."""
    home = tmp_path / "home"
    store = open_store(home)
    seed_demo(store, dt.date.today())
    top = default_manager(store.load(Person)).person_id
    assert main(["org", "add-manager", "alice", "--person", top, "--store", pg_org.admin]) == 0
    assert main(["org", "import-home", str(home), "--role", "alice", "--store", pg_org.admin]) == 0
    return pg_org.url("alice")


def _rows(url: str) -> dict[str, list]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t.name: conn.execute(sa.text(f'SELECT * FROM {SCHEMA}."{t.name}" ORDER BY seq')).all()
                for t in map(table_of, TABLES)
            }
    finally:
        engine.dispose()


def _run(notebook: Path, tmp_path: Path, **parameters) -> dict:
    out = tmp_path / notebook.name
    papermill.execute_notebook(
        str(notebook), str(out), parameters=parameters, kernel_name="python3", progress_bar=False,
        cwd=str(notebook.parent),
    )  # fmt: skip
    nb = json.loads(out.read_text(encoding="utf-8"))
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == [], notebook.name
    return nb


@pytest.mark.parametrize("name", PAGES)
def test_each_page_opens_on_the_managers_database_and_writes_nothing(
    name, alice, pg_org, tmp_path, monkeypatch
):
    monkeypatch.setenv("CAREERNB_STORE", alice)  # the kernel inherits it, as on the hub
    monkeypatch.setenv("CAREERNB_HOME", str(tmp_path / "no-home"))  # nothing to fall back on
    before = _rows(pg_org.admin)
    nb = _run(REPO / "notebooks" / name, tmp_path, person_id="007")
    outputs = nb["cells"][-1].get("outputs", [])
    returned = [o for o in outputs if o["output_type"] == "execute_result"]
    shown = [o["data"][WIDGET] for o in returned if WIDGET in o["data"]]
    assert len(shown) == 1  # the page (displayed before it: the hidden stylesheet)
    state = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    text = json.dumps(state, ensure_ascii=False)
    if name == BY_ADDRESS["replies"].notebook:  # the demo team's replies, read from the database
        assert "Elif Yılmaz" in text and "Tomás" not in text  # Elif's reply waits; Tomás sent none
    else:
        assert "Tomás" in text  # the demo report, read from the database
    assert _rows(pg_org.admin) == before


def _shown(nb: dict) -> str:
    return "".join(
        "".join(o["data"]["text/html"])
        for c in nb["cells"]
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
    )


def test_the_quarterly_notebook_runs_a_managers_quarter_then_the_organisations(
    alice, pg_org, tmp_path, monkeypatch
):
    (tmp_path / "alice-unix-home").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "alice-unix-home"))  # the kernel's own home
    mine = _shown(_run(REPO / "reports" / "quarterly.ipynb", tmp_path, home=alice))
    assert "contracts and 1 team views" in mine and "Published your team&#x27;s practice figures" in mine
    quarter = mine.split("<strong>")[1].split("</strong>")[0]
    contracts = list(
        (tmp_path / "alice-unix-home" / "careernb-reports" / quarter / "contracts").glob("*.html")
    )
    assert len(contracts) >= 7
    out = tmp_path / "hr"
    hr = _shown(
        _run(REPO / "reports" / "quarterly.ipynb", tmp_path, home=pg_org.url("careernb_batch"), out=str(out))
    )
    assert f"<strong>{quarter}</strong>: the organisation view" in hr and "1 published, 0 not yet run" in hr
    assert "(alice)" in (out / quarter / "organisation.html").read_text(encoding="utf-8")
