"""Backing up and restoring a whole data home as one archive."""

from __future__ import annotations

import errno
import os
import shutil
import sys
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from careernb.errors import CareernbError, LinkInHomeError, RestoreInterruptedError
from careernb.home import TABLES
from careernb.store import CsvStore
from careernb.store.files import FILE_MODE, FOLDER_MODE, ensure_folder

ROOT = "careernb-home"


ATTEMPTS = 3
"""Saves made while a backup is written may leave it unrestorable (an answer written, its
conversation not yet); the archive is checked as a restore would, and written again."""


def backup(home: Path, out: Path) -> Path:
    """Write every file of the data home into one .tar.gz, readable by its owner alone.

    A home holding a symbolic link is refused before anything is written: the archive would
    hold the link alone, and restore refuses links. Each file is read once, whole, as one
    version (careernb replaces a file whole), and the archive is unpacked and checked as a
    restore would before it takes the place of ``out``: a backup that says it was written
    restores."""
    home, out = Path(home), Path(out)
    store = CsvStore(home, TABLES, create=False)
    if links := store.links():
        raise LinkInHomeError(home, links, "No backup was written, and nothing was changed.")
    store.check()  # never back up what cannot be restored
    ensure_folder(out.parent)  # owner-only, like every folder careernb makes for what it writes
    problem = ""
    for _ in range(ATTEMPTS):
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        os.close(fd)
        try:
            _write_archive(home, Path(tmp))
            try:
                _check_archive(Path(tmp), out.parent)
            except CareernbError as exc:
                problem = str(exc).removesuffix(" Nothing was restored.")
                continue
            os.chmod(tmp, FILE_MODE)
            os.replace(tmp, out)
            return out
        finally:
            Path(tmp).unlink(missing_ok=True)
    raise CareernbError(
        f"{home} changed while it was being backed up, {ATTEMPTS} times running, and the archive "
        f"would not restore ({problem}). No backup was written; try again when nothing is saving."
    )


def _write_archive(home: Path, archive_path: Path) -> None:
    with tarfile.open(archive_path, "w:gz") as archive:
        for path in sorted(home.rglob("*")):
            rel = path.relative_to(home)
            if rel.parts[0] == ".locks" or path.name.endswith(".tmp"):
                continue
            if path.is_symlink():  # made since the home was checked
                raise LinkInHomeError(home, {path: os.readlink(path)}, "No backup was written.")
            _add(archive, path, str(Path(ROOT) / rel))


def _add(archive: tarfile.TarFile, path: Path, name: str) -> None:
    """One entry; a file read through one handle, so its size and bytes are of one version
    (``TarFile.add`` takes the size by name, then opens the name: a save between the two
    would cut the newer file to the older size)."""
    if path.is_dir():
        archive.add(path, arcname=name, recursive=False)
        return
    try:
        f = open(path, "rb")  # noqa: SIM115 (closed below, after its entry is written)
    except FileNotFoundError:
        return  # gone since the walk (a person forgotten): the check of the archive sees what it left
    with f:
        archive.addfile(archive.gettarinfo(arcname=name, fileobj=f), f)


def _check_archive(archive: Path, beside: Path) -> None:
    staging = Path(tempfile.mkdtemp(prefix=".careernb-backup-check-", dir=beside))
    try:
        _unpacked_and_checked(archive, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _unpacked_and_checked(archive: Path, staging: Path) -> Path:
    """The home the archive holds, unpacked into ``staging`` and checked as every home is;
    an error names the file inside the archive (the unpacked copy is gone at exit)."""
    restored = _unpack(archive, staging)
    try:
        CsvStore(restored, TABLES, create=False).check()
    except CareernbError as exc:
        inside = str(exc).replace(f"{staging}{os.sep}", f"{archive}: ")
        raise CareernbError(f"{inside.removesuffix(' Nothing was changed.')} Nothing was restored.") from None
    return restored


def _inside(member: tarfile.TarInfo) -> bool:
    """A plain file or folder inside ``careernb-home/``: never a link, a device or a way out."""
    parts = PurePosixPath(member.name).parts
    return (
        (member.isfile() or member.isdir())
        and not member.name.startswith("/")
        and bool(parts)
        and parts[0] == ROOT
        and ".." not in parts
    )


def _unpack(archive: Path, into: Path) -> Path:
    """Unpack the archive into ``into`` as it is read (once, start to end), checking each entry
    before it is written; the home it holds, or a message saying it is not a backup."""
    count = 0
    try:
        with tarfile.open(archive, "r|gz") as tar:
            for member in tar:
                if not _inside(member):
                    raise _not_a_backup(archive, f"unexpected entry {member.name!r}")
                tar.extract(member, into, filter="data")
                count += 1
    except (OSError, EOFError, tarfile.TarError) as exc:
        raise _not_a_backup(archive, str(exc)) from None
    if not count:
        raise _not_a_backup(archive, "it is empty")
    return into / ROOT


def _not_a_backup(archive: Path, why: str) -> CareernbError:
    return CareernbError(f"{archive} is not a careernb backup ({why}); nothing was restored.")


def _swap_in(restored: Path, home: Path) -> None:
    """Put the restored home in place of ``home`` so that a crash leaves one whole home there:
    both swapped in one step where the system can, else the old one moved aside first (opening
    the home then says where it is, and never makes a new one in its place)."""
    if not home.exists():
        os.replace(restored, home)
    elif _exchange(restored, home):
        shutil.rmtree(restored)  # the old home, now where the restored one was
    else:
        old = RestoreInterruptedError.aside(home)
        shutil.rmtree(old, ignore_errors=True)
        os.replace(home, old)
        os.replace(restored, home)
        shutil.rmtree(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux's renameat2 RENAME_EXCHANGE, macOS's renamex_np
    RENAME_SWAP); False where the system or the file system has no such call."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        at_cwd, exchange = -100, 2
        done = libc.renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), exchange)
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        done = libc.renamex_np(os.fsencode(a), os.fsencode(b), 2)
    else:
        return False
    if done == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(a), None, str(b))


def restore(archive: Path, home: Path, *, force: bool = False) -> list[Path]:
    """Restore a backup into ``home``; refuses a home holding anything unless ``force``."""
    archive, home = Path(archive), Path(home)
    if home.exists() and any(p for p in home.iterdir() if p.name != ".locks") and not force:
        raise CareernbError(
            f"{home} is not empty; restoring would replace what is there. Restore into an empty "
            "folder with --home, or pass --force to replace it."
        )
    if not archive.exists():
        raise _not_a_backup(archive, "there is no such file")
    home.parent.mkdir(parents=True, exist_ok=True)
    # Unpacked beside the home first: a bad archive or a damaged backup changes nothing.
    staging = Path(tempfile.mkdtemp(prefix=".careernb-restore-", dir=home.parent))
    try:
        restored = _unpacked_and_checked(archive, staging)
        for path in [restored, *restored.rglob("*")]:
            os.chmod(path, FOLDER_MODE if path.is_dir() else FILE_MODE)
        _swap_in(restored, home)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(p for p in home.rglob("*") if p.is_file())
