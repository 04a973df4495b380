"""Commands for the key to the private notes: ``careernb key init | change | recover | rotate | status`` and
``careernb encrypt``.

A passphrase or a recovery code is read from the terminal without echo, or from a file named by
an option (for scripts and tests), never from the command line itself: a command line is seen by
every user of the machine and kept in the shell's history.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata

from careernb.cli.arguments import Command, add_home
from careernb.cli.key_secrets import confirm, new_passphrase, passphrase, secret_from_file, typed
from careernb.errors import CareernbError


def _store(args: argparse.Namespace):
    """The data home, or the organisation's database as the manager logged in (``--store URL``)."""
    from careernb.home import open_store

    return open_store(args.home, create=False, store=args.store)


def _on_database(store) -> bool:
    return store.home is None


def _keep(store, record) -> str:
    """Save the key record where the store keeps it (atomically); where, as the manager reads it."""
    from careernb.store import keys

    if _on_database(store):
        store.keys.keep(record)
        return f"{store.location}, table careernb.manager_keys (your row, which you alone can read)"
    path = store.home / keys.KEY_FILE
    keys.write_key_file(path, record)
    return str(path)


def _in_clear(store) -> tuple[int, str]:
    """How many private cells are in clear, and where ("in 3 files", "in 2 tables")."""
    if _on_database(store):
        from careernb.store.sql.sealed import in_clear as tables_in_clear

        tables = tables_in_clear(store)
        return sum(tables.values()), f"in {len(tables)} tables"
    from careernb.store.seal_home import in_clear

    found = in_clear(store)
    return sum(found.values()), f"in {len(found)} files"


def _record(store, doing: str):
    record = store.key_record
    if record is None:
        raise CareernbError(
            f"{store.location} has no key, so there is nothing to {doing}: its private notes are kept "
            "in clear. `careernb key init` makes a key and seals them."
        )
    return record


def ask_at_terminal(args: argparse.Namespace) -> None:
    """When a command needs a private note (an answer shared with the person, in their contract
    or their copy) and the data home's key is locked, ask for the passphrase at the terminal, once.
    Never in a worker process, nor without a terminal: there the document says to unlock first."""
    from careernb.store import session

    def asker():
        import multiprocessing

        from careernb.home import open_store
        from careernb.store import keys

        if multiprocessing.parent_process() is not None or not sys.stdin.isatty():
            return None
        where = open_store(getattr(args, "home", None), create=False, store=getattr(args, "store", None))
        record = where.key_record
        if record is None:
            return None
        print("This needs private notes (answers shared with the person): unlock them.", file=sys.stderr)
        return keys.unlock(record, typed("Passphrase: ", "a terminal"))

    session.set_asker(asker)


# -- init and encrypt ----------------------------------------------------------------


def _make_key(store, args: argparse.Namespace):
    """A new key record, made, shown and confirmed, then saved: the keyring, unlocked."""
    from careernb.domain.people import Person, default_manager
    from careernb.store import keys
    from careernb.store.recovery import KEEP_IT

    _in_clear(store)  # a damaged file or cell is named before any key is made
    print(
        "Your private notes (answers and what is underneath them, your notes, the honest-fit "
        "explorations, override reasons, signal notes) will be sealed under a key that your "
        "passphrase opens. A recovery code, shown once, opens it too.\n"
        "If you lose both the passphrase and the recovery code, nobody can read your private "
        "notes again: not you, not an administrator, not careernb. Your team, dates and "
        "contracts are not affected.\n"
    )
    phrase = new_passphrase(args.passphrase_file, "--passphrase-file FILE")
    if _on_database(store):
        me = store.scope.manager_id
    else:
        manager = default_manager(store.load(Person))
        me = manager.person_id if manager else "home"
    record, code = keys.create(me, phrase)
    print(f"\nYour recovery code:\n\n    {code.text}\n\n{KEEP_IT}\n", flush=True)
    confirm(code, args)
    where = _keep(store, record)
    kdf = record.kdf
    backup = "the database's backups" if _on_database(store) else "the data home"
    print(
        f"Key {record.current} made (Argon2id, {kdf.memory_kib // 1024} MiB, {kdf.iterations} passes, "
        f"{kdf.lanes} lanes) and saved in {where}. It is backed up with {backup}: "
        "without it the sealed notes cannot be opened."
    )
    return keys.unlock(record, phrase)


def _seal(store, keyring, *, again: bool = False) -> None:
    under = f" under key {keyring.current}" if again else ""
    if _on_database(store):
        from careernb.store.sql.sealed import seal_database

        sealed = seal_database(store, keyring, again=again)
        if sealed.cells:
            print(f"Sealed {sealed.cells} private cells{under} in {len(sealed.tables)} tables.")
        print(f"Every private note of the {sealed.checked} tables that hold them is sealed{under}.")
        return
    from careernb.store.seal_home import seal_home

    done = seal_home(store, keyring, again=again)
    if done.cells:
        print(f"Sealed {done.cells} private cells{under} in {len(done.written)} files.")
    print(f"Every private note of the {done.checked} files that hold them is sealed{under}.")


