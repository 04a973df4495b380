"""A data home with a damaged file takes no write: every command that would change its tables
refuses, naming the file, and changes nothing, even when it writes about someone else."""

from __future__ import annotations

import pytest

from careernb.cli import main
from tests.cli_runs import RUNS, place


def _unknown_column(path) -> None:
    lines = path.read_bytes().split(b"\r\n")
    lines[0] += b",mood"
    lines[1:] = [line + b"," if line else line for line in lines[1:]]
    path.write_bytes(b"\r\n".join(lines))


def _bad_date(path) -> None:
    lines = path.read_bytes().decode().split("\r\n")
    due = lines[0].split(",").index("due")
    cells = lines[1].split(",")
    cells[due] = "next friday"
    lines[1] = ",".join(cells)
    path.write_bytes("\r\n".join(lines).encode())


DAMAGE = {
    "an unknown column in another person's answers": ("people/046/answers.csv", _unknown_column),
    "a date that is not one in another person's commitments": ("people/046/commitments.csv", _bad_date),
}


def _tables(home) -> dict[str, bytes]:
    """The store's own files, without what is rendered from them (reports, drafts)."""
    return {
        str(p.relative_to(home)): p.read_bytes()
        for p in home.rglob("*.csv")
        if p.relative_to(home).parts[0]
        in ("people", "people.csv", "careernb.csv", "questions.csv", "current.csv")
    }


@pytest.mark.slow
@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("name", RUNS)
def test_a_command_that_writes_the_tables_refuses_a_damaged_home_naming_the_file(
    tmp_path, name, damage, capsys
):
    healthy = place(tmp_path / "healthy")
    before = _tables(healthy.home)
    assert main(healthy.argv(name)) == 0
    writes = _tables(healthy.home) != before

    damaged = place(tmp_path / "damaged")
    filename, spoil = DAMAGE[damage]
    spoil(damaged.home / filename)
    before = _tables(damaged.home)
    capsys.readouterr()
    code = main(damaged.argv(name))
    assert _tables(damaged.home) == before
    if writes:
        assert code == 2
        assert str(damaged.home / filename) in capsys.readouterr().err
