"""The quarter in one command: every contract, the team-wide view, the index."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest

from careernb.cli import main
from careernb.documents.contract import contract_html
from careernb.domain.contract import Contract, latest_agreed
from careernb.domain.people import Person, team_of
from careernb.quarter import contracts, progress_to_file, read_progress, run_quarter
from tests.conftest import TODAY


def reports_with_a_contract(store) -> list[str]:
    return [
        p.person_id
        for p in team_of(store.load(Person), "ada")
        if latest_agreed(store.load(Contract, p.person_id)) is not None
    ]


def test_the_quarter_holds_every_contract_the_team_view_and_an_index_linking_them(demo):
    result = run_quarter(demo.home, "2026Q4", today=TODAY)
    folder = demo.home / "reports" / "2026Q4"
    assert result.folder == folder and result.ok
    expected = reports_with_a_contract(demo)
    assert len(expected) == 7  # everyone but Amara, who joined three weeks ago
    assert sorted(r.person_id for r in result.contracts) == sorted(expected)
    for pid in expected:
        assert (folder / "contracts" / f"{pid}.html").is_file()
    team_view = (folder / "team-ada.html").read_text(encoding="utf-8")
    assert "Where each report wants to go" in team_view and "Tomás Herrera" in team_view
    index = (folder / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="([^"]+)"', index))
    assert {f"contracts/{pid}.html" for pid in expected} | {"team-ada.html"} <= links
    assert "Amara Nwosu" in index and "no agreed contract yet" in index
    # Each row is headed by its person, and each link says whose contract it is, read alone.
    assert '<th scope="row" class="typed">Tomás Herrera</th>' in index
    assert re.search(r'<a href="contracts/\w+\.html" aria-label="Tomás Herrera: version \d+">', index)
    for path in result.files():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_each_contract_is_the_very_document_careernb_contract_writes(demo, tmp_path, capsys):
    result = run_quarter(demo.home, "2026Q4", today=TODAY)
    for r in result.contracts:
        version = int(r.note.removeprefix("version "))
        assert (result.folder / r.file).read_text(encoding="utf-8") == contract_html(
            demo, r.person_id, version
        )
    # and through the command line, which renders it with papermill
    out = tmp_path / "007.html"
    assert main(["contract", "007", "--home", str(demo.home), "--out", str(out)]) == 0
    assert out.read_bytes() == (result.folder / "contracts" / "007.html").read_bytes()


def test_one_persons_failure_is_reported_and_does_not_stop_the_others(demo):
    def render(store, person_id, version):
        if person_id == "019":
            raise ValueError("the template could not read commitment k0003")
        return contract_html(store, person_id, version)

    result = run_quarter(demo.home, "2026Q4", today=TODAY, render_contract=render)
    assert not result.ok
    (failed,) = result.failures
    assert (failed.person_id, failed.name) == ("019", "Mei Lin")
    assert "the template could not read commitment k0003" in failed.note
    assert len(result.contracts) == len(reports_with_a_contract(demo)) - 1
    assert not (result.folder / "contracts" / "019.html").exists()
    index = result.index.read_text(encoding="utf-8")
    assert "Mei Lin" in index and "the template could not read commitment k0003" in index
    summary = json.loads((result.folder / "result.json").read_text())
    assert summary["failures"] == [{"person_id": "019", "name": "Mei Lin", "reason": failed.note}]


def test_worker_processes_write_the_same_files_as_one_process(demo, tmp_path, monkeypatch):
    monkeypatch.setattr(contracts, "CHUNK", 3)  # 8 reports: three chunks, so the pool is used
    seen = []
    one = run_quarter(demo.home, "2026Q4", today=TODAY, out=tmp_path / "one", jobs=1)
    two = run_quarter(
        demo.home,
        "2026Q4",
        today=TODAY,
        out=tmp_path / "two",
        jobs=2,
        progress=lambda d, t: seen.append((d, t)),
    )

    def files(result):
        return {p.relative_to(result.folder): p.read_bytes() for p in result.folder.rglob("*.html")}

    assert files(one) == files(two)
    assert seen[0] == (0, 8) and seen[-1] == (8, 8) and len(seen) == 4


def test_one_managers_team_only(demo):
    demo.save(Person("bo", "Bo Lindqvist", None, "Engineering Manager"))
    demo.save(Person("099", "Noor Haddad", "bo", "Engineer"))
    result = run_quarter(demo.home, "2026Q4", today=TODAY, manager_id="bo")
    assert [r.person_id for r in result.people] == ["099"]
    assert [p.name for p in result.team_views] == ["team-bo.html"]
    with pytest.raises(Exception, match="no manager 'nobody'"):
        run_quarter(demo.home, "2026Q4", manager_id="nobody")


def test_progress_is_written_where_another_process_can_read_it(tmp_path):
    report = progress_to_file(tmp_path / "progress")
    assert read_progress(tmp_path / "progress") is None
    report(3, 8)
    assert read_progress(tmp_path / "progress") == (3, 8)


def test_careernb_quarterly_renders_in_this_process_and_exits_0(demo, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["quarterly", "--home", str(demo.home), "--quarter", "2026Q4", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "7 contracts and 1 team view:" in captured.out
    assert "contracts" in captured.err and "8/8" in captured.err  # the progress bar
    assert (out / "2026Q4" / "index.html").is_file()
    assert "Kernel" not in captured.err  # no kernel was started, so no warning about one
    assert not list(Path(__file__).parents[2].joinpath("reports").glob("2026Q4"))


def test_careernb_quarterly_names_the_person_that_failed_and_exits_1(demo, tmp_path, capsys):
    broken = demo.home / "people" / "040" / "commitments.csv"
    broken.write_text(broken.read_text(encoding="utf-8").replace("2026-", "2026/", 1), encoding="utf-8")
    code = main(["quarterly", "--home", str(demo.home), "--quarter", "2026Q4", "--out", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 1
    assert "failed: Kwame Mensah (040)" in captured.err
    assert "commitments.csv, row 2, column 'due'" in captured.err  # the reason names file, row, column
    assert "failed: Ada Okafor's team view (ada)" in captured.err
    assert "6 contracts and 0 team views" in captured.out
    index = (tmp_path / "2026Q4" / "index.html").read_text(encoding="utf-8")
    assert "team-ada.html" not in index and "The team-wide view was not rendered" in index


def test_a_malformed_quarter_is_refused_before_anything_is_written(demo, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["quarterly", "--home", str(demo.home), "--quarter", "2026-Q4", "--out", str(out)])
    assert code == 2
    assert "2026-Q4" in capsys.readouterr().err
    assert not out.exists()


def test_the_quarter_anywhere_runs_a_data_home_and_one_manager_of_a_database_at_a_time(
    demo, tmp_path, monkeypatch
):
    from careernb.quarter import OneManagerError, run_anywhere

    monkeypatch.delenv("CAREERNB_STORE", raising=False)
    result = run_anywhere(demo.home, "2026Q4", today=TODAY, manager_id="ada")
    assert result.folder == demo.home / "reports" / "2026Q4" and len(result.contracts) == 7
    assert result.publication is None  # a data home belongs to no organisation
    url = "postgresql+psycopg://nobody@/careernb?host=/nonexistent"
    with pytest.raises(OneManagerError, match="leave out manager_id"):  # said before connecting
        run_anywhere(url, "2026Q4", manager_id="ada", out=tmp_path)
    monkeypatch.setenv("CAREERNB_STORE", url)
    with pytest.raises(OneManagerError, match="leave out manager_id"):
        run_anywhere(None, "2026Q4", manager_id="ada")
