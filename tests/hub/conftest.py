"""A real one-server hub for the tests: PostgreSQL, JupyterHub, two managers as Unix users.

Everything lives under one folder the test creates in /tmp (mode 0711, so the managers'
accounts can reach their homes and the shared notebooks but list nothing), but for the
managers' runtime folders, whose kernel sockets need a shorter path; the hub runs from
`make hub`'s environment, built from Debian's /usr/bin/python3 because a Python under /root
cannot be run by jupyter-alice. PostgreSQL is a throwaway cluster whose pg_hba.conf and
pg_ident.conf are exactly what `careernb org hub-config` prints. The hub runs as its systemd
unit runs it (deploy/jupyterhub/careernb-hub.service, ProtectProc=invisible): in a mount
namespace of its own whose /proc hides every process from accounts other than its owner's.
The Unix users, the cluster and the hub's processes are removed at the end. Without root,
the hub environment, PostgreSQL or chromium the tests are skipped, except in CI
(CAREERNB_REQUIRE_HUB=1), where that is a failure.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import json
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import nbformat
import psutil
import pytest

from careernb.organisation.hub import (
    BATCH_ROLE,
    BATCH_UNIX_USER,
    REPLY_UNIX_USER,
    HubConfig,
    kernel_folder,
    store_url,
    unix_user,
)
from tests.e2e.conftest import CHROMIUM, free_port, open_notebook, wait_idle

REPO = Path(__file__).resolve().parents[2]
# `make hub` builds it outside the checkout when run as root (see the Makefile).
HUB_DIR = Path(os.environ.get("CAREERNB_HUB_DIR") or REPO / ".hub")
HUB_VENV = HUB_DIR / "venv"
PROXY = HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
MANAGERS = ("alice", "bob")
REPORTS = ("carol",)  # alice's report: the report's page, never a server
CONFIG = REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py"
MARK = "careernb hub test"  # the GECOS field of the accounts this test makes, and only those
WAIT = 120_000  # ms: two shared cores
ARTIFACTS = REPO / "test-artifacts" / "hub"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents and Path(item.fspath).name.endswith("_e2e.py"):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.slow)


def _need(condition: bool, message: str) -> None:
    if condition:
        return
    if os.environ.get("CAREERNB_REQUIRE_HUB"):
        pytest.fail(message + "; CI requires the hub tests to run")
    pytest.skip(message)


def run(*argv: str, user: str | None = None, **kwargs) -> subprocess.CompletedProcess:
    command = ["runuser", "-u", user, "--", *argv] if user else list(argv)
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done


# What the unit's ProtectProc=invisible does: a /proc of the hub's own, in which every account
# other than root sees its own processes only. The host's /proc is left as it is.
PRIVATE_PROC = [
    "unshare", "--mount", "--propagation", "private", "--",
    "sh", "-c", 'mount -t proc -o hidepid=invisible proc /proc && exec "$@"', "sh",
]  # fmt: skip


@dataclass
class Cluster:
    socket_dir: Path
    database: str = "careernb"

    def url(self, role: str = "postgres") -> str:
        return store_url(role, self.database, str(self.socket_dir))

    def psql(self, sql: str, role: str = "postgres", as_unix: str = "postgres") -> str:
        """One statement through psql, as a Unix user (peer authentication decides the role)."""
        return run(
            str(PG_BIN / "psql"), "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", str(self.socket_dir),
            "-q", "-U", role, "-d", self.database, "-c", sql, user=as_unix,
        ).stdout  # fmt: skip


@dataclass
class Hub:
    url: str
    base: Path
    notebooks: Path
    proc: subprocess.Popen
    log: Path
    cluster: Cluster
    runtime: Path  # CAREERNB_HUB_RUNTIME

    def kernel_folder(self, manager: str) -> Path:
        """Where the hub keeps the manager's kernels' sockets."""
        return Path(kernel_folder(manager, str(self.runtime)))


@pytest.fixture(scope="session")
def hub_base() -> Iterator[Path]:
    _need(hasattr(os, "geteuid") and os.geteuid() == 0, "the hub tests make Unix users: run them as root")
    _need((HUB_VENV / "bin" / "jupyterhub").exists(), "the hub's environment is missing (make hub)")
    _need(PROXY.exists(), "configurable-http-proxy is missing (make hub)")
    _need((PG_BIN / "initdb").exists(), "PostgreSQL 15 is missing (apt-get install postgresql)")
    _need(Path(CHROMIUM).exists(), "Debian's chromium is missing (make browser)")
    hidden = subprocess.run([*PRIVATE_PROC, "true"], capture_output=True, text=True)
    _need(hidden.returncode == 0, f"cannot mount a private /proc with hidepid here: {hidden.stderr.strip()}")
    base = Path(tempfile.mkdtemp(prefix="careernb-hub-"))
    base.chmod(0o711)
    try:
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _remove_account(name: str) -> None:
    with contextlib.suppress(KeyError):
        account = pwd.getpwnam(name)
        if account.pw_gecos != MARK:
            raise RuntimeError(f"{name} exists and was not made by this test; remove it by hand")
        for proc in psutil.process_iter(["uids"]):
            if proc.info["uids"] and proc.info["uids"].real == account.pw_uid:
                with contextlib.suppress(psutil.Error):
                    proc.kill()
        subprocess.run(["userdel", "--force", name], check=False, capture_output=True)


@pytest.fixture(scope="session")
def accounts(hub_base: Path) -> Iterator[dict[str, pwd.struct_passwd]]:
    """jupyter-alice and jupyter-bob, with private homes; removed afterwards, processes and all."""
    made = {}
    try:
        for manager in (*MANAGERS, BATCH_UNIX_USER, REPLY_UNIX_USER):
            name = unix_user(manager) if manager in MANAGERS else manager
            _remove_account(name)  # a run killed half-way leaves them behind
            home = hub_base / "home" / name
            home.parent.mkdir(mode=0o711, exist_ok=True)
            run("useradd", "--create-home", "--home-dir", str(home), "--shell", "/usr/sbin/nologin",
                "--comment", MARK, "--user-group", name)  # fmt: skip
            home.chmod(0o700)
            made[manager] = pwd.getpwnam(name)
        yield made
    finally:
        for manager in MANAGERS:
            _remove_account(unix_user(manager))
        _remove_account(BATCH_UNIX_USER)
        _remove_account(REPLY_UNIX_USER)


@pytest.fixture(scope="session")
def cluster(hub_base: Path, accounts) -> Iterator[Cluster]:
    """A PostgreSQL cluster on a private socket, with hub-config's pg_hba/pg_ident lines only."""
    data, socket_dir = hub_base / "pg", hub_base / "pg-socket"
    for folder in (data, socket_dir):
        folder.mkdir()
        shutil.chown(folder, "postgres", "postgres")
    data.chmod(0o700)
    socket_dir.chmod(0o755)
    run(str(PG_BIN / "initdb"), "-D", str(data), "--auth-local=peer", "--auth-host=reject", user="postgres")
    config = HubConfig(database="careernb", socket_dir=str(socket_dir))
    # Debian's order: the superuser by its own Unix account first (and, here, the test's root,
    # as an administrator's sudo), then careernb through hub-config's map only.
    (data / "pg_hba.conf").write_text("local   all   postgres   peer map=admin\n" + config.pg_hba)
    admin = "admin   postgres   postgres\nadmin   root   postgres\n"
    (data / "pg_ident.conf").write_text(admin + config.pg_ident)
    log = hub_base / "pg.log"
    run("touch", str(log))
    shutil.chown(log, "postgres")
    run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o",
        f"-k {socket_dir} -c listen_addresses=''", "start", user="postgres")  # fmt: skip
    try:
        run(str(PG_BIN / "createdb"), "-h", str(socket_dir), "careernb", user="postgres")
        yield Cluster(socket_dir)
    finally:
        subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", str(data),
                        "-m", "immediate", "-w", "stop"], check=False, capture_output=True)  # fmt: skip


