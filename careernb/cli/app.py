"""Commands that start careernb: seed the demo team, check a data home, open the notebooks in
JupyterLab or as a no-code app."""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import urllib.parse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from careernb.cli.arguments import REPO_NOTEBOOKS, Command, add_home, date
from careernb.errors import CareernbError

if TYPE_CHECKING:
    from careernb.store import Store


def _demo_args(p: argparse.ArgumentParser) -> None:
    add_home(p)
    p.add_argument("--today", type=date, help="the day the demo history is relative to (default: today)")


def cmd_demo(args: argparse.Namespace) -> int:
    from careernb.demo import refuse_unless_empty, seed_demo
    from careernb.home import is_database, open_store, resolve_home, resolve_store

    location = resolve_store(args.store, args.home)
    if not is_database(location):  # before opening it, which could write a people.csv
        refuse_unless_empty(resolve_home(location or args.home))
    store = open_store(args.home, store=args.store)
    people = seed_demo(store, args.today)
    print(f"Seeded the demo team ({len(people) - 1} reports and their manager) into {store.location}")
    return 0


def _start_args(p: argparse.ArgumentParser) -> None:
    add_home(p)
    p.add_argument("--name", required=True, help="your name, as your reports will read it")
    p.add_argument("--role", default="", help="your role (default: none)")
    p.add_argument("--email", default="", help="your email address, for the contracts you send")


def cmd_start(args: argparse.Namespace) -> int:
    """A data home of your own, with you in it and no demo team: then add your reports."""
    from careernb.demo import refuse_unless_empty
    from careernb.domain.people import Person, problems, suggest_id
    from careernb.errors import CareernbError
    from careernb.home import open_store, resolve_home

    home = resolve_home(args.home)
    refuse_unless_empty(home)
    me = Person(suggest_id([]), args.name.strip(), None, args.role.strip(), args.email.strip())
    if found := problems([], me):
        raise CareernbError("; ".join(found) + ". Nothing was written.")
    open_store(home).save(me)
    print(
        f"Made your data home {home}, with you ({me.name}) in it and no one else.\n"
        f"Open it with `careernb lab --home {home}` (or `careernb app --home {home}`), and add each "
        "person you manage on Your team: their name, role and email."
    )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from careernb.home import open_store
    from careernb.store import CsvStore

    store = open_store(args.home, create=False, store=args.store)
    if isinstance(store, CsvStore):
        files = store.check()
        print(f"OK: {len(files)} files, {len(store.person_ids())} people in {store.location}")
        return 0
    people = store.person_ids()
    rows = read_every_row(store, people)
    print(f"OK: {len(store.tables)} tables, {rows} rows, {len(people)} people in {store.location}")
    return 0


def read_every_row(store: Store, people: list[str]) -> int:
    """Read every row of every table the store shows for these people, as the pages read them
    (each cell parsed, private notes opened as the key allows): a row that cannot be read raises.
    How many rows there were."""
    rows = 0
    for table in store.tables.values():
        record: type[object] = table.record
        if table.per_person:
            rows += sum(map(len, store.load_team(record, people).values()))
        else:
            rows += len(store.load(record))
    return rows


def _seeded_home(home_arg: str | None) -> Path:
    """The data home, with the demo team in it when it holds nothing yet."""
    from careernb.demo import seed_demo
    from careernb.home import is_empty, open_store, resolve_home

    home = resolve_home(home_arg)
    if is_empty(home):  # asked before opening it: opening a home that has lost its people.csv makes one
        seed_demo(open_store(home))
        print(f"No data yet: seeded the demo team into {home}", flush=True)  # before exec replaces us
    return home


def _where_pages_work(args: argparse.Namespace) -> tuple[Path, str | None, str]:
    """The data home (the demo team seeded into it when it holds nothing) or the organisation's
    database (``--store URL``, else ``$CAREERNB_STORE`` unless ``--home`` is given), opened once
    here so that a database nobody serves or a role that is no manager's is said before any page
    opens; and how to name it. The kernels are given the database's URL, or none."""
    from careernb.home import is_database, open_store, resolve_home, resolve_store

    url = resolve_store(args.store, args.home)
    if not is_database(url):
        home = _seeded_home(args.home)
        return home, None, f"the data home {home}"
    store = open_store(store=url)
    try:  # its location hides a password; host=/run/postgresql as typed
        return resolve_home(args.home), url, f"the database {urllib.parse.unquote(store.location)}"
    finally:
        store.close()


def _installed(tool: str) -> str | None:
    return shutil.which(tool, path=str(Path(sys.executable).parent)) or shutil.which(tool)


