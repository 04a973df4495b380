"""pytest fixtures on a throwaway PostgreSQL cluster: one per test session, one database per test.

The cluster's database ``careernb`` is migrated once and used as the template of every test's
own database, so a test starts from an empty, set-up organisation in a fraction of a second.
Without PostgreSQL the tests skip, unless ``CAREERNB_REQUIRE_POSTGRES=1`` (CI), where they fail.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import subprocess
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from tests.pg.cluster import DATABASE, REQUIRE_ENV, Cluster

_numbers = itertools.count()
BREAK_ENV = "CAREERNB_TEST_BREAK"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    try:
        cluster = Cluster.start()
    except (FileNotFoundError, OSError) as exc:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"PostgreSQL is required ({REQUIRE_ENV}=1) but could not start: {exc}")
        pytest.skip(f"PostgreSQL is not available: {exc}")
    try:
        from careernb.organisation.admin import migrate

        migrate(cluster.url())
        yield cluster
    finally:
        cluster.stop()


class Org:
    """One test's organisation database on the session's cluster."""

    def __init__(self, cluster: Cluster, database: str) -> None:
        self.cluster = cluster
        self.database = database
        self.admin = cluster.url(database=database)
        self.stores: list = []

    def url(self, role: str) -> str:
        return self.cluster.url(role, database=self.database)

    def add_manager(self, role: str, person_id: str, name: str | None = None, **options) -> str:
        from careernb.organisation.logins import add_manager

        add_manager(self.admin, role, person_id, name=name, **options)
        return self.url(role)

    def add_person(self, person, manager_role: str) -> None:
        """A person in the manager's team, added as an administrator does (managers add nobody)."""
        from careernb.organisation.admin import add_person

        add_person(self.admin, person, manager_role)

    def store(self, role: str):
        from careernb.home import TABLES
        from careernb.store.sql import SqlStore

        store = SqlStore(self.url(role), TABLES)
        self.stores.append(store)
        return store

    def close(self) -> None:
        for store in self.stores:
            store.engine.dispose()

    def dump(self) -> bytes:
        """The whole database as a superuser's pg_dump writes it."""
        cluster = self.cluster
        cmd = [str(cluster.bindir / "pg_dump"), "-h", str(cluster.socket), "-U", cluster.superuser]
        cmd.append(self.database)
        if cluster.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=True, capture_output=True).stdout


def import_demo_as_alice(org: Org, folder, today=None) -> object:
    """The demo team (relative to ``today``, else the tests' fixed day) imported as alice's (its
    top manager her person) by the administrator's commands; the data home it came from."""
    from careernb.cli import main
    from careernb.demo import seed_demo
    from careernb.domain.people import Person, default_manager
    from careernb.home import open_store
    from tests.conftest import TODAY

    home = open_store(folder)
    seed_demo(home, today or TODAY)
    top = default_manager(home.load(Person)).person_id
    assert main(["org", "add-manager", "alice", "--person", top, "--store", org.admin]) == 0
    assert main(["org", "import-home", str(home.home), "--role", "alice", "--store", org.admin]) == 0
    return home


def row_counts(url: str, tables) -> dict[str, int]:
    """How many rows each of ``tables`` holds, counted as the login of ``url``."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t: conn.execute(sa.text(f"SELECT count(*) FROM careernb.{t}")).scalar_one() for t in tables
            }
    finally:
        engine.dispose()


def as_superuser(cluster: Cluster, statement: str) -> None:
    engine = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(statement))
    finally:
        engine.dispose()


def new_organisation_database(cluster: Cluster, name: str) -> None:
    """A copy of the migrated database ``careernb``, as `careernb org migrate` leaves one.

    A new database gets PostgreSQL's default privileges on itself whatever its template
    (TEMPORARY for PUBLIC among them), so what migrate takes from PUBLIC is taken again here, as
    the superuser who migrated the template, by the function migrate calls."""
    from careernb.store.sql_public import take_from_public

    as_superuser(cluster, f"CREATE DATABASE {name} TEMPLATE {DATABASE} STRATEGY FILE_COPY")
    engine = sa.create_engine(cluster.url(database=name))
    try:
        with engine.begin() as conn:
            take_from_public(conn)
    finally:
        engine.dispose()


@contextlib.contextmanager
def organisation(cluster: Cluster) -> Iterator[Org]:
    """A new organisation database on ``cluster``, dropped on leaving (a fixture of any scope)."""
    name = f"t{os.getpid()}_{next(_numbers)}"
    new_organisation_database(cluster, name)
    org = Org(cluster, name)
    if os.environ.get(BREAK_ENV):  # break-on-purpose checks: weaken the database, watch a test fail
        engine = sa.create_engine(org.admin)
        with engine.begin() as conn:
            conn.execute(sa.text(os.environ[BREAK_ENV]))
        engine.dispose()
    try:
        yield org
    finally:
        org.close()
        as_superuser(cluster, f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def pg_org(pg_cluster: Cluster) -> Iterator[Org]:
    with organisation(pg_cluster) as org:
        yield org


def run_sql(url: str, statement: str, **params):
    """One statement in a transaction of its own, as the role in ``url``: its rows, or its row count."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            result = conn.execute(sa.text(statement), params)
            return result.all() if result.returns_rows else result.rowcount
    finally:
        engine.dispose()
