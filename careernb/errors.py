"""Every error careernb raises on purpose: one root, specific subclasses.

Each carries what went wrong as attributes and says how to fix it, so a
manager reading the message in a notebook or a terminal knows what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import ClassVar


class CareernbError(Exception):
    """The root of every careernb error."""

    def __reduce__(self) -> Pickled:
        # Rebuilt from its attributes, not by calling __init__ with the message: a worker
        # process can send any careernb error back to its parent, attributes and all.
        return _rebuilt, (type(self), self.args, dict(self.__dict__))


Pickled = tuple[
    Callable[..., CareernbError], tuple[type[CareernbError], tuple[object, ...], dict[str, object]]
]
"""How a careernb error is pickled: rebuilt from its class, its args and its attributes."""


def _rebuilt(cls: type[CareernbError], args: tuple[object, ...], state: dict[str, object]) -> CareernbError:
    error = cls.__new__(cls)
    error.args = args
    for name, value in state.items():
        setattr(error, name, value)  # through BaseException's descriptors too (__cause__)
    return error


class DataHomeError(CareernbError):
    """The data home cannot be used (missing, not a folder, not writable)."""

    def __init__(self, home: Path, problem: str, fix: str) -> None:
        self.home = Path(home)
        self.problem = problem
        self.fix = fix
        super().__init__(f"{self.home}: {problem}. {fix}")


class RestoreInterruptedError(DataHomeError):
    """``careernb restore --force`` stopped after moving the old home aside (where the system
    cannot swap two folders in one step): opening the home says where it is."""

    @staticmethod
    def aside(home: Path) -> Path:
        """Where a restore keeps the home it replaces until the restored one is in."""
        return home.with_name(f".{home.name}.replaced")

    def __init__(self, home: Path) -> None:
        left = self.aside(home)
        super().__init__(
            home,
            f"a restore was interrupted, and the data home that was here is at {left}",
            f"Move it back (mv {left} {home}), or run `careernb restore` again",
        )


class LinkInHomeError(DataHomeError):
    """The data home holds a symbolic link: it keeps its own files and folders only.

    ``links`` maps each link (a path inside the home) to what it points to, as the link
    says. Through a link, a save would write outside the home, a backup would hold a link
    that cannot be restored, and forgetting would leave what it points to behind.
    """

    def __init__(self, home: Path, links: Mapping[Path, str], outcome: str = "Nothing was changed.") -> None:
        self.links = {Path(link): target for link, target in links.items()}
        self.outcome = outcome
        named = [(_inside(home, link), target) for link, target in self.links.items()]
        many = len(named) > 1
        super().__init__(
            home,
            "a data home holds its own files and folders only, and "
            + (
                "these are symbolic links: " + ", ".join(f"{link} (to {target})" for link, target in named)
                if many
                else "{} is a symbolic link to {}".format(*named[0])
            ),
            f"Replace {'each' if many else 'the'} link with the file or folder it points to (move "
            "that into the home in the link's place), or delete a link to something that is gone. " + outcome,
        )


def _inside(home: Path, path: Path) -> str:
    try:
        return str(Path(path).relative_to(home))
    except ValueError:
        return str(path)


class FileBusyError(CareernbError):
    """Another careernb kept a file's lock longer than a write waits for it."""

    def __init__(self, path: Path, waited: float) -> None:
        self.path = Path(path)
        self.waited = waited
        super().__init__(
            f"{self.path}: another careernb (a save in another notebook or page, `careernb check`, a "
            f"backup) has been writing this file for {waited:g} seconds, so this change waited no "
            "longer. Nothing was changed: try again in a moment."
        )


class ChangedElsewhereError(CareernbError):
    """What this page would save was changed by another window (or program) since it read it."""

    def __init__(self, what: str, saved: str) -> None:
        self.what = what
        self.saved = saved
        at = f" (saved {saved})" if saved else ""
        super().__init__(
            f"{what} was changed in another window{at} since this page read it, so what you typed "
            "here was not saved over it. It is kept in this browser: reload the page to see both "
            "and choose which to keep."
        )


class DeletedElsewhereError(ChangedElsewhereError):
    """What this page would save was deleted by another window since it read it."""

    def __init__(self, what: str) -> None:
        CareernbError.__init__(
            self,
            f"{what} was deleted in another window since this page read it, so it was not made "
            "again here. What you typed is kept in this browser: reload the page.",
        )
        self.what = what
        self.saved = ""


class FileSystemError(CareernbError):
    """The machine refused a file a command reads or writes (a folder's place taken by a file,
    permission denied, a full disk), said with what to do; ``cause`` is the machine's own."""

    WORDS: ClassVar[dict[type[OSError], str]] = {
        FileExistsError: "this is a file, where careernb needs a folder. Choose another path, or "
        "move that file",
        NotADirectoryError: "part of this path is a file, not a folder. Choose another path",
        IsADirectoryError: "it is a folder, where careernb writes or reads a file. Choose another name",
        PermissionError: "careernb may not write or read here (permission denied). Choose a folder "
        "of yours, or make this one yours",
    }

    def __init__(self, cause: OSError) -> None:
        self.cause = cause
        # Of a rename, the second path is the one the command was asked to write.
        named = cause.filename2 or cause.filename
        self.path = Path(named) if named else None
        words = next((w for kind, w in self.WORDS.items() if isinstance(cause, kind)), None)
        if isinstance(cause, FileExistsError) and self.path and self.path.is_dir():
            words = "a folder of this name is already there. Choose another name"
        said = words or f"{(cause.strerror or str(cause)).rstrip('.')}. Fix this"
        super().__init__(
            f"{self.path or 'a file'}: {said}, then run the command again. careernb stopped there; "
            "no file it writes is left half-written."
        )


