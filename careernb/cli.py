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

from careernb.errors import CareernbError

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
    from careernb.demo import seed_demo
    from careernb.home import open_store

    store = open_store(args.home)
    people = seed_demo(store, args.today)
    print(f"Seeded the demo team ({len(people) - 1} reports and their manager) into {store.home}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from careernb.home import open_store

    store = open_store(args.home, create=False)
    files = store.check()
    print(f"OK: {len(files)} files, {len(store.person_ids())} people in {store.home}")
    return 0


def cmd_lab(args: argparse.Namespace) -> int:
    from careernb.demo import seed_demo
    from careernb.home import is_empty, open_store, resolve_home

    home = resolve_home(args.home)
    store = open_store(home)
    if is_empty(home):
        seed_demo(store)
        print(f"No data yet: seeded the demo team into {home}")
    notebooks = Path(args.notebooks) if args.notebooks else REPO_NOTEBOOKS
    if not notebooks.is_dir():
        raise CareernbError(f"{notebooks} is not a folder of notebooks; pass --notebooks DIR")
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent)) or shutil.which("jupyter")
    if jupyter is None:
        raise CareernbError("JupyterLab is not installed here; run `make lab` from the repository")
    env = {**os.environ, "CAREERNB_HOME": str(home)}
    argv = [jupyter, "lab", f"--ServerApp.root_dir={notebooks}", *args.jupyter_args]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in argv:
        argv.append("--allow-root")  # containers and CI machines often run as root
    print(f"Opening JupyterLab on {notebooks} with the data home {home}")
    os.execvpe(argv[0], argv, env)
    return 0  # not reached


def cmd_questions(args: argparse.Namespace) -> int:
    from careernb.documents.quick_reference import write
    from careernb.home import open_store, resolve_home

    home = resolve_home(args.home)
    # The manager's own questions live in the data home; without one, the playbook's alone.
    store = open_store(home, create=False) if (home / "people.csv").exists() else None
    out = write(store, Path(args.out))
    print(f"Wrote the quick reference to {out}")
    return 0


def _questions_args(p: argparse.ArgumentParser) -> None:
    _add_home(p)
    p.add_argument("--out", metavar="FILE.html", required=True, help="where to write the printable page")


def cmd_health(args: argparse.Namespace) -> int:
    from careernb.domain.people import team
    from careernb.domain.questions import bank
    from careernb.follow_through.health import by_failure, detect, load
    from careernb.home import open_store

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


def _person_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("person", metavar="PERSON", help="the person_id")
    _add_home(p)


def _export_person_args(p: argparse.ArgumentParser) -> None:
    _person_args(p)
    p.add_argument("--out", metavar="DIR", required=True, help="a folder for the person's copy")


def cmd_export_person(args: argparse.Namespace) -> int:
    from careernb.documents.person_copy import export_person
    from careernb.home import open_store

    written = export_person(open_store(args.home, create=False), args.person, Path(args.out))
    print(f"Wrote the person's copy ({len(written)} files) into {args.out}")
    return 0


def _forget_args(p: argparse.ArgumentParser) -> None:
    _person_args(p)
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def cmd_forget(args: argparse.Namespace) -> int:
    from careernb.home import open_store
    from careernb.ownership import forget

    store = open_store(args.home, create=False)
    plan = forget.plan(store, args.person)
    if not args.yes:
        answer = input(
            f"Forget {plan.person.name} ({plan.person.person_id})? This removes {len(plan.files)} files "
            f"and their row in people.csv, for good. Type the person_id to confirm: "
        )
        if answer.strip() != args.person:
            print("Nothing was removed.")
            return 1
    done = forget.forget(store, args.person)
    print(f"Forgot {done.person.name} ({done.person.person_id}): removed their row in people.csv and:")
    for path in done.files:
        print(f"  {path}")
    for path in done.stale_reports:
        print(f"  {path} (a team report that named them; render the quarter again)")
    return 0


def _handover_args(p: argparse.ArgumentParser) -> None:
    _person_args(p)
    p.add_argument("--out", metavar="DIR", required=True, help="a new folder for the pack")
    p.add_argument(
        "--agreed",
        action="store_true",
        help="the person agreed that their history travels (else you are asked)",
    )


