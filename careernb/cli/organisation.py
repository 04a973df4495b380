"""``careernb org ...``: administering an organisation's database (PostgreSQL)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from careernb.cli import org_hub
from careernb.cli.arguments import Command, date, person_id
from careernb.errors import CareernbError


def _url(args: argparse.Namespace) -> str:
    from careernb.home import STORE_ENV, is_database

    url = args.store or os.environ.get(STORE_ENV)
    if not is_database(url):
        raise CareernbError(
            "say which database with --store postgresql+psycopg://ROLE@/DB?host=SOCKDIR (or $CAREERNB_STORE)"
        )
    return url


def _migrate(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from careernb.organisation.admin import migrate

    url = _url(args)
    done = migrate(url)
    print(f"The database is at revision {done.revision:04d}.")
    if left := done.left_to_a_superuser:
        database = make_url(url).database
        can = [
            *(["create temporary tables in this database"] if any(" TEMPORARY " in s for s in left) else []),
            *(["take advisory locks"] if any("advisory_" in s for s in left) else []),
        ]
        if can:
            print(
                f"PUBLIC (every role on this server) can still {' and '.join(can)}: with that, any manager "
                'can fill PostgreSQL\'s shared lock table and shut everyone out ("out of shared memory").'
            )
        if any("advisory_" not in s and " FUNCTION " in s for s in left):
            print(
                "PUBLIC can still read PostgreSQL's activity and statistics (pg_stat_activity, pg_locks, "
                "pg_stat_user_tables, table sizes): with that, any manager sees which manager is saving "
                "which table right now, and how many rows each save wrote."
            )
        print(
            "careernb needs none of it, and the role you connected as may not take it away. A superuser "
            f"should run, connected to the database {database} (psql -d {database}):\n"
        )
        for statement in left:
            print(f"{statement};")
        print("\n`careernb org migrate` checks again each time it runs.")
    return 0


def _add_manager(args: argparse.Namespace) -> int:
    from careernb.organisation.logins import add_manager

    limit = add_manager(
        _url(args), args.role, args.person, name=args.name, connection_limit=args.connection_limit
    )
    print(
        f"{args.role} can now log in as the manager of the people whose manager_id is {args.person}, "
        f"with at most {limit} connections at once."
    )
    return 0


def _add_report(args: argparse.Namespace) -> int:
    from careernb.organisation.logins import add_report

    add_report(_url(args), args.login, args.person)
    print(
        f"The hub user {args.login} now sees the contract of {args.person} on the report's page, "
        "and replies there; add them to the hub's reports (CAREERNB_HUB_REPORTS)."
    )
    return 0


def _report_page(args: argparse.Namespace) -> int:
    from careernb.documents import report_page as documents
    from careernb.home import STORE_ENV
    from careernb.organisation.report_page import Pages, serve

    if args.store:
        os.environ[STORE_ENV] = args.store
    serve(Pages(documents.page, documents.message, documents.Post))
    return 0


def _add_person(args: argparse.Namespace) -> int:
    from careernb.domain.people import Person
    from careernb.organisation.admin import add_person

    person = Person(args.person, args.name, role=args.role, email=args.email, joined=args.joined)
    add_person(_url(args), person, args.manager)
    print(f"{args.person} ({args.name}) is in {args.manager}'s team.")
    return 0


def _import_home(args: argparse.Namespace) -> int:
    from careernb.organisation.homes import import_home, read_mapping

    mapping = read_mapping(Path(args.map)) if args.map else None
    done = import_home(_url(args), Path(args.home_dir), args.role, prefix=args.prefix or "", mapping=mapping)
    print(f"Imported {done.people} people and {done.rows} rows from {args.home_dir} as {done.role}'s.")
    for old, new in done.renamed.items():
        print(f"  {old} is now {new}")
    return 0


def _export_home(args: argparse.Namespace) -> int:
    from careernb.organisation.homes import export_home

    written = export_home(_url(args), Path(args.out), role=args.role)
    print(
        f"Wrote a data home of {len(written)} files into {args.out}; "
        f"`careernb check --home {args.out}` accepts it."
    )
    return 0


def _forget(args: argparse.Namespace) -> int:
    from careernb.organisation.admin import forget

    removed = forget(_url(args), args.person)
    print(f"Forgot {args.person}: {sum(removed.values())} rows removed, whoever wrote them.")
    return 0


def _move(args: argparse.Namespace) -> int:
    from careernb.organisation.admin import move

    copied = move(_url(args), args.person, args.to)
    print(
        f"{args.person} is now managed by {args.to}; "
        f"the handover passed: {', '.join(copied) or 'nothing yet'}."
    )
    return 0


def _min_group_size(args: argparse.Namespace) -> int:
    from careernb.quarter.published import min_group_size, set_min_group_size
    from careernb.store.sql import engine_for

    engine = engine_for(_url(args), as_owner=True)
    try:
        size = min_group_size(engine) if args.size is None else set_min_group_size(engine, args.size)
    finally:
        engine.dispose()
    print(f"The organisation view counts a distribution over groups of at least {size} people.")
    return 0


def _configure(p: argparse.ArgumentParser) -> None:
    subs = p.add_subparsers(dest="org_command", required=True, metavar="ACTION")

    def sub(name: str, help: str, run) -> argparse.ArgumentParser:
        s = subs.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".")
        s.add_argument(
            "--store", metavar="URL", help="the database, as an administrator (default: $CAREERNB_STORE)"
        )
        s.set_defaults(run=run)
        return s

    sub("migrate", "create or upgrade the organisation's tables, roles and policies", _migrate)
    s = sub("add-manager", "give a manager a database role of their own", _add_manager)
    s.add_argument("role", metavar="ROLE", help="their login role, e.g. alice")
    s.add_argument(
        "--person", type=person_id, required=True, metavar="PERSON_ID", help="who they are in people"
    )
    s.add_argument("--name", help="their name, when they are new to people")
    s.add_argument(
        "--connection-limit",
        type=int,
        metavar="N",
        help="how many connections their role may hold at once; a role that exists keeps its own "
        "unless this is given (default: room "
        "for a dozen pages open in the app, each holding up to 2); keep it well under max_connections",
    )
    s = sub("add-report", "let a report sign in to the report's page as themselves", _add_report)
    s.add_argument("login", metavar="LOGIN", help="their hub user name, exactly as the hub shows it")
    s.add_argument(
        "--person", type=person_id, required=True, metavar="PERSON_ID", help="who they are in people"
    )
    sub("report-page", "serve the report's page (the hub starts it, as careernb_reply)", _report_page)
    s = sub("add-person", "add a person to a manager's team (managers cannot add people)", _add_person)
    s.add_argument("person", type=person_id, metavar="PERSON_ID", help="their id, new to people")
    s.add_argument("--name", required=True, help="their name")
    s.add_argument("--manager", required=True, metavar="ROLE", help="their manager's role, e.g. alice")
    s.add_argument("--role", default="", help="their role, e.g. 'Senior Engineer'")
    s.add_argument("--email", default="", help="where their contract goes")
    s.add_argument("--joined", type=date, metavar="YYYY-MM-DD", help="when they joined the team")
    s = sub("import-home", "load a manager's data home in one transaction", _import_home)
    s.add_argument("home_dir", metavar="DIR", help="the data home")
    s.add_argument("--role", required=True, help="whose data it is")
    group = s.add_mutually_exclusive_group()
    group.add_argument("--prefix", help="give every person of this home a new id starting with this")
    group.add_argument("--map", metavar="FILE", help="a CSV of old_id,new_id for people whose ids are taken")
    s = sub("export-home", "write a manager's data back out as a data home", _export_home)
    s.add_argument("--out", required=True, metavar="DIR", help="a new or empty folder")
    s.add_argument("--role", help="whose data (administrators; default: the role you connect as)")
    s = sub("forget", "remove every row about a person, whoever wrote it (administrators)", _forget)
    s.add_argument("person", type=person_id, metavar="PERSON", help="the person_id")
    s = sub("move", "give a person a new manager; what a handover passes goes with them", _move)
    s.add_argument("person", type=person_id, metavar="PERSON", help="the person_id")
    s.add_argument("--to", required=True, metavar="ROLE", help="the new manager's role")
    s = sub(
        "min-group-size",
        "show or set the smallest group the organisation view counts a distribution over (never below 3)",
        _min_group_size,
    )
    s.add_argument("size", type=int, nargs="?", metavar="N", help="the new size (default: show it)")
    for command in org_hub.COMMANDS:  # the one-server hub's lines; no database needed
        s = subs.add_parser(
            command.name, help=command.help, description=command.help[0].upper() + command.help[1:] + "."
        )
        command.configure(s)
        s.set_defaults(run=command.run)


COMMANDS = [Command("org", "administer an organisation's database (PostgreSQL)", _configure, _migrate)]
