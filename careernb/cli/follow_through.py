"""Commands for following through over time: the playbook's common failures in a data home."""

from __future__ import annotations

import argparse
import datetime as dt

from careernb.cli.arguments import Command, add_home, date
from careernb.cli.terminal import shown


def _health_args(p: argparse.ArgumentParser) -> None:
    add_home(p)
    p.add_argument("--today", type=date, help="the day to check as of (default: today)")
    p.add_argument("--strict", action="store_true", help="exit with status 1 when any failure is found")


def cmd_health(args: argparse.Namespace) -> int:
    from careernb.domain.people import team
    from careernb.domain.questions import bank
    from careernb.follow_through.health import by_failure, detect, load
    from careernb.home import open_store

    store = open_store(args.home, create=False, store=args.store)
    today = args.today or dt.date.today()
    people = team(store)
    names = {p.person_id: p.name for p in people}
    found = by_failure(f for r in load(store, people) for f in detect(r, bank(store), today))
    for failure, findings in found.items():
        print(failure.heading)
        for f in findings:
            print(f"  - {shown(names[f.person_id])}: {shown(f.text)}")
        if findings:
            print(f"  What to do instead: {failure.instead}")
        else:
            print("  Not seen.")
    return 1 if any(found.values()) and args.strict else 0


COMMANDS = [
    Command("health", "list the playbook's common failures found in a data home", _health_args, cmd_health),
]
