"""The manager's data, the person's rights, and a safe handover: each promise tested."""

from __future__ import annotations

import csv
import dataclasses
import os
import stat
import subprocess
import sys

import pytest

from careernb import errors, open_store
from careernb.cli import COMMANDS
from careernb.documents.person_copy import export_person
from careernb.domain.aspirations import Aspiration
from careernb.domain.contract import Commitment, Contract, ReviewPoint
from careernb.domain.conversations import Answer
from careernb.domain.people import Person
from careernb.domain.signals import Signal, SignalKind
from careernb.ownership.backup import backup, restore
from careernb.ownership.exports import EXPORT_MODULES, NOT_EXPORTS, all_exports, spreadsheet_safe
from careernb.ownership.forget import forget
from careernb.ownership.handover import import_pack, write_pack
from careernb.store import Privacy, table_of
from tests.canaries import plant
from tests.conftest import TODAY


@pytest.fixture
def planted(demo):
    for pid in ("007", "019"):  # an answer marked "share" is meant to travel
        demo.update(Answer, pid, lambda rows: [dataclasses.replace(r, share=False) for r in rows])
    never = plant(demo, "007", "PRIVATE", {Privacy.PRIVATE})
    never += plant(demo, "019", "OTHERPRIVATE", {Privacy.PRIVATE})
    theirs = plant(demo, "019", "OTHER", {Privacy.PERSON})
    team_level = plant(demo, "019", "OTHERTEAM", {Privacy.TEAM})
    team_level.append(next(p.name for p in demo.load(Person) if p.person_id == "019"))
    return demo, {"never": never, "019's own": theirs, "team": team_level}


def forbidden_in(canaries: dict[str, list[str]], reader: str | None) -> list[str]:
    """What a file read by this person (None: the manager's team view) must not hold."""
    if reader is None:  # the team view shows team-level cells, nothing a person shared
        return canaries["never"] + canaries["019's own"]
    if reader == "019":
        return canaries["never"]
    return canaries["never"] + canaries["019's own"] + canaries["team"]


def _all_text(paths) -> str:
    out = []
    for path in paths:
        out.append(path.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(out)


EXPORTS = all_exports()


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_no_export_carries_a_private_cell_or_another_persons_data(planted, tmp_path, name):
    store, canaries = planted
    spec = EXPORTS[name]
    reader = "007" if spec.per_person else None
    written = [p for p in spec.run(store, reader, tmp_path / name) if p.is_file()]
    assert written, f"{name} wrote nothing"
    readers = {p: spec.shared_with(p) if spec.shared_with else reader for p in written}
    if spec.shared_with:  # a batch of documents: check it holds some for each person planted
        assert {"007", "019"} <= set(readers.values()), f"{name}: {sorted(map(str, readers))}"
    for path, reader in readers.items():
        text = _all_text([path])
        leaked = [c for c in forbidden_in(canaries, reader) if c in text]
        assert leaked == [], f"{name}: {path.name} (for {reader or 'the manager'}) leaked {leaked[:5]}"
        # Private cells that are not free text: the signals noticed about the person.
        assert SignalKind.APPROACHED.value not in text


def test_every_careernb_command_is_either_a_registered_export_or_declared_not_one():
    commands = {name for name, *_ in COMMANDS}
    unclassified = commands - set(EXPORTS) - set(NOT_EXPORTS)
    assert not unclassified, f"classify these commands in careernb/exports.py: {sorted(unclassified)}"


def test_every_module_that_registers_an_export_is_walked_by_the_canary_test():
    from pathlib import Path

    import careernb

    package = Path(careernb.__file__).parent
    registering = {
        "careernb." + ".".join(p.relative_to(package).with_suffix("").parts)
        for p in package.rglob("*.py")
        if "@register(" in p.read_text(encoding="utf-8")
    }
    assert registering == set(EXPORT_MODULES)


def test_the_persons_copy_holds_their_contracts_and_shared_answers_only(demo, tmp_path):
    conv = demo.load(Answer, "019")[0].conversation_id
    demo.save(Answer("019", conv, "now.draining", "MY OWN WORDS, shared", share=True))
    demo.save(Answer("019", conv, "now.energising", "NOT SHARED", share=False))
    written = export_person(demo, "019", tmp_path / "copy", today=TODAY)
    html = (tmp_path / "copy" / "index.html").read_text()
    assert "Mei Lin" in html and "Your manager's commitments" in html
    assert "MY OWN WORDS, shared" in html and "NOT SHARED" not in html
    assert {p.name for p in written} >= {"index.html", "contracts.csv", "commitments.csv", "aspirations.csv"}
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)


