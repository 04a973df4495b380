"""A database set up at the first revision and upgraded is the database today's schemas declare.

The revisions are frozen as they shipped; the schemas move on. Each category of the catalog
(tables, columns, constraints, indexes, policies, grants, owners, row-level security, functions
and who may execute them) of a database upgraded from 0001 must equal that of one built directly
from the declared schemas, so a column added to a record, or a function changed, without a
revision fails here. A function that depends on no table is declared by reading the revision that
last wrote it (:mod:`careernb.store.sql_access`): for it, this checks that no later revision
changed it unnoticed; ``tests/unit/test_revisions.py`` holds each shipped revision to what it ran.
"""

from __future__ import annotations

import contextlib
import dataclasses
import subprocess
import sys
from collections.abc import Iterator, Sequence

import pytest
import sqlalchemy as sa

from careernb.home import TABLES
from careernb.store import Table, table_of
from careernb.store.migrate import alembic_config, head
from careernb.store.sql_schema import OWNER, SCHEMA, metadata, quote, role_statements, security_statements
from tests.pg.fixtures import as_superuser

NAME = "(CASE WHEN {0} = 0 THEN 'PUBLIC' ELSE pg_get_userbyid({0}) END)"
IN_SCHEMA = f"c.relnamespace = '{SCHEMA}'::regnamespace"
CATALOG = {
    "tables": f"""
        SELECT c.relname, c.relkind, pg_get_userbyid(c.relowner), c.relrowsecurity, c.relforcerowsecurity
        FROM pg_class c WHERE {IN_SCHEMA}""",
    "columns": f"""
        SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity,
               identity_generation, collation_name
        FROM information_schema.columns WHERE table_schema = '{SCHEMA}'""",
    "constraints": f"""
        SELECT c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid WHERE {IN_SCHEMA}""",
    "indexes": f"SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = '{SCHEMA}'",
    "policies": f"""
        SELECT tablename, policyname, permissive, roles::text, cmd, qual, with_check
        FROM pg_policies WHERE schemaname = '{SCHEMA}'""",
    "table grants": f"""
        SELECT c.relname, {NAME.format("a.grantee")}, pg_get_userbyid(a.grantor), a.privilege_type,
               a.is_grantable
        FROM pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a WHERE {IN_SCHEMA}""",
    "column grants": f"""
        SELECT c.relname, att.attname, {NAME.format("a.grantee")}, pg_get_userbyid(a.grantor),
               a.privilege_type, a.is_grantable
        FROM pg_class c JOIN pg_attribute att ON att.attrelid = c.oid, aclexplode(att.attacl) a
        WHERE {IN_SCHEMA}""",
    "functions": f"""
        SELECT p.proname, pg_get_function_identity_arguments(p.oid), pg_get_userbyid(p.proowner),
               p.prosecdef, p.provolatile, p.proconfig, pg_get_functiondef(p.oid)
        FROM pg_proc p WHERE p.pronamespace = '{SCHEMA}'::regnamespace""",
    "function grants": f"""
        SELECT p.proname, pg_get_function_identity_arguments(p.oid), {NAME.format("a.grantee")},
               pg_get_userbyid(a.grantor), a.privilege_type
        FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
        WHERE p.pronamespace = '{SCHEMA}'::regnamespace""",
    "schema": f"""
        SELECT pg_get_userbyid(n.nspowner), {NAME.format("a.grantee")}, a.privilege_type
        FROM pg_namespace n, aclexplode(n.nspacl) a WHERE n.nspname = '{SCHEMA}'""",
    "revision": f"SELECT version_num FROM {SCHEMA}.alembic_version",
}


def catalog(url: str) -> dict[str, list[tuple]]:
    """Every category of the schema's catalog, as sorted rows (column order aside: an added
    column comes last whatever its place in the record)."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {k: sorted(map(tuple, conn.execute(sa.text(q))), key=repr) for k, q in CATALOG.items()}
    finally:
        engine.dispose()


@dataclasses.dataclass
class Databases:
    cluster: object
    names: list[str] = dataclasses.field(default_factory=list)

    def new(self) -> str:
        name = f"migrations_{len(self.names)}"
        as_superuser(self.cluster, f"CREATE DATABASE {name}")
        self.names.append(name)
        return self.cluster.url(database=name)

    def upgraded_from_the_first_revision(self) -> str:
        url = self.new()
        with _set_up(url) as conn:
            from alembic import command

            command.upgrade(alembic_config(conn), "0001")
        from careernb.organisation.admin import migrate

        migrate(url)
        return url

    def declared(self, tables: Sequence[Table]) -> str:
        """Built directly from the declared schemas: their tables, then their security statements."""
        url = self.new()
        with _set_up(url) as conn:
            from alembic import command

            command.stamp(alembic_config(conn), "head")
            conn.execute(sa.text(f"ALTER TABLE {SCHEMA}.alembic_version OWNER TO {quote(OWNER)}"))
            conn.execute(sa.text(f"SET LOCAL ROLE {quote(OWNER)}"))
            metadata(tables).create_all(conn)
            for statement in security_statements(tables):
                conn.execute(sa.text(statement))
        return url


@contextlib.contextmanager
def _set_up(url: str) -> Iterator[sa.Connection]:
    """A transaction on a new database with the roles and the schema, as migrate() makes them."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            for statement in role_statements():
                conn.execute(sa.text(statement))
            conn.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA} AUTHORIZATION {quote(OWNER)}"))
            yield conn
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def databases(pg_cluster) -> Iterator[Databases]:
    made = Databases(pg_cluster)
    yield made
    for name in made.names:
        as_superuser(pg_cluster, f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def upgraded(databases) -> dict[str, list[tuple]]:
    return catalog(databases.upgraded_from_the_first_revision())


@pytest.fixture(scope="module")
def declared(databases) -> dict[str, list[tuple]]:
    return catalog(databases.declared([table_of(t) for t in TABLES]))


@pytest.mark.parametrize("category", list(CATALOG))
def test_a_database_upgraded_from_the_first_revision_is_the_one_the_schemas_declare(
    upgraded, declared, category
):
    # No role holds a column privilege since the batch lost its own (0004): none is the answer.
    assert upgraded[category] or category == "column grants", f"no {category} read: it would prove nothing"
    assert upgraded[category] == declared[category]


def test_the_upgraded_database_is_at_the_head_of_the_revision_files(upgraded):
    assert upgraded["revision"] == [(f"{head():04d}",)]


def _with_a_new_column(record_type: type, name: str) -> list[Table]:
    """Today's tables, one of them declaring a column no revision adds."""
    tables = [table_of(t) for t in TABLES]
    target = table_of(record_type)
    extra = dataclasses.replace(target.columns[-1], name=name)
    return [dataclasses.replace(t, columns=(*t.columns, extra)) if t is target else t for t in tables]


def test_a_column_declared_without_a_revision_is_noticed(databases, upgraded):
    from careernb.domain.conversations import Answer

    changed = catalog(databases.declared(_with_a_new_column(Answer, "mood")))

    assert changed["columns"] != upgraded["columns"]
    assert {r[:2] for r in changed["columns"]} - {r[:2] for r in upgraded["columns"]} == {("answers", "mood")}


def test_opening_a_store_checks_its_revision_without_importing_alembic(pg_org):
    url = pg_org.add_manager("ada", "ada", "Ada")
    script = (
        "import sys\nfrom careernb.home import TABLES\nfrom careernb.store.sql import SqlStore\n"
        f"store = SqlStore({url!r}, TABLES)\nprint(store.schema_version, 'alembic' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(head()), "False"]
