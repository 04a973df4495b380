"""The names and PostgreSQL lines a one-server hub runs on, checked without a hub.

The same map is applied by a real PostgreSQL in test_hub_e2e.py; here, its rule: the
Unix user jupyter-NAME may become the role NAME, never a reserved or another role.
"""

from __future__ import annotations

import re

import pytest

from careernb.cli import main
from careernb.errors import CareernbError
from careernb.organisation.hub import (
    BATCH_ROLE,
    DEFAULT_KERNEL_ROOT,
    REPLY_ROLE,
    REPLY_UNIX_USER,
    REPORT_SERVICE,
    REPORTS_GROUP,
    SOCKET_PATH_MAX,
    HubConfig,
    KernelFolderError,
    kernel_folder,
    kernel_root,
    kernel_spec,
    manager_name,
    service_prefix,
    store_url,
    unix_user,
)
from careernb.organisation.hub import (
    roles as hub_roles,
)


def _ident_rule(config: HubConfig) -> tuple[re.Pattern[str], str]:
    lines = [line.split() for line in config.pg_ident.splitlines()]
    regex = next(fields[1] for fields in lines if fields[1].startswith("/"))
    return re.compile(regex[1:]), next(fields[2] for fields in lines if fields[1].startswith("/"))


def _role_for(config: HubConfig, system_user: str) -> str | None:
    """The role pg_ident.conf's regex line maps a Unix user to, as PostgreSQL applies it."""
    pattern, target = _ident_rule(config)
    found = pattern.search(system_user)
    return found.expand(target) if found else None


@pytest.mark.parametrize("name", ["alice", "bob", "a", "m_2", "x" * 23])
def test_a_manager_runs_as_jupyter_name_and_reaches_only_their_own_role(name):
    assert unix_user(name) == f"jupyter-{name}"
    assert _role_for(HubConfig(), unix_user(name)) == name


@pytest.mark.parametrize(
    "name",
    ["", "Alice", "1alice", "al ice", "alice;drop", "al-ice", "x" * 24, "alice\n", "élise", "../x"],
)
def test_names_that_cannot_be_both_a_unix_user_and_a_plain_role_are_refused(name):
    with pytest.raises(CareernbError, match="cannot be a manager's hub name"):
        manager_name(name)


@pytest.mark.parametrize("name", ["postgres", "root", "pg_monitor", "careernb", "careernb_batch", "all"])
def test_reserved_roles_are_neither_hub_names_nor_reachable_through_the_map(name):
    with pytest.raises(CareernbError, match="reserved"):
        unix_user(name)
    # Even if someone made such a Unix user by hand, the map does not lead to the role.
    assert _role_for(HubConfig(), f"jupyter-{name}") is None


@pytest.mark.parametrize("system_user", ["alice", "jupyter-", "xjupyter-alice", "jupyter-alice-x", "root"])
def test_other_unix_users_map_to_nothing(system_user):
    assert _role_for(HubConfig(), system_user) is None


def test_the_map_has_no_comma_which_pg_ident_would_split_the_field_at():
    assert "," not in HubConfig().pg_ident


def test_the_batch_and_the_report_page_users_are_each_mapped_to_their_own_role_only():
    lines = [line.split() for line in HubConfig().pg_ident.splitlines()]
    assert ["careernb", "careernb-batch", BATCH_ROLE] in lines
    assert ["careernb", REPLY_UNIX_USER, REPLY_ROLE] in lines
    assert len(lines) == 3


def test_reports_reach_the_report_page_and_only_managers_may_start_a_server():
    roles, groups = hub_roles({"alice"}, {"carol", "dan"})
    scopes = {r["name"]: r["scopes"] for r in roles}
    assert scopes["user"] == ["read:users:name!user", "read:users:groups!user"]  # no server by default
    assert next(r for r in roles if "self" in r["scopes"])["users"] == ["alice"]
    report = next(r for r in roles if r.get("groups") == [REPORTS_GROUP])
    assert report["scopes"] == [f"access:services!service={REPORT_SERVICE}"]
    assert groups == {REPORTS_GROUP: {"users": ["carol", "dan"]}}
    assert service_prefix("/") == f"/services/{REPORT_SERVICE}/"


