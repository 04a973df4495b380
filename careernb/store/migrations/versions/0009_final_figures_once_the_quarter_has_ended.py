"""Figures a team publishes once its quarter has ended are final: a later publication leaves them
as they were, and the batch reads distributions (``quarter_distributions``) and a team's reports'
own figures (``quarter_practice``) from final figures alone. Two reads of the quarter
around a republication (a joiner, a leaver, one changed answer) would otherwise differ by one
person's answer, which no distribution may show. ``quarter_final_from`` says when a quarter has
ended everywhere (noon UTC on the next quarter's first day), whatever the caller's time zone.

Frozen as it shipped, as every revision is: it runs the statements of
``0009_final_figures_once_the_quarter_has_ended.sql``, in order."""

from careernb.store.migrate import frozen

revision = "0009"
down_revision = "0008"
upgrade, downgrade = frozen(revision)
