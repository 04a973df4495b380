"""A real JupyterLab (or Voilà) server and Debian's chromium, driven by Playwright.

One server per test module, on 127.0.0.1 and a free port, isolated from the
user's Jupyter settings, with its own demo data home. Each test leaves a
screenshot in test-artifacts/e2e/. Without chromium the tests are skipped,
except in CI (CAREERNB_REQUIRE_BROWSER=1), where that is a failure.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from careernb import open_store
from careernb.demo import seed_demo

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "e2e"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.slow)


def _need_browser() -> None:
    if Path(CHROMIUM).exists():
        return
    message = "Debian's chromium is not installed (make browser installs it)"
    if os.environ.get("CAREERNB_REQUIRE_BROWSER"):
        pytest.fail(message + "; CI requires the browser tests to run")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        # HTTPException: on a busy machine another process may answer on the port for a moment.
        with (
            contextlib.suppress(OSError, http.client.HTTPException),
            urllib.request.urlopen(url, timeout=2) as r,
        ):
            if r.status == 200:
                return
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer in {timeout} s")


@dataclass
class Server:
    url: str
    home: Path
    root: Path
    proc: subprocess.Popen
    log: Path


def _isolated_env(base: Path, home: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_WORKSPACES_DIR", "IPYTHONDIR"):
        env[name] = str(base / name.lower())
    settings = base / "lab-settings"
    env["JUPYTERLAB_SETTINGS_DIR"] = str(settings)
    for plugin, value in {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    }.items():
        path = settings / plugin
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    env["CAREERNB_HOME"] = str(home)
    return env


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def seeded_home(base: Path) -> Path:
    home = base / "careernb-home"
    seed_demo(open_store(home), dt.date.today())
    return home


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Iterator[Server]:
    """JupyterLab on a copy of notebooks/, with a freshly seeded demo data home."""
    _need_browser()
    base = tmp_path_factory.mktemp("lab")
    home = seeded_home(base)
    root = base / "notebooks"
    shutil.copytree(REPO / "notebooks", root)
    port = free_port()
    log = base / "server.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
                "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.port_retries=0",
                "--allow-root", f"--ServerApp.root_dir={root}", "--LabApp.news_url=None",
                "--LabApp.expose_app_in_browser=True",
            ],
            env=_isolated_env(base, home), stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{url}/api/status", proc)
        yield Server(url, home, root, proc, log)
    finally:
        _stop(proc)


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(Exception):
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=False)
    context.close()


def snap(page, name: str) -> Path:
    """A screenshot of one step, kept as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def open_notebook(page, server: Server, name: str) -> None:
    """Open a notebook, wait until its kernel is idle, run all cells."""
    page.goto(f"{server.url}/lab/tree/{name}?reset", wait_until="domcontentloaded")
    # A code cell's editor: a notebook that opens with markdown shows that cell rendered.
    page.wait_for_selector(".jp-NotebookPanel .jp-CodeCell .cm-content", timeout=60_000)
    # JupyterLab sometimes asks for the kernel even when the notebook names one.
    with contextlib.suppress(Exception):
        page.locator(".jp-Dialog button.jp-mod-accept", has_text="Select").click(timeout=3_000)
    wait_idle(page, name.split("/")[-1])
    run_all(page)


def wait_idle(page, name: str | None = None, timeout: float = 90_000) -> None:
    """Wait until the notebook in front (named ``name``, if given) has a kernel that is idle.

    Asked of JupyterLab itself: the toolbars of notebooks in other tabs read "Idle" too.
    """
    page.wait_for_function(
        """name => {
            const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            const s = w && w.sessionContext;
            const kernel = s && s.session && s.session.kernel;
            return !!(kernel && s.isReady && kernel.status === 'idle'
                      && (!name || w.context.path.split('/').pop() === name));
        }""",
        arg=name,
        timeout=timeout,
    )


def run_all(page) -> None:
    """Run every cell of the notebook in front (fire and forget: awaiting it can hang)."""
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")


def notebook_for(server: Server, name: str, **parameters: object) -> str:
    """A copy of notebook ``name`` with ``parameters`` injected by papermill, as a manager
    would fill in the parameters cell; returns the copy's name, beside the original."""
    from papermill.iorw import load_notebook_node, write_ipynb
    from papermill.parameterize import parameterize_notebook

    copy = "-".join([name.removesuffix(".ipynb"), *map(str, parameters.values())]) + ".ipynb"
    notebook = parameterize_notebook(load_notebook_node(str(server.root / name)), parameters)
    write_ipynb(notebook, str(server.root / copy))
    return copy


class Saves:
    """Counts the visible saves of the panels on a page ("Saving…", then "Saved at 14:03:21").

    Typing, then waiting for the status line alone can see the previous save; so the
    page counts every change of a ``.careernb-save-status`` to "Saved at", and a test
    waits for one more than it had seen before it typed.
    """

    _WATCH = """() => {
        if (window.careernbSaves) return;
        const seen = new WeakMap();
        const state = window.careernbSaves = {saved: 0};
        const look = () => {
            for (const e of document.querySelectorAll('.careernb-save-status')) {
                const text = e.textContent;
                if (seen.get(e) === text) continue;
                seen.set(e, text);
                if (text.includes('Saved at')) state.saved += 1;
            }
        };
        new MutationObserver(look).observe(
            document.body, {subtree: true, childList: true, characterData: true});
        look();
    }"""

    def __init__(self, page) -> None:
        self.page = page
        page.evaluate(self._WATCH)

    @property
    def count(self) -> int:
        return self.page.evaluate("() => window.careernbSaves.saved")

    def wait_after(self, count: int, timeout: float = 60_000) -> None:
        """Wait for a save after the first ``count``, and nothing left pending."""
        try:
            self.page.wait_for_function(
                "n => window.careernbSaves.saved > n && ![...document.querySelectorAll("
                "'.careernb-save-status')].some(e => !e.textContent.includes('Saved at') && e.textContent)",
                arg=count,
                timeout=timeout,
            )
        except Exception as exc:
            shown = self.page.locator(".careernb-save-status, .careernb-errors").all_inner_texts()
            raise AssertionError(f"no save shown after save {count}; the page shows {shown}") from exc

    @contextlib.contextmanager
    def one(self, timeout: float = 60_000) -> Iterator[None]:
        """``with saves.one(): type...`` waits, on leaving, for the save of what was typed."""
        before = self.count
        yield
        self.wait_after(before, timeout)


@pytest.fixture(scope="module")
def voila_app(tmp_path_factory, request) -> Iterator[Server]:
    """`careernb app` (Voilà) serving every page, opened on the module's VOILA_NOTEBOOK page."""
    _need_browser()
    notebook = request.module.VOILA_NOTEBOOK
    base = tmp_path_factory.mktemp("voila")
    home = seeded_home(base)
    root = base / "notebooks"
    shutil.copytree(REPO / "notebooks", root)
    port = free_port()
    log = base / "voila.log"
    env = _isolated_env(base, home)
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "careernb", "app", notebook, "--home", str(home),
             "--notebooks", str(root), f"--port={port}", "--no-browser"],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{url}/voila/static/voila.js", proc)
        yield Server(url, home, root, proc, log)
    finally:
        _stop(proc)