@dataclass
class Org:
    """The organisation on the test cluster: alice manages the demo team (as the person ada),
    bob a small team of his own (as bram)."""

    cluster: Cluster
    people: dict[str, list[str]]  # manager -> names of the people their role can see


# Nothing of the test's own environment (its CAREERNB_HOME, say) reaches another account.
CLEAN_ENV = ("PATH=/usr/bin:/bin", "HOME=/tmp", "LANG=C.UTF-8")


def as_manager(manager: str, cluster: Cluster, *argv: str) -> str:
    """Run the hub's Python as the manager's Unix user, with their server's CAREERNB_STORE."""
    return run(
        "env", "-i", *CLEAN_ENV, f"CAREERNB_STORE={cluster.url(manager)}",
        str(HUB_VENV / "bin" / "python"), *argv,
        user=unix_user(manager), cwd="/",
    ).stdout  # fmt: skip


def as_batch(cluster: Cluster, *argv: str) -> str:
    """Run a careernb command as the Unix user careernb-batch, which the map lets in as careernb_batch."""
    return run(
        "env", "-i", *CLEAN_ENV, f"CAREERNB_STORE={cluster.url(BATCH_ROLE)}",
        str(HUB_VENV / "bin" / "careernb"), *argv,
        user=BATCH_UNIX_USER, cwd="/",
    ).stdout  # fmt: skip


