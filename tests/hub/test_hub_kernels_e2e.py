"""bob's kernel tries to reach alice's, on the hub's one server, as an attacker would.

A kernel on TCP listens on five ports of 127.0.0.1, listed with their owner's uid in
/proc/net/tcp, and a SUB socket on its IOPub port reads every cell's source and output: the
connection file's key signs messages, it keeps no subscriber out. From his own notebook bob
reads /proc/net/tcp and /proc/net/unix, connects to every TCP port of alice's and every
listening Unix socket that is not his own with a reader for each kind of kernel channel, asks
every TCP port of hers to run code as a debug adapter (debugpy) would, and looks for her
processes in /proc — while her JupyterLab kernel prints (after she tried its debugger), while her
app page's kernel runs, and while a `careernb app` she started herself serves a page. He must
reach nothing and read nothing; the same probe does reach his own kernel, which shows it would
find hers.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import stat
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from tests.e2e.conftest import free_port, open_notebook, wait_idle
from tests.hub.conftest import (
    ARTIFACTS,
    HUB_VENV,
    WAIT,
    Hub,
    code_notebook,
    log_in,
    run_and_read,
    server_of,
    snap,
)

SECRET = "alice-types-7f3a9c"  # what alice's cell prints, over and over

ALICE_WORKS = f"""
import time
for beat in range(1200):
    print("{SECRET}", beat, flush=True)
    time.sleep(0.25)
"""

PROBE = r'''
import contextlib, json, os, pwd, socket, sys, time
import zmq

ME, ALICE = os.getuid(), pwd.getpwnam("jupyter-alice").pw_uid


def tcp_listening():
    """(port, uid) of every listening TCP socket on this host, as /proc/net lists them."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            next(rows)
            for row in map(str.split, rows):
                if row[3] == "0A":
                    found.add((int(row[1].rsplit(":", 1)[1], 16), int(row[7])))
    return found


def unix_listening():
    """The path of every listening Unix socket on this host (their owners are not listed)."""
    with open("/proc/net/unix") as rows:
        next(rows)
        return sorted({r[7] for r in map(str.split, rows) if len(r) > 7 and r[3] == "00010000"
                       and not r[7].startswith("@")})


def owner(path):
    try:
        return os.stat(path).st_uid
    except OSError:
        return None  # in a folder this account cannot enter


alice_ports = sorted({port for port, uid in tcp_listening() if uid == ALICE})
paths = unix_listening()
mine = [p for p in paths if owner(p) == ME]
theirs = [p for p in paths if owner(p) != ME]
alice_processes = [p for p in os.listdir("/proc") if p.isdigit() and owner(f"/proc/{p}") == ALICE]

# A reader for each kind of channel a kernel has: IOPub (PUB), shell, control and stdin
# (ROUTER), heartbeat (REP). A monitor says when a ZMTP handshake with the other side succeeds.
READERS = {"SUB": zmq.SUB, "DEALER": zmq.DEALER, "REQ": zmq.REQ}
context = zmq.Context()
poller = zmq.Poller()
probe_of = {}
for endpoint in [f"tcp://127.0.0.1:{p}" for p in alice_ports] + [f"ipc://{p}" for p in theirs + mine]:
    for kind, socket_type in READERS.items():
        reader = context.socket(socket_type)
        reader.setsockopt(zmq.LINGER, 0)
        if socket_type == zmq.SUB:
            reader.setsockopt(zmq.SUBSCRIBE, b"")
        monitor = reader.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED)
        reader.connect(endpoint)
        for sock in (reader, monitor):
            probe_of[sock] = f"{kind} {endpoint}"
            poller.register(sock, zmq.POLLIN)
seen = {probe: {"connected": False, "read": []} for probe in probe_of.values()}
deadline, beat = time.monotonic() + 8, 0
while time.monotonic() < deadline:
    if time.monotonic() > beat:
        print("bob probes", file=sys.stderr, flush=True)  # his own kernel publishes this
        beat = time.monotonic() + 1
    for sock, _ in poller.poll(500):
        frames = sock.recv_multipart()
        found = seen[probe_of[sock]]
        if sock.socket_type == zmq.PAIR:  # the monitor
            found["connected"] = True
        elif len(found["read"]) < 5:  # a Jupyter message's content, else whatever came
            at = frames.index(b"<IDS|MSG>") + 5 if b"<IDS|MSG>" in frames else 0
            found["read"].append(b" ".join(frames[at:]).decode("utf-8", "replace")[:400])
context.destroy(linger=0)


def ask(adapter, seq, command, arguments):
    """One request to a debug adapter (DAP) and every message it sends back within a second."""
    body = json.dumps({"seq": seq, "type": "request", "command": command, "arguments": arguments})
    adapter.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body.encode())
    answer, messages = b"", []
    with contextlib.suppress(OSError):
        while chunk := adapter.recv(65536):
            answer += chunk
    while b"\r\n\r\n" in answer:  # Content-Length: N, a blank line, N bytes of JSON
        head, answer = answer.split(b"\r\n\r\n", 1)
        length = int(head.rsplit(b":", 1)[1])
        messages.append(json.loads(answer[:length]))
        answer = answer[length:]
    return messages


