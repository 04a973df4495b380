"""Restoring reads the archive once, and an archive that goes wrong part-way restores nothing."""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile

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