def test_the_persons_copy_neutralises_spreadsheet_formulas_but_the_store_keeps_raw_text(demo, tmp_path):
    demo.update(
        Commitment,
        "019",
        lambda rows: [dataclasses.replace(rows[0], action='=HYPERLINK("http://x")'), *rows[1:]],
    )
    export_person(demo, "019", tmp_path / "copy", today=TODAY)
    csv_text = (tmp_path / "copy" / "commitments.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    assert demo.load(Commitment, "019")[0].action == '=HYPERLINK("http://x")'


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM", "'@SUM"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        ("", ""),
        ("007", "007"),
    ],
)
def test_spreadsheet_safe(cell, safe):
    assert spreadsheet_safe(cell) == safe


def _every_file_text(home) -> str:
    return _all_text(p for p in home.rglob("*") if p.is_file())


def test_forgetting_a_person_leaves_no_trace_of_their_id_or_name(demo):
    from careernb.domain.conversations import Conversation, ConversationKind

    demo.save(Person("zq-forget-me", "Zebulon Quartermaine", "ada", "Engineer", "zeb@example.org"))
    demo.save(Conversation("zq-c1", "zq-forget-me", ConversationKind.NOW, TODAY, held=TODAY, minutes=60))
    demo.save(Answer("zq-forget-me", "zq-c1", "now.draining", "Zebulon's own words"))
    reports = demo.home / "reports" / "2026Q4"
    (reports / "contracts").mkdir(parents=True)  # the names careernb gives what it renders
    (reports / "contracts" / "zq-forget-me.html").write_text("<h1>Zebulon Quartermaine</h1>")
    (reports / "team-ada.html").write_text("<td>Zebulon Quartermaine</td><td>Mei Lin</td>")
    (reports / "contracts" / "019.html").write_text("<h1>Mei Lin</h1>")
    assert "Zebulon" in _every_file_text(demo.home)

    done = forget(demo, "zq-forget-me")

    everything = _every_file_text(demo.home) + "\n".join(str(p) for p in demo.home.rglob("*"))
    assert (
        "zq-forget-me" not in everything and "Zebulon" not in everything and "Quartermaine" not in everything
    )
    assert (reports / "contracts" / "019.html").exists()  # other people's reports stay
    assert reports / "team-ada.html" in done.stale_reports
    demo.check()


def test_forgetting_a_manager_of_others_is_refused_until_they_have_a_new_manager(demo):
    before = _every_file_text(demo.home)
    with pytest.raises(errors.CareernbError, match="manages .*another manager"):
        forget(demo, "ada")
    assert _every_file_text(demo.home) == before


