"""The public API: what a notebook or a manager's own script calls, loaded on first use."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

import careernb
from careernb.views.pages import PAGES

HEAVY = (
    "pandas",
    "numpy",
    "pyarrow",
    "ipywidgets",
    "jinja2",
    "papermill",
    "nbconvert",
    "nbformat",
    "matplotlib",
)
PANELS = [p.public_name for p in PAGES]


def _imported_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.split()
    return set(out)


@pytest.mark.parametrize(
    "code",
    [
        "import careernb",
        "import careernb.cli",
        "import careernb.errors",
        "import careernb.views.pages",  # the registry of pages: the hub's configuration reads it
        "import careernb\ncareernb.__all__\ncareernb.monthly_review",
    ],
)
def test_importing_careernb_or_its_command_loads_no_heavy_library(code):
    assert {m.split(".")[0] for m in _imported_after(code)}.isdisjoint(HEAVY)


def test_a_public_name_loads_what_it_needs_when_first_used():
    assert "careernb.home" not in _imported_after("import careernb")
    assert "careernb.home" in _imported_after("import careernb\ncareernb.open_store")
    # Opening a store reads no table in bulk: pandas waits for the first Store.frame().
    assert "pandas" not in _imported_after("import careernb\ncareernb.open_store")
    assert "pandas" in _imported_after(
        "import careernb, tempfile\ncareernb.open_store(tempfile.mkdtemp()).frame(careernb.TABLES[0])"
    )


def test_every_command_help_loads_no_heavy_library():
    code = (
        "import contextlib, io\nfrom careernb.cli import COMMANDS, main\n"
        "for c in [None, *(c.name for c in COMMANDS)]:\n"
        "    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "        main([c, '--help'] if c else ['--help'])"
    )
    assert _imported_after(code).isdisjoint(HEAVY)


def test_every_public_name_resolves_and_is_listed():
    errors = {"CareernbError", "StoreFormatError", "UnknownPersonError"}
    assert set(careernb.__all__) == errors | set(careernb._LAZY) | set(PANELS)
    assert len(PANELS) == len(set(PANELS)) == len(PAGES)
    for name in careernb.__all__:
        assert getattr(careernb, name) is not None
    assert set(careernb.__all__) <= set(dir(careernb))


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_panel"):
        careernb.no_such_panel  # noqa: B018


@pytest.mark.parametrize("name", PANELS)
def test_every_panel_takes_the_notebooks_parameters_by_name(name):
    params = inspect.signature(getattr(careernb, name)).parameters
    assert {"person_id", "home", "today"} <= set(params)
    assert all(params[p].default is None for p in ("person_id", "home", "today"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.public_name)
def test_the_panels_are_the_ones_the_notebooks_call(page):
    assert getattr(careernb, page.public_name) is page.panel


def test_the_monthly_review_is_its_packages_show():
    from careernb.views.pages import check_in, review

    assert careernb.monthly_review is review.show and careernb.check_in is check_in.show
