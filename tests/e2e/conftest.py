"""A real JupyterLab (or Voilà) server and Debian's chromium, driven by Playwright.

One server per test module, on 127.0.0.1 and a free port, isolated from the
user's Jupyter settings, with its own demo data home. Each test leaves a
screenshot in test-artifacts/e2e/. Without chromium the tests are skipped,
except in CI (CAREERNB_REQUIRE_BROWSER=1), where that is a failure.
"""

from __future__ import annotations

import contextlib
import datetime as dt
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
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as r:
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


@pytest.fixture(scope="session")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


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
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell .cm-content", timeout=60_000)
    # JupyterLab sometimes asks for the kernel even when the notebook names one.
    with contextlib.suppress(Exception):
        page.locator(".jp-Dialog button.jp-mod-accept", has_text="Select").click(timeout=3_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-StatusBar-TextItem, .jp-Toolbar-kernelStatus')]"
        ".some(e => /Idle/.test(e.textContent || e.title || ''))"
        " || document.querySelector('.jp-Notebook-ExecutionIndicator[data-status=\"idle\"]')",
        timeout=90_000,
    )
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")


@pytest.fixture(scope="module")
def voila_app(tmp_path_factory, request) -> Iterator[Server]:
    """`careernb app` (Voilà) serving one notebook, named by the module's VOILA_NOTEBOOK."""
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
