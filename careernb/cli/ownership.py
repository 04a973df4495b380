"""Commands for what leaves the manager's store: the person's copy, forgetting a person, the
handover pack to a new manager, and backups of the whole data home."""

from __future__ import annotations

import argparse
from pathlib import Path

from careernb.cli.arguments import Command, add_home, add_person, always
from careernb.cli.terminal import shown
from careernb.errors import CareernbError


def _ask(question: str, flag: str) -> str:
    """The manager's answer; with standard input closed, a message saying how to confirm."""
    try:
        return input(question)
    except EOFError:
        print()
        raise CareernbError(
            f"standard input is closed, so no one can confirm; nothing was changed. Run it in a "
            f"terminal, or pass {flag} to confirm on the command line."
        ) from None


def _data_home(args: argparse.Namespace, doing: str) -> Path:
    """The data home a folder-only command works on; an organisation's database is refused by name."""
    from careernb.home import is_database, resolve_home, resolve_store

    if is_database(resolve_store(args.store, args.home)):
        raise CareernbError(
            f"careernb {doing} works on a data home folder, and this store is an organisation's "
            "database: its administrators back it up (pg_dump). To take your own data with you, "
            "run `careernb org export-home --out DIR`; to work on a folder, pass --home DIR."
        )
    return resolve_home(args.home)


def _export_person_args(p: argparse.ArgumentParser) -> None:
    add_person(p)
    p.add_argument("--out", metavar="DIR", required=True, help="a folder for the person's copy")


def cmd_export_person(args: argparse.Namespace) -> int:
    from careernb.documents.person_copy import export_person
    from careernb.home import open_store

    store = open_store(args.home, create=False, store=args.store)
    written = export_person(store, args.person, Path(args.out))
    print(f"Wrote the person's copy ({len(written)} files) into {args.out}")
    return 0


def _forget_args(p: argparse.ArgumentParser) -> None:
    add_person(p)
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def cmd_forget(args: argparse.Namespace) -> int:
    from careernb.home import open_store
    from careernb.ownership import forget

    store = open_store(args.home, create=False, store=args.store)
    planned = forget.plan(store, args.person)
    files = planned.files + planned.stale_reports
    rows = f"their row{'s' if len(planned.rows_in) > 1 else ''} in {' and '.join(planned.rows_in)}"
    if not args.yes:
        answer = _ask(
            f"Forget {planned.person.name} ({planned.person.person_id})? This removes {rows} and "
            f"{_plural(len(files), 'file')}, for good. Type the person_id to confirm: ",
            "--yes",
        )
        if answer.strip() != args.person:
            print("Nothing was removed.")
            return 1
    done = forget.carry_out(store, planned)  # what was confirmed, read once
    print(f"Forgot {shown(done.person.name)} ({done.person.person_id}): removed {rows}", end="")
    print(", and these files:" if files else ".")
    for path in done.files:
        print(f"  {path}")
    for path in done.stale_reports:
        print(f"  {path} (a team report that named them; render the quarter again)")
    for path in done.mentioned:
        print(f"  kept: {path} still holds their name but is not theirs alone; check it")
    return 0


def _plural(count: int, thing: str) -> str:
    return f"{count} {thing}" if count == 1 else f"{count} {thing}s"


def _handover_args(p: argparse.ArgumentParser) -> None:
    add_person(p)
    p.add_argument("--out", metavar="DIR", required=True, help="a new folder for the pack")
    p.add_argument(
        "--agreed",
        action="store_true",
        help="the person agreed that their history travels (else you are asked)",
    )


def cmd_handover(args: argparse.Namespace) -> int:
    from careernb.domain.people import Person
    from careernb.home import open_store
    from careernb.ownership.handover import what_leaves, write_pack

    store = open_store(args.home, create=False, store=args.store)
    leaves = what_leaves(store, args.person)  # an unknown person stops here, before anything is made
    name = next(p.name for p in store.load(Person) if p.person_id == args.person)
    listing = "".join(f"  {line}\n" for line in leaves)
    never = "Never your private notes, their answers or the signals you noted.\n"
    if not args.agreed:
        answer = _ask(
            f"The handover pack for {name} holds exactly this:\n{listing}{never}"
            f"Has {name} agreed that this travels to their new manager? [y/N] ",
            "--agreed",
        )
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was written: ask them first.")
            return 1
    written = write_pack(store, args.person, Path(args.out))
    print(
        f"Wrote the handover pack for {name} ({len(written)} files) into {args.out}:\n{listing}{never}",
        end="",
    )
    return 0


def _import_handover_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("pack", metavar="DIR", help="the handover pack folder")
    add_home(p)
    p.add_argument(
        "--manager", metavar="ID", help="their new manager's person_id (default: this store's manager)"
    )


def cmd_import_handover(args: argparse.Namespace) -> int:
    from careernb.domain.people import Person, default_manager
    from careernb.home import open_store
    from careernb.ownership.handover import import_pack, receiving

    store = receiving(open_store(args.home, store=args.store))
    manager_id = args.manager
    if manager_id is None:
        manager = default_manager(store.load(Person))
        if manager is None:
            raise CareernbError("this data home has no single manager; pass --manager ID")
        manager_id = manager.person_id
    person = import_pack(store, Path(args.pack), manager_id=manager_id)
    print(f"Imported {shown(person.name)} ({person.person_id}) under {manager_id}, with their history.")
    return 0


def _backup_args(p: argparse.ArgumentParser) -> None:
    add_home(p)
    p.add_argument("--out", metavar="FILE", required=True, help="the archive to write (.tar.gz)")


def cmd_backup(args: argparse.Namespace) -> int:
    from careernb.ownership.backup import backup

    home = _data_home(args, "backup")
    out = backup(home, Path(args.out))
    print(f"Backed up {home} into {out}")
    return 0


def _restore_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("archive", metavar="FILE", help="an archive written by careernb backup")
    add_home(p)
    p.add_argument("--force", action="store_true", help="replace a data home that is not empty")


def cmd_restore(args: argparse.Namespace) -> int:
    from careernb.ownership.backup import restore

    home = _data_home(args, "restore")
    files = restore(Path(args.archive), home, force=args.force)
    print(f"Restored {len(files)} files into {home}")
    return 0


COMMANDS = [
    Command(
        "export-person",
        "write everything shareable with one person, as HTML and CSV",
        _export_person_args,
        cmd_export_person,
    ),
    Command(
        "forget", "remove every trace of a person from the data home", _forget_args, cmd_forget, writes=always
    ),
    Command(
        "handover", "write a pack of a person's history for their new manager", _handover_args, cmd_handover
    ),
    Command(
        "import-handover",
        "load a handover pack into this data home",
        _import_handover_args,
        cmd_import_handover,
        writes=always,
    ),
    Command("backup", "write the whole data home into one archive", _backup_args, cmd_backup),
    # restore replaces the whole home, a damaged one included: the archive is what it checks
    Command("restore", "restore a data home from a backup archive", _restore_args, cmd_restore),
]
