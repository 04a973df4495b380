"""An organisation's database refusing a command, or out of reach, said in one paragraph.

The database's own words (PostgreSQL's first line) say what happened; this adds where, and how
to fix it. SQLAlchemy is the organisation's extra: nothing here imports it, so a laptop without it
and ``careernb --help`` never load it.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from urllib.parse import unquote

from careernb.errors import DatabaseError

# libpq gives no SQLSTATE for a failed connection: the server's words say which of these it is.
CONNECT = (
    "Check that PostgreSQL is running, and that --store (or $CAREERNB_STORE) names its socket folder, a "
    "database set up with `careernb org migrate`, and a role that may log in to it (an administrator "
    "gives a manager one with `careernb org add-manager ROLE --person PERSON_ID`): "
    "postgresql+psycopg://ROLE@/DB?host=SOCKDIR."
)
OWN_WORDS = "careernb: "
"""How the database's own checks (its functions and triggers) begin what they say."""
NOTHING_CHANGED = "Nothing was changed."
ADMINISTRATOR = (
    "This is an administrator's action: run it as a superuser, or as a role with CREATEROLE that is a "
    "member of careernb_owner (--store {admin}). Nothing was changed."
)
REFUSED = (
    "A role reads and writes a team once an administrator makes it a manager's "
    "(`careernb org add-manager ROLE --person PERSON_ID`); nothing was changed."
)


def explain(exc: BaseException, args: argparse.Namespace) -> DatabaseError | None:
    """What a database's exception means for the command that raised it; None for anything else
    (a fault of careernb's own keeps its traceback)."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is None or not isinstance(exc, sa_exc.DBAPIError):
        return None
    from sqlalchemy.engine import make_url

    from careernb.home import resolve_store

    url = make_url(
        resolve_store(getattr(args, "store", None), getattr(args, "home", None)) or "postgresql://"
    )
    where = unquote(url.render_as_string(hide_password=True))  # host=/run/postgresql, as typed
    admin = unquote(url.set(username="ADMIN", password=None).render_as_string(hide_password=True))
    role = url.username or getpass.getuser()  # libpq's default role is the login name
    said = (str(exc.orig or exc).strip().splitlines() or ["no reason given"])[0]
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if isinstance(exc, sa_exc.OperationalError) and (sqlstate is None or sqlstate.startswith("08")):
        problem = f"careernb could not connect as {role!r} ({said})"
        return DatabaseError(where, problem, CONNECT, sqlstate=sqlstate)
    if said.startswith(OWN_WORDS):  # a check of careernb's own, written for whoever reads it
        hint = getattr(getattr(exc.orig, "diag", None), "message_hint", None)
        return DatabaseError(where, said.removeprefix(OWN_WORDS), hint or NOTHING_CHANGED, sqlstate=sqlstate)
    if sqlstate == "42501":  # insufficient_privilege
        fix = ADMINISTRATOR if getattr(args, "command", None) == "org" else REFUSED
        problem = f"the database refused role {role!r} ({said})"
        return DatabaseError(where, problem, fix.format(admin=admin), sqlstate=sqlstate)
    return None