@pytest.fixture(scope="session")
def org(cluster: Cluster, accounts, hub_base: Path) -> Org:
    _need(importlib.util.find_spec("careernb.organisation") is not None, "no organisation store here")
    from careernb.organisation.admin import migrate
    from careernb.organisation.logins import add_manager

    migrate(cluster.url())
    add_manager(cluster.url(), "alice", "ada", name="Ada Okafor")
    add_manager(cluster.url(), "bob", "bram", name="Bram Visser")
    # A copy the managers' accounts can read, wherever this checkout lives.
    seed_path = hub_base / "seed_team.py"
    shutil.copy(Path(__file__).with_name("seed_team.py"), seed_path)
    seed_path.chmod(0o644)
    seed = str(seed_path)
    # People join a team as an organisation adds them (managers add nobody): the demo team
    # imported as alice's, two people added to bob's, Carol to alice's; then alice, as her own
    # role, agrees and sends Carol's contract.
    from careernb.demo import seed_demo
    from careernb.domain.people import Person
    from careernb.home import open_store
    from careernb.organisation.admin import add_person
    from careernb.organisation.homes import import_home

    demo = hub_base / "alice-demo-home"
    seed_demo(open_store(demo), dt.date.today())
    import_home(cluster.url(), demo, "alice")
    add_person(cluster.url(), Person("b01", "Noor Haddad", "bram", "Product Designer"), "bob")
    add_person(cluster.url(), Person("b02", "Kofi Mensah", "bram", "Data Engineer"), "bob")
    carol = Person("c01", "Carol Diaz", "ada", "Data Analyst", email="carol@example.org")
    add_person(cluster.url(), carol, "alice")
    as_manager("alice", cluster, seed, "carol")
    from careernb.organisation.logins import add_report

    add_report(cluster.url(), "carol", "c01")
    script = (
        "from careernb.domain.people import Person; from careernb.home import open_store; "
        "print('\\n'.join(p.name for p in open_store().load(Person)))"
    )
    names = {m: as_manager(m, cluster, "-c", script).split("\n") for m in MANAGERS}
    return Org(cluster, {m: [n for n in ns if n] for m, ns in names.items()})