def _init_args(p: argparse.ArgumentParser) -> None:
    add_home(p)
    p.add_argument("--passphrase-file", metavar="FILE", help="read the new passphrase from FILE's first line")
    _confirm_arg(p)


def _confirm_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--confirm-file",
        metavar="FILE",
        help="read the two recovery-code groups asked for from FILE (one a line, or the whole code), "
        "once the code is shown; a named pipe lets a script answer",
    )


def cmd_key_init(args: argparse.Namespace) -> int:
    store = _store(args)
    if store.key_record is not None:
        raise CareernbError(
            f"{store.location} has a key already (key {store.key_record.current}); nothing was changed. "
            "`careernb key change` sets a new passphrase; `careernb key status` says more."
        )
    _seal(store, _make_key(store, args))
    return 0


def cmd_encrypt(args: argparse.Namespace) -> int:
    from careernb.store import keys

    store = _store(args)
    record = store.key_record
    if record is None:
        print(f"{store.location} has no key yet: making one.\n")
        keyring = _make_key(store, args)
    elif not _in_clear(store)[0]:
        print("Every private note is sealed already; nothing was changed.")
        return 0
    else:
        keyring = keys.unlock(record, passphrase(args))
    _seal(store, keyring)
    return 0


# -- change, recover, status ---------------------------------------------------------


def _change_args(p: argparse.ArgumentParser) -> None:
    _replacing_args(p, "--passphrase-file", "the current passphrase")


def _replacing_args(p: argparse.ArgumentParser, flag: str, opener: str) -> None:
    """A new passphrase for the key, once ``opener`` (read from the file ``flag`` names, else
    asked) has opened it."""
    add_home(p)
    p.add_argument(flag, metavar="FILE", help=f"read {opener} from FILE")
    p.add_argument("--new-passphrase-file", metavar="FILE", help="read the new passphrase from FILE")


def cmd_key_change(args: argparse.Namespace) -> int:
    from careernb.store import keys

    store = _store(args)
    record = _record(store, "change")
    old = passphrase(args, "Current passphrase: ")
    keys.unlock(record, old)  # a wrong one is named before a new one is asked for
    new = new_passphrase(args.new_passphrase_file, "--new-passphrase-file FILE")
    _keep(store, keys.change_passphrase(record, old, new))
    print(
        "Passphrase changed: the key was wrapped again and no note was rewritten. "
        "The recovery code still works."
    )
    return 0


def _rotate_args(p: argparse.ArgumentParser) -> None:
    _replacing_args(p, "--passphrase-file", "the current passphrase")
    _confirm_arg(p)


def _recover_args(p: argparse.ArgumentParser) -> None:
    _replacing_args(p, "--recovery-code-file", "the recovery code")


def cmd_key_recover(args: argparse.Namespace) -> int:
    from careernb.store import keys

    store = _store(args)
    record = _record(store, "recover")
    if args.recovery_code_file:
        code = secret_from_file(args.recovery_code_file, "recovery code")
    else:
        code = typed("Recovery code: ", "--recovery-code-file FILE")
    keys.unlock_with_recovery(record, code)  # a wrong code is named before a passphrase is asked for
    new = new_passphrase(args.new_passphrase_file, "--new-passphrase-file FILE")
    recovered, _keyring = keys.recover(record, code, new)
    _keep(store, recovered)
    print(
        "New passphrase set through the recovery code; no note was rewritten. "
        "Keep the recovery code: it still works."
    )
    return 0


def cmd_key_rotate(args: argparse.Namespace) -> int:
    from careernb.store import keys
    from careernb.store.recovery import KEEP_IT

    store = _store(args)
    record = _record(store, "rotate")
    _in_clear(store)  # a damaged file or cell is named before anything changes
    phrase = passphrase(args)
    keys.unlock(record, phrase)  # a wrong passphrase is named before a new key is made
    # A key feared copied was copied with the passphrase that opens it: the new one needs another.
    new = new_passphrase(args.new_passphrase_file, "--new-passphrase-file FILE")
    if unicodedata.normalize("NFC", new) == unicodedata.normalize("NFC", phrase):
        raise CareernbError(
            "The new passphrase is the one in use: a rotation is for a key that may have been copied "
            "with it, so choose another. Nothing was changed."
        )
    rotated, code = keys.rotate(record, phrase, new_passphrase=new)
    print(
        "A new key seals your private notes from now on, and every note is sealed again under it. "
        "The recovery code changes with it: the one you have stops working.\n"
        f"\nYour new recovery code:\n\n    {code.text}\n\n{KEEP_IT}\n",
        flush=True,
    )
    confirm(code, args)
    where = _keep(store, rotated)
    print(f"Key {rotated.current} made and saved in {where}.")
    _seal(store, keys.unlock(rotated, new), again=True)
    older = ", ".join(k for k in rotated.key_ids if k != rotated.current)
    print(
        f"The older key ({older}) stays in your key record, wrapped as before, so that what a notebook "
        "unlocked before now saves still opens. Those notebooks read locked: unlock them again."
    )
    return 0


