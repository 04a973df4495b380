"""A team of fewer than the minimum group size keeps its reports' own figures from the batch:
``quarter_practice`` gives null for their commitments kept on time and their goals that changed,
which for so few people are facts about someone (for a team of one, that person's). The manager's
own practice (conversations held, contracts sent, their commitments kept, the failures) stays.

Frozen as it shipped, as every revision is: it runs the statements of
``0007_small_teams_keep_their_reports_figures.sql``, in order."""

from careernb.store.migrate import frozen

revision = "0007"
down_revision = "0006"
upgrade, downgrade = frozen(revision)
