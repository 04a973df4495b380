"""Restoring reads the archive once, and an archive that goes wrong part-way restores nothing."""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys
import tarfile
from pathlib import PurePosixPath

import pytest

from careernb.errors import CareernbError
from careernb.ownership import backup as backups


def test_restore_reads_the_archive_once_so_it_may_come_through_a_pipe(demo, tmp_path):
    archive = backups.backup(demo.home, tmp_path / "home.tar.gz")
    restored = tmp_path / "restored"
    done = subprocess.run(
        [sys.executable, "-m", "careernb", "restore", "/dev/stdin", "--home", str(restored)],
        input=archive.read_bytes(),  # a pipe is read once: read twice, it would be empty
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert sorted(p.relative_to(restored) for p in restored.rglob("*.csv")) == sorted(
        p.relative_to(demo.home) for p in demo.home.rglob("*.csv")
    )


def _good_then(last: str, data: bytes) -> bytes:
    """A home's first entries, as a backup writes them, then ``last``."""
    raw = io.BytesIO()
    people = b"person_id,name,manager_id,role,email,joined,left,transition\r\n"
    with tarfile.open(fileobj=raw, mode="w:gz") as tar:
        for name, body in [
            ("careernb-home/people.csv", people),
            ("careernb-home/careernb.csv", b""),
            (last, data),
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return raw.getvalue()


ARCHIVES = {
    "an entry outside the home after good ones": _good_then("careernb-home/../../x", b"x"),
    "an archive cut short": _good_then("careernb-home/a", bytes(range(256)) * 64)[:-40],
}


@pytest.mark.parametrize("case", ARCHIVES)
def test_an_archive_that_goes_wrong_part_way_restores_nothing(tmp_path, case):
    path = tmp_path / "backup.tar.gz"
    path.write_bytes(ARCHIVES[case])
    parent = tmp_path / "parent"
    parent.mkdir()
    with pytest.raises(CareernbError, match="is not a careernb backup.*nothing was restored"):
        backups.restore(path, parent / "home")
    assert list(parent.iterdir()) == []
    assert not (tmp_path / "x").exists()


def _two_homes(demo, tmp_path):
    """A backup of the demo, and another home with data of its own to restore it over."""
    import shutil

    archive = backups.backup(demo.home, tmp_path / "home.tar.gz")
    home = tmp_path / "home"
    shutil.copytree(demo.home, home)
    (home / "people" / "007" / "checklists.csv").unlink(missing_ok=True)
    (home / "mine.txt").write_text("the home restored over", encoding="utf-8")
    return archive, home


def _whole(home, demo) -> bool:
    return sorted(p.relative_to(home) for p in home.rglob("*.csv")) == sorted(
        p.relative_to(demo.home) for p in demo.home.rglob("*.csv")
    )


def test_a_forced_restore_swaps_the_two_homes_in_one_step(demo, tmp_path, monkeypatch):
    archive, home = _two_homes(demo, tmp_path)
    swapped = []
    real = backups._exchange
    monkeypatch.setattr(backups, "_exchange", lambda a, b: swapped.append(real(a, b)) or swapped[-1])
    crash = RuntimeError("killed right after the swap")

    def killed(path, *args, **kwargs):
        raise crash

    # Killed right after the swap, before the old home is removed: the restored home is in place.
    monkeypatch.setattr(backups.shutil, "rmtree", killed)
    with pytest.raises(RuntimeError):
        backups.restore(archive, home, force=True)
    assert swapped == [True]  # this system swaps two folders in one step
    assert _whole(home, demo) and not (home / "mine.txt").exists()
    assert not backups.RestoreInterruptedError.aside(home).exists()


def test_a_restore_interrupted_where_folders_cannot_be_swapped_says_where_the_old_home_is(
    demo, tmp_path, monkeypatch
):
    from careernb import open_store

    archive, home = _two_homes(demo, tmp_path)
    monkeypatch.setattr(backups, "_exchange", lambda a, b: False)
    moves = []
    real = backups.os.replace

    def killed_after_the_first(a, b):
        moves.append((a, b))
        if len(moves) == 2:
            raise RuntimeError("killed between the two moves")
        real(a, b)

    monkeypatch.setattr(backups.os, "replace", killed_after_the_first)
    with pytest.raises(RuntimeError):
        backups.restore(archive, home, force=True)
    left = backups.RestoreInterruptedError.aside(home)
    assert not home.exists() and (left / "mine.txt").exists()
    for create in (False, True):  # `careernb lab` would seed a demo team in its place
        with pytest.raises(backups.RestoreInterruptedError, match=f"at {left}.*Move it back"):
            open_store(home, create=create)
    assert not home.exists()


def test_a_damaged_file_in_an_archive_is_named_inside_the_archive(demo, tmp_path):
    path = demo.home / "people" / "007" / "commitments.csv"
    lines = path.read_bytes().decode().split("\r\n")
    cells = lines[1].split(",")
    cells[lines[0].split(",").index("due")] = "2026-02-30"
    lines[1] = ",".join(cells)
    archive = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for p in sorted(demo.home.rglob("*")):
            if ".locks" in p.parts:
                continue
            info = tar.gettarinfo(
                p, arcname=str(PurePosixPath("careernb-home", *p.relative_to(demo.home).parts))
            )
            if p == path:
                body = "\r\n".join(lines).encode()
                info.size = len(body)
                tar.addfile(info, io.BytesIO(body))
            elif p.is_file():
                with open(p, "rb") as f:
                    tar.addfile(info, f)
            else:
                tar.addfile(info)
    with pytest.raises(CareernbError) as refused:
        backups.restore(archive, tmp_path / "restored")
    said = str(refused.value)
    assert said.startswith(f"{archive}: careernb-home/people/007/commitments.csv, row 2, column 'due'")
    assert said.endswith("Nothing was restored.") and ".careernb-restore-" not in said
    assert not (tmp_path / "restored").exists()


def _answers(home, person_id="007"):
    from careernb import open_store
    from careernb.domain.conversations import Answer

    return open_store(home, create=False).load(Answer, person_id)


def test_a_save_while_the_backup_reads_a_file_leaves_that_file_whole_in_the_archive(
    demo, tmp_path, monkeypatch
):
    before = _answers(demo.home)
    longer = dataclasses.replace(before[0], answer="x" * 5_000)  # its first row, longer
    original, saved = tarfile.TarFile.gettarinfo, []

    def saving_after_the_size_is_taken(self, name=None, arcname=None, fileobj=None):
        info = original(self, name, arcname, fileobj)
        if info.name.endswith("people/007/answers.csv") and not saved:
            demo.save(longer)  # replaces the file while its entry is being written
            saved.append(longer)
        return info

    monkeypatch.setattr(tarfile.TarFile, "gettarinfo", saving_after_the_size_is_taken)
    archive = backups.backup(demo.home, tmp_path / "home.tar.gz")
    monkeypatch.undo()
    backups.restore(archive, tmp_path / "restored")
    assert _answers(tmp_path / "restored") == before  # the version read, whole


def test_a_backup_that_would_not_restore_is_written_again_and_never_said_written(demo, tmp_path, monkeypatch):
    from careernb.domain.conversations import Answer, Conversation, ConversationKind
    from tests.conftest import TODAY

    victim = Conversation("c-victim", "007", ConversationKind.CHECK_IN, held=TODAY, minutes=10)
    answer = dataclasses.replace(demo.load(Answer, "007")[0], conversation_id=victim.conversation_id)
    demo.save(victim)
    demo.save(answer)
    original, attempts = backups._add, []

    def deleting_a_conversation_once_its_answers_are_in(archive, path, name):
        original(archive, path, name)
        if name.endswith("people/007/answers.csv"):
            attempts.append(name)
            if len(attempts) == 1:  # conversations.csv comes after: its answer now dangles
                demo.delete(Answer, "007", [(answer.conversation_id, answer.question_id)])
                demo.delete(Conversation, "007", [(victim.conversation_id,)])

    monkeypatch.setattr(backups, "_add", deleting_a_conversation_once_its_answers_are_in)
    archive = backups.backup(demo.home, tmp_path / "home.tar.gz")
    assert len(attempts) == 2
    backups.restore(archive, tmp_path / "restored")
    assert _answers(tmp_path / "restored") == _answers(demo.home)

    monkeypatch.setattr(
        backups, "_check_archive", lambda archive, beside: (_ for _ in ()).throw(CareernbError("x"))
    )
    with pytest.raises(CareernbError, match="changed while it was being backed up, 3 times running"):
        backups.backup(demo.home, tmp_path / "again.tar.gz")
    assert not (tmp_path / "again.tar.gz").exists() and not list(tmp_path.glob(".again.tar.gz.*"))
