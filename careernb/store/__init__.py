"""The store layer: declared schemas and the CSV files of one data home."""

from careernb.store.base import Store
from careernb.store.csv_store import SCHEMA_VERSION, CsvStore
from careernb.store.schema import Column, Id, Kind, Month, Privacy, Table, column, new_id, table, table_of

__all__ = [
    "SCHEMA_VERSION",
    "Column",
    "CsvStore",
    "Id",
    "Kind",
    "Month",
    "Privacy",
    "Store",
    "Table",
    "column",
    "new_id",
    "table",
    "table_of",
]