def cmd_handover(args: argparse.Namespace) -> int:
    from careernb.domain.people import Person
    from careernb.home import open_store
    from careernb.ownership.handover import write_pack

    store = open_store(args.home, create=False)
    name = next((p.name for p in store.load(Person) if p.person_id == args.person), args.person)
    if not args.agreed:
        answer = input(
            f"Has {name} agreed that their contracts and aspirations travel to their new manager? [y/N] "
        )
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was written: ask them first.")
            return 1
    written = write_pack(store, args.person, Path(args.out))
    print(f"Wrote the handover pack for {name} ({len(written)} files) into {args.out}")
    print("It holds their contracts, aspirations and the dates of their conversations; no private notes.")
    return 0


def _import_handover_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("pack", metavar="DIR", help="the handover pack folder")
    _add_home(p)
    p.add_argument(
        "--manager", metavar="ID", help="their new manager's person_id (default: this store's manager)"
    )


def cmd_import_handover(args: argparse.Namespace) -> int:
    from careernb.domain.people import Person, default_manager
    from careernb.home import open_store
    from careernb.ownership.handover import import_pack

    store = open_store(args.home)
    manager_id = args.manager
    if manager_id is None:
        manager = default_manager(store.load(Person))
        if manager is None:
            raise CareernbError("this data home has no single manager; pass --manager ID")
        manager_id = manager.person_id
    person = import_pack(store, Path(args.pack), manager_id=manager_id)
    print(f"Imported {person.name} ({person.person_id}) under {manager_id}, with their history.")
    return 0


def _backup_args(p: argparse.ArgumentParser) -> None:
    _add_home(p)
    p.add_argument("--out", metavar="FILE", required=True, help="the archive to write (.tar.gz)")


def cmd_backup(args: argparse.Namespace) -> int:
    from careernb.home import resolve_home
    from careernb.ownership.backup import backup

    out = backup(resolve_home(args.home), Path(args.out))
    print(f"Backed up {resolve_home(args.home)} into {out}")
    return 0


def _restore_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("archive", metavar="FILE", help="an archive written by careernb backup")
    _add_home(p)
    p.add_argument("--force", action="store_true", help="replace a data home that is not empty")


def cmd_restore(args: argparse.Namespace) -> int:
    from careernb.home import resolve_home
    from careernb.ownership.backup import restore

    home = resolve_home(args.home)
    files = restore(Path(args.archive), home, force=args.force)
    print(f"Restored {len(files)} files into {home}")
    return 0


