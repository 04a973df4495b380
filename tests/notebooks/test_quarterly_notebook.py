"""The quarter's papermill template runs a data home's quarter, as a scheduler runs it."""

from __future__ import annotations

from pathlib import Path

import papermill
import pytest

from careernb.quarter import read_progress

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def test_the_quarterly_template_renders_a_data_homes_quarter_and_shows_its_summary(demo, tmp_path):
    out, progress = tmp_path / "out", tmp_path / "progress"
    nb = papermill.execute_notebook(
        str(REPO / "reports" / "quarterly.ipynb"),
        str(tmp_path / "quarterly.ipynb"),
        parameters={
            "quarter": "2026Q4",
            "home": str(demo.home),
            "out": str(out),
            "progress_file": str(progress),
        },
        progress_bar=False,
        kernel_name="python3",
        cwd=str(REPO / "reports"),
    )
    (shown,) = [
        o["data"]["text/html"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
    ]
    assert (
        shown
        == f"<p><strong>2026Q4</strong>: 7 contracts and 1 team views in <code>{out / '2026Q4'}</code>.</p>"
    )
    assert (out / "2026Q4" / "index.html").is_file() and len(
        list((out / "2026Q4" / "contracts").iterdir())
    ) == 7
    assert read_progress(progress) == (8, 8)
