"""``careernb org hub-config``: the PostgreSQL lines a one-server JupyterHub runs on."""

from __future__ import annotations

import argparse

from careernb.cli.arguments import Command


def _hub_config_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--database", default="careernb", help="the organisation's database (default: careernb)")
    p.add_argument(
        "--socket-dir", default="/var/run/postgresql", metavar="DIR", help="PostgreSQL's Unix socket folder"
    )


def cmd_hub_config(args: argparse.Namespace) -> int:
    """Print the pg_hba.conf line and pg_ident.conf map that let jupyter-NAME in as NAME only."""
    from careernb.organisation.hub import HubConfig

    print(HubConfig(args.database, args.socket_dir).text(), end="")
    return 0


COMMANDS = [
    Command(
        "hub-config",
        "print PostgreSQL's pg_hba.conf line and pg_ident.conf map for a one-server JupyterHub",
        _hub_config_args,
        cmd_hub_config,
    ),
]
