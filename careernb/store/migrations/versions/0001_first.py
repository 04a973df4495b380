"""The first organisation database: every table of the data home, its grants and its policies.

Frozen as it shipped: literal DDL, never built from today's schemas, so every database passes
through the same steps to the head. A change to a table or a policy is a new revision. It runs
the statements of ``0001_first.sql``, in order."""

from careernb.store.migrate import frozen

revision = "0001"
down_revision = None
upgrade, downgrade = frozen(revision)
