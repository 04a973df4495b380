"""Run as a manager's own Unix user, with $CAREERNB_STORE: write through their role.

``carol``: the contract of Carol (whom the administrator added to alice's team) agreed and sent,
its reply token made.
"""

from __future__ import annotations

import datetime as dt
import sys

from careernb.home import open_store


def main(which: str) -> None:
    store = open_store()  # $CAREERNB_STORE: this Unix user's own role, by peer authentication
    if which == "carol":
        carol(store)
        return
    raise SystemExit(f"no such seed: {which}")


def carol(store) -> None:
    from careernb.documents.contract import document
    from careernb.domain.contract import Commitment, Contract, Party

    today = dt.date.today()
    store.save(Contract("c01", 1, agreed=today, sent=today, open_question="Analysis or engineering?"))
    month = today + dt.timedelta(days=30)
    store.save(
        Commitment("c01", 1, "k1", Party.PERSON, "Pair with the platform team on one pipeline", month),
        Commitment("c01", 1, "k2", Party.MANAGER, "Ask Priya whether Carol can join the data guild", month),
    )
    document(store, "c01", 1, reply_on=today)  # sent: the version's reply token is made


if __name__ == "__main__":
    main(sys.argv[1])
