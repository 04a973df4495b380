"""The contract notebooks run top to bottom with papermill, as a manager or a scheduler runs them."""

from __future__ import annotations

import os
from pathlib import Path

import papermill
import pytest

from careernb import open_store
from careernb.documents.contract import contract_html
from careernb.documents.render import export_document
from careernb.views.pages import BY_ADDRESS

REPO = Path(__file__).resolve().parents[2]
CONTRACT = BY_ADDRESS["contract"].notebook
pytestmark = pytest.mark.slow


def _run(notebook: Path, tmp_path: Path, **parameters):
    return papermill.execute_notebook(
        str(notebook),
        str(tmp_path / notebook.name),
        parameters=parameters,
        progress_bar=False,
        kernel_name="python3",
        cwd=str(notebook.parent),
    )


def _outputs(nb, mime: str) -> list:
    return [
        o["data"][mime]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if mime in o.get("data", {})
    ]


@pytest.mark.parametrize("person_id", [None, "007", "031"])
def test_notebook_08_shows_the_builder_for_a_person_or_a_picker(tmp_path, person_id):
    nb = _run(REPO / "notebooks" / CONTRACT, tmp_path, person_id=person_id)
    (widget,) = _outputs(nb, "application/vnd.jupyter.widget-view+json")
    assert widget["model_id"]
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]


def test_notebook_08_keeps_a_thin_shape():
    import nbformat

    nb = nbformat.read(REPO / "notebooks" / CONTRACT, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) == 2 and code[0].metadata.get("tags") == ["parameters"]
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert all(not c.get("outputs") for c in code)  # committed stripped


def test_the_report_template_displays_the_contract_and_nothing_else(tmp_path):
    home = os.environ["CAREERNB_HOME"]
    nb = _run(REPO / "reports" / "contract.ipynb", tmp_path, person_id="019", version=None, home=home)
    (html,) = _outputs(nb, "text/html")
    expected = contract_html(open_store(home), "019")
    assert html == expected
    assert export_document(nb) == expected
