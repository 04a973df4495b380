"""The store layer: declared schemas and the CSV files of one data home."""

from .base import Store
from .csv_store import SCHEMA_VERSION, CsvStore
from .schema import Column, Id, Kind, Month, Privacy, Table, column, new_id, table, table_of

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
