"""Commands for the conversations and the development contract: the printable question bank,
the contract as HTML and an email draft, and the calendar of commitments and reviews."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from careernb.cli.arguments import Command, add_home, add_person, always, date, person_id
from careernb.errors import CareernbError


def _questions_args(p: argparse.ArgumentParser) -> None:
    add_home(p)
    p.add_argument("--out", metavar="FILE.html", required=True, help="where to write the printable page")


def cmd_questions(args: argparse.Namespace) -> int:
    from careernb.documents.quick_reference import write
    from careernb.home import open_store, resolve_home

    home = resolve_home(args.home)
    # The manager's own questions live in the data home; without one, the playbook's alone.
    store = open_store(home, create=False) if (home / "people.csv").exists() else None
    out = write(store, Path(args.out))
    print(f"Wrote the quick reference to {out}")
    return 0


def _contract_args(p: argparse.ArgumentParser) -> None:
    add_person(p)
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
        "--sent-on", type=date, metavar="YYYY-MM-DD", help="the day it was sent (with --mark-sent)"
    )
    p.add_argument(
        "--reason",
        metavar="TEXT",
        help="why you send it although a commitment promises an outcome (with --mark-sent; kept, "
        "private to you)",
    )


def cmd_contract(args: argparse.Namespace) -> int:
    from careernb.documents.contract import document, file_stem
    from careernb.domain.contract import mark_sent, send_note
    from careernb.home import open_store
    from careernb.ownership.exports import private_file, reports_folder

    store = open_store(args.home, create=False, store=args.store)
    # the sharing gate, crossed once; an agreed version gets the token its reply is signed with
    doc = document(store, args.person, args.version, reply_on=dt.date.today())
    chosen = doc["contract"]
    if args.sent_on and not args.mark_sent:
        raise CareernbError("--sent-on goes with --mark-sent")
    if args.reason and not args.mark_sent:
        raise CareernbError("--reason goes with --mark-sent: the reason is kept with the day it was sent")
    going = None
    if args.eml:
        from careernb.documents.outgoing import preview
        from careernb.domain.contract import NotSentError

        going = preview(store, args.person, args.version)  # the draft the send guard looked at
        if going.agreed is not None and not going.can_send(args.reason):
            raise NotSentError(
                args.person,
                going.version,
                going.blocking,
                refused="written as an email draft",
                how='To send it as it is, add --mark-sent --reason "why": the reason is kept with the day.',
            )
    if args.out or args.eml or not args.mark_sent:
        from careernb.documents.contract import html_of
        from careernb.store.files import ensure_folder

        if args.out:
            out = Path(args.out)
        else:
            out = reports_folder(store) / "contracts" / f"{file_stem(args.person, chosen.version)}.html"
            ensure_folder(out.parent)  # owner-only, like the data home
        private_file(out, going.html if going is not None else html_of(doc))
        print(f"Wrote version {chosen.version} of the development contract to {out}")
        if going is not None:
            private_file(Path(args.eml), going.eml)
            print(f"Wrote the email draft to {args.eml}")
            if going.unaddressed:
                print(f"warning: {going.unaddressed}; add the recipient in your mail client")
    if args.mark_sent:
        chosen = mark_sent(store, args.person, chosen.version, args.sent_on, override_reason=args.reason)
    note = send_note(chosen, dt.date.today())
    if note:
        print(note)
    return 0


def _calendar_args(p: argparse.ArgumentParser) -> None:
    add_home(p)
    p.add_argument(
        "--person", type=person_id, metavar="PERSON", help="one person (default: everyone on your team)"
    )
    p.add_argument("--out", metavar="FILE.ics", required=True, help="the iCalendar file to write")


def cmd_calendar(args: argparse.Namespace) -> int:
    from careernb.documents.calendar import write_calendar
    from careernb.home import open_store

    store = open_store(args.home, create=False, store=args.store)
    (path,) = write_calendar(store, args.person, Path(args.out))
    print(f"Wrote your commitments, the monthly reviews and the next conversations to {path}")
    print("Import it into your calendar; importing a newer file updates the same events.")
    return 0


COMMANDS = [
    Command(
        "questions", "write the question bank as a printable one-page HTML", _questions_args, cmd_questions
    ),
    Command(
        "contract",
        "render a person's development contract to HTML (and an .eml draft); mark it sent",
        _contract_args,
        cmd_contract,
        writes=always,  # the day sent, or the token an agreed version's reply is signed with
    ),
    Command(
        "calendar",
        "write your commitments, monthly reviews and next conversations to an .ics file",
        _calendar_args,
        cmd_calendar,
    ),
]
