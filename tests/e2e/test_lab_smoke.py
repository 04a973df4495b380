"""JupyterLab starts on the notebooks, its kernel sees the demo data home, widgets render."""

from __future__ import annotations

import json

from tests.e2e.conftest import open_notebook, snap


def test_a_careernb_widget_renders_in_jupyterlab_against_the_demo_team(lab, page):
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": "from careernb import open_store\n"
                "from careernb.views.kit.person import person_picker\n"
                "person_picker(open_store(), '007')",
            }
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (lab.root / "smoke.ipynb").write_text(json.dumps(notebook))
    open_notebook(page, lab, "smoke.ipynb")
    picker = page.locator(".careernb-person select")
    picker.wait_for(timeout=60_000)
    assert "Tomás Herrera" in picker.inner_text().replace("\xa0", " ")  # ipywidgets uses no-break spaces
    assert picker.input_value().startswith("Tomás Herrera")  # preselected from the person_id
    snap(page, "smoke-picker")
