# careernb's JupyterHub on one server: `jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`.
#
# Every manager is a hub user NAME whose server runs as the Unix user jupyter-NAME, in their
# own private home, and reaches PostgreSQL over the local socket as the role NAME by peer
# authentication (`careernb org hub-config` prints the two lines PostgreSQL needs). No
# password exists anywhere a notebook could print it. The careernb notebooks are one
# read-only shared folder, linked as ~/careernb into every manager's own server.
# Their kernels (JupyterLab's and Voila's) listen on Unix sockets in a runtime folder only
# their own Unix user can enter, never on a 127.0.0.1 port another account could subscribe to,
# and have no debugger, which would listen on one.
#
# Settings come from the environment (a systemd unit's Environment= lines, or the test):
#   CAREERNB_HUB_AUTHENTICATOR  required: "github", "generic-oauth", "azuread", ... (from the
#                               oauthenticator package), or "dummy" in tests only
#   CAREERNB_HUB_MANAGERS       comma-separated hub names allowed to log in with a server of their own
#   CAREERNB_HUB_REPORTS        comma-separated hub names of reports: they sign in to the report's
#                               page (/services/careernb-report/) and can never start a server;
#                               each is tied to their person with `careernb org add-report`
#   CAREERNB_REPORT_PORT        where the report's page listens on 127.0.0.1 (default 8091)
#   CAREERNB_HUB_ADMINS         comma-separated hub admins: they are root on this server
#   CAREERNB_HUB_IP/_PORT       where the hub listens (default 127.0.0.1:8000; put TLS in front)
#   CAREERNB_HUB_API_PORT, CAREERNB_PROXY_API_PORT   internal ports (default 8081, 8001)
#   CAREERNB_HUB_STATE          the hub's own database and secrets (default /var/lib/careernb-hub)
#   CAREERNB_NOTEBOOKS          the shared notebooks (default /srv/careernb/notebooks)
#   CAREERNB_DATABASE, CAREERNB_PG_SOCKET   default careernb, /var/run/postgresql
#   CAREERNB_PROXY              configurable-http-proxy's path (default: found on PATH)
#   CAREERNB_HUB_RUNTIME        where each manager's runtime folder, with their kernels' sockets,
#                               and the hub's kernel spec are made (default /run/careernb-hub;
#                               keep it short: a socket's path holds 107 bytes)
# An identity provider's own settings (client id, secret, callback URL) are read by
# oauthenticator from OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_CALLBACK_URL.

import os
import pwd
import shutil
import sys
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid

from careernb.app import LAB_QUIET
from careernb.errors import CareernbError
from careernb.organisation.hub import (
    DEFAULT_DATABASE,
    DEFAULT_KERNEL_ROOT,
    DEFAULT_SOCKET_DIR,
    REPLY_ROLE,
    REPLY_UNIX_USER,
    REPORT_SERVICE,
    kernel_folder,
    kernel_root,
    kernel_spec,
    roles,
    service_prefix,
    store_url,
    unix_user,
)
from careernb.views.pages import HOME

c = get_config()  # noqa: F821 (defined by JupyterHub when it loads this file)

env = os.environ.get
NOTEBOOKS = Path(env("CAREERNB_NOTEBOOKS", "/srv/careernb/notebooks"))
DATABASE = env("CAREERNB_DATABASE", DEFAULT_DATABASE)
SOCKET_DIR = env("CAREERNB_PG_SOCKET", DEFAULT_SOCKET_DIR)
STATE = Path(env("CAREERNB_HUB_STATE", "/var/lib/careernb-hub"))
KERNEL_ROOT = Path(env("CAREERNB_HUB_RUNTIME", DEFAULT_KERNEL_ROOT))
# First on every server's JUPYTER_PATH: the hub's Python kernel, which has no debugger.
KERNEL_SPECS = KERNEL_ROOT / "share"


def _names(variable: str) -> set[str]:
    return {name.strip() for name in env(variable, "").split(",") if name.strip()}


class CareernbSpawner(LocalProcessSpawner):
    """The hub user alice, run as the Unix user jupyter-alice: her name, URLs and API stay alice."""

    def _account(self) -> pwd.struct_passwd:
        try:
            name = unix_user(self.user.name)
        except CareernbError as exc:
            raise ValueError(str(exc)) from None
        try:
            return pwd.getpwnam(name)
        except KeyError:
            raise ValueError(
                f"{self.user.name} has no Unix account yet; as root: "
                f"useradd --create-home --shell /usr/sbin/nologin {name} && chmod 700 /home/{name}"
            ) from None

    def _kernel_folder(self) -> Path:
        try:
            return Path(kernel_folder(self.user.name, str(KERNEL_ROOT)))
        except CareernbError as exc:
            raise ValueError(str(exc)) from None

    def _make_kernel_folder(self, account: pwd.struct_passwd) -> None:
        """The manager's runtime folder, theirs and 0700: only they can reach their kernels' sockets."""
        folder = self._kernel_folder()
        if folder.exists() and folder.lstat().st_uid != account.pw_uid:
            shutil.rmtree(folder)  # left by an earlier account of that name: sockets only, nothing kept
        folder.mkdir(mode=0o700, exist_ok=True)
        os.chown(folder, account.pw_uid, account.pw_gid)
        folder.chmod(0o700)

    def make_preexec_fn(self, name):
        return set_user_setuid(self._account().pw_name)

    def user_env(self, env):
        account = self._account()
        env.update(USER=account.pw_name, LOGNAME=account.pw_name, HOME=account.pw_dir)
        return env

    def get_env(self):
        env = super().get_env()
        # The role is the hub name; peer authentication checks it against the Unix user.
        env["CAREERNB_STORE"] = store_url(self.user.name, DATABASE, SOCKET_DIR)
        env["JUPYTER_RUNTIME_DIR"] = str(self._kernel_folder())
        env["JUPYTER_PATH"] = str(KERNEL_SPECS)
        return env

    async def start(self):
        account = self._account()
        link = Path(account.pw_dir) / "careernb"
        if not link.exists() and not link.is_symlink():
            # Root makes the link and gives it to the manager; it points at a folder they cannot write.
            link.symlink_to(NOTEBOOKS, target_is_directory=True)
            os.lchown(link, account.pw_uid, account.pw_gid)
        self._make_kernel_folder(account)
        self.popen_kwargs = {**self.popen_kwargs, "cwd": account.pw_dir}
        return await super().start()


