"""People found by index: an index on people.manager_id, and the managers' people policy as a
lookup of one value, so each check reads a team rather than the whole organisation.

Frozen as it shipped, as every revision is: it runs the statements of
``0002_people_by_index.sql``, in order."""

from careernb.store.migrate import frozen

revision = "0002"
down_revision = "0001"
upgrade, downgrade = frozen(revision)