def _app_args(p: argparse.ArgumentParser) -> None:
    _add_home(p)
    p.add_argument("notebook", nargs="?", help="one notebook to serve (default: all of them)")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--notebooks", metavar="DIR", help="the notebooks folder (default: the repository's)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")


def cmd_app(args: argparse.Namespace) -> int:
    """The notebooks as a no-code app: Voila runs them and shows only their widgets."""
    from careernb.demo import seed_demo
    from careernb.home import is_empty, open_store, resolve_home

    home = resolve_home(args.home)
    store = open_store(home)
    if is_empty(home):
        seed_demo(store)
        print(f"No data yet: seeded the demo team into {home}")
    notebooks = Path(args.notebooks) if args.notebooks else REPO_NOTEBOOKS
    target = notebooks / args.notebook if args.notebook else notebooks
    if not target.exists():
        raise CareernbError(f"{target} does not exist; pass a notebook name from {notebooks}")
    voila = shutil.which("voila", path=str(Path(sys.executable).parent)) or shutil.which("voila")
    if voila is None:
        raise CareernbError("Voila is not installed here; run `make lab` once from the repository")
    argv = [voila, str(target), f"--port={args.port}", "--Voila.ip=127.0.0.1"]
    if args.no_browser:
        argv.append("--no-browser")
    env = {**os.environ, "CAREERNB_HOME": str(home)}
    print(f"Serving {target} as an app on http://127.0.0.1:{args.port} with the data home {home}")
    os.execvpe(argv[0], argv, env)
    return 0  # not reached


def _contract_args(p: argparse.ArgumentParser) -> None:
    _person_args(p)
    p.add_argument(
        "--version", type=int, metavar="N", help="the contract version (default: the latest agreed)"
    )
    p.add_argument(
        "--out",
        metavar="FILE.html",
        help="where to write the HTML (default: <home>/reports/contracts/contract-PERSON-vN.html)",
    )
    p.add_argument(
        "--eml", metavar="FILE.eml", help="also write an email draft with the contract as its body"
    )
    p.add_argument(
        "--mark-sent",
        action="store_true",
        help="record that the contract was sent (today, or --sent-on); writes no file unless --out/--eml",
    )
    p.add_argument(
        "--sent-on", type=_date, metavar="YYYY-MM-DD", help="the day it was sent (with --mark-sent)"
    )


def cmd_contract(args: argparse.Namespace) -> int:
    from careernb.documents.contract import chosen_version, file_stem
    from careernb.domain.contract import mark_sent, send_note
    from careernb.home import open_store
    from careernb.ownership.exports import private_file

    store = open_store(args.home, create=False)
    chosen = chosen_version(store, args.person, args.version)
    if args.sent_on and not args.mark_sent:
        raise CareernbError("--sent-on goes with --mark-sent")
    if args.out or args.eml or not args.mark_sent:
        from careernb.documents.render import render_contract
        from careernb.store.files import ensure_folder

        if args.out:
            out = Path(args.out)
        else:
            out = store.home / "reports" / "contracts" / f"{file_stem(args.person, chosen.version)}.html"
            ensure_folder(out.parent)  # inside the data home: 0700 like the rest of it
        private_file(out, render_contract(args.person, chosen.version, store.home))
        print(f"Wrote version {chosen.version} of the development contract to {out}")
        if args.eml:
            from careernb.documents.mail import contract_message, has_recipient

            msg = contract_message(store, args.person, chosen.version)
            private_file(Path(args.eml), msg.as_bytes())
            print(f"Wrote the email draft to {args.eml}")
            if not has_recipient(msg):
                print(
                    "warning: people.csv has no email address for them; add the recipient in your mail client"
                )
    if args.mark_sent:
        chosen = mark_sent(store, args.person, chosen.version, args.sent_on)
    note = send_note(chosen, dt.date.today())
    if note:
        print(note)
    return 0


def _calendar_args(p: argparse.ArgumentParser) -> None:
    _add_home(p)
    p.add_argument("--person", metavar="PERSON", help="one person (default: everyone on your team)")
    p.add_argument("--out", metavar="FILE.ics", required=True, help="the iCalendar file to write")


def cmd_calendar(args: argparse.Namespace) -> int:
    from careernb.documents.calendar import write_calendar
    from careernb.home import open_store

    store = open_store(args.home, create=False)
    (path,) = write_calendar(store, args.person, Path(args.out))
    print(f"Wrote your commitments, the monthly reviews and the next conversations to {path}")
    print("Import it into your calendar; importing a newer file updates the same events.")
    return 0


def _quarterly_args(p: argparse.ArgumentParser) -> None:
    _add_home(p)
    p.add_argument("--quarter", help="e.g. 2026Q4 (default: the current quarter)")
    p.add_argument("--manager", metavar="ID", help="one manager's team (default: every manager's)")
    p.add_argument("--out", metavar="DIR", help="where <quarter>/ goes (default: the data home's reports/)")
    p.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes")


def cmd_quarterly(args: argparse.Namespace) -> int:
    """Run reports/quarterly.ipynb with papermill, in one kernel, with a progress bar here."""
    import json
    import tempfile
    import threading

    import papermill
    from tqdm import tqdm

    from careernb.documents.quarterly import read_progress
    from careernb.documents.render import template_path
    from careernb.domain.cadence import quarter_bounds, quarter_of
    from careernb.home import open_store

    store = open_store(args.home, create=False)
    quarter = args.quarter or quarter_of(dt.date.today())
    try:
        quarter_bounds(quarter)
    except ValueError as exc:
        raise CareernbError(str(exc)) from None
    out = Path(args.out) if args.out else store.home / "reports"
    folder = out / quarter
    folder.mkdir(parents=True, exist_ok=True)
    progress_file = Path(tempfile.mkdtemp(prefix="careernb-progress-")) / "progress"
    finished = threading.Event()

    def show_progress() -> None:
        bar = None
        shown = None
        while True:
            stop = finished.wait(0.2)
            seen = read_progress(progress_file)
            if seen and seen != shown:
                if bar is None:  # once the batch knows how many people there are
                    bar = tqdm(total=seen[1], desc=f"{quarter} contracts", unit="person")
                bar.update(seen[0] - bar.n)
                shown = seen
            if stop:
                break
        if bar is not None:
            bar.close()

    template = template_path("quarterly.ipynb")
    watcher = threading.Thread(target=show_progress, daemon=True)
    watcher.start()
    try:
        papermill.execute_notebook(
            str(template),
            str(folder / "quarterly.ipynb"),
            parameters={
                "quarter": quarter, "manager": args.manager, "home": str(store.home), "out": str(out),
                "jobs": args.jobs, "progress_file": str(progress_file),
            },
            kernel_name="python3", progress_bar=False, cwd=str(template.parent),
        )  # fmt: skip
    except papermill.PapermillExecutionError as exc:
        raise CareernbError(f"the quarterly batch failed: {exc.ename}: {exc.evalue}") from None
    finally:
        finished.set()
        watcher.join()
    summary = json.loads((folder / "result.json").read_text())
    views = len(summary["team_views"])
    plural = "" if views == 1 else "s"
    print(f"{summary['contracts']} contracts and {views} team view{plural}: {summary['index']}")
    for failure in summary["failures"]:
        print(f"  failed: {failure['name']} ({failure['person_id']}): {failure['reason']}", file=sys.stderr)
    return 1 if summary["failures"] else 0


def _hub_config_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--database", default="careernb", help="the organisation's database (default: careernb)")
    p.add_argument(
        "--socket-dir", default="/var/run/postgresql", metavar="DIR", help="PostgreSQL's Unix socket folder"
    )


def cmd_hub_config(args: argparse.Namespace) -> int:
    """Print the pg_hba.conf line and pg_ident.conf map that let jupyter-NAME in as NAME only."""
    from careernb.hub import HubConfig

    print(HubConfig(args.database, args.socket_dir).text(), end="")
    return 0


# careernb org ...: what an organisation's administrator runs
ORG_COMMANDS: list[
    tuple[str, str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
] = [
    (
        "hub-config",
        "print PostgreSQL's pg_hba.conf line and pg_ident.conf map for a one-server JupyterHub",
        _hub_config_args,
        cmd_hub_config,
    ),
]


def _org_args(p: argparse.ArgumentParser) -> None:
    subs = p.add_subparsers(dest="org_command", required=True, metavar="ORG_COMMAND")
    for name, help, configure, run in ORG_COMMANDS:
        sub = subs.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".")
        configure(sub)
        sub.set_defaults(run=run)


def cmd_org(args: argparse.Namespace) -> int:  # argparse sets the chosen org command's run instead
    raise CareernbError("name an org command")


# name, help, add its arguments, run it
COMMANDS: list[
    tuple[str, str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
] = [
    ("demo", "seed the demo team into an empty data home", _demo_args, cmd_demo),
    ("check", "validate every file of a data home", _add_home, cmd_check),
    ("questions", "write the question bank as a printable one-page HTML", _questions_args, cmd_questions),
    ("lab", "open JupyterLab on the notebooks (seeds the demo team if there is no data)", _lab_args, cmd_lab),
    (
        "export-person",
        "write everything shareable with one person, as HTML and CSV",
        _export_person_args,
        cmd_export_person,
    ),
    ("forget", "remove every trace of a person from the data home", _forget_args, cmd_forget),
    ("handover", "write a pack of a person's history for their new manager", _handover_args, cmd_handover),
    (
        "import-handover",
        "load a handover pack into this data home",
        _import_handover_args,
        cmd_import_handover,
    ),
    ("backup", "write the whole data home into one archive", _backup_args, cmd_backup),
    ("restore", "restore a data home from a backup archive", _restore_args, cmd_restore),
    (
        "quarterly",
        "render every contract and the team-wide view for a quarter",
        _quarterly_args,
        cmd_quarterly,
    ),
    ("app", "serve the notebooks as a no-code app (Voila): widgets only, no code", _app_args, cmd_app),
    (
        "contract",
        "render a person's development contract to HTML (and an .eml draft); mark it sent",
        _contract_args,
        cmd_contract,
    ),
    (
        "calendar",
        "write your commitments, monthly reviews and next conversations to an .ics file",
        _calendar_args,
        cmd_calendar,
    ),
    ("health", "list the playbook's common failures found in a data home", _health_args, cmd_health),
    ("org", "an organisation's store and hub (PostgreSQL, JupyterHub)", _org_args, cmd_org),
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


def _warn_loose_permissions(home: str | None) -> None:
    from careernb.home import loose_permissions, resolve_home

    found = resolve_home(home)
    if found.is_dir():
        for path, fix in loose_permissions(found):
            print(f"careernb: warning: {path} can be read by other users; fix: {fix}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        _warn_loose_permissions(getattr(args, "home", None))
        return args.run(args)
    except CareernbError as exc:
        print(f"careernb: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
