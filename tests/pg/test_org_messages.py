"""What the command line says on an organisation's database: an administrator's action run with a
manager's connection is one paragraph naming who may run it, never a traceback; and an unknown
person is looked for in the people table, not in a file."""

from __future__ import annotations

import os
import subprocess

import pytest
import sqlalchemy as sa

from careernb.cli import main
from careernb.domain.people import Person
from careernb.home import open_store
from tests.cli_runs import run
from tests.conftest import TODAY
from tests.pg.fixtures import import_demo_as_alice, row_counts

ADMINISTRATORS_ACTIONS = {
    "migrate": ["org", "migrate"],
    "add-manager": ["org", "add-manager", "bob", "--person", "023"],
    "import-home": ["org", "import-home", "{home}", "--role", "alice"],
    "forget": ["org", "forget", "007"],
    "move": ["org", "move", "007", "--to", "alice"],
    "export-home of another manager": ["org", "export-home", "--out", "{out}", "--role", "bob"],
}


def _rows(url: str) -> dict[str, int]:
    return row_counts(url, ("people", "answers", "contracts"))


@pytest.fixture
def alices(pg_org, tmp_path, capsys):
    """The organisation with Alice's team in it; her home's folder."""
    home = import_demo_as_alice(pg_org, tmp_path / "home")
    capsys.readouterr()
    return home.home