def _lab_args(p: argparse.ArgumentParser) -> None:
    add_home(p)
    p.add_argument("--notebooks", metavar="DIR", help="the notebooks folder (default: the repository's)")
    p.usage = p.format_usage().removeprefix("usage: ").strip() + " [JUPYTER ARGS ...]"
    p.epilog = "Any other argument goes to jupyter lab as it is: careernb lab --no-browser --port 8890"
    p.allow_abbrev = False  # --no would otherwise be taken for --notebooks
    parse = p.parse_known_args

    def passing_on(
        args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        # What careernb does not know is JupyterLab's, in the order it was written.
        known, rest = parse(args, namespace)
        known.jupyter_args = rest[1:] if rest[:1] == ["--"] else rest
        return known, []

    # The subcommand's parser alone (`careernb --help` is unchanged): argparse calls a
    # subparser's parse_known_args and offers no other hook for arguments it does not know.
    p.parse_known_args = passing_on  # type: ignore[method-assign,assignment]


def lab_argv(jupyter: str, notebooks: Path, jupyter_args: list[str]) -> list[str]:
    """``jupyter lab`` on the notebooks, asking nothing of the internet; the manager's own
    arguments come last, so they win."""
    from careernb.app import LAB_QUIET

    argv = [jupyter, "lab", f"--ServerApp.root_dir={notebooks}", *LAB_QUIET, *jupyter_args]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in argv:
        argv.append("--allow-root")  # containers and CI machines often run as root
    return argv


def cmd_lab(args: argparse.Namespace) -> int:
    from careernb.home import where_kernels_work

    home, database, where = _where_pages_work(args)
    notebooks = Path(args.notebooks) if args.notebooks else REPO_NOTEBOOKS
    if not notebooks.is_dir():
        raise CareernbError(f"{notebooks} is not a folder of notebooks; pass --notebooks DIR")
    jupyter = _installed("jupyter")
    if jupyter is None:
        raise CareernbError("JupyterLab is not installed here; run `make lab` from the repository")
    env = dict(os.environ)
    where_kernels_work(env, home, database)
    argv = lab_argv(jupyter, notebooks, args.jupyter_args)
    print(f"Opening JupyterLab on {notebooks} with {where}", flush=True)
    os.execvpe(argv[0], argv, env)
    return 0  # not reached


def _app_args(p: argparse.ArgumentParser) -> None:
    add_home(p)
    p.add_argument(
        "page",
        nargs="?",
        default="team",
        help="the page the browser opens on, e.g. prepare or prepare?person=007 (default: team)",
    )
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--notebooks", metavar="DIR", help="the notebooks folder (default: the repository's)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument(
        "--ready-kernels",
        type=int,
        default=None,
        metavar="N",
        help="kernels kept started and run, waiting, for each page, so that it answers at once "
        "(default: 0, a kernel starts at each visit; 1 answers sooner and holds ~1.5 GB waiting)",
    )


def start_page(asked: str) -> str:
    """A page's address from what was asked: an address (with its query), or a notebook's name."""
    from careernb.views.pages import BY_ADDRESS, PAGES

    address = asked.lstrip("/")
    by_notebook = {p.notebook: p.address for p in PAGES}
    if address in by_notebook:
        return by_notebook[address]
    if address.split("?")[0] in BY_ADDRESS:
        return address
    raise CareernbError(f"there is no page {asked!r}; the pages are: {', '.join(BY_ADDRESS)}")


def cmd_app(args: argparse.Namespace) -> int:
    """The pages as a no-code app: one address per page, the person in the address."""
    from careernb.views.pages import PAGES

    start = start_page(args.page)
    notebooks = Path(args.notebooks) if args.notebooks else REPO_NOTEBOOKS
    missing = [p.notebook for p in PAGES if not (notebooks / p.notebook).is_file()]
    if missing:
        raise CareernbError(
            f"{notebooks} lacks {', '.join(missing)}; pass the notebooks folder with --notebooks"
        )
    try:
        from careernb.cli.app_server import READY_KERNELS, serve, with_token
    except ImportError:
        raise CareernbError("Voila is not installed here; run `make lab` once from the repository") from None
    ready = READY_KERNELS if args.ready_kernels is None else args.ready_kernels
    if ready < 0:
        raise CareernbError(f"--ready-kernels {ready}: give 0 or more kernels to keep ready for each page")
    home, database, where = _where_pages_work(args)
    # Jupyter's own variable, for scripts; otherwise a new one each start, as JupyterLab does.
    token = os.environ.get("JUPYTER_TOKEN") or secrets.token_urlsafe(32)
    address = with_token(f"http://127.0.0.1:{args.port}/{start}", token)
    print(f"Serving the app on {address} with {where}", flush=True)
    if ready:
        print(
            f"Keeping {ready} kernel{'s' if ready > 1 else ''} ready for each page: "
            "pages answer at once when those have started",
            flush=True,
        )
    serve(
        notebooks,
        args.port,
        home,
        database=database,
        start=start,
        open_browser=not args.no_browser,
        ready_kernels=ready,
        token=token,
    )
    return 0


COMMANDS = [
    Command("start", "make your own data home, with you in it and no demo team", _start_args, cmd_start),
    Command("demo", "seed the demo team into an empty data home", _demo_args, cmd_demo),
    Command("check", "validate a data home's files, or a database's rows", add_home, cmd_check),
    Command(
        "lab",
        "open JupyterLab on the notebooks (seeds the demo team if there is no data)",
        _lab_args,
        cmd_lab,
    ),
    Command("app", "the no-code app (Voila): every page by name, widgets only, no code", _app_args, cmd_app),
]
