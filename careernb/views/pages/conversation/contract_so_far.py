"""The end of "How do we close the gap?": the development contract.

The contract builder is embedded; should it fail to open, the error is shown
with the commitments captured so far, and the conversation stays usable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as w

from careernb.domain.contract import (
    Commitment,
    Contract,
    Party,
    ReviewPoint,
    current,
    in_order,
    in_sentence,
    of_version,
)
from careernb.domain.dates import human_month
from careernb.store import Store
from careernb.views.kit import style
from careernb.views.kit.errors import ErrorPanel
from careernb.views.kit.frame import day
from careernb.views.kit.markup import css, esc
from careernb.views.kit.parameters import Today


def development_contract(
    store: Store,
    person_id: str,
    conversation_id: str | None,
    today: Today | dt.date | None = None,
    *,
    on_edit: Callable[[], None] | None = None,
) -> w.Widget:
    """The contract builder for this conversation's version of the person's contract;
    ``on_edit`` is called on each change the manager makes in it."""
    try:
        from careernb.views.pages.contract.view import contract_builder

        return contract_builder(store, person_id, conversation_id, today=today, on_edit=on_edit)
    except Exception as exc:  # the conversation stays usable; the problem is shown, not hidden
        errors = ErrorPanel()
        errors.show(exc)
        return w.VBox([errors, commitments_so_far(store, person_id)])


def commitments_so_far(store: Store, person_id: str) -> w.HTML:
    contract = current(store.load(Contract, person_id))
    if contract is None:
        return css(w.HTML("<i>No development contract yet.</i>"), "careernb-contract-so-far")
    rows = in_order(of_version(store.load(Commitment, person_id), contract.version))
    points = of_version(store.load(ReviewPoint, person_id), contract.version)

    def items(party: Party) -> str:
        lines = [
            f"<li>{esc(c.action)}{f' by {day(c.due)}' if c.due else ''} "
            f"<span style='color:{style.GREY}'>({esc(c.status.value)})</span></li>"
            for c in rows
            if c.party is party
        ]
        return f"<ul>{''.join(lines)}</ul>" if lines else "<p><i>None yet.</i></p>"

    state = f"agreed {day(contract.agreed)}" if contract.agreed else "draft"
    review = "".join(
        f"<li>In {human_month(p.month)}, we will check in on {esc(in_sentence(p.aspect))}</li>"
        for p in points
    )
    return css(
        w.HTML(
            f"<div><b>Version {contract.version}</b> · {state}</div>"
            f"<h3 style='font-size:1em;margin:8px 0 2px'>Manager's commitments:</h3>{items(Party.MANAGER)}"
            f"<h3 style='font-size:1em;margin:8px 0 2px'>Their commitments:</h3>{items(Party.PERSON)}"
            f"<h3 style='font-size:1em;margin:8px 0 2px'>What we will review:</h3><ul>{review}</ul>"
            f"<h3 style='font-size:1em;margin:8px 0 2px'>The open question we are sitting with:</h3>"
            f"<p>{esc(contract.open_question) or '<i>None yet.</i>'}</p>"
        ),
        "careernb-contract-so-far",
    )