def _make_kernel_root() -> None:
    """The root of the managers' runtime folders, root's and 0711, with the hub's kernel spec."""
    try:
        kernel_root(str(KERNEL_ROOT))
    except CareernbError as exc:
        sys.exit(f"careernb hub: {exc}")
    KERNEL_ROOT.mkdir(mode=0o711, parents=True, exist_ok=True)
    root = KERNEL_ROOT.stat()
    if root.st_uid != 0 or root.st_mode & 0o022:
        # Anyone who could write there could put a folder of their own in a manager's place.
        sys.exit(f"careernb hub: {KERNEL_ROOT} must be root's and writable by root alone (chmod 711)")
    spec = KERNEL_SPECS / "kernels" / "python3"
    spec.mkdir(mode=0o755, parents=True, exist_ok=True)
    written = spec / "kernel.json.new"  # a server starting meanwhile reads the old file or the new
    written.write_text(kernel_spec())
    written.chmod(0o644)
    written.replace(spec / "kernel.json")


authenticator = env("CAREERNB_HUB_AUTHENTICATOR")
if not authenticator:
    sys.exit("careernb hub: set CAREERNB_HUB_AUTHENTICATOR (e.g. generic-oauth; see the README)")
if authenticator == "dummy" and env("CAREERNB_HUB_TESTING") != "1":
    sys.exit("careernb hub: the dummy authenticator lets anyone in as anyone; it is for tests only")
c.JupyterHub.authenticator_class = authenticator
MANAGERS, REPORTS = _names("CAREERNB_HUB_MANAGERS"), _names("CAREERNB_HUB_REPORTS")
c.Authenticator.allowed_users = MANAGERS | REPORTS
c.Authenticator.admin_users = _names("CAREERNB_HUB_ADMINS")
# Managers get a server of their own; reports the report's page alone (no `servers` scope: the hub
# refuses them a server, whatever address they try).
c.JupyterHub.load_roles, c.JupyterHub.load_groups = roles(MANAGERS, REPORTS)


def _landing(handler):
    """Where a hub user lands after signing in: a report on their page, a manager in their server."""
    user = handler.current_user
    if user is not None and user.name in REPORTS and user.name not in MANAGERS:
        return service_prefix(handler.base_url)
    return None  # JupyterHub's own default: the manager's server


c.JupyterHub.default_url = _landing

# The report's page, run by the hub as the Unix user careernb-reply: PostgreSQL's peer map lets it in
# as careernb_reply, which reads and writes only through the database's functions for one report.
try:
    pwd.getpwnam(REPLY_UNIX_USER)
except KeyError:
    sys.exit(
        f"careernb hub: the report's page runs as the Unix user {REPLY_UNIX_USER}; as root: "
        f"useradd --system --shell /usr/sbin/nologin {REPLY_UNIX_USER}"
    )
c.JupyterHub.services = [
    {
        "name": REPORT_SERVICE,
        "url": f"http://127.0.0.1:{env('CAREERNB_REPORT_PORT', '8091')}",
        "command": [sys.executable, "-m", "careernb", "org", "report-page"],
        "user": REPLY_UNIX_USER,
        "cwd": "/",
        "environment": {"CAREERNB_STORE": store_url(REPLY_ROLE, DATABASE, SOCKET_DIR), "LANG": "C.UTF-8"},
        "oauth_no_confirm": True,  # part of the hub: no consent page
    }
]

c.JupyterHub.spawner_class = CareernbSpawner
# The single-user server from the hub's own environment, which every manager's account can run.
c.Spawner.cmd = [str(Path(sys.prefix) / "bin" / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = f"/lab/tree/careernb/{HOME.notebook}"  # the team dashboard
# JupyterLab as `careernb lab` starts it: no news, no update check, nothing asked of the internet.
c.Spawner.args = [*LAB_QUIET]
# Kernels on Unix sockets in the manager's runtime folder (see CareernbSpawner), for JupyterLab and
# the Voila pages alike: a kernel's TCP ports on 127.0.0.1 would be open to every account here,
# and its key only signs messages, it does not keep a subscriber from reading them.
c.Spawner.args.append("--KernelManager.transport=ipc")
if env("CAREERNB_HUB_TESTING") == "1":
    c.Spawner.args.append("--LabApp.expose_app_in_browser=True")
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90

c.JupyterHub.ip = env("CAREERNB_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(env("CAREERNB_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("CAREERNB_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env('CAREERNB_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [env("CAREERNB_PROXY") or shutil.which("configurable-http-proxy")]

_make_kernel_root()
STATE.mkdir(mode=0o700, parents=True, exist_ok=True)
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
