"""A database that cannot be reached is one paragraph saying what and how to fix, never a
traceback, for every command that takes an organisation's database."""

from __future__ import annotations

import pytest

from careernb.cli import main

COMMANDS = {
    "org migrate": ["org", "migrate"],
    "org add-manager": ["org", "add-manager", "alice", "--person", "007"],
    "org import-home": ["org", "import-home", "{home}", "--role", "alice"],
    "org export-home": ["org", "export-home", "--out", "{out}"],
    "org forget": ["org", "forget", "007"],
    "org move": ["org", "move", "007", "--to", "bob"],
    "check": ["check"],
    "contract": ["contract", "007", "--out", "{out}/contract.html"],
    "health": ["health"],
    "calendar": ["calendar", "--out", "{out}/team.ics"],
    "export-person": ["export-person", "007", "--out", "{out}/copy"],
    "quarterly": ["quarterly", "--out", "{out}"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_a_database_nobody_serves_is_one_paragraph_saying_how_to_fix_it(demo, tmp_path, capsys, command):
    url = f"postgresql+psycopg://alice@/careernb?host={tmp_path}"  # a socket folder with no server
    argv = [a.format(home=demo.home, out=tmp_path / "out") for a in COMMANDS[command]]
    assert main([*argv, "--store", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("careernb: error: ") and err.count("\n") == 1, err
    assert "could not connect" in err and str(tmp_path) in err  # what, and where it looked
    assert "--store" in err and "running" in err  # how to fix it
    assert not (tmp_path / "out").exists()