@pytest.mark.parametrize("action", ADMINISTRATORS_ACTIONS)
def test_an_administrators_action_run_as_a_manager_says_who_may_run_it(
    pg_org, alices, tmp_path, capsys, action
):
    before = _rows(pg_org.admin)
    argv = [a.format(home=alices, out=tmp_path / "out") for a in ADMINISTRATORS_ACTIONS[action]]
    assert main([*argv, "--store", pg_org.url("alice")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("careernb: error: ") and err.count("\n") == 1, err
    assert "'alice'" in err and "administrator" in err and "careernb_owner" in err
    assert "--store postgresql+psycopg://ADMIN@" in err
    assert _rows(pg_org.admin) == before
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("argv", "role"),
    [
        (["contract", "999", "--out", "{out}/contract.html"], "alice"),
        (["calendar", "--person", "999", "--out", "{out}/x.ics"], "alice"),
        (["export-person", "999", "--out", "{out}/copy"], "alice"),
        (["org", "forget", "999"], None),
    ],
)
def test_an_unknown_person_is_looked_for_in_the_people_table(pg_org, alices, tmp_path, capsys, argv, role):
    url = pg_org.url(role) if role else pg_org.admin
    assert main([*[a.format(out=tmp_path / "out") for a in argv], "--store", url]) == 2
    err = capsys.readouterr().err
    assert "'999'" in err and "the people table" in err and "people.csv" not in err


@pytest.mark.parametrize(
    ("backend", "people", "conversations"),
    [
        ("a data home", "people.csv", "conversations.csv"),
        ("a database", "the people table", "the conversations table"),
    ],
)
def test_a_row_refused_for_what_it_refers_to_names_the_table_as_the_store_keeps_it(
    pg_org, tmp_path, backend, people, conversations
):
    from careernb.domain.conversations import Answer
    from careernb.errors import UnknownReferenceError

    if backend == "a database":
        pg_org.add_manager("ada", "ada", "Ada")
        pg_org.add_person(Person("007", "Tomás"), "ada")
        store = pg_org.store("ada")
    else:
        store = open_store(tmp_path / "home")
        store.save(Person("ada", "Ada"))
        store.save(Person("007", "Tomás", "ada"))
    with pytest.raises(UnknownReferenceError) as refused:
        store.save(Answer("007", "no-such-conversation", "q1", "x"))
    assert f"this person's rows in {conversations}" in str(refused.value)
    with pytest.raises(UnknownReferenceError) as refused:
        store.save(Person("008", "Wen", "nobody"))  # a manager who is nobody
    assert f"'nobody' in {people}" in str(refused.value)


def _role(pg_org, statement: str) -> None:
    engine = sa.create_engine(pg_org.admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(statement))
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("who", "fix"),
    [
        ("a role that is nobody's", "careernb org add-manager ROLE"),
        ("a role the database does not know", "careernb org add-manager ROLE"),
        ("a database that does not exist", "careernb org migrate"),
    ],
)
def test_a_connection_that_cannot_read_a_team_says_how_to_fix_it(pg_org, capsys, who, fix):
    if who == "a role that is nobody's":
        _role(pg_org, "CREATE ROLE stranger LOGIN")
        url = pg_org.url("stranger")
    elif who == "a role the database does not know":
        url = pg_org.url("nobody_at_all")
    else:
        url = pg_org.cluster.url(database="no_such_database")
    assert main(["check", "--store", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("careernb: error: ") and err.count("\n") == 1, err
    assert fix in err


def test_a_contract_without_an_address_says_where_the_address_is_missing(pg_org, alices, tmp_path, capsys):
    import dataclasses

    from careernb.domain.contract import Contract

    store = pg_org.store("alice")
    tomas = next(p for p in store.load(Person) if p.person_id == "007")
    store.save(dataclasses.replace(tomas, email=""))
    assert any(c.agreed for c in store.load(Contract, "007"))
    argv = ["contract", "007", "--out", str(tmp_path / "c.html"), "--eml", str(tmp_path / "c.eml")]
    assert main([*argv, "--store", pg_org.url("alice")]) == 0
    out = capsys.readouterr().out
    assert "warning: the people table has no email address for them" in out


ORG_ACTIONS = {
    "migrate": ["org", "migrate"],
    "add-manager": ["org", "add-manager", "carol", "--person", "034"],
    "import-home": ["org", "import-home", "{home}", "--role", "alice"],
    "export-home": ["org", "export-home", "--out", "{out}", "--role", "alice"],
    "forget": ["org", "forget", "012"],
    "move": ["org", "move", "007", "--to", "bob"],
}


@pytest.mark.parametrize("action", ORG_ACTIONS)
def test_an_administrators_action_does_its_work_when_nobody_reads_its_output(
    pg_org, alices, tmp_path, action
):
    bob = ["org", "add-manager", "bob", "--person", "bob", "--name", "Bob", "--store", pg_org.admin]
    assert main(bob) == 0
    before = _rows(pg_org.admin)
    argv = [a.format(home=alices, out=tmp_path / "out") for a in ORG_ACTIONS[action]]
    read, write = os.pipe()
    os.close(read)
    try:
        done = run([*argv, "--store", pg_org.admin], stdout=write, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    if action == "forget":
        assert _rows(pg_org.admin)["people"] == before["people"] - 1
    if action == "export-home":
        assert (tmp_path / "out" / "people.csv").is_file()


def test_an_advance_prompt_drafted_on_the_database_asks_for_a_folder_and_writes_nothing(
    pg_org, alices, tmp_path, monkeypatch
):
    from careernb.documents.advance_prompt import draft, write_eml
    from careernb.errors import CareernbError

    monkeypatch.chdir(tmp_path)
    store = pg_org.store("alice")
    prompt = draft(store, "019", today=TODAY)
    with pytest.raises(CareernbError, match="no outbox: give the folder"):
        write_eml(store, prompt)
    assert list(tmp_path.iterdir()) == [tmp_path / "home"]
    assert write_eml(store, prompt, folder=tmp_path / "outbox").parent == tmp_path / "outbox"


def test_check_on_the_database_reads_every_row_the_manager_sees(pg_org, alices, capsys):
    from careernb.home import TABLES
    from careernb.store import table_of

    seen = row_counts(pg_org.admin, [table_of(t).name for t in TABLES])  # alice's alone
    assert main(["check", "--store", pg_org.url("alice")]) == 0
    out = capsys.readouterr().out
    people = len(pg_org.store("alice").person_ids())
    assert out.startswith(f"OK: {len(seen)} tables, {sum(seen.values())} rows, {people} people in ")
    assert people == seen["people"] and sum(seen.values()) > 100


FOLDER_ONLY = {
    "demo": (["demo"], ["careernb demo --home DIR", "careernb org import-home DIR --role ROLE"]),
    "import-handover": (["import-handover", "{pack}"], ["careernb org move PERSON --to ROLE"]),
}


@pytest.mark.parametrize("command", FOLDER_ONLY)
def test_a_command_for_a_data_home_run_on_the_database_says_what_to_run_there(
    pg_org, tmp_path, capsys, command
):
    home = tmp_path / "home"
    assert main(["demo", "--home", str(home), "--today", TODAY.isoformat()]) == 0
    assert main(["handover", "007", "--out", str(tmp_path / "pack"), "--agreed", "--home", str(home)]) == 0
    url = pg_org.add_manager("bob", "bob", "Bob")  # a manager with nobody in their team yet
    before = _rows(pg_org.admin)
    capsys.readouterr()
    argv, instead = FOLDER_ONLY[command]
    assert main([*[a.format(pack=tmp_path / "pack") for a in argv], "--store", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("careernb: error: ") and err.count("\n") == 1, err
    assert "is an organisation's database" in err and "needs a data home folder" in err
    assert all(fix in err for fix in instead), err
    assert _rows(pg_org.admin) == before


@pytest.mark.parametrize(
    ("person_id", "said"),
    [
        ("007", "'007' is already in people (managed by"),
        ("M-Ann", "'M-Ann' differs from 'm-ann' (managed by m-alice) only by case"),
    ],
    ids=["the same id", "the same id but for case"],
)
def test_add_person_refuses_an_id_taken_or_differing_from_one_only_by_case(pg_org, capsys, person_id, said):
    pg_org.add_manager("alice", "m-alice", "Alice")
    pg_org.add_person(Person("m-ann", "Ann"), "alice")
    pg_org.add_person(Person("007", "Bo"), "alice")
    before = _rows(pg_org.admin)
    argv = ["org", "add-person", person_id, "--name", "Another", "--manager", "alice"]
    assert main([*argv, "--store", pg_org.admin]) == 2
    err = capsys.readouterr().err
    assert said in err and err.count("\n") == 1, err
    assert _rows(pg_org.admin) == before
