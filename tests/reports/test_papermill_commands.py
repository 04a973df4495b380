"""The papermill command lines the report templates document pass their values as the
templates' parameters cells expect: person ids and quarters as text, exactly as written."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTED = {
    "reports/README.md": (ROOT / "reports" / "README.md").read_text(encoding="utf-8"),
    "reports/quarterly.ipynb": "".join(
        "".join(c["source"])
        for c in json.loads((ROOT / "reports" / "quarterly.ipynb").read_text(encoding="utf-8"))["cells"]
        if c["cell_type"] == "markdown"
    ),
    "README.md": (ROOT / "README.md").read_text(encoding="utf-8"),
}


def _commands(text: str, template: str) -> list[str]:
    return re.findall(rf"^papermill reports/{template} .*$", text, flags=re.MULTILINE)


def _parameters(command: str, monkeypatch) -> dict:
    """What papermill's own command line hands the notebook, without running a kernel."""
    from click.testing import CliRunner
    from papermill import cli

    monkeypatch.chdir(ROOT)  # the documented paths are relative to the repository
    seen: dict = {}
    monkeypatch.setattr(cli, "execute_notebook", lambda *a, **kw: seen.update(kw["parameters"]))
    argv = shlex.split(command)[1:]
    result = CliRunner().invoke(cli.papermill, argv, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return seen


@pytest.mark.parametrize("where", sorted(DOCUMENTED))
def test_every_documented_quarterly_command_passes_the_quarter_as_text(where, monkeypatch):
    commands = _commands(DOCUMENTED[where], "quarterly.ipynb")
    assert commands, f"{where} documents no papermill command for the quarter"
    for command in commands:
        assert _parameters(command, monkeypatch)["quarter"] == "2026Q4"


def test_the_documented_quarterly_commands_agree():
    flags = {
        where: {re.search(r"(-[pr]) quarter", c)[1] for c in _commands(text, "quarterly.ipynb")}
        for where, text in DOCUMENTED.items()
    }
    assert set().union(*flags.values()) == {"-r"}, flags


def test_the_documented_contract_command_keeps_the_leading_zeros_of_a_person_id(monkeypatch):
    (command,) = _commands(DOCUMENTED["reports/README.md"], "contract.ipynb")
    assert _parameters(command, monkeypatch)["person_id"] == "007"


@pytest.mark.parametrize(
    ("flag", "value", "arrives"),
    [("-r", "2026Q4", "2026Q4"), ("-p", "2026Q4", "2026Q4"), ("-r", "2026", "2026"), ("-p", "2026", 2026)],
)
def test_why_the_quarter_goes_with_r_papermill_p_guesses_a_type(flag, value, arrives, monkeypatch):
    got = _parameters(f"papermill reports/quarterly.ipynb out.ipynb {flag} quarter {value}", monkeypatch)
    assert got["quarter"] == arrives and type(got["quarter"]) is type(arrives)
