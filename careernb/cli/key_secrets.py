"""Reading the key's secrets: a passphrase or a recovery code from the terminal without echo, or
from a file an option names (for scripts and tests), never from the command line itself; and the
recovery code shown once, confirmed by two of its groups typed back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from careernb.errors import CareernbError

ATTEMPTS = 3


def secret_from_file(path: str, what: str) -> str:
    """The first line of a file, as typed (only its line ending dropped)."""
    import os
    import stat

    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CareernbError(
            f"{file}: there is no such file to read the {what} from; nothing was changed."
        ) from None
    except (UnicodeDecodeError, IsADirectoryError):
        raise CareernbError(
            f"{file}: this is not a text file holding the {what}; nothing was changed."
        ) from None
    if file.is_file() and stat.S_IMODE(os.stat(file).st_mode) & 0o077:
        print(f"careernb: warning: {file} can be read by other users; fix: chmod 600 {file}", file=sys.stderr)
    line = text.split("\n", 1)[0].removesuffix("\r")
    if not line:
        raise CareernbError(f"{file}: its first line is empty, so it holds no {what}; nothing was changed.")
    return line


def typed(prompt: str, flag: str) -> str:
    """Text typed at the terminal without echo; a message naming ``flag`` when there is no terminal."""
    import getpass
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", getpass.GetPassWarning)
            return getpass.getpass(prompt)
    except EOFError:
        print(file=sys.stderr)
        raise CareernbError(
            "there is no terminal to type it at, so nothing was changed. Run it in a terminal, "
            f"or pass {flag}."
        ) from None


def passphrase(args: argparse.Namespace, prompt: str = "Passphrase: ") -> str:
    if args.passphrase_file:
        return secret_from_file(args.passphrase_file, "passphrase")
    return typed(prompt, "--passphrase-file FILE")


def new_passphrase(file: str | None, flag: str) -> str:
    """A new passphrase: from its file, or typed twice; checked for length before any key work."""
    from careernb.store.keys import MIN_PASSPHRASE, check_passphrase

    if file:
        return check_passphrase(secret_from_file(file, "new passphrase"))
    first = check_passphrase(typed(f"New passphrase ({MIN_PASSPHRASE} characters or more): ", flag))
    if typed("The same passphrase again: ", flag) != first:
        raise CareernbError("The two passphrases typed differ; nothing was changed. Run it again.")
    return first


def confirm(code, args: argparse.Namespace) -> None:
    """Two groups of the code typed back (or read from --confirm-file); refuses when they differ."""
    from careernb.store.recovery import RecoveryCode, RecoveryCodeFormatError

    first, second = code.ask()
    if args.confirm_file:
        print(
            f"Reading groups {first} and {second} of the recovery code from {args.confirm_file}.", flush=True
        )
        text = Path(args.confirm_file).read_text(encoding="utf-8")
        try:  # the whole code, or the two groups asked, one a line
            confirmed = RecoveryCode.parse(text) == code
        except RecoveryCodeFormatError:
            lines = [line for line in text.splitlines() if line.strip()]
            confirmed = len(lines) == 2 and code.confirms({first: lines[0], second: lines[1]})
        if not confirmed:
            raise CareernbError(
                f"{args.confirm_file} does not hold groups {first} and {second} of the recovery code "
                "shown (one a line, or the whole code): no key was made and nothing was changed."
            )
        return
    if sys.stdout.isatty():
        typed(
            "Press Enter once it is written down; it is then cleared from the screen.", "--confirm-file FILE"
        )
        print("\033[H\033[2J\033[3J", end="", flush=True)
    for attempt in range(1, ATTEMPTS + 1):
        answers = {
            first: typed(f"Type group {first} of your recovery code: ", "--confirm-file FILE"),
            second: typed(f"Type group {second} of your recovery code: ", "--confirm-file FILE"),
        }
        if code.confirms(answers):
            return
        if attempt < ATTEMPTS:
            print("That is not what was shown. Check your written copy and type them again.")
    raise CareernbError(
        "The recovery code was not confirmed: no key was made and nothing was changed. Run it again "
        "and write the new code down."
    )
