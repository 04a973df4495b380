"""The store layer: declared schemas and the CSV files of one data home."""

from careernb.store.base import DATA_HOME, Scope, Store
from careernb.store.csv_store import CsvStore
from careernb.store.home_meta import SCHEMA_VERSION
from careernb.store.schema import Column, Id, Kind, Month, Privacy, Table, column, new_id, table, table_of

__all__ = [
    "DATA_HOME",
    "SCHEMA_VERSION",
    "Column",
    "CsvStore",
    "Id",
    "Kind",
    "Month",
    "Privacy",
    "Scope",
    "Store",
    "Table",
    "column",
    "new_id",
    "table",
    "table_of",
]