class NewerStoreError(CareernbError):
    """The store was written by a newer careernb than this one."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = Path(path)
        self.found = found
        self.supported = supported
        super().__init__(
            f"{self.path}: this data was written by a newer careernb (schema version "
            f"{found}; this careernb reads up to {supported}). Nothing was changed. "
            "Upgrade careernb (pip install -U careernb) before opening it."
        )


PEOPLE_FILE = "people.csv"
PEOPLE_TABLE = "the people table"


def where_people(home: Path | None) -> str:
    """How a message names where a store keeps its people: the file in a data home, the table
    in an organisation's database (a store without a home folder)."""
    return PEOPLE_FILE if home is not None else PEOPLE_TABLE


class UnknownPersonError(CareernbError):
    """A person id that is not in people.csv (or, in a database, the people table)."""

    def __init__(self, person_id: str, known: list[str] | None = None, *, where: str = PEOPLE_FILE) -> None:
        self.person_id = person_id
        self.where = where
        hint = ""
        if known:
            shown = ", ".join(known[:8]) + (" ..." if len(known) > 8 else "")
            hint = f" Known people: {shown}."
        super().__init__(
            f"No person with person_id {person_id!r} in {where}.{hint} "
            "Add them on the team dashboard (notebook 00) or check the spelling."
        )


class DatabaseError(CareernbError):
    """An organisation's database could not be reached, or refused what was asked of it.

    ``location`` is the database as its URL names it (without a password), ``sqlstate``
    PostgreSQL's code for the refusal (None when no server answered).
    """

    def __init__(self, location: str, problem: str, fix: str, *, sqlstate: str | None = None) -> None:
        self.location = location
        self.problem = problem
        self.fix = fix
        self.sqlstate = sqlstate
        super().__init__(f"{location}: {problem}. {fix}")


class DataHomeOnlyError(CareernbError):
    """Work that needs a data home's folder, asked of an organisation's database."""

    def __init__(self, location: str, doing: str, instead: str) -> None:
        self.location = location
        self.doing = doing
        self.instead = instead
        super().__init__(
            f"{location} is an organisation's database, and {doing} needs a data home folder. {instead}"
        )


class StoreFormatError(CareernbError):
    """A CSV file in the store does not match its declared schema.

    ``row`` counts the way a spreadsheet does: the header is row 1, the
    first answer row is row 2. ``line`` is the line in a text editor, which
    differs when an earlier answer spans several lines.
    """

    def __init__(
        self,
        path: Path,
        problem: str,
        fix: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
        line: int | None = None,
    ) -> None:
        self.path = Path(path)
        self.row = row
        self.column = column
        self.value = value
        self.line = line
        self.problem = problem
        self.fix = fix
        where = [str(self.path)]
        if row is not None:
            at = f"row {row}"
            if line is not None and line != row:
                at += f" (line {line} in a text editor)"
            where.append(at)
        elif line is not None:  # a file that cannot be read as text has no rows, only lines
            where.append(f"line {line} in a text editor")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {problem}. {fix} Nothing was changed.")


class UnknownColumnError(StoreFormatError):
    """The header names a column the table does not have."""


class MissingColumnError(StoreFormatError):
    """A required column is absent from the header."""


class BadValueError(StoreFormatError):
    """A cell does not hold a value of its column's type."""


class DuplicateKeyError(StoreFormatError):
    """Two rows share the same id."""


class UnknownReferenceError(StoreFormatError):
    """A cell refers to a person or record that does not exist."""


class MalformedCsvError(StoreFormatError):
    """The file is not readable CSV (wrong cell count, encoding, quoting)."""


class NotRecordedError(CareernbError):
    """A review, a check-in or a booking that cannot be recorded as it stands.

    ``problems`` lists what is missing in the playbook's words; the panels show them as a
    list beside the button. Nothing was changed.
    """

    def __init__(self, what: str, person_id: str, problems: list[str] | tuple[str, ...]) -> None:
        self.what = what
        self.person_id = person_id
        self.problems = list(problems)
        super().__init__(
            f"The {what} was not recorded, nothing was changed: " + "; ".join(self.problems) + "."
        )


class NotAgreedError(CareernbError):
    """Agree was asked for while something in the draft contract still blocks it.

    ``blocking`` holds the findings (see ``careernb.domain.contract.guards``); the builder
    shows them in the panel.
    """

    def __init__(self, blocking: list) -> None:
        self.blocking = list(blocking)
        super().__init__(
            "Not agreed yet: "
            + "; ".join(f.message for f in self.blocking)
            + " Fix these, or write why you agree anyway (a promise must be reworded or kept after reading)."
        )


class QuarterError(CareernbError, ValueError):
    """A quarter not written ``YYYYQn`` (a ValueError too, for callers that parse text)."""

    def __init__(self, quarter: object) -> None:
        self.quarter = quarter
        super().__init__(f"{quarter!r} is not a quarter; write it like 2026Q4 (the year, Q, then 1 to 4)")


class VoiceFileError(CareernbError):
    """A demo person's words (careernb/demo/people/*.toml) do not make a voice."""

    def __init__(self, path: object, key: str, problem: str) -> None:
        self.path = str(path)
        self.key = key
        self.problem = problem
        where = f"{self.path}: {key}" if key else self.path
        super().__init__(f"{where}: {problem}.")
