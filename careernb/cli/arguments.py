"""What the commands' arguments share: the data home, a person, a date, a command's record.

Only argparse and the standard library here: ``careernb --help`` imports every command
module to list them, so the work a command does is imported when it runs."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

REPO_NOTEBOOKS = Path(__file__).resolve().parent.parent.parent / "notebooks"


def never(args: argparse.Namespace) -> bool:
    return False


def always(args: argparse.Namespace) -> bool:
    return True


class Command(NamedTuple):
    """One ``careernb`` subcommand: its name, its help line, what adds its arguments, what runs
    it, and whether, run with these arguments, it writes a data home's tables (``main`` then
    checks the whole home first: a damaged file anywhere takes no write)."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    writes: Callable[[argparse.Namespace], bool] = never


def date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None


def person_id(text: str) -> str:
    """A person's id as typed; an empty one would name nobody (or, left to a command, everyone)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"{text!r} names nobody; give a person_id, e.g. 007")
    return text


def add_home(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--home",
        metavar="DIR",
        help="the data home (default: $CAREERNB_HOME, else ~/.local/share/careernb)",
    )
    add_store(p)


def add_store(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store",
        metavar="URL",
        help="an organisation's database, postgresql+psycopg://ROLE@/DB?host=SOCKDIR "
        "(default: $CAREERNB_STORE, else the data home)",
    )


def add_person(p: argparse.ArgumentParser) -> None:
    p.add_argument("person", type=person_id, metavar="PERSON", help="the person_id")
    add_home(p)
