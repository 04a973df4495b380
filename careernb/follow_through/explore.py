"""A manager's own analysis: their data as pandas DataFrames in one call, and three worked questions.

``notebooks/10-explore.ipynb`` calls :func:`frames` and shows each question;
``docs/data.md`` shows the same answers from a plain ``pd.read_csv`` (a test
checks both agree). Dates come as datetimes, whole numbers as integers, and
true/false as booleans; text stays exactly as typed.
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
from types import SimpleNamespace

import pandas as pd

from careernb.follow_through import figures
from careernb.store import Kind, Table, table_of


def typed(frame: pd.DataFrame, record_type: type) -> pd.DataFrame:
    """Text cells as a table's types: dates, whole numbers and booleans; empty is missing."""
    table = table_of(record_type)
    out = frame.copy()
    for name in frame.columns:
        kind = table.column(name).kind
        cells = frame[name].where(frame[name] != "")
        if kind is Kind.DATE:
            out[name] = pd.to_datetime(cells, format="%Y-%m-%d")
        elif kind is Kind.TIMESTAMP:
            out[name] = pd.to_datetime(cells, format="ISO8601")
        elif kind is Kind.INT:
            out[name] = pd.to_numeric(cells).astype("Int64")
        elif kind is Kind.BOOL:
            out[name] = cells.str.lower().map({"true": True, "false": False}).astype("boolean")
    return out


def frames(home: str | os.PathLike[str] | None = None) -> SimpleNamespace:
    """Every table of the data home as a typed DataFrame, one attribute per table
    (``people``, ``aspirations``, ``commitments``...), everyone's rows together.

    Private notes sealed under the manager's key come opened once the session is unlocked
    (``careernb.home.unlock``); while it is locked their cells are missing, and a warning says so.
    """
    from careernb.home import open_store
    from careernb.store.bulk import opened_frame

    store = open_store(home, create=False)
    tables = list(store.tables.values())
    data = SimpleNamespace(**{t.name: typed(opened_frame(store, t.record), t.record) for t in tables})
    if any(frame.isna().any().any() for frame in _private_text(data, tables)):
        warnings.warn(
            "Your private notes are locked: their columns are missing (NA) here. Unlock them with "
            "your passphrase, then run this again.",
            stacklevel=2,
        )
    return data


def _private_text(data: SimpleNamespace, tables: list[Table]) -> list[pd.DataFrame]:
    from careernb.store.sealing import sealed_columns

    return [getattr(data, t.name)[[c.name for c in sealed_columns(t)]] for t in tables if sealed_columns(t)]


def _day(today: dt.date | str | None) -> dt.date:
    if today is None:
        return dt.date.today()
    return today if isinstance(today, dt.date) else dt.date.fromisoformat(today)


def directions_over_time(data: SimpleNamespace) -> pd.DataFrame:
    """How many reports wanted to go each way, quarter by quarter (their latest aspiration then)."""
    asp = data.aspirations.sort_values(["recorded", "aspiration_id"], kind="stable")
    if asp.empty:
        return pd.DataFrame()
    asp = asp.assign(quarter=asp["recorded"].dt.to_period("Q").astype(str))
    quarters = pd.period_range(asp["recorded"].min(), asp["recorded"].max(), freq="Q").astype(str)
    # Each quarter, each person's latest direction so far: carry the last one forward.
    latest = (
        asp.groupby(["person_id", "quarter"])
        .tail(1)
        .pivot(index="quarter", columns="person_id", values="direction")
    )
    held = latest.reindex(quarters).ffill()
    counts = held.apply(lambda row: row.replace("", figures.NOT_ASKED).value_counts(), axis=1)
    return counts.fillna(0).astype(int).rename_axis(index="quarter", columns="direction")


def kept_on_time_by_quarter(data: SimpleNamespace, today: dt.date | str | None = None) -> pd.DataFrame:
    """Commitments kept on time by each side (manager, reports) per quarter, up to today."""
    today = _day(today)
    commitments = data.commitments
    if commitments.empty or commitments["due"].isna().all():
        return pd.DataFrame(columns=["quarter", "side", "kept", "due", "share"])
    first = commitments["due"].min().date()
    quarters = pd.period_range(first, today, freq="Q").astype(str).tolist()
    as_text = commitments.assign(
        version=commitments["version"].astype(str),
        due=commitments["due"].dt.strftime("%Y-%m-%d").fillna(""),
        done_on=commitments["done_on"].dt.strftime("%Y-%m-%d").fillna(""),
    )
    kept = figures.kept_on_time(as_text, quarters, today)
    return kept.assign(share=(kept["kept"] / kept["due"]).round(2))


def since_confirmed(data: SimpleNamespace, today: dt.date | str | None = None) -> pd.DataFrame:
    """For each person, their latest aspiration and how many days since they last confirmed it."""
    today = _day(today)
    asp = data.aspirations.sort_values(["recorded", "aspiration_id"], kind="stable")
    latest = asp.groupby("person_id").tail(1).set_index("person_id")
    confirmed = latest["confirmed"].fillna(latest["recorded"])
    names = data.people.set_index("person_id")["name"]
    out = pd.DataFrame(
        {
            "name": names.reindex(latest.index),
            "direction": latest["direction"],
            "confirmed": confirmed,
            "days_since": (pd.Timestamp(today) - confirmed).dt.days,
        }
    )
    return out.sort_values("days_since", ascending=False)
