"""A refusal of the organisation's database, as a command prints it: careernb's own checks speak
for themselves, with their hint; a refused privilege says who may do it. No database needed."""

from __future__ import annotations

import argparse
import types

import pytest
import sqlalchemy as sa

from careernb.cli.database import ADMINISTRATOR, explain

URL = "postgresql+psycopg://postgres@/careernb?host=/run/postgresql"


class _RefusalError(Exception):
    """What psycopg raises: its words, its SQLSTATE, and the server's diagnostics."""

    def __init__(self, said: str, sqlstate: str, hint: str | None) -> None:
        super().__init__(said)
        self.sqlstate = sqlstate
        self.diag = types.SimpleNamespace(message_primary=said, message_hint=hint)


def _explained(said: str, sqlstate: str = "42501", hint: str | None = None):
    exc = sa.exc.DBAPIError("COMMIT", None, _RefusalError(said, sqlstate, hint))
    return explain(exc, argparse.Namespace(store=URL, command="org"))


def test_a_check_of_careernbs_own_says_its_words_and_its_hint_not_whose_role_was_refused():
    refused = _explained(
        "careernb: reply r-page was sent from their own page, and is kept as they sent it",
        hint="Nothing was changed. Accept or set aside each of its updates: its words are theirs.",
    )
    assert str(refused) == (
        "postgresql+psycopg://postgres@/careernb?host=/run/postgresql: reply r-page was sent from their "
        "own page, and is kept as they sent it. Nothing was changed. Accept or set aside each of its "
        "updates: its words are theirs."
    )
    assert "administrator" not in str(refused) and "careernb:" not in str(refused)


def test_a_check_with_no_hint_says_nothing_was_changed():
    refused = _explained("careernb: 2026-Q4 is not a quarter; write it as 2026Q4", sqlstate="22000")
    assert str(refused).endswith("2026-Q4 is not a quarter; write it as 2026Q4. Nothing was changed.")


@pytest.mark.parametrize("said", ["permission denied for table people", "must be owner of table people"])
def test_a_privilege_postgresql_refused_says_who_may_do_it(said):
    refused = _explained(said)
    assert refused is not None and f"the database refused role 'postgres' ({said})" in str(refused)
    assert str(refused).endswith(
        ADMINISTRATOR.format(admin="postgresql+psycopg://ADMIN@/careernb?host=/run/postgresql")
    )
