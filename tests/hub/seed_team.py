"""Run as a manager's own Unix user, with $CAREERNB_STORE: write their team through their role.

``demo``: the demo team (seeded into a scratch data home, then saved table by table, as an
import does); ``small``: three people by hand, with ids that cannot collide with the demo's;
``carol``: Carol, a report of alice's, with a contract agreed and sent (its reply token made).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from careernb.demo import seed_demo
from careernb.domain.people import Person
from careernb.home import DATABASE_TABLES, open_store
from careernb.store import table_of


def main(which: str) -> None:
    store = open_store()  # $CAREERNB_STORE: this Unix user's own role, by peer authentication
    if which == "carol":
        carol(store)
        return
    if which == "small":
        store.save(
            Person("bram", "Bram Visser", None, "Engineering Manager"),
            Person("b01", "Noor Haddad", "bram", "Product Designer"),
            Person("b02", "Kofi Mensah", "bram", "Data Engineer"),
        )
        return
    with tempfile.TemporaryDirectory() as scratch:
        demo = open_store(Path(scratch) / "home")
        seed_demo(demo, dt.date.today())
        for record in DATABASE_TABLES:  # saved one table and one person at a time, as the store asks
            people = demo.person_ids() if table_of(record).per_person else [None]
            for pid in people:
                rows = demo.load(record, pid)
                if rows:
                    store.save(*rows)


def carol(store) -> None:
    from careernb.documents.contract import document
    from careernb.domain.contract import Commitment, Contract, Party

    today = dt.date.today()
    store.save(Person("c01", "Carol Diaz", "ada", "Data Analyst", email="carol@example.org"))
    store.save(Contract("c01", 1, agreed=today, sent=today, open_question="Analysis or engineering?"))
    month = today + dt.timedelta(days=30)
    store.save(
        Commitment("c01", 1, "k1", Party.PERSON, "Pair with the platform team on one pipeline", month),
        Commitment("c01", 1, "k2", Party.MANAGER, "Ask Priya whether Carol can join the data guild", month),
    )
    document(store, "c01", 1, reply_on=today)  # sent: the version's reply token is made


if __name__ == "__main__":
    main(sys.argv[1])
