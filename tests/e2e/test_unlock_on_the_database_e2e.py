"""A sealed organisation's database in a real browser: `careernb app --store URL` on alice's own
login, her private notes sealed under the key in her row. Unlock, type a private note, kill
the kernel; the note is kept in the browser, offered back once unlocked again, lands in the
database sealed, and a superuser's pg_dump holds it in no form in clear, nor the passphrase;
bob, through his own login, sees nothing of it."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from careernb.cli import main
from careernb.domain.conversations import Answer
from careernb.errors import UnknownPersonError
from careernb.home import unlock
from careernb.store import session
from careernb.store.sealing import PREFIX
from careernb.store.sql_schema import SCHEMA
from tests.e2e.conftest import Server, serving, snap
from tests.e2e.kept import wait_in_store
from tests.e2e.unlocking import put_back_in_the_app
from tests.keyed import PASSPHRASE, clear_forms, give_key, secret
from tests.pg.fixtures import Org, import_demo_as_alice, organisation, run_sql

MEI = "019"  # her booked conversation opens at once
QUESTION = "now.best-work"
NOTE = (
    "Private: \"she may leave\" <script>alert('x')</script> & O'Brien's C:\\new\\table;"
    " DROP TABLE answers;-- — do not share 🔒\nsecond line\twith a tab"
)


@pytest.fixture(scope="module")
def sealed_org(pg_cluster, tmp_path_factory) -> Iterator[Org]:
    """The demo team (as of today) imported as alice's, her key kept in her own row and her
    private notes sealed by `careernb encrypt --store`; bob a manager beside her."""
    base = tmp_path_factory.mktemp("sealed-org")
    with organisation(pg_cluster) as org:
        import_demo_as_alice(org, base / "home", dt.date.today())
        org.add_manager("bob", "bob", "Bob")
        give_key(org.store("alice"))
        passphrase = secret(base, "passphrase", PASSPHRASE)
        assert main(["encrypt", "--store", org.url("alice"), "--passphrase-file", passphrase]) == 0
        session.lock()
        yield org


@pytest.fixture(scope="module")
def app(sealed_org, tmp_path_factory) -> Iterator[Server]:
    """`careernb app --store URL` as alice's login (its data home, seeded in clear, is not used)."""
    argv = lambda home, root, port: [  # noqa: E731
        sys.executable, "-m", "careernb", "app", "now", "--store", sealed_org.url("alice"),
        "--notebooks", str(root), f"--port={port}", "--no-browser", "--ready-kernels=0",
    ]  # fmt: skip
    with serving(tmp_path_factory.mktemp("app"), argv, "/voila/static/voila.js") as server:
        yield server


@pytest.mark.parametrize("column", ["text", "jsonb"])
def test_the_dump_is_searched_for_every_form_a_note_in_clear_would_take(sealed_org, column):
    value = NOTE if column == "text" else json.dumps({"note": NOTE})
    run_sql(sealed_org.admin, f"CREATE TABLE public.planted (note {column})")
    try:
        run_sql(sealed_org.admin, f"INSERT INTO public.planted VALUES (CAST(:v AS {column}))", v=value)
        dump = sealed_org.dump()
    finally:
        run_sql(sealed_org.admin, "DROP TABLE public.planted")
    assert any(form in dump for form in clear_forms(NOTE))


def _kept_sealed_and_alices_alone(org: Org, server: Server, note: str) -> None:
    alice = org.store("alice")
    unlock(PASSPHRASE, alice)  # the test reads the store as alice's session does
    try:
        wait_in_store(alice, MEI, QUESTION, note)
    finally:
        session.lock()
    cells = run_sql(
        org.admin,
        f"SELECT answer FROM {SCHEMA}.answers WHERE person_id = :p AND question_id = :q",
        p=MEI,
        q=QUESTION,
    )
    assert cells and all(cell.startswith(PREFIX) for (cell,) in cells)
    dump = org.dump()
    assert all(cell.encode() in dump for (cell,) in cells)  # the dump holds the note, sealed
    assert [form for form in clear_forms(note) if form in dump] == []
    for where in (dump, server.log.read_bytes(), (org.cluster.root / "log").read_bytes()):
        assert PASSPHRASE.encode() not in where
    bob = org.store("bob")
    assert bob.person_ids() == ["bob"]
    with pytest.raises(UnknownPersonError, match="Known people: bob") as refused:
        bob.load(Answer, MEI)
    assert not any(form.decode() in str(refused.value) for form in clear_forms(note))
    with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):  # only through the functions
        run_sql(org.url("bob"), f"SELECT answer FROM {SCHEMA}.answers")


def test_in_the_app_on_the_database_a_note_typed_after_unlocking_survives_a_killed_kernel_sealed(
    sealed_org, app, page
):
    note = NOTE + "\ntyped in the app"
    put_back_in_the_app(page, app, f"now?person={MEI}", QUESTION, note)
    snap(page, "unlock-database-app-put-back")
    _kept_sealed_and_alices_alone(sealed_org, app, note)
