"""What a quarter hands back: a record per team and one for the whole, each listing the files it
wrote, and each document not rendered an error carrying the person, the manager and the cause."""

from __future__ import annotations

import pickle

import pytest

from careernb.documents.contract import contract_html
from careernb.domain.people import Person
from careernb.errors import BadValueError, CareernbError
from careernb.quarter import (
    ContractNotRenderedError,
    NotRenderedError,
    TeamViewNotRenderedError,
    WorkerError,
    contracts,
    plan_quarter,
    run_quarter,
    summary,
)
from tests.conftest import TODAY


def _break_commitments(store, person_id: str = "040") -> None:
    broken = store.home / "people" / person_id / "commitments.csv"
    broken.write_text(broken.read_text(encoding="utf-8").replace("2026-", "2026/", 1), encoding="utf-8")


def test_a_contract_not_rendered_is_an_error_carrying_the_person_the_manager_and_the_cause(demo):
    raised = []

    def render(store, person_id, version):
        if person_id == "019":
            raised.append(ValueError("the template could not read commitment k0003"))
            raise raised[-1]
        return contract_html(store, person_id, version)

    result = run_quarter(demo, "2026Q4", today=TODAY, render_contract=render)
    (failure,) = result.failures
    assert isinstance(failure, ContractNotRenderedError) and isinstance(failure, CareernbError)
    assert (failure.person_id, failure.name, failure.manager_id) == ("019", "Mei Lin", "ada")
    assert failure.cause is raised[0] and failure.__cause__ is raised[0]
    assert failure.note == "ValueError: the template could not read commitment k0003"
    assert str(failure).startswith("Mei Lin (019) was not rendered: ValueError: the template")
    (line,) = [r for r in result.people if r.person_id == "019"]
    assert line.failure is failure and line.failed and line.file is None and line.note == failure.note
    shown = summary(result).data
    assert "Mei Lin (019): ValueError: the template could not read commitment k0003" in shown


def test_a_team_view_not_rendered_names_the_manager_and_keeps_the_store_error(demo):
    _break_commitments(demo)
    result = run_quarter(demo, "2026Q4", today=TODAY)
    contract, view = result.failures  # as the index lists them: contracts, then team views
    assert isinstance(contract, ContractNotRenderedError) and contract.person_id == "040"
    assert isinstance(view, TeamViewNotRenderedError)
    assert (view.person_id, view.manager_id, view.name) == ("ada", "ada", "Ada Okafor's team view")
    assert isinstance(view.cause, BadValueError) and (view.cause.row, view.cause.column) == (2, "due")
    (team,) = result.teams
    assert team.team_view is None and team.team_view_failure is view and team.failures == [contract, view]


def test_a_failure_in_a_worker_process_comes_back_as_the_same_error(demo, tmp_path, monkeypatch):
    monkeypatch.setattr(contracts, "CHUNK", 3)  # 8 reports: three chunks, so the pool is used
    _break_commitments(demo)
    one = run_quarter(demo, "2026Q4", today=TODAY, out=tmp_path / "one", jobs=1)
    two = run_quarter(demo, "2026Q4", today=TODAY, out=tmp_path / "two", jobs=2)

    def seen(failure: NotRenderedError):
        cause = failure.cause
        where = (str(cause.path), cause.row, cause.column) if isinstance(cause, BadValueError) else None
        return type(failure), failure.person_id, failure.name, failure.manager_id, failure.note, where

    assert [seen(f) for f in two.failures] == [seen(f) for f in one.failures]
    assert seen(two.failures[0])[-1] == (str(demo.home / "people/040/commitments.csv"), 2, "due")


def test_a_cause_that_cannot_leave_its_process_comes_back_as_its_name_and_message():
    class LocalError(Exception):  # a class defined in a function cannot be pickled
        pass

    sent = ContractNotRenderedError("019", "Mei Lin", "ada", LocalError("the template broke"))
    came = pickle.loads(pickle.dumps(sent))
    assert type(came) is ContractNotRenderedError and str(came) == str(sent)
    assert (came.person_id, came.name, came.manager_id, came.note) == ("019", "Mei Lin", "ada", sent.note)
    assert isinstance(came.cause, WorkerError) and came.__cause__ is came.cause
    assert (came.cause.ename, came.cause.evalue) == ("LocalError", "the template broke")


def test_each_team_and_the_whole_list_every_file_they_wrote(demo):
    demo.save(Person("bo", "Bo Lindqvist", None, "Engineering Manager"))
    demo.save(Person("099", "Noor Haddad", "bo", "Engineer"))
    result = run_quarter(demo, "2026Q4", today=TODAY)
    on_disk = {p for p in result.folder.rglob("*") if p.is_file()}
    assert set(result.files()) == on_disk and len(result.files()) == len(on_disk)
    ada, bo = result.managers["ada"], result.managers["bo"]
    assert bo.files() == [result.folder / "team-bo.html"]  # Noor has no contract yet
    assert {*ada.files(), *bo.files(), result.index, result.folder / "result.json"} == on_disk
    assert [r.note for r in bo.people] == ["no agreed contract yet"]
    assert result.people == [*ada.people, *bo.people] and result.team_views == [ada.team_view, bo.team_view]


@pytest.mark.parametrize("given", ["the store", "its folder", "its folder as text"])
def test_the_plan_is_the_same_from_a_store_or_its_folder(demo, tmp_path, given):
    source = {"the store": demo, "its folder": demo.home, "its folder as text": str(demo.home)}[given]
    plan = plan_quarter(source, "2026Q4", out=tmp_path, today=TODAY)
    assert (plan.quarter, plan.folder, plan.as_of) == ("2026Q4", tmp_path / "2026Q4", TODAY)
    assert [m.person_id for m in plan.managers] == ["ada"]
    assert [p.person_id for p in plan.reports] == [p.person_id for p in plan.team("ada")]
    assert len(plan.reports) == 8 and plan.store.home == demo.home