def ran_code(port):
    """What a debug adapter (debugpy) on the port answers when bob asks it to run code, if it is one."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as adapter:
            ask(adapter, 1, "initialize", {"adapterID": "bob"})
            ask(adapter, 2, "attach", {})
            for message in ask(adapter, 3, "evaluate", {"expression": "__import__('os').getuid()"}):
                if message.get("command") == "evaluate" and message.get("success"):
                    return message["body"]["result"]
    except (OSError, IndexError, ValueError):
        pass  # nothing there, or not a debug adapter
    return None


evaluated = {port: result for port in alice_ports if (result := ran_code(port)) is not None}
print("RESULT" + json.dumps({"alice_ports": alice_ports, "mine": mine, "theirs": theirs,
                             "alice_processes": alice_processes, "seen": seen,
                             "evaluated": evaluated}))
'''


@dataclass
class Alices:
    """alice's processes as root sees them: her kernels' connection files, and who listens where."""

    kernels: dict[int, Path] = field(default_factory=dict)
    kernel_ports: dict[int, set[int]] = field(default_factory=dict)
    other_ports: set[int] = field(default_factory=set)  # her servers' HTTP ports


def alices(account) -> Alices:
    found = Alices()
    for proc in psutil.process_iter(["uids", "cmdline"]):
        if not proc.info["uids"] or proc.info["uids"].real != account.pw_uid:
            continue
        cmdline = proc.info["cmdline"] or []
        with contextlib.suppress(psutil.Error):
            ports = {c.laddr.port for c in proc.net_connections("inet") if c.status == psutil.CONN_LISTEN}
            connection = Path(cmdline[cmdline.index("-f") + 1]) if "-f" in cmdline[:-1] else None
            if connection and connection.name.startswith("kernel-"):  # a kernel's connection file
                found.kernels[proc.pid] = connection
                found.kernel_ports[proc.pid] = ports
            else:
                found.other_ports |= ports
    return found


def bob_probes(hub: Hub, accounts, new_page, name: str) -> dict:
    """bob runs the probe from a notebook of his own; its one short cell keeps the answer in view."""
    bob = accounts["bob"]
    script = Path(bob.pw_dir) / f"{name}.py"
    script.write_text(PROBE)
    os.chown(script, bob.pw_uid, bob.pw_gid)
    page = new_page()
    log_in(page, hub, "bob")
    notebook = code_notebook(accounts, "bob", f"{name}.ipynb", f"%run {script.name}")
    try:
        seen = run_and_read(page, hub, "bob", notebook)
    finally:
        snap(page, f"hub-bob-{name}")
    (ARTIFACTS / f"hub-bob-{name}.json").write_text(json.dumps(seen, indent=1))
    return seen


def assert_bob_reached_none_of(alice: Alices, seen: dict, account) -> None:
    assert alice.kernels, "alice has no kernel running: the probe would prove nothing"
    own = {f"{kind} ipc://{p}" for p in seen["mine"] for kind in ("SUB", "DEALER", "REQ")}
    reached = {e: r for e, r in seen["seen"].items() if e not in own and (r["connected"] or r["read"])}
    assert reached == {}
    assert seen["evaluated"] == {}  # no debug adapter of hers ran bob's code
    assert SECRET not in json.dumps(seen)
    # Her kernels' channels listen on no TCP port. Each keeps one: ipykernel's pipe for the output of
    # processes it forks (a PULL socket on 127.0.0.1 that forwards only what carries that kernel's
    # random key); none of bob's readers could pair with it above.
    assert all(len(ports) <= 1 for ports in alice.kernel_ports.values()), alice.kernel_ports
    assert alice.other_ports & set(seen["alice_ports"]), "bob's scan of /proc/net/tcp missed her server"
    assert seen["alice_processes"] == []  # /proc hides her processes from him (hidepid)
    for connection in alice.kernels.values():  # her sockets, in a folder of hers alone, were tried
        folder = connection.parent.stat()
        assert folder.st_uid == account.pw_uid and stat.S_IMODE(folder.st_mode) & 0o077 == 0, connection
        sockets = {str(p) for p in connection.parent.glob(f"{connection.stem}-ipc-*")}
        assert len(sockets) == 5 and sockets <= set(seen["theirs"]), connection
    # The probe works: it reaches bob's own kernel and reads what that kernel publishes.
    assert any(seen["seen"][e]["connected"] for e in own)
    assert any("bob probes" in text for e in own for text in seen["seen"][e]["read"])


# What JupyterLab sends when a manager turns the debugger on, then off; and what the kernel offers.
DEBUGGER_ON_AND_OFF = """async () => {
    const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    const info = await kernel.info;
    const ask = async (seq, command, args) =>
        (await kernel.requestDebug({type: 'request', seq, command, arguments: args}).done).content;
    await ask(1, 'initialize', {clientID: 'jupyterlab', adapterID: 'python', pathFormat: 'path',
                                linesStartAt1: true, columnsStartAt1: true});
    await ask(2, 'attach', {});
    await ask(3, 'disconnect', {restart: false, terminateDebuggee: false});
    return !!info.debugger || (info.supported_features || []).includes('debugger');
}"""


def test_bob_cannot_subscribe_to_alices_jupyterlab_kernel_while_she_works(hub, org, accounts, new_page):
    page = new_page()
    log_in(page, hub, "alice")
    # She tries JupyterLab's debugger in one notebook first: debugpy would listen on a TCP port.
    open_notebook(page, server_of(hub, "alice"), code_notebook(accounts, "alice", "tried.ipynb", "n = 1"))
    wait_idle(page, "tried.ipynb")
    assert page.evaluate(DEBUGGER_ON_AND_OFF) is False, "the hub's kernel offers a debugger"
    open_notebook(page, server_of(hub, "alice"), code_notebook(accounts, "alice", "work.ipynb", ALICE_WORKS))
    page.locator(".jp-OutputArea-output", has_text=SECRET).first.wait_for(timeout=WAIT)
    try:
        seen = bob_probes(hub, accounts, new_page, "probe_lab")
        alice = alices(accounts["alice"])
        assert {c.parent for c in alice.kernels.values()} == {hub.kernel_folder("alice")}
        assert_bob_reached_none_of(alice, seen, accounts["alice"])
    finally:
        page.evaluate("() => window.jupyterapp.serviceManager.kernels.shutdownAll()")


def test_bob_cannot_subscribe_to_the_kernel_of_alices_app_page(hub, org, accounts, new_page):
    page = new_page()
    log_in(page, hub, "alice")
    wait_idle(page)  # the dashboard she lands on has its kernel: not the page's
    before = set(alices(accounts["alice"]).kernels)
    page.goto(f"{hub.url}/user/alice/voila/render/careernb/00-team-dashboard.ipynb")
    page.locator(".careernb-dashboard-grid").wait_for(timeout=WAIT)
    app_kernels = set(alices(accounts["alice"]).kernels) - before
    assert app_kernels, "opening the page started no kernel"
    seen = bob_probes(hub, accounts, new_page, "probe_app")
    alice = alices(accounts["alice"])
    assert app_kernels <= set(alice.kernels), "the page's kernel ended before bob's probe"
    assert {alice.kernels[pid].parent for pid in app_kernels} == {hub.kernel_folder("alice")}
    assert_bob_reached_none_of(alice, seen, accounts["alice"])


def test_bob_cannot_subscribe_to_the_kernel_of_a_careernb_app_alice_started(hub, org, accounts, new_page):
    """`careernb app` run in alice's own account with her server's environment, as from its terminal."""
    account, port = accounts["alice"], free_port()
    page = new_page()
    log_in(page, hub, "alice")
    wait_idle(page)  # the dashboard she lands on has its kernel: not the app's
    server = next(
        proc
        for proc in psutil.process_iter(["uids", "cmdline"])
        if proc.info["uids"] and proc.info["uids"].real == account.pw_uid
        and any(arg.endswith("jupyterhub-singleuser") for arg in proc.info["cmdline"] or [])
    )  # fmt: skip
    environment = [f"{name}={value}" for name, value in server.environ().items()]
    token = secrets.token_urlsafe(16)
    environment.append(f"JUPYTER_TOKEN={token}")  # what she would open from the printed address
    app = subprocess.Popen(
        ["runuser", "-u", account.pw_name, "--", "env", "-i", *environment,
         str(HUB_VENV / "bin" / "careernb"), "app", "--no-browser", f"--port={port}",
         "--notebooks", str(hub.notebooks)],
        cwd=account.pw_dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        before = set(alices(account).kernels)
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/team", timeout=WAIT / 1000) as answer:
                    assert answer.url.split("?")[0].endswith("/login")  # bob's way in, refused
                alices_page = urllib.request.Request(
                    f"http://127.0.0.1:{port}/team", headers={"Authorization": f"token {token}"}
                )
                with urllib.request.urlopen(alices_page, timeout=WAIT / 1000) as answer:
                    assert answer.status == 200
                break
            except OSError:
                if app.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        # Only the app's own kernels: one of her JupyterLab's may start or restart meanwhile.
        app_kernels = (set(alices(account).kernels) - before) & {
            child.pid for child in psutil.Process(app.pid).children(recursive=True)
        }
        assert app_kernels, "rendering the page started no kernel"
        seen = bob_probes(hub, accounts, new_page, "probe_careernb_app")
        alice = alices(account)
        assert app_kernels <= set(alice.kernels), "the page's kernel ended before bob's probe"
        for pid in app_kernels:  # Voila's own folder for its kernels
            assert alice.kernels[pid].parent.name.startswith("voila_")
        assert_bob_reached_none_of(alice, seen, account)
    finally:
        with contextlib.suppress(psutil.Error):
            for proc in psutil.Process(app.pid).children(recursive=True):
                proc.terminate()
        app.terminate()
        app.wait(timeout=30)
