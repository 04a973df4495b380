"""Hypothesis strategies derived from the declared schemas, so every table is covered."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from careernb.store import Kind, Table
from careernb.store.schema import _ID_RE, is_valid_id

# Everything a person may type: any unicode but lone surrogates (not encodable as UTF-8).
typed_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)
tricky_text = st.sampled_from(
    [
        "",
        " ",
        "007",
        "a, b, c",
        'she said "no"',
        "line one\nline two\r\nline three\rend",
        "tab\there",
        "🚀🙂 👩🏽‍💻",
        "مرحبا بالعالم",  # right-to-left
        "=SUM(A1:A2)",
        "NA",
        "None",
        "null",
        "nan",
        "\n",
        '"',
        "x" * 10_000,
    ]
)
any_text = st.one_of(tricky_text, typed_text)


def cell_strategy(col, references: dict[str, st.SearchStrategy]) -> st.SearchStrategy:
    if col.references:
        base = references[col.references]
    elif col.kind is Kind.ID:
        base = st.from_regex(_ID_RE, fullmatch=True).filter(is_valid_id)
    elif col.kind is Kind.TEXT:
        base = any_text.filter(lambda s: s.strip()) if col.nonempty else any_text
    elif col.kind is Kind.DATE:
        base = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))
    elif col.kind is Kind.TIMESTAMP:
        base = st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9999, 12, 31)).map(
            lambda d: d.replace(microsecond=0)
        )
    elif col.kind is Kind.MONTH:
        base = st.dates(min_value=dt.date(1000, 1, 1)).map(lambda d: d.strftime("%Y-%m"))
    elif col.kind is Kind.TIME:
        base = st.times().map(lambda t: t.replace(second=0, microsecond=0))
    elif col.kind is Kind.INT:
        base = st.integers(-(10**11), 10**11)
    elif col.kind is Kind.BOOL:
        base = st.booleans()
    else:
        base = st.sampled_from(list(col.enum_type))
    return st.one_of(st.none(), base) if col.optional else base


def records(table: Table, references: dict[str, st.SearchStrategy], **fixed) -> st.SearchStrategy:
    fields = {
        c.name: st.just(fixed[c.name]) if c.name in fixed else cell_strategy(c, references)
        for c in table.columns
    }
    return st.fixed_dictionaries(fields).map(lambda kw: table.record(**kw))


def tables_rows(table: Table, references, **fixed) -> st.SearchStrategy:
    return st.lists(
        records(table, references, **fixed),
        max_size=6,
        unique_by=lambda r: tuple(str(k).casefold() for k in table.key_of(r)),
    )