def cmd_key_status(args: argparse.Namespace) -> int:
    from careernb.store.key_record import KEY_FILE

    store = _store(args)
    record = store.key_record
    cells, where = _in_clear(store)
    if record is None:
        print(f"{store.location} has no key: private notes are kept in clear ({cells} cells {where}).")
        print("`careernb key init` makes a key and seals them.")
        return 0
    kdf = record.kdf
    old = [k for k in record.key_ids if k != record.current]
    kept = "its row of careernb.manager_keys" if _on_database(store) else store.home / KEY_FILE
    print(f"{store.location} has a key: {kept}")
    print(f"  key id: {record.current} (new notes are sealed under it)")
    if old:
        print(f"  older keys kept to open notes sealed before a rotation: {', '.join(old)}")
    print(f"  manager: {record.manager}")
    print(f"  passphrase: Argon2id, {kdf.memory_kib // 1024} MiB, {kdf.iterations} passes, {kdf.lanes} lanes")
    if cells:
        print(f"  in clear: {cells} private cells {where}; `careernb encrypt` seals them")
    else:
        print("  in clear: no private cell; every private note is sealed")
    return 0


def _clear_lost_args(p: argparse.ArgumentParser) -> None:
    add_home(p)
    p.add_argument(
        "--with-the-key",
        action="store_true",
        help="you lost both the passphrase and the recovery code: set keys.json aside and empty every "
        "sealed cell, so that `careernb key init` can make a new key",
    )
    p.add_argument("--yes", action="store_true", help="empty them (without it: only say how many)")


def cmd_key_clear_lost(args: argparse.Namespace) -> int:
    """Empty the private cells nobody can open any more, so the data home reads and writes again."""
    import datetime as dt
    import os

    from careernb.store.key_record import KEY_FILE
    from careernb.store.seal_home import clear_lost, lost_cells

    store = _store(args)
    if _on_database(store):
        raise CareernbError("`careernb key clear-lost` empties a data home's cells; nothing was changed.")
    record = store.key_record
    held = () if record is None or args.with_the_key else record.key_ids
    count = lost_cells(store, held)
    what = "every sealed cell" if not held else "the cells sealed under a key your key record does not hold"
    if not count:
        print(f"No private cell of {store.location} is sealed beyond your key record: nothing to empty.")
        return 0
    if not args.yes:
        print(
            f"{count} private cells of {store.location} ({what}) would be emptied: no one can read them "
            "again. If keys.json can be found (a backup, the folder the home was moved from), put it back "
            "instead. Run again with --yes to empty them. Nothing was changed."
        )
        return 2
    if args.with_the_key and record is not None:
        aside = store.home / f"{KEY_FILE}.set-aside-{dt.datetime.now():%Y%m%d-%H%M%S}"
        os.replace(store.home / KEY_FILE, aside)
        print(f"Your key record is set aside as {aside}: a passphrase remembered later still opens it.")
    done = clear_lost(store, held)
    print(f"Emptied {done.cells} private cells in {len(done.written)} files; the rest is as it was.")
    return 0


def _key_args(p: argparse.ArgumentParser) -> None:
    subs = p.add_subparsers(dest="key_command", required=True, metavar="ACTION")
    for name, help, configure, run in [
        (
            "init",
            "make the key, show its recovery code once, and seal the private notes",
            _init_args,
            cmd_key_init,
        ),
        ("change", "set a new passphrase (no note is rewritten)", _change_args, cmd_key_change),
        ("recover", "set a new passphrase with the recovery code", _recover_args, cmd_key_recover),
        (
            "rotate",
            "make a new key, show its new recovery code once, and seal every note again under it",
            _rotate_args,
            cmd_key_rotate,
        ),
        (
            "clear-lost",
            "empty the private cells no key you hold opens (keys.json lost, or both secrets)",
            _clear_lost_args,
            cmd_key_clear_lost,
        ),
        (
            "status",
            "say whether the data home (or your role in the database) has a key, and what is in clear",
            add_home,
            cmd_key_status,
        ),
    ]:
        s = subs.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".")
        configure(s)
        s.set_defaults(run=run)


COMMANDS = [
    Command(
        "key",
        "the key that seals your private notes: init, change, recover, rotate, clear-lost, status",
        _key_args,
        lambda a: 2,
    ),
    Command(
        "encrypt",
        "seal the private notes in place, in the data home or the database (makes the key if none)",
        _init_args,
        cmd_encrypt,
    ),
]
