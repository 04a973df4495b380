"""The quarter's part of the organisation's database, declared once: its two tables, and the
functions through which a manager publishes their team's practice figures and the batch reads them.

``practice_figures`` holds one row per manager and quarter, the counts that manager's own quarter
published; ``quarter_settings`` one row, the minimum group size a distribution counts. Only the
owner role touches them, and so only the functions it owns: plpgsql (never inlined, so a caller's
predicates cannot reach inside), ``SECURITY DEFINER``, the search path pinned with ``pg_temp``
last, a lock waited on for five seconds at most. Each knows its caller as ``session_user``, the
role that logged in, and refuses a session that used ``SET ROLE``.

The functions depend on no declared table, so their text is written once, in revision 0004 as it
shipped, and read from there (:func:`careernb.store.migrate.shipped_function`); a revision that
changes one moves its revision here, or ``tests/pg/test_migrations.py`` fails. The tables are
declared here, and the same test compares them with what the revisions made.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from careernb.store.sql_schema import BATCH, MANAGER, MANAGERS_TABLE, SCHEMA, granted_functions

PRACTICE_TABLE = "practice_figures"
SETTINGS_TABLE = "quarter_settings"
QUARTER_TABLES = (SETTINGS_TABLE, PRACTICE_TABLE)
"""The quarter's own tables: only the owner and the functions it owns touch them."""
MIN_GROUP_SIZE = 5
SMALLEST_GROUP_SIZE = 3
"""A distribution counts groups of at least ``MIN_GROUP_SIZE`` people by default; an
administrator may change it, never below ``SMALLEST_GROUP_SIZE`` (a CHECK holds it)."""
COUNTS = (
    "reports", "with_conversation", "sent_in_48h", "sent_in_48h_of", "manager_kept",
    "manager_kept_of", "person_kept", "person_kept_of", "goals_changed", "people",
)  # fmt: skip
"""The practice figures' counts, one column each."""


def quarter_tables(meta: sa.MetaData) -> None:
    """The quarter's settings (one row) and each manager's published practice figures."""
    sa.Table(
        SETTINGS_TABLE,
        meta,
        sa.Column("one", sa.Boolean, primary_key=True, server_default=sa.text("true")),
        sa.Column("min_group_size", sa.Integer, nullable=False, server_default=sa.text(str(MIN_GROUP_SIZE))),
        sa.CheckConstraint("one", name="quarter_settings_one_row"),
        sa.CheckConstraint(f"min_group_size >= {SMALLEST_GROUP_SIZE}", name="min_group_size_at_least_3"),
    )
    sa.Table(
        PRACTICE_TABLE,
        meta,
        sa.Column("manager_role", sa.Text, primary_key=True),
        sa.Column("quarter", sa.Text, primary_key=True),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("published", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        *[sa.Column(c, sa.Integer, nullable=False) for c in COUNTS if c != "people"],
        sa.Column("failures", postgresql.JSONB, nullable=False),
        sa.Column("people", sa.Integer, nullable=False),
        sa.Column("distributions", postgresql.JSONB, nullable=False),
        sa.ForeignKeyConstraint(
            ["manager_role"],
            [f"{SCHEMA}.{MANAGERS_TABLE}.role"],
            name="practice_figures_manager_role_fkey",
            onupdate="CASCADE",
            ondelete="CASCADE",
        ),
        sa.CheckConstraint("quarter ~ '^[0-9]{4}Q[1-4]$'", name="practice_figures_quarter"),
        sa.CheckConstraint(
            f"least({', '.join(COUNTS)}) >= 0 AND with_conversation <= reports "
            "AND sent_in_48h <= sent_in_48h_of AND manager_kept <= manager_kept_of "
            "AND person_kept <= person_kept_of AND goals_changed <= people",
            name="practice_figures_counts",
        ),
    )


QUARTER_REVISION = 4
"""The revision that wrote the quarter's functions; the one since that changed one is named beside it."""
FINAL_FIGURES_REVISION = 9
"""Figures published once the quarter has ended are final; the batch reads distributions and a
team's reports' own figures from those alone."""
ANSWERED_REVISION = 10
"""A distribution counts the people who answered it, not a team's size."""
PUBLISH_ARGS = ",".join(["text", "date", *["integer"] * 9, "jsonb", "integer", "jsonb"])
QUARTER_FUNCTIONS: dict[str, tuple[int, tuple[str, ...], str]] = {
    "quarter_final_from(text)": (
        FINAL_FIGURES_REVISION,
        (),
        "when a quarter has ended everywhere: figures published from then on are final",
    ),
    "quarter_caller(text)": (
        QUARTER_REVISION,
        (),
        "who is calling: the role logged in, never one SET ROLE chose (run by the others, as their owner)",
    ),
    f"publish_practice_figures({PUBLISH_ARGS})": (
        FINAL_FIGURES_REVISION,
        (MANAGER,),
        "replaces the caller's own practice figures for a quarter (counts only, checked), "
        "unless those published are final",
    ),
    "own_practice_figures(text)": (
        QUARTER_REVISION,
        (MANAGER,),
        "the caller's own published figures for a quarter",
    ),
    "quarter_practice(text)": (
        FINAL_FIGURES_REVISION,
        (BATCH,),
        "every manager's published practice figures for a quarter, their reports' own only for a "
        "team of at least the minimum group size whose figures are final; none where not yet run",
    ),
    "quarter_distributions(text)": (
        ANSWERED_REVISION,
        (BATCH,),
        "distributions summed over the final figures of the teams of at least the minimum group "
        "size, each shown when at least that many people answered it",
    ),
    "min_group_size()": (
        QUARTER_REVISION,
        (MANAGER, BATCH),
        "the smallest group a distribution may count",
    ),
}
"""Each function, named as PostgreSQL writes a ``regprocedure``: the revision whose text it is,
who may execute it (the owner always may; PUBLIC never), and what it does."""


def quarter_statements() -> list[str]:
    """The quarter's functions and who may execute them; run as the owner after the tables."""
    return granted_functions(QUARTER_FUNCTIONS)
