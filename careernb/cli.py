"""The ``careernb`` command. Each subcommand imports what it needs when it runs,
so ``careernb --help`` stays fast."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import CareernbError

REPO_NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None


def _add_home(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--home",
        metavar="DIR",
        help="the data home (default: $CAREERNB_HOME, else ~/.local/share/careernb)",
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import seed_demo
    from .home import open_store

    store = open_store(args.home)
    people = seed_demo(store, args.today)
    print(f"Seeded the demo team ({len(people) - 1} reports and their manager) into {store.home}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .home import loose_permissions, open_store

    store = open_store(args.home, create=False)
    files = store.check()
    for path, fix in loose_permissions(store.home):
        print(f"warning: {path} can be read by other users; fix: {fix}", file=sys.stderr)
    print(f"OK: {len(files)} files, {len(store.person_ids())} people in {store.home}")
    return 0


def cmd_lab(args: argparse.Namespace) -> int:
    from .demo import seed_demo
    from .home import is_empty, loose_permissions, open_store, resolve_home

    home = resolve_home(args.home)
    store = open_store(home)
    if is_empty(home):
        seed_demo(store)
        print(f"No data yet: seeded the demo team into {home}")
    for path, fix in loose_permissions(home):
        print(f"warning: {path} can be read by other users; fix: {fix}", file=sys.stderr)
    notebooks = Path(args.notebooks) if args.notebooks else REPO_NOTEBOOKS
    if not notebooks.is_dir():
        raise CareernbError(f"{notebooks} is not a folder of notebooks; pass --notebooks DIR")
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent)) or shutil.which("jupyter")
    if jupyter is None:
        raise CareernbError("JupyterLab is not installed here; run `make lab` from the repository")
    env = {**os.environ, "CAREERNB_HOME": str(home)}
    argv = [jupyter, "lab", f"--ServerApp.root_dir={notebooks}", *args.jupyter_args]
    print(f"Opening JupyterLab on {notebooks} with the data home {home}")
    os.execvpe(argv[0], argv, env)
    return 0  # not reached


def cmd_health(args: argparse.Namespace) -> int:
    from .health import by_failure, detect, load
    from .home import open_store
    from .questions import bank
    from .views._base import team

    store = open_store(args.home, create=False)
    today = args.today or dt.date.today()
    people = team(store)
    names = {p.person_id: p.name for p in people}
    found = by_failure(f for r in load(store, people) for f in detect(r, bank(store), today))
    for failure, findings in found.items():
        print(failure.title)
        for f in findings:
            print(f"  - {names[f.person_id]}: {f.text}")
        if findings:
            print(f"  What to do instead: {failure.instead}")
        else:
            print("  Not seen.")
    return 1 if any(found.values()) and args.strict else 0


def _health_args(p: argparse.ArgumentParser) -> None:
    _add_home(p)
    p.add_argument("--today", type=_date, help="the day to check as of (default: today)")
    p.add_argument("--strict", action="store_true", help="exit with status 1 when any failure is found")


def _demo_args(p: argparse.ArgumentParser) -> None:
    _add_home(p)
    p.add_argument("--today", type=_date, help="the day the demo history is relative to (default: today)")


def _lab_args(p: argparse.ArgumentParser) -> None:
    _add_home(p)
    p.add_argument("--notebooks", metavar="DIR", help="the notebooks folder (default: the repository's)")
    p.add_argument("jupyter_args", nargs=argparse.REMAINDER, help="passed on to jupyter lab")


# name, help, add its arguments, run it
COMMANDS: list[tuple[str, str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]] = [
    ("demo", "seed the demo team into an empty data home", _demo_args, cmd_demo),
    ("check", "validate every file of a data home", _add_home, cmd_check),
    ("lab", "open JupyterLab on the notebooks (seeds the demo team if there is no data)", _lab_args, cmd_lab),
    ("health", "list the playbook's common failures found in a data home", _health_args, cmd_health),
]


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="careernb",
        description="Career conversations for managers: notebooks, a CSV store you own, and "
        "shareable development contracts.",
    )
    subs = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help, configure, run in COMMANDS:
        p = subs.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".")
        configure(p)
        p.set_defaults(run=run)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except CareernbError as exc:
        print(f"careernb: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
