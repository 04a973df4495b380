"""The quarter wherever the data is: a data home, a manager's role on the organisation's
database, or the organisation's batch role."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from careernb.errors import CareernbError
from careernb.home import TABLES, is_database, resolve_home, resolve_store
from careernb.quarter.contracts import RenderContract
from careernb.quarter.data_home import run_quarter
from careernb.quarter.plan import DataHome
from careernb.quarter.progress import Progress
from careernb.quarter.results import QuarterResult
from careernb.store import Store

if TYPE_CHECKING:
    from careernb.documents.organisation_view import ManagerPractice
    from careernb.store.sql import SqlStore


class OneManagerError(CareernbError):
    def __init__(self, options: list[str]) -> None:
        self.options = options
        super().__init__(
            f"on an organisation's database each manager runs their own quarter, as their own role: "
            f"leave out {', '.join(options)}"
        )


def run_store(
    store: Store,
    quarter: str | None = None,
    *,
    out: DataHome | None = None,
    today: dt.date | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    manager_id: str | None = None,
    render_contract: RenderContract | None = None,
) -> QuarterResult:
    """The quarter of an open store: a data home's (every manager's, or ``manager_id``'s), or, on
    the organisation's database, the quarter of the manager the store acts for, which publishes
    their practice figures."""
    if store.scope.writer is None:
        return run_quarter(
            store, quarter, manager_id=manager_id, out=out, jobs=jobs, progress=progress, today=today,
            render_contract=render_contract,
        )  # fmt: skip
    if manager_id is not None and manager_id != store.scope.manager_id:
        raise OneManagerError(["manager_id"])
    from careernb.quarter.manager import run_managers_quarter  # the organisation's extra

    return run_managers_quarter(
        _database(store), quarter, out=out, today=today, progress=progress, render_contract=render_contract
    )


def _database(store: Store) -> SqlStore:
    from careernb.store.sql import SqlStore

    if not isinstance(store, SqlStore):
        raise TypeError(f"a manager's quarter publishes through their database store, not {store!r}")
    return store


def published_for(store: Store, quarter: str) -> tuple[ManagerPractice, int] | None:
    """What the organisation has of the store's manager for the quarter, and the smallest group
    a distribution counts; None for a data home, which belongs to no organisation."""
    if store.scope.writer is None:
        return None
    from careernb.quarter import published  # the organisation's extra

    engine = _database(store).engine
    return published.own(engine, quarter), published.min_group_size(engine)


def run_anywhere(
    home: DataHome | None = None,
    quarter: str | None = None,
    *,
    out: DataHome | None = None,
    today: dt.date | None = None,
    jobs: int = 1,
    **data_home: Any,
) -> QuarterResult:
    """The quarter wherever the data is: a data home (``home``, ``$CAREERNB_HOME``, where
    ``data_home`` may add :func:`run_quarter`'s other options); or a database URL (``home`` or
    ``$CAREERNB_STORE``): as a manager's role, their own quarter, their figures published; as the
    batch role, the organisation view into ``out``."""
    location = resolve_store(str(home) if is_database(home) else None, None if is_database(home) else home)
    if not is_database(location):
        return run_quarter(resolve_home(home), quarter, out=out, today=today, jobs=jobs, **data_home)
    if data_home.get("manager_id") is not None:
        raise OneManagerError(["manager_id"])
    from careernb.quarter import organisation, published  # the organisation's extra
    from careernb.store.sql import SqlStore, engine_for

    engine = engine_for(str(location))
    try:
        if published.is_batch(engine):
            if out is None:
                raise CareernbError(
                    "the organisation's quarter needs a folder to write to (out): a database has none"
                )
            return organisation.run(str(location), out, quarter, today=today)
        store = SqlStore(engine, TABLES)
        return run_store(store, quarter, out=out, today=today, progress=data_home.get("progress"))
    finally:
        engine.dispose()
