"""careernb's own errors where a builtin one used to escape: one root, what went wrong as
attributes, and a message that says how to fix it."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest

from careernb.domain.cadence import quarter_bounds
from careernb.domain.contract import Contract
from careernb.errors import (
    BadValueError,
    CareernbError,
    DataHomeError,
    LinkInHomeError,
    NotAgreedError,
    NotRecordedError,
    QuarterError,
    UnknownPersonError,
)
from careernb.follow_through.check_in import log
from careernb.follow_through.review import record
from careernb.ownership.sharing import for_person

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize("bad", ["2026Q5", "Q4 2026", "", 2026, None])
def test_a_bad_quarter_is_a_careernb_error_that_shows_how_to_write_one(bad):
    with pytest.raises(QuarterError) as err:
        quarter_bounds(bad)
    assert isinstance(err.value, CareernbError) and err.value.quarter == bad
    assert "write it like 2026Q4" in str(err.value)


def test_a_person_not_in_a_shared_view_is_an_unknown_person_not_a_key_error(demo):
    shared = for_person(demo, "007")
    with pytest.raises(UnknownPersonError) as err:
        shared.person("019")  # someone else: never in Tomás's view
    assert err.value.person_id == "019" and err.value.shared == ["007", "ada"]
    assert "not in this person view" in str(err.value) and "for_person" in str(err.value)


def test_a_check_in_and_a_review_refuse_with_the_same_error_naming_what_was_not_recorded(demo):
    with pytest.raises(NotRecordedError) as check_in:
        log(demo, "007", note="  ", today=TODAY)
    assert (check_in.value.what, check_in.value.person_id) == ("check-in", "007")
    assert str(check_in.value).startswith("The check-in was not recorded, nothing was changed:")
    with pytest.raises(NotRecordedError) as review:
        record(demo, "031", [], whats_changed="", today=TODAY)  # no agreed contract
    assert (review.value.what, review.value.person_id) == ("review", "031")
    assert str(review.value).startswith("The review was not recorded, nothing was changed:")


def test_agreeing_a_contract_that_goes_nowhere_names_what_blocks():
    from careernb.views.pages.contract.model import ContractModel

    model = ContractModel("007", TODAY)
    model.contract = Contract("007", 1)
    with pytest.raises(NotAgreedError) as err:
        model.agree(TODAY)
    assert err.value.blocking and all(f.blocks for f in err.value.blocking)
    assert "No dated commitment" in str(err.value) and "write why you agree anyway" in str(err.value)
    assert model.contract.agreed is None


@pytest.mark.parametrize(
    "error",
    [
        BadValueError(Path("people/040/commitments.csv"), "'2026/02' is not a date", "Write YYYY-MM-DD.",
                      row=2, column="due", value="2026/02", line=3),
        UnknownPersonError("019", ["007", "ada"]),
        NotRecordedError("check-in", "007", ["a note"]),
        QuarterError("2026Q5"),
        DataHomeError(Path("/nowhere"), "missing", "Create it."),
        LinkInHomeError(Path("/home"), {Path("/home/people/007"): "/elsewhere/007"}),
    ],
    ids=lambda e: type(e).__name__,
)  # fmt: skip
def test_a_careernb_error_crosses_to_another_process_with_its_attributes(error):
    came = pickle.loads(pickle.dumps(error))
    assert type(came) is type(error) and str(came) == str(error) and came.args == error.args
    assert vars(came) == vars(error) and vars(came)
