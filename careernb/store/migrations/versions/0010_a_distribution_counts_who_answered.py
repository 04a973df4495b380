"""A distribution (``quarter_distributions``) shows only when at least the minimum group size of
people answered it: its "no answer this quarter" and "not asked yet" count a team's size, not
answers, and a distribution of five of whom one answered would show that one person's answer.

Frozen as it shipped, as every revision is: it runs the statements of
``0010_a_distribution_counts_who_answered.sql``, in order."""

from careernb.store.migrate import frozen

revision = "0010"
down_revision = "0009"
upgrade, downgrade = frozen(revision)
