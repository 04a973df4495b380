"""A throwaway PostgreSQL cluster for tests: a temporary folder, a private Unix socket, no TCP.

Usable from any test suite (the store's, the hub's)::

    with Cluster.start() as cluster:
        url = cluster.url("postgres")       # the cluster's superuser
        cluster.url("alice")                # any role: trust authentication

As root, ``initdb``/``pg_ctl`` run as the ``postgres`` system user (they refuse
root). ``-A trust`` lets a test connect as any role without passwords, so
what the tests prove is the roles, policies and grants, not authentication.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

REQUIRE_ENV = "CAREERNB_REQUIRE_POSTGRES"
DATABASE = "careernb"


def pg_bin() -> Path | None:
    """The newest installed PostgreSQL's binaries (Debian's layout), or pg_ctl on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


class Cluster:
    def __init__(self, root: Path, bindir: Path, as_postgres: bool) -> None:
        self.root = root
        self.data = root / "data"
        self.socket = root / "socket"
        self.bindir = bindir
        self.as_postgres = as_postgres
        self.superuser = "postgres" if as_postgres else os.environ.get("USER", "postgres")

    def _run(self, *args: str) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, text=True)

    @classmethod
    def start(cls) -> Cluster:
        bindir = pg_bin()
        if bindir is None:
            raise FileNotFoundError("PostgreSQL is not installed (apt-get install postgresql)")
        as_postgres = os.geteuid() == 0
        root = Path(tempfile.mkdtemp(prefix="careernb-pg-"))
        cluster = cls(root, bindir, as_postgres)
        cluster.data.mkdir()
        cluster.socket.mkdir(mode=0o700)
        if as_postgres:
            shutil.chown(root, "postgres")
            shutil.chown(cluster.data, "postgres")
            shutil.chown(cluster.socket, "postgres")
        cluster._run(
            "initdb",
            "-A",
            "trust",
            "-U",
            cluster.superuser,
            "-E",
            "UTF8",
            "--no-sync",
            "-D",
            str(cluster.data),
        )
        options = f"-k {cluster.socket} -c listen_addresses='' -c fsync=off -c max_connections=200"
        cluster._run("pg_ctl", "-D", str(cluster.data), "-w", "-l", str(root / "log"), "-o", options, "start")
        cluster._run("createdb", "-h", str(cluster.socket), "-U", cluster.superuser, DATABASE)
        return cluster

    def url(self, role: str | None = None, database: str = DATABASE) -> str:
        return f"postgresql+psycopg://{role or self.superuser}@/{database}?host={self.socket}"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