def test_the_hba_line_is_peer_over_the_socket_through_the_map_only():
    config = HubConfig(database="people_db")
    assert config.pg_hba.split() == ["local", "people_db", "all", "peer", "map=careernb"]
    with pytest.raises(CareernbError):
        HubConfig(database="x y")


def test_the_store_url_carries_no_password():
    url = store_url("alice", "careernb", "/run/pg socket")
    assert url == "postgresql+psycopg://alice@/careernb?host=/run/pg%20socket"
    assert ":" not in url.split("//", 1)[1].split("@")[0]


def test_org_hub_config_prints_both_files_lines(capsys):
    assert main(["org", "hub-config", "--database", "hr", "--socket-dir", "/tmp/s"]) == 0
    out = capsys.readouterr().out
    assert HubConfig("hr", "/tmp/s").pg_hba in out
    assert HubConfig("hr", "/tmp/s").pg_ident in out
    assert "CAREERNB_STORE=postgresql+psycopg://NAME@/hr?host=/tmp/s" in out


def test_org_hub_config_refuses_a_database_name_it_would_have_to_quote(capsys):
    assert main(["org", "hub-config", "--database", "hr; drop"]) == 2
    assert "not a database name" in capsys.readouterr().err


# jupyter_client names a kernel's sockets after its connection file: kernel-<uuid>-ipc-<channel>.
LONGEST_SOCKET = "kernel-6f1c2a57-3b9e-4d21-8c0a-0f5e7d9b1a24-ipc-5"


@pytest.mark.parametrize(
    ("root", "name"),
    [
        (DEFAULT_KERNEL_ROOT, "a"),
        (DEFAULT_KERNEL_ROOT, "x" * 23),
        ("/tmp/cnb-run-1a2b3c4d", "alice"),  # the hub test's
    ],
)
def test_a_managers_kernels_listen_in_a_folder_of_their_own_whose_sockets_fit_a_socket_address(root, name):
    folder = kernel_folder(name, root)
    assert folder == f"{root}/jupyter-{name}"
    assert len(f"{folder}/{LONGEST_SOCKET}".encode()) <= SOCKET_PATH_MAX


@pytest.mark.parametrize(
    "root",
    ["/var/lib/careernb/hub/kernels/of/every/manager", "/srv/" + "r" * 60],
)
def test_a_runtime_root_too_long_for_a_socket_address_is_refused_with_the_setting_to_change(root):
    # Refused for every manager, even one whose short name would fit: the hub does not start.
    for refuse in (lambda: kernel_root(root), lambda: kernel_folder("a", root)):
        with pytest.raises(KernelFolderError, match="CAREERNB_HUB_RUNTIME") as refused:
            refuse()
        assert refused.value.longest > SOCKET_PATH_MAX
        assert refused.value.folder == f"{root}/jupyter-{'x' * 23}"


def test_a_reserved_name_gets_no_kernel_folder():
    with pytest.raises(CareernbError, match="reserved"):
        kernel_folder("postgres")


def test_the_hubs_kernel_spec_starts_a_kernel_on_unix_sockets_that_offers_no_debugger(tmp_path):
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    spec = tmp_path / "share" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(kernel_spec())
    specs = KernelSpecManager(kernel_dirs=[str(spec.parent)], ensure_native_kernel=False)
    kernel = KernelManager(
        kernel_name="python3",
        kernel_spec_manager=specs,
        transport="ipc",
        connection_file=str(tmp_path / "kernel-hub.json"),
    )
    kernel.start_kernel()
    try:
        client = kernel.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        info = client.kernel_info(reply=True)["content"]
        client.stop_channels()
    finally:
        kernel.shutdown_kernel(now=True)
    assert info["status"] == "ok"
    assert "debugger" not in info.get("supported_features", []) and not info.get("debugger")
