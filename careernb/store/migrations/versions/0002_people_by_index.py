"""People found by index: an index on people.manager_id, and the managers' people policy as a
lookup of one value, so each check reads a team rather than the whole organisation.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

from careernb.store.sql_schema import MANAGER, OWNER, SCHEMA, quote

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# As written in this release (frozen here; sql_schema gives the same text to a new database).
ME = f"(SELECT person_id FROM {SCHEMA}.managers)"
MANAGED = f"(person_id = {ME} OR manager_id = {ME})"


def upgrade() -> None:
    op.execute(f"SET LOCAL ROLE {quote(OWNER)}")
    op.execute(f"CREATE INDEX IF NOT EXISTS people_manager_id ON {SCHEMA}.people (manager_id)")
    op.execute(f"DROP POLICY IF EXISTS manager_own_rows ON {SCHEMA}.people")
    op.execute(
        f"CREATE POLICY manager_own_rows ON {SCHEMA}.people FOR ALL TO {quote(MANAGER)} "
        f"USING ({MANAGED}) WITH CHECK ({MANAGED})"
    )


def downgrade() -> None:
    raise NotImplementedError("Revisions are not undone: restore the database from its backup instead.")
