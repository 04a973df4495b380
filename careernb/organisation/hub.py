"""One server's hub: every manager a Unix user, every Unix user one database role.

On one server (The Littlest JupyterHub's model) the hub user ``alice`` runs her notebooks
as the Unix user ``jupyter-alice``; PostgreSQL's peer authentication over the local
socket, with the ``pg_ident.conf`` map written here, lets that Unix user in as the role
``alice`` and as nobody else. No password exists anywhere a notebook could print it.

Each manager's kernels listen on Unix sockets in a folder only their Unix user can enter
(:func:`kernel_folder`), and start without a debugger (:func:`kernel_spec`): never on a TCP port
another account on the server could connect to.

Pure text and names only, so the hub's configuration (deploy/jupyterhub), the
``careernb org hub-config`` command and the tests share one definition. The batch role's
name is the database's own (:mod:`careernb.store.sql_schema`), never restated here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import quote

from careernb.errors import CareernbError
from careernb.store.sql_schema import BATCH as BATCH_ROLE
from careernb.store.sql_schema import REPLY as REPLY_ROLE

UNIX_PREFIX = "jupyter-"
IDENT_MAP = "careernb"
BATCH_UNIX_USER = "careernb-batch"
REPLY_UNIX_USER = "careernb-reply"
"""The Unix user the report's page runs as; the map lets it in as ``careernb_reply`` alone."""
REPORT_SERVICE = "careernb-report"
"""The report's page, a service of the hub at ``/services/careernb-report/``."""
REPORTS_GROUP = "reports"
"""Hub users who may reach the report's page, and nothing else."""
DEFAULT_DATABASE = "careernb"
DEFAULT_SOCKET_DIR = "/var/run/postgresql"
DEFAULT_KERNEL_ROOT = "/run/careernb-hub"

# Linux holds a Unix socket's path in 108 bytes, the final NUL included.
SOCKET_PATH_MAX = 107
# The longest socket name jupyter_client gives a kernel: its connection file's, then -ipc-1 to -ipc-5.
_KERNEL_SOCKET = "kernel-00000000-0000-0000-0000-000000000000-ipc-5"

# A name that is at once a Unix user name (after the prefix, under useradd's 32 characters)
# and a PostgreSQL role that needs no quoting: nothing to escape anywhere it travels.
NAME_MAX = 23
_NAME = re.compile(rf"[a-z][a-z0-9_]{{0,{NAME_MAX - 1}}}")
# Names that would reach a role the manager must never be: PostgreSQL's own, careernb's own.
_RESERVED = r"(?:postgres|root|public|none|all|pg_.*|careernb.*)"


def manager_name(hub_name: str) -> str:
    """The hub user's name, checked to be usable as both a Unix user and a database role."""
    if not _NAME.fullmatch(hub_name or ""):
        raise CareernbError(
            f"{hub_name!r} cannot be a manager's hub name: use 1 to 23 lowercase letters, digits or "
            "underscores, starting with a letter (it becomes a Unix user and a database role)"
        )
    if re.fullmatch(_RESERVED, hub_name):
        raise CareernbError(f"{hub_name!r} is reserved for PostgreSQL or careernb itself; pick another name")
    return hub_name


def unix_user(hub_name: str) -> str:
    """``alice`` runs her server as the Unix user ``jupyter-alice``."""
    return UNIX_PREFIX + manager_name(hub_name)


def store_url(role: str, database: str = DEFAULT_DATABASE, socket_dir: str = DEFAULT_SOCKET_DIR) -> str:
    """The ``CAREERNB_STORE`` of a server running as ``role``'s Unix user: a socket, no password."""
    return f"postgresql+psycopg://{role}@/{quote(database, safe='')}?host={quote(socket_dir, safe='/')}"


class KernelFolderError(CareernbError):
    """A manager's kernel sockets would not fit in a Unix socket's path."""

    def __init__(self, folder: str, longest: int) -> None:
        self.folder = folder
        self.longest = longest
        super().__init__(
            f"kernel sockets in {folder} would have paths of {longest} bytes, over the "
            f"{SOCKET_PATH_MAX} a Unix socket takes: set CAREERNB_HUB_RUNTIME to a shorter folder "
            f"(the default is {DEFAULT_KERNEL_ROOT})"
        )


def kernel_root(root: str = DEFAULT_KERNEL_ROOT) -> str:
    """``root``, checked to hold every manager's kernel sockets at paths a socket address takes."""
    root = root.rstrip("/")
    folder = f"{root}/{UNIX_PREFIX}{'x' * NAME_MAX}"  # the longest a manager's folder can be
    longest = len(f"{folder}/{_KERNEL_SOCKET}".encode())
    if longest > SOCKET_PATH_MAX:
        raise KernelFolderError(folder, longest)
    return root


