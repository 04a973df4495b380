"""A document of the quarter that was not rendered: an error carrying who it was for and why.

One report's failure does not stop the others, so a failure is kept, not raised: the quarter's
results list them, and the index page, ``result.json``, the notebook's summary and the command
line show each as its name, its person id and its ``note`` (the cause's type and message).
"""

from __future__ import annotations

import pickle

from careernb.domain.people import Person
from careernb.errors import CareernbError, Pickled


class NotRenderedError(CareernbError):
    """A document of the quarter that was not rendered; the rest of the quarter was.

    ``cause`` is the exception that stopped it (also its ``__cause__``), as papermill's
    execution error carries the failing cell.
    """

    def __init__(self, person_id: str, name: str, manager_id: str, cause: BaseException) -> None:
        self.person_id = person_id
        self.name = name
        """What was not rendered, as the index names it."""
        self.manager_id = manager_id
        self.cause = cause
        self.note = f"{type(cause).__name__}: {cause}"
        """The cause as the index, result.json and the command line show it."""
        super().__init__(
            f"{name} ({person_id}) was not rendered: {self.note} (the rest of the quarter was "
            "written: fix this and run the quarter again)"
        )
        self.__cause__ = cause

    def __reduce__(self) -> Pickled:
        # Failures come back from worker processes; a cause that cannot make the trip is
        # replaced by its type's name and message (the note is kept as it was).
        rebuild, (cls, args, state) = super().__reduce__()
        cause = _portable(self.cause)
        return rebuild, (cls, args, {**state, "cause": cause, "__cause__": cause})


class ContractNotRenderedError(NotRenderedError):
    """A report's current contract was not rendered."""


class TeamViewNotRenderedError(NotRenderedError):
    """A manager's team view was not rendered; the person is the manager."""

    @classmethod
    def of(cls, manager: Person, cause: BaseException) -> TeamViewNotRenderedError:
        return cls(manager.person_id, f"{manager.name}'s team view", manager.person_id, cause)


class WorkerError(Exception):
    """An error raised in a worker process that could not be sent back as itself."""

    def __init__(self, ename: str, evalue: str) -> None:
        self.ename = ename
        self.evalue = evalue
        super().__init__(f"{ename}: {evalue}")

    def __reduce__(self) -> tuple[object, ...]:
        return type(self), (self.ename, self.evalue)


def _portable(cause: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(cause))
    except Exception:
        return WorkerError(type(cause).__name__, str(cause))
    return cause
