"""Backing up and restoring a whole data home as one archive."""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from careernb.errors import CareernbError
from careernb.home import TABLES
from careernb.store import CsvStore
from careernb.store.files import FILE_MODE, FOLDER_MODE, ensure_folder

ROOT = "careernb-home"


def backup(home: Path, out: Path) -> Path:
    """Write every file of the data home into one .tar.gz, readable by its owner alone."""
    home, out = Path(home), Path(out)
    CsvStore(home, TABLES, create=False).check()  # never back up what cannot be restored
    ensure_folder(out.parent)  # owner-only, like every folder careernb makes for what it writes
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    try:
        with tarfile.open(tmp, "w:gz") as archive:
            for path in sorted(home.rglob("*")):
                rel = path.relative_to(home)
                if rel.parts[0] == ".locks" or path.name.endswith(".tmp"):
                    continue
                archive.add(path, arcname=str(Path(ROOT) / rel), recursive=False)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return out


def _members(archive: Path) -> list[tarfile.TarInfo]:
    """The archive's entries, if every one is a plain file or folder inside ``careernb-home/``."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            return _checked(archive, tar.getmembers())
    except (OSError, EOFError, tarfile.TarError) as exc:
        raise CareernbError(f"{archive} is not a careernb backup ({exc}); nothing was restored.") from None


def _checked(archive: Path, members: list[tarfile.TarInfo]) -> list[tarfile.TarInfo]:
    def inside(m: tarfile.TarInfo) -> bool:
        parts = PurePosixPath(m.name).parts
        return (
            (m.isfile() or m.isdir())
            and not m.name.startswith("/")
            and bool(parts)
            and parts[0] == ROOT
            and ".." not in parts
        )

    bad = [m.name for m in members if not inside(m)]
    if bad or not members:
        raise CareernbError(
            f"{archive} is not a careernb backup (unexpected entries: {bad[:3]}); nothing was restored."
        )
    return members


def restore(archive: Path, home: Path, *, force: bool = False) -> list[Path]:
    """Restore a backup into ``home``; refuses a home holding anything unless ``force``."""
    archive, home = Path(archive), Path(home)
    if home.exists() and any(p for p in home.iterdir() if p.name != ".locks") and not force:
        raise CareernbError(
            f"{home} is not empty; restoring would replace what is there. Restore into an empty "
            "folder with --home, or pass --force to replace it."
        )
    _members(archive)  # read and checked before anything is written
    home.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".careernb-restore-", dir=home.parent))
    try:
        with tarfile.open(archive, "r:gz") as tar:
            try:
                tar.extractall(staging, members=_checked(archive, tar.getmembers()), filter="data")
            except (OSError, EOFError, tarfile.TarError) as exc:
                raise CareernbError(
                    f"{archive} is not a careernb backup ({exc}); nothing was restored."
                ) from None
        restored = staging / ROOT
        CsvStore(restored, TABLES, create=False).check()  # a damaged backup changes nothing
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