def _shared_notebooks(base: Path) -> Path:
    """The careernb notebooks as every manager sees them: owned by root, read-only to them."""
    shared = base / "srv" / "notebooks"
    shutil.copytree(REPO / "notebooks", shared, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for path in [base / "srv", shared, *shared.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return shared


def _wait(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the hub exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as r:
            if r.status == 200:
                return
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer in {timeout} s:\n{log.read_text()[-3000:]}")


def hub_environment(
    base: Path, cluster: Cluster, notebooks: Path, port: int, runtime: Path
) -> dict[str, str]:
    return {
        "PATH": f"{HUB_VENV / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "CAREERNB_HUB_AUTHENTICATOR": "dummy",
        "CAREERNB_HUB_TESTING": "1",
        "CAREERNB_HUB_MANAGERS": ",".join(MANAGERS),
        "CAREERNB_HUB_REPORTS": ",".join(REPORTS),
        "CAREERNB_REPORT_PORT": str(free_port()),
        "CAREERNB_HUB_PORT": str(port),
        "CAREERNB_HUB_API_PORT": str(free_port()),
        "CAREERNB_PROXY_API_PORT": str(free_port()),
        "CAREERNB_HUB_STATE": str(base / "hub-state"),
        "CAREERNB_NOTEBOOKS": str(notebooks),
        "CAREERNB_DATABASE": cluster.database,
        "CAREERNB_PG_SOCKET": str(cluster.socket_dir),
        "CAREERNB_PROXY": str(PROXY),
        "CAREERNB_HUB_RUNTIME": str(runtime),
    }


@pytest.fixture(scope="session")
def hub(hub_base: Path, accounts, cluster: Cluster) -> Iterator[Hub]:
    notebooks = _shared_notebooks(hub_base)
    port = free_port()
    log = hub_base / "hub.log"
    # The managers' runtime folders: a short path, as /run/careernb-hub is, for the kernels' sockets.
    runtime = Path(tempfile.mkdtemp(prefix="cnb-run-"))
    runtime.chmod(0o711)
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [*PRIVATE_PROC, str(HUB_VENV / "bin" / "jupyterhub"), "-f", str(CONFIG)],
            cwd=hub_base, env=hub_environment(hub_base, cluster, notebooks, port, runtime),
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{url}/hub/health", proc, log)
        yield Hub(url, hub_base, notebooks, proc, log, cluster, runtime)
    finally:
        proc.terminate()  # the hub stops the proxy and every manager's server on its way out
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        _stop_the_proxy(hub_base / "hub-state" / "jupyterhub-proxy.pid")
        artifacts = REPO / "test-artifacts" / "hub"
        artifacts.mkdir(parents=True, exist_ok=True)
        shutil.copy(log, artifacts / "hub.log")
        shutil.rmtree(runtime, ignore_errors=True)


def _stop_the_proxy(pid_file: Path) -> None:
    """The proxy runs in a session of its own, which a hub that did not finish its shutdown leaves
    running after the test: stopped here, by the pid the hub wrote."""
    try:
        pid = int(pid_file.read_text().strip())
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return  # stopped already (the hub removes the file), or never started
    if b"configurable-http-proxy" in command:
        os.kill(pid, signal.SIGTERM)


def log_in(page, hub: Hub, manager: str, timeout: float = 120_000) -> None:
    """Log in through the hub's form, as a manager does, and wait for their JupyterLab."""
    page.goto(f"{hub.url}/hub/login", wait_until="domcontentloaded")
    page.fill("input[name=username]", manager)
    page.fill("input[name=password]", "any password: the dummy authenticator is for tests")
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{manager}/lab/**", timeout=timeout)
    page.wait_for_function("() => !!(window.jupyterapp && window.jupyterapp.shell)", timeout=timeout)


@pytest.fixture
def new_page(browser):
    """A fresh browser (its own cookies) per manager: bob never rides on alice's session."""
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def snap(page, name: str) -> Path:
    """A screenshot of one step in test-artifacts/hub/ (Playwright makes the folder)."""
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def server_of(hub: Hub, manager: str) -> SimpleNamespace:
    return SimpleNamespace(url=f"{hub.url}/user/{manager}")


def code_notebook(accounts, manager: str, name: str, code: str) -> str:
    """A notebook of the manager's own, in their home, owned by them."""
    account = accounts[manager]
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(code)]
    path = Path(account.pw_dir) / name
    nbformat.write(nb, path)
    os.chown(path, account.pw_uid, account.pw_gid)
    return name


def run_and_read(page, hub: Hub, manager: str, name: str) -> dict:
    """Open the notebook in the manager's JupyterLab, run it, read the JSON its cell printed."""
    open_notebook(page, server_of(hub, manager), name)
    out = page.locator(".jp-OutputArea-output", has_text="RESULT")
    out.first.wait_for(timeout=WAIT)
    wait_idle(page, name)
    text = out.first.inner_text()
    return json.loads(text.split("RESULT", 1)[1])
