"""The follow-through notebooks run headless: under papermill with parameters, and under nbval."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from careernb import open_store
from careernb.demo import seed_demo
from careernb.views.pages import BY_ADDRESS

pytestmark = pytest.mark.slow

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
TODAY = "2026-11-26"
# page -> (parameters, the CSS class of the panel it must show), by the page's notebook
CASES = {
    BY_ADDRESS[address].notebook: case
    for address, case in {
        "team": ({}, "careernb-dashboard"),
        "review": ({"person_id": "040"}, "careernb-review"),
        "check-in": ({"person_id": "007"}, "careernb-check-in"),
        "health": ({}, "careernb-health"),
        "replies": ({}, "careernb-replies"),
        "without-notes": ({}, "careernb-self-test"),
        "quarter": ({}, "careernb-quarter"),
    }.items()
}


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    h = tmp_path_factory.mktemp("nb") / "home"
    seed_demo(open_store(h), __import__("datetime").date.fromisoformat(TODAY))
    return h


def widget_classes(nb) -> list[str]:
    """The CSS classes of every widget model the notebook's kernel created."""
    state = (
        nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    )
    return [c for m in state.values() for c in m.get("state", {}).get("_dom_classes", [])]


@pytest.mark.parametrize("name", list(CASES))
def test_notebook_is_thin_with_a_parameters_cell_and_kernelspec(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and "home = None" in tagged[0].source and "today = None" in tagged[0].source
    assert len([c for c in nb.cells if c.cell_type == "code"]) == 2
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit notebooks stripped"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")


@pytest.mark.parametrize("name", list(CASES))
def test_notebook_runs_under_papermill_with_parameters(name, home, tmp_path):
    import papermill

    params, panel = CASES[name]
    out = tmp_path / name
    papermill.execute_notebook(
        str(NOTEBOOKS / name),
        str(out),
        parameters={**params, "home": str(home), "today": TODAY},
        kernel_name="python3",
        cwd=str(NOTEBOOKS),
        progress_bar=False,
        start_timeout=60,
    )
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    assert panel in widget_classes(nb)
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    panels = [m["state"] for m in state.values() if "careernb-errors" in m["state"].get("_dom_classes", [])]
    assert panels and all(p["value"] == "" for p in panels), "an error was shown"


def test_review_notebook_opens_on_the_person_given(home, tmp_path):
    import papermill

    out = tmp_path / "review.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOKS / BY_ADDRESS["review"].notebook),
        str(out),
        parameters={"person_id": "012", "home": str(home), "today": TODAY},
        kernel_name="python3",
        cwd=str(NOTEBOOKS),
        progress_bar=False,
        start_timeout=60,
    )
    nb = nbformat.read(out, as_version=4)
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    pickers = [m["state"] for m in state.values() if "careernb-person" in m["state"].get("_dom_classes", [])]
    assert [p["_options_labels"][p["index"]] for p in pickers] == ["Priya Raman — Staff Engineer"]


def test_notebooks_pass_nbval_on_the_test_data_home():
    """nbval in lax mode (notebooks are committed without outputs), on $CAREERNB_HOME."""
    paths = [str(NOTEBOOKS / n) for n in CASES]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            "--rootdir",
            str(NOTEBOOKS.parent),
            *paths,
        ],
        capture_output=True,
        text=True,
        cwd=NOTEBOOKS,
        env=dict(os.environ),
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert f"{2 * len(CASES)} passed" in result.stdout
