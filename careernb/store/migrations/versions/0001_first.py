"""The first organisation database: every table of the data home, its roles and policies.

Revision ID: 0001
Revises:
"""

from alembic import op

from careernb.store.schema import table_of
from careernb.store.sql_schema import OWNER, SCHEMA, metadata, quote, security_statements

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The tables as declared in this release; later revisions change them explicitly.
    tables = [table_of(t) for t in op.get_context().config.attributes["tables"]]
    bind = op.get_bind()
    # Everything from here on is created, and so owned, by the NOLOGIN owner role.
    op.execute(f"ALTER TABLE {SCHEMA}.alembic_version OWNER TO {quote(OWNER)}")
    op.execute(f"SET LOCAL ROLE {quote(OWNER)}")
    metadata(tables).create_all(bind)
    for statement in security_statements(tables):
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("The first revision is not undone: drop the careernb schema instead.")
