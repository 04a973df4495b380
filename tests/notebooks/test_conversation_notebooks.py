"""The preparation and conversation notebooks, executed top to bottom by papermill on the demo team."""

import json
import os
from pathlib import Path

import pytest

from careernb.views.pages import BY_ADDRESS

pytestmark = pytest.mark.slow

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
MINE = [BY_ADDRESS[address].notebook for address in ("prepare", "now", "direction", "gap")]
WIDGET = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def home() -> Path:
    """The demo data home the root conftest seeded for this run (relative to today)."""
    return Path(os.environ["CAREERNB_HOME"])


def _csv_files(home: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in home.rglob("*.csv")}


def _run(name: str, tmp_path: Path, **parameters) -> dict:
    import papermill

    out = tmp_path / name
    papermill.execute_notebook(
        str(NOTEBOOKS / name),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        cwd=str(NOTEBOOKS),
    )
    return json.loads(out.read_text(encoding="utf-8"))


def _widget_models(nb: dict) -> list[dict]:
    """The widget views the last cell displayed."""
    outputs = nb["cells"][-1].get("outputs", [])
    return [o["data"][WIDGET] for o in outputs if WIDGET in o.get("data", {})]


@pytest.mark.parametrize("name", MINE)
@pytest.mark.parametrize("person_id", [None, "007", "019", "031"])
def test_notebook_runs_on_the_demo_team_and_shows_its_panel(name, person_id, tmp_path, home):
    before = _csv_files(home)
    nb = _run(name, tmp_path, person_id=person_id)
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    assert len(_widget_models(nb)) == 1
    # papermill stores the widget state: the page's own classes are in it
    state = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    classes = {c for m in state.values() for c in m.get("state", {}).get("_dom_classes", [])}
    assert "careernb-page" in classes
    want = "careernb-prepare" if name.startswith("01") else "careernb-conversation-page"
    assert (want in classes) is (person_id is not None)
    assert _csv_files(home) == before  # opening a notebook writes nothing


def test_parameters_cell_is_tagged_and_notebooks_are_stripped():
    for name in MINE:
        nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
        assert nb["metadata"]["kernelspec"]["name"] == "python3"
        tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1
        assert "person_id = None" in "".join(tagged[0]["source"])
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
        assert len([c for c in nb["cells"] if c["cell_type"] == "code"]) == 2  # thin: parameters, one call
