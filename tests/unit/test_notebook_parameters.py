"""Every notebook takes the same parameters and calls its panel the same way, so papermill,
Voilà's URL and the dashboard's links can hand any notebook the same person, home and day."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))
CALL = "show(person_id=person_id, home=home, today=today)"


def _code(path: Path) -> list[dict]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def test_there_are_notebooks_to_check():
    assert len(NOTEBOOKS) >= 10


def test_every_notebook_has_the_same_tagged_parameters_cell():
    cells = {p.name: "".join(_code(p)[0]["source"]) for p in NOTEBOOKS}
    assert all(_code(p)[0]["metadata"].get("tags") == ["parameters"] for p in NOTEBOOKS)
    assert len(set(cells.values())) == 1, cells
    names = [t.id for node in ast.parse(next(iter(cells.values()))).body for t in node.targets]
    assert names == ["person_id", "home", "today"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_thin_stripped_and_calls_show_with_its_parameters(path):
    code = _code(path)
    assert len(code) == 2
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    tree = ast.parse("".join(code[1]["source"]))
    imported, call = tree.body[0], tree.body[-1]
    assert isinstance(imported, ast.ImportFrom) and imported.module.startswith("careernb.")
    assert ast.unparse(call) == CALL
    (alias,) = imported.names
    assert (alias.asname or alias.name) == "show"
    # the panel it calls takes the three parameters by name
    panel = getattr(importlib.import_module(imported.module), alias.name)
    params = inspect.signature(panel).parameters
    assert {"person_id", "home", "today"} <= set(params)
