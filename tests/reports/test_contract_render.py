"""The papermill route: reports/contract.ipynb executed and exported by nbconvert.

It must give the very document contract_html gives in-process, which the
quarterly batch renders without a kernel.
"""

from __future__ import annotations

import email
import email.policy

import icalendar
import pytest

from careernb.cli import main
from careernb.documents.contract import contract_html
from careernb.documents.render import render_contract
from careernb.domain.contract import Contract

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("person_id", "version"), [("007", None), ("040", 2), ("019", None)])
def test_the_papermill_route_and_the_in_process_route_give_the_same_document(demo, person_id, version):
    assert render_contract(person_id, version, demo.home) == contract_html(demo, person_id, version)


def test_an_error_in_the_template_is_a_clear_message_not_a_traceback(demo, capsys):
    assert main(["contract", "031", "--home", str(demo.home)]) == 2
    assert "Amara Nwosu (031) has no development contract yet" in capsys.readouterr().err


def test_careernb_contract_writes_the_html_and_the_eml_then_marks_it_sent(demo, tmp_path, capsys):
    out, eml = tmp_path / "contract.html", tmp_path / "contract.eml"
    assert main(["contract", "007", "--home", str(demo.home), "--out", str(out), "--eml", str(eml)]) == 0
    said = capsys.readouterr().out
    assert f"Wrote version 4 of the development contract to {out}" in said
    assert "within 48 hours of agreeing it" in said
    html = out.read_text(encoding="utf-8")
    assert html == contract_html(demo, "007")  # already sent: the document shows the day recorded
    msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert msg["To"].addresses[0].addr_spec == "tomas@example.org"

    assert main(["contract", "007", "--home", str(demo.home), "--mark-sent", "--sent-on", "2026-10-16"]) == 0
    assert "within 48 hours of agreeing it" in capsys.readouterr().out
    latest = max(demo.load(Contract, "007"), key=lambda c: c.version)
    assert latest.sent.isoformat() == "2026-10-16"


def test_a_promise_of_an_outcome_is_not_sent_without_the_managers_reason(demo, tmp_path, capsys):
    eml = tmp_path / "contract.eml"
    before = max(demo.load(Contract, "040"), key=lambda c: c.version)
    for command in (["--eml", str(eml)], ["--mark-sent", "--sent-on", "2026-10-24"]):
        assert main(["contract", "040", "--home", str(demo.home), *command]) == 2
        err = capsys.readouterr().err
        assert "“Get you promoted to Staff Engineer in the spring calibration” promises an outcome" in err
        assert "Nothing was changed." in err
    assert not eml.exists() and max(demo.load(Contract, "040"), key=lambda c: c.version) == before

    reason = "Kwame asked for it in these words; the committee has confirmed the date"
    command = ["--eml", str(eml), "--mark-sent", "--sent-on", "2026-10-24", "--reason", reason]
    assert main(["contract", "040", "--home", str(demo.home), *command]) == 0
    latest = max(demo.load(Contract, "040"), key=lambda c: c.version)
    assert (latest.sent.isoformat(), latest.override_reason) == ("2026-10-24", reason)
    assert reason.encode() not in eml.read_bytes()  # the reason is the manager's alone
    assert main(["contract", "040", "--home", str(demo.home), "--reason", reason]) == 2
    assert "--reason goes with --mark-sent" in capsys.readouterr().err


def test_careernb_contract_defaults_to_a_file_in_the_data_home(demo, capsys):
    assert main(["contract", "007", "--home", str(demo.home)]) == 0
    path = demo.home / "reports" / "contracts" / "contract-007-v4.html"
    assert path.read_text(encoding="utf-8") == contract_html(demo, "007")
    assert (path.parent.stat().st_mode & 0o777, path.stat().st_mode & 0o777) == (0o700, 0o600)
    assert "can be read by other users" not in capsys.readouterr().err


def test_careernb_calendar_writes_an_ics_that_parses(demo, tmp_path, capsys):
    out = tmp_path / "follow-through.ics"
    assert main(["calendar", "--home", str(demo.home), "--person", "019", "--out", str(out)]) == 0
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert events and all(str(e["UID"]).split("-")[1] == "019" for e in events)
    assert "importing a newer file updates the same events" in capsys.readouterr().out


def test_a_person_id_papermill_read_as_a_number_is_named_with_the_fix(demo):
    from careernb.documents.contract import show
    from careernb.errors import CareernbError

    with pytest.raises(CareernbError, match="-r person_id 007"):
        show(7, None, str(demo.home))


def test_templates_come_from_the_repository_else_from_the_install(tmp_path, monkeypatch):
    from careernb.documents import render
    from careernb.errors import CareernbError

    repo, installed = tmp_path / "repo-reports", tmp_path / "share" / "careernb" / "reports"
    installed.mkdir(parents=True)
    (installed / "contract.ipynb").write_text("{}")
    monkeypatch.setattr(render, "REPO_REPORTS", repo)
    monkeypatch.setattr(render, "INSTALLED_REPORTS", installed)
    assert render.template_path("contract.ipynb") == installed / "contract.ipynb"
    repo.mkdir()
    (repo / "contract.ipynb").write_text("{}")
    assert render.template_path("contract.ipynb") == repo / "contract.ipynb"
    with pytest.raises(CareernbError, match="quarterly.ipynb is in none of"):
        render.template_path("quarterly.ipynb")
