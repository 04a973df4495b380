"""Every notebook in notebooks/ is registered, and every page calls its own the same way,
``page(address, person_id=..., home=..., today=...)``, so papermill, Voilà's URL and the
navigation bar can hand any notebook the same person, home and day."""

from __future__ import annotations

import ast
import inspect
import json
import re
from pathlib import Path

import pytest

from careernb.views import pages
from careernb.views.pages import JUPYTERLAB_ONLY, PAGES

FOLDER = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("*.ipynb"))
PAGE_NOTEBOOKS = [FOLDER / p.notebook for p in PAGES]
# The manager's own analysis, in JupyterLab only: checked on its own below.
(EXPLORE,) = [FOLDER / n.notebook for n in JUPYTERLAB_ONLY]
CALL = "person_id=person_id, home=home, today=today"


def _code(path: Path) -> list[dict]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def test_every_registered_notebook_is_in_the_folder_and_every_notebook_there_is_registered():
    registered = [n.notebook for n in pages.NOTEBOOKS]
    assert len(PAGE_NOTEBOOKS) >= 10 and len(registered) == len(set(registered))
    assert sorted(registered) == [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.address)
def test_every_page_has_its_own_address_and_its_notebook_carries_its_title(page):
    assert pages.BY_ADDRESS[page.address] is page
    nb = json.loads((FOLDER / page.notebook).read_text(encoding="utf-8"))
    assert nb["metadata"]["title"] == f"{page.title} · careernb"  # the browser tab's, in the app


def _heading(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    first = "".join(nb["cells"][0]["source"])
    return first.splitlines()[0]


@pytest.mark.parametrize("path", PAGE_NOTEBOOKS, ids=lambda p: p.stem)
def test_a_pages_title_is_one_heading_in_sentence_case_without_a_file_number(path):
    heading = _heading(path)
    assert heading.startswith("# ") and not heading[2].isdigit(), heading
    # A capital opens the title and each clause ("Conversation 1 - Where are you now?"), no other.
    words = re.split(r"(?:^# |\s+-\s+|:\s+|\?\s+)", heading)
    inner = [w for clause in words for w in clause.split()[1:]]
    assert [w for w in inner if w[:1].isupper() and w != "I"] == [], heading


@pytest.mark.parametrize("path", PAGE_NOTEBOOKS, ids=lambda p: p.stem)
def test_no_notebook_asks_to_choose_a_person_a_page_already_shows(path):
    # The page itself says "Choose a person to begin." while nobody is chosen, and only then.
    assert "choose a person" not in path.read_text(encoding="utf-8").lower()


def test_every_notebook_has_the_same_tagged_parameters_cell():
    cells = {p.name: "".join(_code(p)[0]["source"]) for p in PAGE_NOTEBOOKS}
    assert all(_code(p)[0]["metadata"].get("tags") == ["parameters"] for p in PAGE_NOTEBOOKS)
    assert len(set(cells.values())) == 1, cells
    names = [t.id for node in ast.parse(next(iter(cells.values()))).body for t in node.targets]
    assert names == ["person_id", "home", "today"]


@pytest.mark.parametrize("path", PAGE_NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_thin_stripped_and_calls_its_page_with_its_parameters(path):
    code = _code(path)
    assert len(code) == 2
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    tree = ast.parse("".join(code[1]["source"]))
    imported, call = tree.body[0], tree.body[-1].value
    assert isinstance(imported, ast.ImportFrom) and imported.module == "careernb.views.navigation"
    assert ast.unparse(call) == f"page({call.args[0].value!r}, {CALL})"
    # the page it names is this notebook's, and its panel takes the three parameters by name
    found = pages.BY_ADDRESS[call.args[0].value]
    assert found.notebook == path.name
    params = inspect.signature(found.panel).parameters
    assert all(params[p].default is None for p in ("person_id", "home", "today"))


def test_the_explore_notebook_is_thin_stripped_and_asks_careernb_for_each_answer():
    code = _code(EXPLORE)
    assert code[0]["metadata"].get("tags") == ["parameters"]
    names = [t.id for node in ast.parse("".join(code[0]["source"])).body for t in node.targets]
    assert names == ["home", "today"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    for cell in code[1:]:
        source = "".join(cell["source"])
        assert "explore." in source and len(source.splitlines()) <= 4, source
