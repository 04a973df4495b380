"""`forget` removes the files it can attribute to the person by an exact rule, and no others."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from careernb.cli import main
from careernb.domain import current
from careernb.domain.people import Person
from careernb.ownership.forget import forget, plan


def _write(path, text="x"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _two_managers(demo):
    demo.save(Person("m2", "Grace Hopper", None, "Manager"))
    demo.save(Person("contract", "Okafor", "m2", "Engineer"))  # an id and a name that caught others
    demo.save(Person("a", "Al", "m2", "Engineer"))
    demo.save(Person("a-b", "Al B", "m2", "Engineer"))


def test_an_id_that_is_a_word_of_other_file_names_removes_only_its_own(demo):
    _two_managers(demo)
    home = demo.home
    others = [
        _write(home / "reports" / "contracts" / "contract-019-v1.html", "<h1>Mei Lin</h1>"),
        _write(home / "reports" / "contracts" / "contract-019-v1.eml"),
        _write(home / "reports" / "2026Q4" / "contracts" / "019.html"),
        _write(home / "reports" / "2026Q4" / "team-ada.html", "<td>Ada Okafor</td>"),
        _write(home / "reports" / "2026Q4" / "index.html", "Ada Okafor's team"),
    ]
    own = [
        _write(home / "reports" / "contracts" / "contract-contract-v2.html"),
        _write(home / "reports" / "contracts" / "contract-contract-v2.eml"),
    ]
    done = forget(demo, "contract")
    assert all(p.exists() for p in others), [p for p in others if not p.exists()]
    assert not any(p.exists() for p in own)
    assert set(own) <= set(done.files)


def test_a_name_inside_another_name_removes_nobody_elses_reports(demo):
    _two_managers(demo)
    team = _write(demo.home / "reports" / "2026Q4" / "team-ada.html", "<td>Ada Okafor</td>")
    found = plan(demo, "contract")
    assert team not in found.files + found.stale_reports
    assert team in found.mentioned  # named, shown to the manager, but not theirs to delete


def test_ids_with_a_dash_are_told_apart_exactly(demo):
    _two_managers(demo)
    home = demo.home
    mine = [
        _write(home / "reports" / "contracts" / "contract-a-v1.html"),
        _write(home / "outbox" / "a-advance-prompt-2026-12-01.eml"),
        _write(home / "reports" / "2026Q4" / "contracts" / "a.html"),
    ]
    theirs = [
        _write(home / "reports" / "contracts" / "contract-a-b-v1.html"),
        _write(home / "outbox" / "a-b-advance-prompt-2026-12-01.eml"),
        _write(home / "reports" / "2026Q4" / "contracts" / "a-b.html"),
        _write(home / "reports" / "a.html"),  # not a name careernb gives a report
    ]
    team = _write(home / "reports" / "2026Q4" / "team-m2.html", "<td>Al</td>")
    done = forget(demo, "a")
    assert not any(p.exists() for p in mine)
    assert all(p.exists() for p in theirs)
    assert done.stale_reports == [team] and not team.exists()  # their manager's team view of the quarter


def _run_forget(store, person_id, capsys) -> str:
    assert main(["forget", person_id, "--yes", "--home", str(store.home)]) == 0
    return capsys.readouterr().out


def test_forgetting_the_person_last_chosen_leaves_a_home_that_checks(demo, capsys):
    current.choose(demo, "040")
    out = _run_forget(demo, "040", capsys)
    assert "people.csv and current.csv" in out
    assert current.chosen(demo) is None
    assert main(["check", "--home", str(demo.home)]) == 0, capsys.readouterr().err


def test_forgetting_someone_else_keeps_the_person_last_chosen(demo, capsys):
    current.choose(demo, "040")
    assert "current.csv" not in _run_forget(demo, "012", capsys)
    assert current.chosen(demo) == "040"


@pytest.mark.parametrize(
    ("files", "said"),
    [
        ([], "Forgot Bo Ek (bo): removed their row in people.csv.\n"),
        (
            ["reports/contracts/contract-bo-v1.html"],
            "Forgot Bo Ek (bo): removed their row in people.csv, and these files:\n"
            "  {home}/reports/contracts/contract-bo-v1.html\n",
        ),
    ],
)
def test_forget_says_all_it_removed_in_a_whole_sentence(demo, capsys, files, said):
    demo.save(Person("bo", "Bo Ek", "ada", "Engineer"))  # nothing of theirs in a table yet
    for name in files:
        _write(demo.home / name)
    assert _run_forget(demo, "bo", capsys) == said.format(home=demo.home)


@pytest.mark.parametrize(
    ("text", "names_her"),
    [
        ("<td>Ann Lee</td>", True),
        ("Ann Lee's contract", True),
        ("<td>Ann Lee</td>\n<td>Ann Leeds</td>", True),
        ("<td>Ann Leeds</td>", False),  # another person whose name holds hers
        ("<td>JoAnn Lee</td>", False),
        ("<td>Ann Lee-Smith</td>", True),  # a hyphen ends a name as a space does
    ],
)
def test_a_file_is_listed_as_naming_a_person_only_by_their_whole_name(demo, text, names_her):
    demo.save(Person("ann", "Ann Lee", "ada", "Engineer"))
    demo.save(Person("anna", "Ann Leeds", "ada", "Engineer"))
    view = _write(demo.home / "reports" / "team-view.html", text)
    assert (view in plan(demo, "ann").mentioned) is names_her


def test_forget_walks_the_reports_and_the_outbox_once(demo, monkeypatch, capsys):
    _write(demo.home / "reports" / "contracts" / "contract-012-v1.html")
    _write(demo.home / "outbox" / "012-advance-prompt-unbooked.eml")
    walked: list[Path] = []
    rglob = Path.rglob

    def counted(self, pattern):
        walked.append(self)
        return rglob(self, pattern)

    monkeypatch.setattr(Path, "rglob", counted)
    _run_forget(demo, "012", capsys)
    assert walked.count(demo.home / "reports") == 1
    assert walked.count(demo.home / "outbox") == 1


def _tree(home: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file() and ".locks" not in p.parts}


def test_a_folder_careernb_may_not_delete_from_is_refused_before_anything_is_removed(
    demo, monkeypatch, capsys
):
    reports = _write(demo.home / "reports" / "contracts" / "contract-040-v1.html").parent
    before = _tree(demo.home)
    real = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != reports and real(path, mode))
    assert main(["forget", "040", "--yes", "--home", str(demo.home)]) == 2
    err = capsys.readouterr().err
    assert f"careernb may not delete files in {reports} (permission denied)" in err
    assert "Nothing was removed." in err and "Traceback" not in err
    assert _tree(demo.home) == before


def test_forget_stopped_part_way_says_what_is_left_and_a_second_run_finishes(demo, monkeypatch, capsys):
    stuck = _write(demo.home / "reports" / "contracts" / "contract-040-v1.html")
    real = Path.unlink

    def refused(path, missing_ok=False):
        if path == stuck:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refused)
    assert main(["forget", "040", "--yes", "--home", str(demo.home)]) == 2
    err = capsys.readouterr().err
    assert f"{stuck}: it could not be removed (permission denied), so forgetting" in err
    assert "run `careernb forget 040` again" in err and "Traceback" not in err
    assert "040" in demo.person_ids() and stuck.exists()
    monkeypatch.setattr(Path, "unlink", real)
    _run_forget(demo, "040", capsys)
    assert "040" not in demo.person_ids() and not stuck.exists()
    assert main(["check", "--home", str(demo.home)]) == 0, capsys.readouterr().err
