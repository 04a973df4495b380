"""``careernb org ...``: what an organisation's administrator runs (PostgreSQL, JupyterHub).

Each group of org commands keeps its own ``COMMANDS`` list; this module gathers them."""

from __future__ import annotations

import argparse

from careernb.cli import org_hub
from careernb.cli.arguments import Command

ORG_COMMANDS: list[Command] = [
    *org_hub.COMMANDS,
]


def _org_args(p: argparse.ArgumentParser) -> None:
    subs = p.add_subparsers(dest="org_command", required=True, metavar="ORG_COMMAND")
    for command in ORG_COMMANDS:
        help = command.help
        sub = subs.add_parser(command.name, help=help, description=help[0].upper() + help[1:] + ".")
        command.configure(sub)
        sub.set_defaults(run=command.run)


def _never(args: argparse.Namespace) -> int:  # argparse runs the chosen org command instead
    raise AssertionError("an org command is required")


COMMANDS = [Command("org", "an organisation's store and hub (PostgreSQL, JupyterHub)", _org_args, _never)]
