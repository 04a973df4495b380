"""People found by index: an index on people.manager_id, and the managers' people policy as a
lookup of one value, so each check reads a team rather than the whole organisation.

Frozen as it shipped, as every revision is.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ME = "(SELECT person_id FROM careernb.managers)"
MANAGED = f"(person_id = {ME} OR manager_id = {ME})"


def upgrade() -> None:
    op.execute('SET LOCAL ROLE "careernb_owner"')
    op.execute("CREATE INDEX IF NOT EXISTS people_manager_id ON careernb.people (manager_id)")
    op.execute("DROP POLICY IF EXISTS manager_own_rows ON careernb.people")
    op.execute(
        'CREATE POLICY manager_own_rows ON careernb.people FOR ALL TO "careernb_manager" '
        f"USING ({MANAGED}) WITH CHECK ({MANAGED})"
    )


def downgrade() -> None:
    raise NotImplementedError("Revisions are not undone: restore the database from its backup instead.")