def kernel_folder(hub_name: str, root: str = DEFAULT_KERNEL_ROOT) -> str:
    """The manager's runtime folder (``JUPYTER_RUNTIME_DIR``), where their kernels listen.

    Root makes it, mode 0700 and owned by ``jupyter-NAME``, inside ``root`` (root's, 0711): the
    kernels' Unix sockets there can be reached by their owner alone. Their paths must fit in
    a socket address, which a home's ``~/.local/share/jupyter/runtime`` may not.
    """
    return f"{kernel_root(root)}/{unix_user(hub_name)}"


def kernel_spec() -> str:
    """The kernel.json of the hub's Python kernel: ipykernel without its debugger (hub_kernel.py)."""
    return json.dumps(
        {
            # jupyter_client runs "python" as the server's own interpreter: the hub's environment.
            "argv": ["python", "-m", "careernb.organisation.hub_kernel", "-f", "{connection_file}"],
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "metadata": {"debugger": False},
        },
        indent=1,
    )


@dataclass(frozen=True)
class HubConfig:
    """The two lines PostgreSQL needs, and where each goes."""

    database: str = DEFAULT_DATABASE
    socket_dir: str = DEFAULT_SOCKET_DIR

    def __post_init__(self) -> None:
        if not _NAME.fullmatch(self.database):
            raise CareernbError(f"{self.database!r} is not a database name careernb writes unquoted")

    @property
    def pg_hba(self) -> str:
        # Peer over the socket only, and only through the map: jupyter-alice can be alice,
        # never another role. Nothing for the network (no "host" line).
        return f"local   {self.database}   all   peer map={IDENT_MAP}\n"

    @property
    def pg_ident(self) -> str:
        # manager_name()'s rule as a PostgreSQL regular expression: the lookahead keeps reserved
        # roles out even if such a Unix user exists; its group does not capture, so \\1 is the name.
        # No comma: pg_ident.conf splits a field there (useradd limits the length instead).
        regex = f"^{UNIX_PREFIX}(?!{_RESERVED}$)([a-z][a-z0-9_]*)$"
        return (
            f"{IDENT_MAP}   /{regex}   \\1\n{IDENT_MAP}   {BATCH_UNIX_USER}   {BATCH_ROLE}\n"
            f"{IDENT_MAP}   {REPLY_UNIX_USER}   {REPLY_ROLE}\n"
        )

    def text(self) -> str:
        """What ``careernb org hub-config`` prints: both files' lines and how to apply them."""
        return (
            "# pg_hba.conf: put this line ABOVE the first `local all all` line (the first match wins).\n"
            "# Keep Debian's `local all postgres peer` line first: it keeps the superuser out of reach.\n"
            f"{self.pg_hba}"
            "\n"
            "# pg_ident.conf: the hub's Unix user jupyter-NAME may log in as the role NAME only;\n"
            f"# the Unix user {BATCH_UNIX_USER} runs the quarter as {BATCH_ROLE}, and the report's page\n"
            f"# runs as {REPLY_UNIX_USER}, which logs in as {REPLY_ROLE}.\n"
            f"{self.pg_ident}"
            "\n"
            "# then, as root: systemctl reload postgresql\n"
            "# each manager's server gets (set by deploy/jupyterhub/jupyterhub_config.py):\n"
            f"#   CAREERNB_STORE={store_url('NAME', self.database, self.socket_dir)}\n"
        )


def service_prefix(base_url: str = "/") -> str:
    """Where the report's page answers, under the hub's base URL."""
    return f"{base_url.rstrip('/')}/services/{REPORT_SERVICE}/"


def roles(managers: set[str], reports: set[str]) -> tuple[list[dict], dict[str, dict]]:
    """The hub's roles and groups: managers start their own server; reports reach the report's
    page and nothing else, so the hub refuses them a server. A hub user is no longer given one
    by default: JupyterHub's ``user`` role keeps only what signing in to a service needs (their
    own name and groups) instead of ``self``."""
    return (
        [
            {
                "name": "user",
                "description": "Every hub user: who they are (what a service's sign-in asks), no server",
                "scopes": ["read:users:name!user", "read:users:groups!user"],
            },
            {
                "name": "careernb-manager",
                "description": "A manager: their own server, their own notebooks",
                "scopes": ["self"],
                "users": sorted(managers),
            },
            {
                "name": "careernb-report",
                "description": "A report: their own contract on the report's page, no server",
                "scopes": [f"access:services!service={REPORT_SERVICE}"],
                "groups": [REPORTS_GROUP],
            },
        ],
        {REPORTS_GROUP: {"users": sorted(reports)}},
    )
