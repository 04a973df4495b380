"""`forget` removes the files it can attribute to the person by an exact rule, and no others."""

from __future__ import annotations

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