def test_forget_asks_for_the_person_id_before_removing_anything(demo):
    cmd = [sys.executable, "-m", "careernb", "forget", "012", "--home", str(demo.home)]
    refused = subprocess.run(cmd, input="no\n", capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and "Nothing was removed" in refused.stdout
    assert "012" in demo.person_ids()
    done = subprocess.run(cmd, input="012\n", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Forgot Priya Raman" in done.stdout and "people/012/answers.csv" in done.stdout
    assert "012" not in open_store(demo.home).person_ids()


def test_a_handover_travels_between_two_data_homes_with_history_and_versions(planted, tmp_path):
    old, canaries = planted
    pack = tmp_path / "pack"
    written = write_pack(old, "007", pack, today=TODAY)
    assert not [c for c in forbidden_in(canaries, "007") if c in _all_text(written)]

    new = open_store(tmp_path / "new-manager")
    new.save(Person("bo", "Bo Lindqvist", None, "Engineering Manager"))
    person = import_pack(new, pack, manager_id="bo")

    assert person.person_id == "007" and new.load(Person)[-1].manager_id == "bo"
    for record_type in (Contract, Commitment, ReviewPoint, Aspiration):
        moved = new.load(record_type, "007")
        assert moved, record_type
        assert [table_of(record_type).key_of(r) for r in moved] == [
            table_of(record_type).key_of(r) for r in old.load(record_type, "007")
        ]
    assert [c.version for c in new.load(Contract, "007")] == [1, 2, 3, 4]
    assert [c.action for c in new.load(Commitment, "007")] == [c.action for c in old.load(Commitment, "007")]
    assert all(c.note == "" for c in new.load(Commitment, "007"))  # the old manager's notes stay behind
    assert new.load(Signal, "007") == [] and new.load(Answer, "007") == []
    new.check()


def _kept(home) -> dict:
    return {p: p.read_bytes() for p in home.rglob("*") if p.is_file() and ".locks" not in p.parts}


def test_a_pack_carrying_a_private_note_is_refused_whole_and_changes_nothing(demo, tmp_path):
    pack = tmp_path / "pack"
    write_pack(demo, "019", pack, today=TODAY)
    new = open_store(tmp_path / "new-manager")
    new.save(Person("bo", "Bo Lindqvist", None, "Engineering Manager"))
    commitments = pack / "commitments.csv"
    with commitments.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0]["note"] = "planted by someone else as the new manager's own note"
    with commitments.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    before = _kept(new.home)
    with pytest.raises(
        errors.StoreFormatError, match="never carries a previous manager's private notes"
    ) as err:
        import_pack(new, pack, manager_id="bo")
    assert (err.value.path, err.value.row, err.value.column) == (commitments, 2, "note")
    assert _kept(new.home) == before


def test_a_pack_that_fails_half_way_leaves_neither_the_person_nor_their_files(demo, tmp_path, monkeypatch):
    pack = tmp_path / "pack"
    write_pack(demo, "019", pack, today=TODAY)
    new = open_store(tmp_path / "new-manager")
    new.save(Person("bo", "Bo Lindqvist", None, "Engineering Manager"))
    before = _kept(new.home)
    writes = []

    def failing_on_the_third(record_type, person_id, rows):
        writes.append(record_type)
        if len(writes) == 3:
            raise errors.CareernbError("the disk is full")
        type(new).bulk_write(new, record_type, person_id, rows)

    monkeypatch.setattr(new, "bulk_write", failing_on_the_third)
    with pytest.raises(errors.CareernbError, match="the disk is full"):
        import_pack(new, pack, manager_id="bo")
    assert _kept(new.home) == before and not (new.home / "people" / "019").exists()


def test_importing_a_handover_twice_is_refused(demo, tmp_path):
    write_pack(demo, "019", tmp_path / "pack", today=TODAY)
    with pytest.raises(errors.CareernbError, match="already in"):
        import_pack(demo, tmp_path / "pack", manager_id="ada")


def test_backup_and_restore_round_trip_every_byte(demo, tmp_path):
    archive = backup(demo.home, tmp_path / "backup.tar.gz")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    restored = tmp_path / "restored"
    restore(archive, restored)

    def files(home):
        return {p.relative_to(home): p.read_bytes() for p in home.rglob("*.csv")}

    assert files(restored) == files(demo.home)
    assert stat.S_IMODE(restored.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in restored.rglob("*") if p.is_file()} == {0o600}


def test_restore_refuses_a_home_with_data_unless_forced(demo, tmp_path):
    archive = backup(demo.home, tmp_path / "backup.tar.gz")
    other = open_store(tmp_path / "other")
    other.save(Person("mine", "Somebody else's manager"))
    with pytest.raises(errors.CareernbError, match="not empty.*--force"):
        restore(archive, other.home)
    assert other.person_ids() == ["mine"]
    restore(archive, other.home, force=True)
    assert "007" in open_store(other.home).person_ids()


def test_a_damaged_backup_changes_nothing(demo, tmp_path):
    import tarfile

    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(bad, "w:gz") as tar:
        tar.add(demo.home / "people.csv", arcname="../escape.csv")
    target = open_store(tmp_path / "target")
    with pytest.raises(errors.CareernbError, match="not a careernb backup"):
        restore(bad, target.home, force=True)
    assert (target.home / "people.csv").exists() and not (tmp_path / "escape.csv").exists()


def test_loose_permissions_are_warned_about_with_the_fix(demo):
    os.chmod(demo.home / "people.csv", 0o644)
    result = subprocess.run(
        [sys.executable, "-m", "careernb", "check", "--home", str(demo.home)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert f"chmod 600 {demo.home / 'people.csv'}" in result.stderr


def test_careernb_makes_no_network_connection(tmp_path, monkeypatch):
    import socket

    from careernb.cli import main

    def refuse(*args, **kwargs):
        raise AssertionError(f"careernb tried to open a network connection: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    home = str(tmp_path / "home")
    for argv in (
        ["demo", "--home", home],
        ["check", "--home", home],
        ["export-person", "007", "--home", home, "--out", str(tmp_path / "copy")],
        ["handover", "019", "--home", home, "--out", str(tmp_path / "pack"), "--agreed"],
        ["backup", "--home", home, "--out", str(tmp_path / "b.tar.gz")],
        ["forget", "012", "--home", home, "--yes"],
    ):
        assert main(argv) == 0, argv


def test_an_export_replaces_its_file_whole_and_owner_only_even_over_a_looser_one(tmp_path, monkeypatch):
    from careernb.ownership.exports import private_file

    path = tmp_path / "out" / "contract.html"
    path.parent.mkdir()
    path.write_text("the old contract")
    os.chmod(path, 0o644)
    private_file(path, "the new contract ✓")
    assert path.read_text(encoding="utf-8") == "the new contract ✓"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["contract.html"]  # no temporary file left

    def crash(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        private_file(path, "half a contract")
    assert path.read_text(encoding="utf-8") == "the new contract ✓"  # the old one, whole
    assert [p.name for p in path.parent.iterdir()] == ["contract.html"]


def test_documents_go_to_the_data_home_or_for_a_database_to_the_users_own_home(store, monkeypatch, tmp_path):
    from types import SimpleNamespace

    from careernb.ownership.exports import reports_folder

    assert reports_folder(store) == store.home / "reports"
    monkeypatch.setenv("HOME", str(tmp_path / "me"))
    assert reports_folder(SimpleNamespace(home=None)) == tmp_path / "me" / "careernb-reports"


def test_a_spreadsheet_export_is_owner_only_even_over_a_looser_one(tmp_path):
    from careernb.domain.people import Person
    from careernb.ownership.exports import write_spreadsheet_csv
    from careernb.store import table_of

    path = tmp_path / "people.csv"
    path.write_text("old")
    os.chmod(path, 0o644)
    write_spreadsheet_csv(path, table_of(Person), [Person("007", "=Tomás")], columns=["person_id", "name"])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes() == "\ufeffperson_id,name\r\n007,'=Tomás\r\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["people.csv"]


def test_backup_and_restore_refuse_an_organisations_database_by_name(demo, tmp_path, monkeypatch, capsys):
    from careernb.cli import main

    archive = backup(demo.home, tmp_path / "backup.tar.gz")
    url = "postgresql+psycopg://alice@/careernb?host=/nonexistent"
    monkeypatch.setenv("CAREERNB_STORE", url)
    monkeypatch.delenv("CAREERNB_HOME", raising=False)
    assert main(["backup", "--out", str(tmp_path / "b.tar.gz")]) == 2
    assert main(["restore", str(archive)]) == 2
    assert main(["backup", "--store", url, "--out", str(tmp_path / "c.tar.gz")]) == 2
    err = capsys.readouterr().err
    assert err.count("organisation's database") == 3 and "careernb org export-home" in err
    assert not (tmp_path / "b.tar.gz").exists() and not (tmp_path / "c.tar.gz").exists()
    # a folder named on the command line is still a folder
    assert main(["backup", "--home", str(demo.home), "--out", str(tmp_path / "d.tar.gz")]) == 0
