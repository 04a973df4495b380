"""Backing up and restoring a whole data home as one archive."""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from careernb.errors import CareernbError, LinkInHomeError
from careernb.home import TABLES
from careernb.store import CsvStore
from careernb.store.files import FILE_MODE, FOLDER_MODE, ensure_folder

ROOT = "careernb-home"


def backup(home: Path, out: Path) -> Path:
    """Write every file of the data home into one .tar.gz, readable by its owner alone.

    A home holding a symbolic link is refused before anything is written: the archive would
    hold the link alone, and restore refuses links."""
    home, out = Path(home), Path(out)
    store = CsvStore(home, TABLES, create=False)
    if links := store.links():
        raise LinkInHomeError(home, links, "No backup was written, and nothing was changed.")
    store.check()  # never back up what cannot be restored
    ensure_folder(out.parent)  # owner-only, like every folder careernb makes for what it writes
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    try:
        with tarfile.open(tmp, "w:gz") as archive:
            for path in sorted(home.rglob("*")):
                rel = path.relative_to(home)
                if rel.parts[0] == ".locks" or path.name.endswith(".tmp"):
                    continue
                if path.is_symlink():  # made since the home was checked
                    raise LinkInHomeError(home, {path: os.readlink(path)}, "No backup was written.")
                archive.add(path, arcname=str(Path(ROOT) / rel), recursive=False)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return out


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
        restored = _unpack(archive, staging)
        CsvStore(restored, TABLES, create=False).check()
        for path in [restored, *restored.rglob("*")]:
            os.chmod(path, FOLDER_MODE if path.is_dir() else FILE_MODE)
        # Swap whole folders, so a crash leaves either the old home or the restored one.
        old = home.with_name(f".{home.name}.replaced") if home.exists() else None
        if old:
            shutil.rmtree(old, ignore_errors=True)
            os.replace(home, old)
        os.replace(restored, home)
        if old:
            shutil.rmtree(old)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(p for p in home.rglob("*") if p.is_file())
