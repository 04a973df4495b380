"""The organisation's backend: the :class:`~careernb.store.Store` protocol on PostgreSQL.

By concern: :mod:`.connection` (the engine, and whom a store acts for), :mod:`.statements` (the
SQL of one store, built once), :mod:`.checks` (the lock and the checks every write passes), and
:mod:`.store` (the protocol's reading and writing over them). The tables, roles and policies
are declared in :mod:`careernb.store.sql_schema`.
"""

from careernb.store.sql.connection import NotAManagerError, engine_for
from careernb.store.sql.store import SqlStore

__all__ = ["NotAManagerError", "SqlStore", "engine_for"]
