"""The person's replies to their contract: take one in, and list the updates that wait for you."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from careernb.cli.arguments import Command, add_home
from careernb.cli.terminal import shown
from careernb.errors import CareernbError

PASTED = "-"


def _configure(p: argparse.ArgumentParser) -> None:
    subs = p.add_subparsers(dest="reply_command", required=True, metavar="ACTION")
    take = subs.add_parser(
        "import",
        help="take in a reply: checked against the contract you sent, kept exactly, nothing else changed",
        description="Take in the person's reply to their contract. It is checked against the contract "
        "version you sent them and kept exactly as they wrote it; nothing in your own record "
        "changes until you accept an update (careernb app replies, or notebook 11).",
    )
    take.add_argument(
        "file",
        metavar="FILE",
        help="the mail they sent (.eml), the file their contract saved, or - to paste the text",
    )
    add_home(take)
    take.set_defaults(run=cmd_import)
    listing = subs.add_parser("list", help="the updates from replies that wait for you to decide")
    add_home(listing)
    listing.set_defaults(run=cmd_list)


def _read(name: str) -> bytes:
    if name == PASTED:
        if sys.stdin.isatty():
            print("Paste the whole reply, block included, then press Ctrl-D.", file=sys.stderr)
        return sys.stdin.buffer.read()
    path = Path(name)
    try:
        return path.read_bytes()
    except OSError as e:
        raise CareernbError(
            f"{path}: cannot read it ({e.strerror or e}). Give the path of the mail or the saved reply, "
            "or - to paste its text."
        ) from None


def _store(args: argparse.Namespace):
    from careernb.home import open_store

    return open_store(args.home, create=False, store=args.store)


def cmd_import(args: argparse.Namespace) -> int:
    import datetime as dt

    from careernb.domain.dates import human_date
    from careernb.domain.replies import STATEMENTS
    from careernb.follow_through.replies import take_in

    store = _store(args)
    taken = take_in(store, _read(args.file), dt.date.today())
    reply = taken.reply
    name = taken.person.name
    print(
        f"Took in {name}'s reply to version {reply.version} of their contract, written "
        f"{human_date(reply.written.date())}."
    )
    if reply.changed.strip():
        print("What's changed, in their words:")
        print("  " + shown(reply.changed.strip()).replace("\n", "\n  "))
    for s in STATEMENTS:
        said = reply.statement(s.key)
        print(f"{s.words} {said.value if said else '(not answered)'}")
    count = len(taken.updates)
    if count:
        updates = "1 update waits" if count == 1 else f"{count} updates wait"
        print(f"{updates} for you to accept or set aside: careernb reply list, or the Replies page.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from careernb.domain.dates import human_date
    from careernb.follow_through.replies import waiting

    found = waiting(_store(args))
    if not found:
        print("Nothing waits: every update from a reply has been accepted or set aside.")
        return 0
    for w in found:
        print(
            f"{shown(w.person.name)} ({w.person.person_id}), reply to version {w.reply.version}, written "
            f"{human_date(w.reply.written.date())}:"
        )
        for update, commitment in w.updates:
            action = (
                commitment.action if commitment else f"commitment {update.commitment_id} (no longer agreed)"
            )
            whose = "yours" if update.happened is not None else "theirs"
            record = f"{commitment.status.value}" if commitment else "not in the contract"
            if commitment and commitment.due:
                record += f", due {human_date(commitment.due)}"
            print(f"  - {shown(action)} ({whose}; your record: {record})")
            said = update.progress or update.happened
            line = f"they say: {said.value}" if said else "they say:"
            if update.note:
                line += " — " + shown(update.note).replace("\n", "\n      ")
            print(f"      {line}")
    print("Accept or set aside each one on the Replies page (careernb app replies, or notebook 11).")
    return 0


COMMANDS = [
    Command(
        "reply",
        "take in the person's reply to their contract, and list what waits for you",
        _configure,
        cmd_list,
        writes=lambda args: args.reply_command == "import",
    )
]
