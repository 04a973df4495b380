"""The ``careernb`` command: the parser and ``main`` here, one module per group of commands.

A new command goes into the ``COMMANDS`` list of the module for its group; its work is
imported inside the function that runs it, so ``careernb --help`` stays fast."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from careernb.cli import (
    app,
    conversations,
    database,
    follow_through,
    keys,
    organisation,
    ownership,
    quarter,
    replies,
    streams,
)
from careernb.cli.arguments import Command
from careernb.cli.terminal import shown
from careernb.errors import CareernbError, FileSystemError

COMMANDS: list[Command] = [
    *app.COMMANDS,
    *conversations.COMMANDS,
    *follow_through.COMMANDS,
    *ownership.COMMANDS,
    *keys.COMMANDS,
    *organisation.COMMANDS,
    *quarter.COMMANDS,
    *replies.COMMANDS,
]


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="careernb",
        description="Career conversations for managers: notebooks, a CSV store you own, and "
        "shareable development contracts.",
    )
    subs = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        help = command.help
        p = subs.add_parser(command.name, help=help, description=help[0].upper() + help[1:] + ".")
        p.set_defaults(run=command.run, writes=command.writes)
        command.configure(p)  # may set a subcommand's own run
    return top


def _warn_loose_permissions(home: str | None) -> None:
    from careernb.home import loose_permissions, resolve_home

    found = resolve_home(home)
    if found.is_dir():
        for path, fix in loose_permissions(found):
            print(f"careernb: warning: {path} can be read by other users; fix: {fix}", file=sys.stderr)


def _refuse_a_damaged_home(args: argparse.Namespace) -> None:
    """Read every file of the data home a command is about to write, as ``careernb check`` does:
    a StoreFormatError names the damaged file before anything is written. A database checks
    each row itself."""
    from careernb.home import TABLES, is_database, resolve_home, resolve_store
    from careernb.store import CsvStore

    location = resolve_store(args.store, args.home)
    home = resolve_home(location or args.home)
    if not is_database(location) and home.is_dir():
        CsvStore(home, TABLES, create=False).check()


def main(argv: Sequence[str] | None = None) -> int:
    with streams.kept():  # a reader that left, or a closed stream, never stops a command half-way
        args = parser().parse_args(argv)
        try:
            _warn_loose_permissions(getattr(args, "home", None))
            keys.ask_at_terminal(args)
            if args.writes(args):
                _refuse_a_damaged_home(args)
            return args.run(args)
        except KeyboardInterrupt:
            return 130
        except Exception as exc:
            error = exc if isinstance(exc, CareernbError) else database.explain(exc, args)
            if error is None and isinstance(exc, OSError):  # the machine's refusal, in words
                error = FileSystemError(exc)
            if error is None:
                raise
            print(f"careernb: error: {shown(error)}", file=sys.stderr)
            return 2


if __name__ == "__main__":
    sys.exit(main())
