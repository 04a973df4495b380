"""The careernb command, run as a manager runs it."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from careernb.cli import COMMANDS, main

CLI = [sys.executable, "-m", "careernb"]


def _run(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120, env=env)


@pytest.mark.parametrize("name", [c[0] for c in COMMANDS])
def test_every_subcommand_has_help(name, capsys):
    with pytest.raises(SystemExit) as done:
        main([name, "--help"])
    assert done.value.code == 0
    assert f"usage: careernb {name}" in capsys.readouterr().out


def test_check_passes_on_the_demo_and_fails_with_file_row_and_column_on_a_damaged_copy(tmp_path, demo):
    ok = _run("check", "--home", str(demo.home))
    assert ok.returncode == 0, ok.stderr
    assert "OK:" in ok.stdout and "9 people" in ok.stdout

    damaged = tmp_path / "damaged"
    shutil.copytree(demo.home, damaged)
    path = damaged / "people" / "019" / "commitments.csv"
    lines = path.read_bytes().decode().split("\r\n")
    cells = lines[3].split(",")
    cells[5] = "next friday"  # the due column
    lines[3] = ",".join(cells)
    path.write_bytes("\r\n".join(lines).encode())
    before = path.read_bytes()

    bad = _run("check", "--home", str(damaged))
    assert bad.returncode == 2
    assert str(path) in bad.stderr
    assert "row 4" in bad.stderr and "column 'due'" in bad.stderr
    assert "'next friday'" in bad.stderr and "YYYY-MM-DD" in bad.stderr
    assert path.read_bytes() == before


def test_check_on_a_missing_home_says_how_to_start(tmp_path):
    result = _run("check", "--home", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "no data home here" in result.stderr and "careernb demo" in result.stderr


def test_demo_seeds_an_empty_home_from_the_environment(tmp_path):
    import os

    env = {**os.environ, "CAREERNB_HOME": str(tmp_path / "from-env")}
    result = _run("demo", "--today", "2026-11-26", env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "from-env" / "people" / "007" / "answers.csv").exists()
    again = _run("demo", env=env)
    assert again.returncode == 2 and "already holds data" in again.stderr


def test_the_demo_and_the_lab_write_nothing_into_a_home_that_lost_its_people_csv(tmp_path):
    from careernb.cli.app import _seeded_home

    home = tmp_path / "home"
    assert _run("demo", "--home", str(home), "--today", "2026-11-26").returncode == 0
    (home / "people.csv").unlink()
    before = {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}
    again = _run("demo", "--home", str(home))
    assert again.returncode == 2 and "already holds data (people/007" in again.stderr
    assert "Nothing was written" in again.stderr
    assert _seeded_home(str(home)) == home  # `careernb lab` and `app` open it as it is
    assert {p: p.read_bytes() for p in home.rglob("*") if p.is_file()} == before


def test_a_bad_date_argument_is_refused_by_the_parser(tmp_path):
    result = _run("demo", "--home", str(tmp_path / "h"), "--today", "26/11/2026")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr


@pytest.mark.parametrize("person", ["", "  "])
@pytest.mark.parametrize(
    "argv",
    [
        ["calendar", "--person", "{person}", "--out", "{out}/team.ics"],
        ["contract", "{person}", "--out", "{out}/contract.html", "--mark-sent"],
        ["export-person", "{person}", "--out", "{out}/copy"],
        ["forget", "{person}", "--yes"],
        ["handover", "{person}", "--out", "{out}/pack", "--agreed"],
    ],
)
def test_a_person_left_empty_is_refused_before_anything_is_written(demo, tmp_path, capsys, argv, person):
    out = tmp_path / "out"
    out.mkdir()
    before = sorted((p, p.read_bytes()) for p in demo.home.rglob("*.csv"))
    with pytest.raises(SystemExit) as done:
        main([a.format(person=person, out=out) for a in argv] + ["--home", str(demo.home)])
    assert done.value.code == 2
    assert "names nobody" in capsys.readouterr().err
    assert list(out.iterdir()) == []
    assert sorted((p, p.read_bytes()) for p in demo.home.rglob("*.csv")) == before


def test_start_makes_a_data_home_with_the_manager_alone_and_lab_seeds_no_demo_into_it(tmp_path, capsys):
    from careernb.cli.app import _seeded_home
    from careernb.domain.people import Person, default_manager
    from careernb.home import open_store

    home = tmp_path / "mine"
    argv = ["start", "--home", str(home), "--name", " Priya Raman ", "--email", "priya@example.org"]
    assert main(argv) == 0
    assert f"careernb lab --home {home}" in capsys.readouterr().out
    people = open_store(home, create=False).load(Person)
    assert [(p.name, p.manager_id, p.email) for p in people] == [("Priya Raman", None, "priya@example.org")]
    assert default_manager(people) == people[0]
    assert _seeded_home(str(home)) == home and open_store(home, create=False).load(Person) == people
    assert main(argv) != 0 and "already holds data" in capsys.readouterr().err  # never over what is there
