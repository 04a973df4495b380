"""What leaves a sealed data home: backups carry the sealed cells and the wrapped key as they are;
the person's copy, the contract, the quarter and a handover pack are what they were before
sealing (built in the unlocked session), and never carry a sealed cell."""

from __future__ import annotations

import shutil
import tarfile

import pytest

from careernb.documents.person_copy import export_person
from careernb.ownership.backup import backup, restore
from careernb.ownership.handover import write_pack
from careernb.quarter import run_quarter
from careernb.store import keys, session
from careernb.store.keyring import LockedError
from tests.conftest import TODAY
from tests.keyed import csv_forms, private_texts, seal


@pytest.fixture(autouse=True)
def _locked_after():
    yield
    session.lock()


@pytest.fixture
def homes(demo, tmp_path):
    """The demo team in clear, and a copy of it sealed, in an unlocked session."""
    from careernb.home import open_store

    shutil.copytree(demo.home, tmp_path / "sealed")
    sealed = open_store(tmp_path / "sealed", create=False)
    texts = private_texts(demo)
    seal(sealed)
    return demo, sealed, texts


def _files(folder, pattern="*"):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob(pattern)) if p.is_file()}


def test_a_backup_and_its_restore_carry_the_sealed_cells_and_the_wrapped_key_byte_for_byte(homes, tmp_path):
    _, sealed, texts = homes
    archive = backup(sealed.home, tmp_path / "home.tar.gz")
    with tarfile.open(archive) as tar:
        inside = b"".join(tar.extractfile(m).read() for m in tar.getmembers() if m.isfile())
    assert not [t for t in texts if any(f in inside for f in csv_forms(t))]
    session.lock()  # restored without the key at hand
    restore(archive, tmp_path / "restored")
    kept = {k: v for k, v in _files(sealed.home).items() if not k.startswith(".locks")}
    assert _files(tmp_path / "restored") == kept and keys.KEY_FILE in kept


def test_the_persons_copy_and_the_quarter_are_what_they_were_before_sealing(homes, tmp_path):
    plain, sealed, _ = homes
    shared = [p for p in plain.person_ids() if (plain.home / "people" / p / "answers.csv").exists()]
    for pid in shared[:3]:
        export_person(plain, pid, tmp_path / "copy-plain" / pid)
        export_person(sealed, pid, tmp_path / "copy-sealed" / pid)
    copies = _files(tmp_path / "copy-plain")
    assert copies and _files(tmp_path / "copy-sealed") == copies
    before = run_quarter(plain.home, "2026Q4", today=TODAY, out=tmp_path / "q-plain")
    after = run_quarter(sealed.home, "2026Q4", today=TODAY, out=tmp_path / "q-sealed", jobs=2)
    assert not before.failures and not after.failures
    assert _files(after.folder, "*.html") == _files(before.folder, "*.html")
    assert all(b"enc:v1:" not in v for v in _files(after.folder).values())


def test_a_locked_quarter_renders_every_team_view_and_names_each_contract_that_needs_unlocking(
    homes, tmp_path
):
    plain, sealed, _ = homes
    session.lock()
    before = run_quarter(plain.home, "2026Q4", today=TODAY, out=tmp_path / "q-plain")
    after = run_quarter(sealed.home, "2026Q4", today=TODAY, out=tmp_path / "q-locked")
    views = {k: v for k, v in _files(before.folder, "team-*.html").items()}
    assert views and _files(after.folder, "team-*.html") == views
    assert after.failures and all(isinstance(f.cause, LockedError) for f in after.failures)
    assert all(b"enc:v1:" not in v for v in _files(after.folder).values())


def test_a_handover_pack_from_a_sealed_home_carries_no_private_cell(homes, tmp_path):
    _, sealed, texts = homes
    written = write_pack(sealed, "007", tmp_path / "pack", today=TODAY)
    pack = b"".join(p.read_bytes() for p in written)
    assert b"enc:v1:" not in pack and not [t for t in texts if any(f in pack for f in csv_forms(t))]
    session.lock()
    assert write_pack(sealed, "012", tmp_path / "locked-pack", today=TODAY)  # needs no private cell


def test_the_sharing_gate_refuses_a_locked_shared_answer_rather_than_pass_its_sealed_cell(homes):
    from careernb.domain.conversations import Answer
    from careernb.ownership.sharing import for_person

    plain, sealed, _ = homes
    session.lock()
    pid = next(p for p in sealed.person_ids() if for_person(sealed, p, (Answer,)).tables["answers"])
    shared = for_person(sealed, pid, (Answer,))
    with pytest.raises(LockedError, match=f"answers shared with '{pid}', column 'answer'"):
        shared.records(Answer)
    unlocked = keys.unlock(sealed.key_record, "correct horse battery staple")
    session.set_asker(lambda: unlocked)
    try:
        assert shared.records(Answer) == for_person(plain, pid, (Answer,)).records(Answer)
        assert session.held() is unlocked
    finally:
        session.set_asker(None)
