"""Canaries: a unique marker planted in every cell of a privacy class, to find leaks by."""

from __future__ import annotations

import dataclasses

from careernb import TABLES
from careernb.domain.people import Person
from careernb.store import Kind, Privacy, table_of


def plantable(table, privacies: set[Privacy]) -> list[str]:
    """Text cells, and private ids that nothing refers to (a signal's id, a checklist item, a trigger)."""
    return [
        c.name
        for c in table.columns
        if c.privacy in privacies
        and (
            c.kind is Kind.TEXT
            or (
                c.kind is Kind.ID
                and c.privacy is Privacy.PRIVATE
                and not c.references
                and c.name != "person_id"
            )
        )
    ]


def plant(store, pid: str, tag: str, privacies: set[Privacy]) -> list[str]:
    """A unique canary in every such cell of these privacy classes, in every row of the person's tables."""
    planted: list[str] = []
    for record_type in TABLES:
        table = table_of(record_type)
        cells = plantable(table, privacies)
        if not cells:
            continue
        if not table.per_person:
            if record_type is Person:

                def change(rows, cells=cells):
                    out = []
                    for row in rows:
                        if row.person_id == pid:
                            values = {n: f"CANARY{tag}xpeoplex{n}" for n in cells}
                            planted.extend(values.values())
                            row = dataclasses.replace(row, **values)
                        out.append(row)
                    return out

                store.update(Person, None, change)
            continue

        def change(rows, table=table, cells=cells):
            out = []
            for i, row in enumerate(rows):
                values = {n: f"CANARY{tag}x{table.name}x{n}x{i}" for n in cells}
                planted.extend(values.values())
                out.append(dataclasses.replace(row, **values))
            return out

        store.update(record_type, pid, change)
    return planted
